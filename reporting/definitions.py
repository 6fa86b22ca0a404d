"""The indicator definitions Polku computes, as data (../shared/domain.md §3,
seed 004's follow-up list). Loaded by migration; a changed definition is a new
row with a new version and validity, never an edit of the old one. A changed
wording of the same definition (issue 18: the sources no longer name Polku's
files and models) is rewritten in place by a migration that runs the loader.

Numerator, denominator and source are in English under their plain keys and in
Finnish and Swedish under `_fi` and `_sv`; the name is the other way round
(`name` Finnish), as on every model with LocalisedNameMixin. Documents are
cited by their own names (seed 004 is the ministry's pilot call) and acts by
title and number; Swedish cites government bills as "RP" and Kela as "FPA".
Doubts about a source stay in comments here: readers see the definition.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# Seed 004: appendix 1 of the supplementary pilot call, "Seuranta ja
# arviointi" lists the follow-up targets.
CALL = (
    "Conditions of the Ministry of Economic Affairs and Employment's "
    "supplementary call for municipal employment pilots 2020"
)
CALL_FI = "Työ- ja elinkeinoministeriön täydentävän kuntakokeiluhaun reunaehdot 2020"
CALL_SV = (
    "Villkoren för arbets- och näringsministeriets kompletterande "
    "ansökningsomgång för kommunförsöken 2020"
)

DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        "code": "jobseekers_month_end",
        "version": 1,
        "name": "Työnhakijat kuukauden lopussa",
        "name_sv": "Arbetssökande vid månadens slut",
        "name_en": "Jobseekers at month end",
        "numerator": "Persons with a job search open on the last day of the month",
        "numerator_fi": "Henkilöt, joiden työnhaku on voimassa kuukauden "
        "viimeisenä päivänä",
        "numerator_sv": "Personer vars arbetssökning är i kraft den sista dagen i "
        "månaden",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": "jobseekers_month_end",
        "unit": "count",
        "source": f"{CALL} (follow-up of jobseekers and clients); Act on "
        "Organising Employment Services (380/2023) section 28",
        "source_fi": f"{CALL_FI} (työnhakijoiden ja asiakkaiden seuranta); laki "
        "työvoimapalveluiden järjestämisestä (380/2023) 28 §",
        "source_sv": f"{CALL_SV} (uppföljning av arbetssökande och kunder); lagen "
        "om ordnande av arbetskraftsservice (380/2023) 28 §",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "new_clients",
        "version": 1,
        "name": "Uudet asiakkaat",
        "name_sv": "Nya kunder",
        "name_en": "New clients",
        "numerator": "Job searches that started during the month",
        "numerator_fi": "Kuukauden aikana alkaneet työnhaut",
        "numerator_sv": "Arbetssökningar som inleddes under månaden",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": "new_clients",
        "unit": "count",
        "source": f"{CALL} (follow-up of clients)",
        "source_fi": f"{CALL_FI} (asiakkaiden seuranta)",
        "source_sv": f"{CALL_SV} (uppföljning av kunder)",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "activation_rate",
        "version": 1,
        "name": "Aktivointiaste",
        "name_sv": "Aktiveringsgrad",
        "name_en": "Activation rate",
        "numerator": "Persons in activating services on the month's last day (ALP)",
        "numerator_fi": "Aktivoivissa palveluissa olevat henkilöt kuukauden "
        "viimeisenä päivänä (ALP)",
        "numerator_sv": "Personer i aktiverande tjänster den sista dagen i månaden "
        "(ALP)",
        "denominator": "ALP + unemployed jobseekers not in such a service (U)",
        "denominator_fi": "ALP + työttömät työnhakijat, jotka eivät ole "
        "tällaisessa palvelussa (U)",
        "denominator_sv": "ALP + arbetslösa arbetssökande som inte deltar i en "
        "sådan tjänst (U)",
        "computation": "activation_rate",
        "unit": "percent",
        "source": "Statistics Finland, Tilastokoulu 'Aktivointiaste': ALP / (ALP + U) "
        "* 100. Unemployed = registered as unemployed or fully laid off (status "
        "at registration).",
        "source_fi": "Tilastokeskus, Tilastokoulu ”Aktivointiaste”: ALP / (ALP + "
        "U) * 100. Työtön = ilmoittautunut työttömäksi tai kokoaikaisesti "
        "lomautetuksi (tilanne ilmoittautuessa).",
        "source_sv": "Statistikcentralen, Tilastokoulu ”Aktivointiaste” "
        "(aktiveringsgrad): ALP / (ALP + U) * 100. Arbetslös = anmäld som "
        "arbetslös eller helt permitterad (situationen vid anmälan).",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "service_starts",
        "version": 1,
        "name": "Alkaneet palvelut",
        "name_sv": "Påbörjade tjänster",
        "name_en": "Service starts",
        "numerator": "Service periods that started during the month",
        "numerator_fi": "Kuukauden aikana alkaneet palvelujaksot",
        "numerator_sv": "Tjänsteperioder som inleddes under månaden",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": "service_starts",
        "unit": "count",
        "source": f"{CALL} (service starts and short-term effectiveness)",
        "source_fi": f"{CALL_FI} (alkaneet palvelut ja lyhyen aikavälin vaikuttavuus)",
        "source_sv": f"{CALL_SV} (påbörjade tjänster och kortsiktig effekt)",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "deadline_compliance",
        "version": 1,
        "name": "Määräaikojen noudattaminen",
        "name_sv": "Iakttagande av tidsfrister",
        "name_en": "Deadline compliance",
        "numerator": "Initial interviews and job search discussions due in the month "
        "and held by their deadline",
        "numerator_fi": "Kuukauden aikana erääntyvät alkuhaastattelut ja "
        "työnhakukeskustelut, jotka pidettiin määräajassa",
        "numerator_sv": "Inledande intervjuer och jobbsökningssamtal som förfaller "
        "under månaden och hölls inom tidsfristen",
        "denominator": "Initial interviews and job search discussions due in the "
        "month (not cancelled)",
        "denominator_fi": "Kuukauden aikana erääntyvät alkuhaastattelut ja "
        "työnhakukeskustelut (peruttuja lukuun ottamatta)",
        "denominator_sv": "Inledande intervjuer och jobbsökningssamtal som "
        "förfaller under månaden (utom inställda)",
        "computation": "deadline_compliance",
        "unit": "percent",
        # The deadlines are in the service-process chapter, 4 (domain.md §7.1);
        # the first wording cited chapter 2.
        "source": "Act on Organising Employment Services (380/2023) chapter 4 "
        "(statutory deadlines); Työllisyyskuva 2025 national indicator 'meeting "
        "statutory deadlines'",
        "source_fi": "Laki työvoimapalveluiden järjestämisestä (380/2023) 4 luku "
        "(lakisääteiset määräajat); Työllisyyskuva 2025, valtakunnallinen mittari "
        "”lakisääteisten määräaikojen noudattaminen”",
        "source_sv": "Lag om ordnande av arbetskraftsservice (380/2023) 4 kap. "
        "(lagstadgade tidsfrister); Työllisyyskuva 2025, nationell indikator "
        "”iakttagande av lagstadgade tidsfrister”",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "exits_to_employment",
        "version": 1,
        "name": "Työhön päättyneet asiakkuudet",
        "name_sv": "Kundrelationer som avslutats till arbete",
        "name_en": "Exits to employment",
        "numerator": "Cases closed during the month with the exit reason open-market "
        "or subsidised employment (the exit reasons have no separate "
        "self-employment choice)",
        "numerator_fi": "Kuukauden aikana päättyneet asiakkuudet, joiden "
        "päättymisen syy on työllistyminen avoimille työmarkkinoille tai "
        "tuettuun työhön (päättymisen syissä ei ole erillistä vaihtoehtoa "
        "yrittäjäksi ryhtymiselle)",
        "numerator_sv": "Kundrelationer som avslutades under månaden med "
        "orsaken sysselsatt på den öppna arbetsmarknaden eller i subventionerat "
        "arbete (orsakerna till avslut har inget separat alternativ för "
        "företagande)",
        "denominator": "All cases closed during the month",
        "denominator_fi": "Kaikki kuukauden aikana päättyneet asiakkuudet",
        "denominator_sv": "Alla kundrelationer som avslutades under månaden",
        "computation": "exits_to_employment",
        "unit": "percent",
        "source": f"{CALL} (unemployment ending in employment or education); "
        "the exit reason recorded when a case is closed",
        "source_fi": f"{CALL_FI} (työttömyyden päättyminen työhön tai "
        "koulutukseen); asiakkuutta päätettäessä kirjattu päättymisen syy",
        "source_sv": f"{CALL_SV} (arbetslöshet som upphör genom arbete eller "
        "utbildning); orsaken till avslut som registreras när kundrelationen "
        "avslutas",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "exits_to_education",
        "version": 1,
        "name": "Koulutukseen päättyneet asiakkuudet",
        "name_sv": "Kundrelationer som avslutats till utbildning",
        "name_en": "Exits to education",
        "numerator": "Cases closed during the month with the exit reason education",
        "numerator_fi": "Kuukauden aikana päättyneet asiakkuudet, joiden "
        "päättymisen syy on koulutus",
        "numerator_sv": "Kundrelationer som avslutades under månaden med "
        "orsaken utbildning",
        "denominator": "All cases closed during the month",
        "denominator_fi": "Kaikki kuukauden aikana päättyneet asiakkuudet",
        "denominator_sv": "Alla kundrelationer som avslutades under månaden",
        "computation": "exits_to_education",
        "unit": "percent",
        "source": f"{CALL} (unemployment ending in employment or education); "
        "the exit reason recorded when a case is closed",
        "source_fi": f"{CALL_FI} (työttömyyden päättyminen työhön tai "
        "koulutukseen); asiakkuutta päätettäessä kirjattu päättymisen syy",
        "source_sv": f"{CALL_SV} (arbetslöshet som upphör genom arbete eller "
        "utbildning); orsaken till avslut som registreras när kundrelationen "
        "avslutas",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "employed_3_months_after_service",
        "version": 1,
        "name": "Avoimilla työmarkkinoilla 3 kk palvelun jälkeen",
        "name_sv": "På den öppna arbetsmarknaden 3 mån. efter tjänsten",
        "name_en": "In open-market employment 3 months after a service",
        "numerator": "Of the service periods in the denominator, those whose "
        "jobseeker was in open-market employment on the follow-up day (end + 90 "
        "days): the latest case closed on or before that day ended with the exit "
        "reason open-market employment and no job search was running that day, "
        "or a job search registered as 'employed, seeking another job' was "
        "running that day",
        "numerator_fi": "Nimittäjän palvelujaksoista ne, joiden työnhakija oli "
        "avoimilla työmarkkinoilla työssä seurantapäivänä (päättyminen + 90 "
        "päivää): viimeisin viimeistään sinä päivänä päättynyt asiakkuus päättyi "
        "syyllä ”työllistynyt avoimille työmarkkinoille” eikä työnhaku ollut "
        "voimassa sinä päivänä, tai sinä päivänä oli voimassa työnhaku "
        "tilanteella ”työssä, hakee toista työtä”",
        "numerator_sv": "Av tjänsteperioderna i nämnaren de vars arbetssökande "
        "var sysselsatt på den öppna arbetsmarknaden på uppföljningsdagen (slut "
        "+ 90 dagar): den senaste kundrelationen som avslutades senast den dagen "
        "avslutades med orsaken ”sysselsatt på den öppna arbetsmarknaden” och "
        "ingen arbetssökning var i kraft den dagen, eller en arbetssökning med "
        "situationen ”i arbete, söker annat arbete” var i kraft den dagen",
        "denominator": "Service periods whose follow-up day (end + 90 days) falls "
        "in the month, i.e. services that ended about 3 months before it; a "
        "service counts only once its 90 days have passed",
        "denominator_fi": "Palvelujaksot, joiden seurantapäivä (päättyminen + 90 "
        "päivää) osuu kuukaudelle eli noin 3 kuukautta aiemmin päättyneet "
        "palvelut; palvelu lasketaan mukaan vasta, kun sen 90 päivää ovat "
        "kuluneet",
        "denominator_sv": "Tjänsteperioder vars uppföljningsdag (slut + 90 "
        "dagar) infaller under månaden, dvs. tjänster som avslutades cirka 3 "
        "månader tidigare; en tjänst räknas med först när dess 90 dagar har gått",
        "computation": "employed_3_months_after_service",
        "unit": "percent",
        "maturity_days": 90,
        # Whether the pilots' monthly "vaikuttavuus 3 kk" counted "not
        # unemployed" or education is not known (domain.md open question 6).
        "source": "Placement after service, TEM-analyyseja 88/2018: share in "
        "open-market employment 3 months after the service ended. Polku has no "
        "employment register, so employment is read from its own exit reasons; "
        "subsidised employment is not counted, as in the definition, so that a "
        "pay subsidy does not count as its own outcome",
        "source_fi": "Sijoittuminen palvelun jälkeen, TEM-analyyseja 88/2018: "
        "avoimille työmarkkinoille työllistyneiden osuus 3 kuukautta palvelun "
        "päättymisen jälkeen. Polussa ei ole työsuhderekisteriä, joten "
        "työllistyminen luetaan sen omista päättymisen syistä; tuettua työtä ei "
        "lasketa, kuten ei määritelmässäkään, jottei palkkatuki näy omana "
        "tuloksenaan",
        "source_sv": "Placering efter tjänst, TEM-analyyseja 88/2018: andelen "
        "sysselsatta på den öppna arbetsmarknaden 3 månader efter att tjänsten "
        "upphört. Polku har inget anställningsregister, så sysselsättningen läses "
        "ur dess egna orsaker till avslut; subventionerat arbete räknas inte, i "
        "enlighet med definitionen, så att en lönesubvention inte räknas som ett "
        "eget resultat",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "long_term_unemployed_share",
        "version": 1,
        "name": "Pitkäaikaistyöttömien osuus",
        "name_sv": "Andelen långtidsarbetslösa",
        "name_en": "Long-term unemployed share",
        "numerator": "Unemployed jobseekers on the month's last day whose job "
        "search began at least 12 months earlier (on or before the same day a "
        "year before)",
        "numerator_fi": "Työttömät työnhakijat kuukauden viimeisenä päivänä, "
        "joiden työnhaku alkoi vähintään 12 kuukautta aiemmin (viimeistään "
        "samana päivänä vuotta aiemmin)",
        "numerator_sv": "Arbetslösa arbetssökande den sista dagen i månaden vars "
        "arbetssökning inleddes minst 12 månader tidigare (senast samma dag ett "
        "år tidigare)",
        "denominator": "Unemployed jobseekers on the month's last day: job search "
        "open, registered as unemployed or fully laid off, not in an activating "
        "service (U of the activation rate)",
        "denominator_fi": "Työttömät työnhakijat kuukauden viimeisenä päivänä: "
        "työnhaku voimassa, ilmoittautunut työttömäksi tai kokoaikaisesti "
        "lomautetuksi, ei aktivoivassa palvelussa (aktivointiasteen U)",
        "denominator_sv": "Arbetslösa arbetssökande den sista dagen i månaden: "
        "arbetssökningen i kraft, anmäld som arbetslös eller helt permitterad, "
        "inte i en aktiverande tjänst (U i aktiveringsgraden)",
        "computation": "long_term_unemployed_share",
        "unit": "percent",
        # Which breaks interrupt "continuous" unemployment is not documented
        # in the sources found (domain.md §6.6): Polku's choice is stated.
        "source": "TEM employment service statistics: long-term unemployed = "
        "continuously unemployed for at least one year; share = LTU / U * 100. "
        "Services within a job search do not interrupt continuous unemployment",
        "source_fi": "TEM:n työnvälitystilasto: pitkäaikaistyötön = ollut "
        "yhtäjaksoisesti työttömänä vähintään vuoden; osuus = LTU / U * 100. "
        "Työnhaun aikaiset palvelut eivät keskeytä yhtäjaksoista työttömyyttä",
        "source_sv": "ANM:s arbetsförmedlingsstatistik: långtidsarbetslös = "
        "oavbrutet arbetslös i minst ett år; andel = LTU / U * 100. Tjänster "
        "under en arbetssökning bryter inte den oavbrutna arbetslösheten",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "overdue_steps_month_end",
        "version": 1,
        "name": "Myöhässä olevat prosessivaiheet kuun lopussa",
        "name_sv": "Försenade processteg vid månadens slut",
        "name_en": "Overdue process steps at month end",
        "numerator": "Process steps due before the month's last day and not done "
        "at its end: open now, done after the month, or paused only after it. "
        "Paused steps on the day and cancelled steps do not count; a step's "
        "current due date is used",
        "numerator_fi": "Prosessin vaiheet, joiden määräpäivä on ennen kuukauden "
        "viimeistä päivää ja jotka eivät olleet tehtyinä kuukauden lopussa: nyt "
        "avoimet, kuukauden jälkeen tehdyt tai vasta sen jälkeen keskeytetyt. "
        "Kyseisenä päivänä keskeytettyinä olleita ja peruttuja vaiheita ei "
        "lasketa; käytetään vaiheen nykyistä määräpäivää",
        "numerator_sv": "Processteg med förfallodag före den sista dagen i "
        "månaden som inte var utförda vid månadens slut: öppna nu, utförda efter "
        "månaden eller pausade först efter den. Steg som var pausade den dagen "
        "och inställda steg räknas inte; stegets nuvarande förfallodag används",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": "overdue_steps_month_end",
        "unit": "count",
        # Each step's deadline rule is in cases.rules.process (domain.md §1).
        "source": "Act on Organising Employment Services (380/2023) chapter 4 and "
        "the earlier acts behind each step's deadline, as each step cites them; "
        "Työllisyyskuva 2025 national indicator 'meeting statutory deadlines'",
        "source_fi": "Laki työvoimapalveluiden järjestämisestä (380/2023) 4 luku "
        "ja aiemmat lait, joihin kunkin vaiheen määräaika perustuu, kuten vaihe "
        "ne mainitsee; Työllisyyskuva 2025, valtakunnallinen mittari "
        "”lakisääteisten määräaikojen noudattaminen”",
        "source_sv": "Lag om ordnande av arbetskraftsservice (380/2023) 4 kap. och "
        "de tidigare lagar som varje stegs tidsfrist bygger på, så som steget "
        "anger dem; Työllisyyskuva 2025, nationell indikator ”iakttagande av "
        "lagstadgade tidsfrister”",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        "code": "labour_market_subsidy_municipal_share",
        "version": 1,
        "name": "Kunnan rahoitusosuus työmarkkinatuesta",
        "name_sv": "Kommunens finansieringsandel av arbetsmarknadsstödet",
        "name_en": "Municipal share of labour market subsidy",
        "numerator": "Estimated subsidy days of the month times the municipal "
        "per cent of each day (50 after day 300, 70 after day 1,000 of the "
        "cumulative counter), per home municipality",
        "numerator_fi": "Kuukauden arvioidut tukipäivät kerrottuina kunkin "
        "päivän kunnan rahoitusosuuden prosentilla (50 kertymälaskurin 300. "
        "päivän jälkeen, 70 sen 1 000. päivän jälkeen), kotikunnittain",
        "numerator_sv": "Månadens uppskattade stöddagar gånger kommunens "
        "procentandel för varje dag (50 efter dag 300, 70 efter dag 1 000 i den "
        "kumulativa räknaren), per hemkommun",
        "denominator": "Estimated subsidy days of the month times 100: weekdays "
        "of job searches of jobseekers on labour market subsidy, without days in "
        "activating services; the day counter is projected from its as-of date "
        "at five days a week",
        "denominator_fi": "Kuukauden arvioidut tukipäivät kerrottuina sadalla: "
        "työmarkkinatukea saavien työnhakijoiden työnhakujen arkipäivät ilman "
        "aktivoivissa palveluissa oltuja päiviä; päivälaskuri arvioidaan sen "
        "tilannepäivästä eteenpäin viitenä päivänä viikossa",
        "denominator_sv": "Månadens uppskattade stöddagar gånger 100: vardagar i "
        "arbetssökningar för arbetssökande med arbetsmarknadsstöd, utan dagar i "
        "aktiverande tjänster; dagräknaren skrivs fram från sitt uppgiftsdatum "
        "med fem dagar i veckan",
        "computation": "labour_market_subsidy_municipal_share",
        "unit": "percent",
        # The bands are reporting.rules.SUBSIDY_FINANCING_RULES (domain.md §3,
        # §6.3).
        "source": "Act on the Financing of Unemployment Benefits (555/1998) as in "
        "force until 31.12.2024 (Kela 'Finansiering av arbetsmarknadsstödet'; "
        "TE-palvelut Pirkanmaa). Person-days, not euros: Polku has no payment "
        "amounts. A band starts the day after its threshold, not at the end of "
        "that payment period",
        "source_fi": "Laki työttömyysetuuksien rahoituksesta (555/1998) 31.12.2024 "
        "asti voimassa olleessa muodossa (Kela ”Finansiering av "
        "arbetsmarknadsstödet”; Pirkanmaan TE-palvelut). Henkilöpäiviä, ei "
        "euroja: Polussa ei ole maksettuja määriä. Porras alkaa kynnystään "
        "seuraavana päivänä eikä kyseisen maksujakson lopussa",
        "source_sv": "Lag om finansiering av arbetslöshetsförmåner (555/1998) i "
        "den lydelse som gällde till 31.12.2024 (FPA ”Finansiering av "
        "arbetsmarknadsstödet”; TE-tjänsterna i Birkaland). Persondagar, inte "
        "euro: Polku har inga utbetalda belopp. En nivå börjar dagen efter sin "
        "tröskel, inte i slutet av den betalningsperioden",
        "valid_from": dt.date(2021, 3, 1),
        "valid_until": dt.date(2024, 12, 31),
    },
    {
        "code": "labour_market_subsidy_municipal_share",
        "version": 2,
        "name": "Kunnan rahoitusosuus työmarkkinatuesta (arvio)",
        "name_sv": "Kommunens finansieringsandel av arbetsmarknadsstödet "
        "(uppskattning)",
        "name_en": "Municipal share of labour market subsidy (estimate)",
        "numerator": "Estimated subsidy days of the month times the municipal "
        "per cent of each day by the last confirmed bands (50 after day 300, 70 "
        "after day 1,000), per home municipality",
        "numerator_fi": "Kuukauden arvioidut tukipäivät kerrottuina kunkin "
        "päivän kunnan rahoitusosuuden prosentilla viimeisimpien vahvistettujen "
        "portaiden mukaan (50 päivän 300 jälkeen, 70 päivän 1 000 jälkeen), "
        "kotikunnittain",
        "numerator_sv": "Månadens uppskattade stöddagar gånger kommunens "
        "procentandel för varje dag enligt de senast bekräftade nivåerna (50 "
        "efter dag 300, 70 efter dag 1 000), per hemkommun",
        "denominator": "Estimated subsidy days of the month times 100: weekdays "
        "of job searches of jobseekers on labour market subsidy, including days "
        "in services except subsidised work and start-up grant; the day counter "
        "is projected from its as-of date at five days a week",
        "denominator_fi": "Kuukauden arvioidut tukipäivät kerrottuina sadalla: "
        "työmarkkinatukea saavien työnhakijoiden työnhakujen arkipäivät "
        "palveluissa oltuine päivineen, paitsi tuettu työ ja starttiraha; "
        "päivälaskuri arvioidaan sen tilannepäivästä eteenpäin viitenä päivänä "
        "viikossa",
        "denominator_sv": "Månadens uppskattade stöddagar gånger 100: vardagar i "
        "arbetssökningar för arbetssökande med arbetsmarknadsstöd, inklusive "
        "dagar i tjänster utom subventionerat arbete och startpeng; dagräknaren "
        "skrivs fram från sitt uppgiftsdatum med fem dagar i veckan",
        "computation": "labour_market_subsidy_municipal_share",
        "unit": "percent",
        # The 2025 percentages and thresholds are domain.md open question 3
        # (§3, §6.3): the figure is an estimate, and says so in its name.
        "source": "Financing reform from 1.1.2025 (HE 207/2022; Kela 29.5.2024 "
        "and 24.2.2025): service days are co-financed. An estimate: the 2025 "
        "percentages and thresholds have not been confirmed, so the bands in "
        "force until 31.12.2024 are applied. Basic and earnings-related "
        "allowance, co-financed from 2025, are not in this figure. Person-days, "
        "not euros",
        "source_fi": "Rahoitusuudistus 1.1.2025 alkaen (HE 207/2022; Kela "
        "29.5.2024 ja 24.2.2025): myös palvelupäivät rahoitetaan yhdessä. Luku "
        "on arvio: vuoden 2025 prosentteja ja kynnyksiä ei ole vahvistettu, "
        "joten käytetään 31.12.2024 asti voimassa olleita portaita. "
        "Peruspäiväraha ja ansiopäiväraha, joita rahoitetaan yhdessä vuodesta "
        "2025, eivät sisälly tähän lukuun. Henkilöpäiviä, ei euroja",
        "source_sv": "Finansieringsreformen från 1.1.2025 (RP 207/2022; FPA "
        "29.5.2024 och 24.2.2025): även tjänstedagar samfinansieras. Siffran är "
        "en uppskattning: procentsatserna och trösklarna för 2025 har inte "
        "bekräftats, så de nivåer som gällde till 31.12.2024 tillämpas. "
        "Grunddagpenning och inkomstrelaterad dagpenning, som samfinansieras från "
        "2025, ingår inte i denna siffra. Persondagar, inte euro",
        "valid_from": dt.date(2025, 1, 1),
    },
    {
        "code": "client_satisfaction",
        "version": 1,
        "name": "Asiakastyytyväisyys",
        "name_sv": "Kundnöjdhet",
        "name_en": "Client satisfaction",
        "numerator": "Client-survey answers given during the month with score 4 "
        "or 5 (scale 1-5)",
        "numerator_fi": "Kuukauden aikana annetut asiakaskyselyn vastaukset, "
        "joiden arvosana on 4 tai 5 (asteikko 1–5)",
        "numerator_sv": "Svar på kundenkäten som gavs under månaden med betyget "
        "4 eller 5 (skala 1–5)",
        "denominator": "All client-survey answers given during the month",
        "denominator_fi": "Kaikki kuukauden aikana annetut asiakaskyselyn vastaukset",
        "denominator_sv": "Alla svar på kundenkäten som gavs under månaden",
        "computation": "client_satisfaction",
        "unit": "percent",
        "source": f"{CALL} (target-group client satisfaction); KEHA Centre "
        "client survey. Anonymous answers recorded in Polku",
        "source_fi": f"{CALL_FI} (kohderyhmän asiakastyytyväisyys); "
        "KEHA-keskuksen asiakaskysely. Polkuun kirjatut nimettömät vastaukset",
        "source_sv": f"{CALL_SV} (målgruppens kundnöjdhet); KEHA-centralens "
        "kundenkät. Anonyma svar som registrerats i Polku",
        "valid_from": dt.date(2021, 3, 1),
        # Until Polku's own survey (version 2): answers typed in by hand.
        "valid_until": dt.date(2026, 11, 30),
    },
    {
        # Issue 23 item 3: Polku asks the client itself after each meeting
        # held, by a link in the channel of their reminders; the answers are
        # anonymous (reporting.surveys), so the share is of answers, not of
        # people, and one person may answer about several meetings.
        "code": "client_satisfaction",
        "version": 2,
        "name": "Asiakastyytyväisyys",
        "name_sv": "Kundnöjdhet",
        "name_en": "Client satisfaction",
        "numerator": "Answers given during the month to the one-question survey "
        "sent after a meeting held, with score 4 or 5 (scale 1-5)",
        "numerator_fi": "Kuukauden aikana annetut vastaukset pidetyn tapaamisen "
        "jälkeen lähetettyyn yhden kysymyksen kyselyyn, joiden arvosana on 4 "
        "tai 5 (asteikko 1–5)",
        "numerator_sv": "Svar som gavs under månaden på enkäten med en fråga som "
        "skickas efter ett hållet möte, med betyget 4 eller 5 (skala 1–5)",
        "denominator": "All answers given during the month to the survey sent "
        "after a meeting held",
        "denominator_fi": "Kaikki kuukauden aikana annetut vastaukset pidetyn "
        "tapaamisen jälkeen lähetettyyn kyselyyn",
        "denominator_sv": "Alla svar som gavs under månaden på enkäten som "
        "skickas efter ett hållet möte",
        "computation": "client_satisfaction",
        "unit": "percent",
        "source": f"{CALL} (target-group client satisfaction). Anonymous "
        "answers to the survey that the employment services send by e-mail or "
        "text message after a meeting held, where the organisation has "
        "switched the survey on",
        "source_fi": f"{CALL_FI} (kohderyhmän asiakastyytyväisyys). Nimettömät "
        "vastaukset kyselyyn, jonka työllisyyspalvelut lähettävät "
        "sähköpostilla tai tekstiviestillä pidetyn tapaamisen jälkeen, jos "
        "organisaatio on ottanut kyselyn käyttöön",
        "source_sv": f"{CALL_SV} (målgruppens kundnöjdhet). Anonyma svar på "
        "enkäten som arbetskraftsservicen skickar per e-post eller "
        "textmeddelande efter ett hållet möte, om organisationen har tagit "
        "enkäten i bruk",
        "valid_from": dt.date(2026, 12, 1),
    },
)


# --- The municipality's share in euros, from the invoices (issue 23) ----------
# Kela invoices the municipal share monthly in arrears (kuntaosuuslaskutus,
# domain.md 6.3); from 1.1.2025 the share covers labour market subsidy, basic
# and earnings-related daily allowance by the duration of unemployment. Who
# invoices the earnings-related share is not confirmed (domain.md 7.4): the
# figures are what the imported invoices say, from whichever sender.
INVOICES = (
    "Municipal-share invoices of unemployment benefits imported into Polku "
    "(Kela's monthly municipal-share invoicing; from 1.1.2025 also basic and "
    "earnings-related daily allowance: Act on the Financing of Unemployment "
    "Benefits (555/1998) as amended from 1.1.2025, HE 207/2022)"
)
INVOICES_FI = (
    "Polkuun tuodut työttömyysetuuksien kuntaosuuslaskut (Kelan kuukausittainen "
    "kuntaosuuslaskutus; 1.1.2025 alkaen myös perus- ja ansiopäiväraha: laki "
    "työttömyysetuuksien rahoituksesta (555/1998) 1.1.2025 alkaen voimassa "
    "olevassa muodossa, HE 207/2022)"
)
INVOICES_SV = (
    "Fakturor på kommunandelen av arbetslöshetsförmåner som förts in i Polku "
    "(FPA:s månatliga fakturering av kommunandelen; från 1.1.2025 även grund- "
    "och inkomstrelaterad dagpenning: lagen om finansiering av "
    "arbetslöshetsförmåner (555/1998) i dess lydelse från 1.1.2025, RP 207/2022)"
)


def _euro_definition(
    code: str, names: tuple[str, str, str], scope: tuple[str, str, str]
) -> dict[str, Any]:
    """A euro figure of the invoices: the share of `scope` (English, Finnish,
    Swedish) in the billing month, over the persons it was paid for."""
    en, fi, sv = scope
    return {
        "code": code,
        "version": 1,
        "name": names[0],
        "name_sv": names[1],
        "name_en": names[2],
        "numerator": f"The municipality's share in euros of {en} on the "
        "invoices of the billing month, per invoiced municipality",
        "numerator_fi": f"Laskutuskuukauden laskujen kunnan osuus euroina: {fi}, "
        "laskutetun kunnan mukaan",
        "numerator_sv": f"Kommunens andel i euro av {sv} på fakturorna för "
        "faktureringsmånaden, per fakturerad kommun",
        "denominator": "Persons on the invoice lines (a totals line counts the "
        "persons it states); the euro figure per jobseeker is the share divided "
        "by them, and no euro figure is shown for fewer than five persons",
        "denominator_fi": "Laskurivien henkilöt (kokonaissummarivillä sen "
        "ilmoittama henkilömäärä); euroa työnhakijaa kohden on osuus jaettuna "
        "heillä, eikä alle viiden henkilön euromäärää näytetä",
        "denominator_sv": "Personerna på fakturaraderna (en totalrad räknar det "
        "antal personer den anger); euro per arbetssökande är andelen delad med "
        "dem, och inget eurobelopp visas för färre än fem personer",
        "computation": code,
        "unit": "euro",
        "source": INVOICES,
        "source_fi": INVOICES_FI,
        "source_sv": INVOICES_SV,
        "valid_from": dt.date(2021, 3, 1),
    }


BENEFITS_EN = "labour market subsidy, basic and earnings-related daily allowance"
BENEFITS_FI = "työmarkkinatuki, perus- ja ansiopäiväraha"
BENEFITS_SV = "arbetsmarknadsstöd, grund- och inkomstrelaterad dagpenning"

EURO_DEFINITIONS: tuple[dict[str, Any], ...] = (
    _euro_definition(
        "municipal_share_euros",
        (
            "Kunnan rahoitusosuus euroina",
            "Kommunens finansieringsandel i euro",
            "Municipal share in euros",
        ),
        (BENEFITS_EN, BENEFITS_FI, BENEFITS_SV),
    ),
    _euro_definition(
        "municipal_share_euros_labour_market_subsidy",
        (
            "Kunnan rahoitusosuus euroina: työmarkkinatuki",
            "Kommunens finansieringsandel i euro: arbetsmarknadsstöd",
            "Municipal share in euros: labour market subsidy",
        ),
        ("labour market subsidy", "työmarkkinatuki", "arbetsmarknadsstöd"),
    ),
    _euro_definition(
        "municipal_share_euros_basic_allowance",
        (
            "Kunnan rahoitusosuus euroina: peruspäiväraha",
            "Kommunens finansieringsandel i euro: grunddagpenning",
            "Municipal share in euros: basic daily allowance",
        ),
        ("basic daily allowance", "peruspäiväraha", "grunddagpenning"),
    ),
    _euro_definition(
        "municipal_share_euros_earnings_related",
        (
            "Kunnan rahoitusosuus euroina: ansiopäiväraha",
            "Kommunens finansieringsandel i euro: inkomstrelaterad dagpenning",
            "Municipal share in euros: earnings-related daily allowance",
        ),
        (
            "earnings-related daily allowance",
            "ansiopäiväraha",
            "inkomstrelaterad dagpenning",
        ),
    ),
    _euro_definition(
        "municipal_share_euros_days_under_100",
        (
            "Kunnan rahoitusosuus euroina: alle 100 maksettua päivää",
            "Kommunens finansieringsandel i euro: under 100 betalda dagar",
            "Municipal share in euros: under 100 paid days",
        ),
        (
            "benefit paid to persons with fewer than 100 paid days in all",
            "etuus henkilöille, joille on maksettu yhteensä alle 100 päivää",
            "förmåner till personer med färre än 100 betalda dagar sammanlagt",
        ),
    ),
    _euro_definition(
        "municipal_share_euros_days_100_299",
        (
            "Kunnan rahoitusosuus euroina: 100–299 maksettua päivää",
            "Kommunens finansieringsandel i euro: 100–299 betalda dagar",
            "Municipal share in euros: 100–299 paid days",
        ),
        (
            "benefit paid to persons with 100–299 paid days in all",
            "etuus henkilöille, joille on maksettu yhteensä 100–299 päivää",
            "förmåner till personer med 100–299 betalda dagar sammanlagt",
        ),
    ),
    _euro_definition(
        "municipal_share_euros_days_300_999",
        (
            "Kunnan rahoitusosuus euroina: 300–999 maksettua päivää",
            "Kommunens finansieringsandel i euro: 300–999 betalda dagar",
            "Municipal share in euros: 300–999 paid days",
        ),
        (
            "benefit paid to persons with 300–999 paid days in all",
            "etuus henkilöille, joille on maksettu yhteensä 300–999 päivää",
            "förmåner till personer med 300–999 betalda dagar sammanlagt",
        ),
    ),
    _euro_definition(
        "municipal_share_euros_days_1000_plus",
        (
            "Kunnan rahoitusosuus euroina: vähintään 1 000 maksettua päivää",
            "Kommunens finansieringsandel i euro: minst 1 000 betalda dagar",
            "Municipal share in euros: 1,000 paid days or more",
        ),
        (
            "benefit paid to persons with 1,000 paid days or more in all",
            "etuus henkilöille, joille on maksettu yhteensä vähintään 1 000 päivää",
            "förmåner till personer med minst 1 000 betalda dagar sammanlagt",
        ),
    ),
)
DEFINITIONS = (*DEFINITIONS, *EURO_DEFINITIONS)


# Appointments and messages (issue 22): the statutory meetings booked, met and
# missed, and the messages sent to clients. The acts are cited by title and
# number only: the sections of 380/2023 on the interview and the discussions
# are not confirmed (cases.rules.process).
ACT_380 = "Act on Organising Employment Services (380/2023) chapter 4"
ACT_380_FI = "Laki työvoimapalveluiden järjestämisestä (380/2023) 4 luku"
ACT_380_SV = "Lagen om ordnande av arbetskraftsservice (380/2023) 4 kap."
OUTBOX = "Messages to clients as sent by Polku (e-mail, text message, letter)"
OUTBOX_FI = "Polusta asiakkaille lähetetyt viestit (sähköposti, tekstiviesti, kirje)"
OUTBOX_SV = "Meddelanden som Polku skickat till kunder (e-post, textmeddelande, brev)"


def _messages(channel: str, en: str, fi: str, sv: str) -> dict[str, Any]:
    return {
        "code": f"messages_sent_{channel}",
        "version": 1,
        "name": f"Lähetetyt viestit: {fi}",
        "name_sv": f"Skickade meddelanden: {sv}",
        "name_en": f"Messages sent: {en}",
        "numerator": f"Messages to clients sent during the month by {en}",
        "numerator_fi": f"Kuukauden aikana asiakkaille lähetetyt viestit: {fi}",
        "numerator_sv": f"Meddelanden till kunder som skickades under månaden: {sv}",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": f"messages_sent_{channel}",
        "unit": "count",
        "source": OUTBOX,
        "source_fi": OUTBOX_FI,
        "source_sv": OUTBOX_SV,
        "valid_from": dt.date(2025, 1, 1),
    }


APPOINTMENT_DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        "code": "days_to_initial_interview",
        "version": 1,
        "name": "Työpäivät rekisteröitymisestä alkuhaastatteluun (mediaani)",
        "name_sv": "Arbetsdagar från registrering till inledande intervju (median)",
        "name_en": "Working days from registration to initial interview (median)",
        "numerator": "Median of the working days from the start of the job search "
        "to the initial interview, of the initial interviews held during the month",
        "numerator_fi": "Kuukauden aikana pidettyjen alkuhaastattelujen "
        "työpäivien mediaani työnhaun alkamisesta alkuhaastatteluun",
        "numerator_sv": "Median av arbetsdagarna från arbetssökningens början till "
        "den inledande intervjun, för inledande intervjuer som hölls under månaden",
        "denominator": "Initial interviews held during the month",
        "denominator_fi": "Kuukauden aikana pidetyt alkuhaastattelut",
        "denominator_sv": "Inledande intervjuer som hölls under månaden",
        "computation": "days_to_initial_interview",
        "unit": "median_days",
        "source": ACT_380,
        "source_fi": ACT_380_FI,
        "source_sv": ACT_380_SV,
        "valid_from": dt.date(2025, 1, 1),
    },
    {
        "code": "booked_within_deadline",
        "version": 1,
        "name": "Määräajassa varatut alkuhaastattelut",
        "name_sv": "Inledande intervjuer bokade inom tidsfristen",
        "name_en": "Initial interviews booked within the deadline",
        "numerator": "Initial interviews due during the month with a time booked "
        "on or before the due date",
        "numerator_fi": "Kuukauden aikana erääntyneet alkuhaastattelut, joille on "
        "varattu aika viimeistään määräpäivälle",
        "numerator_sv": "Inledande intervjuer som förföll under månaden och fått "
        "en tid senast på förfallodagen",
        "denominator": "Initial interviews due during the month",
        "denominator_fi": "Kuukauden aikana erääntyneet alkuhaastattelut",
        "denominator_sv": "Inledande intervjuer som förföll under månaden",
        "computation": "booked_within_deadline",
        "unit": "percent",
        "source": ACT_380,
        "source_fi": ACT_380_FI,
        "source_sv": ACT_380_SV,
        "valid_from": dt.date(2025, 1, 1),
    },
    {
        "code": "no_show_rate",
        "version": 1,
        "name": "Poisjäännit varatuista ajoista",
        "name_sv": "Uteblivna besök av bokade tider",
        "name_en": "No-show rate",
        "numerator": "Appointments during the month that the jobseeker did not come to",
        "numerator_fi": "Kuukauden aikana olleet tapaamiset, joihin työnhakija ei "
        "saapunut",
        "numerator_sv": "Möten under månaden som den arbetssökande inte kom till",
        "denominator": "Appointments during the month that were held or not come "
        "to (cancelled ones are not counted)",
        "denominator_fi": "Kuukauden aikana olleet tapaamiset, jotka pidettiin tai "
        "joihin ei saavuttu (peruttuja ei lasketa)",
        "denominator_sv": "Möten under månaden som hölls eller som den "
        "arbetssökande uteblev från (annullerade räknas inte)",
        "computation": "no_show_rate",
        "unit": "percent",
        "source": f"{ACT_380}; Unemployment Security Act (1290/2002)",
        "source_fi": f"{ACT_380_FI}; työttömyysturvalaki (1290/2002)",
        "source_sv": f"{ACT_380_SV}; lagen om utkomstskydd för arbetslösa (1290/2002)",
        "valid_from": dt.date(2025, 1, 1),
    },
    {
        "code": "face_to_face_share",
        "version": 1,
        "name": "Kasvokkain pidettyjen tapaamisten osuus",
        "name_sv": "Andel möten ansikte mot ansikte",
        "name_en": "Face-to-face share of meetings",
        "numerator": "Initial interviews and job search discussions held face to "
        "face during the month (at the office or elsewhere)",
        "numerator_fi": "Kuukauden aikana kasvokkain pidetyt alkuhaastattelut ja "
        "työnhakukeskustelut (toimistolla tai muualla)",
        "numerator_sv": "Inledande intervjuer och arbetssökningssamtal som hölls "
        "ansikte mot ansikte under månaden (på kontoret eller annanstans)",
        "denominator": "Initial interviews and job search discussions held during "
        "the month",
        "denominator_fi": "Kuukauden aikana pidetyt alkuhaastattelut ja "
        "työnhakukeskustelut",
        "denominator_sv": "Inledande intervjuer och arbetssökningssamtal som hölls "
        "under månaden",
        "computation": "face_to_face_share",
        "unit": "percent",
        "source": ACT_380,
        "source_fi": ACT_380_FI,
        "source_sv": ACT_380_SV,
        "valid_from": dt.date(2025, 1, 1),
    },
    _messages("email", "e-mail", "sähköposti", "e-post"),
    _messages("sms", "text message", "tekstiviesti", "textmeddelande"),
    _messages("letter", "letter", "kirje", "brev"),
)


# --- The national follow-up set (issue 23 item 4) -----------------------------
# The indicators of the national Työllisyyskuva service that Polku has the
# records for, computed from Polku's own rows for every municipality, area,
# pilot and the country. ⚠ The service's own definitional details (which
# breaks end an unemployment spell, whether the days are counted to the end
# of the job search or to the start of the job, which steps are statutory)
# were not read from a primary source: Polku's choices are stated in each
# definition, and the doubts stay here.
TYOLLISYYSKUVA = "Työllisyyskuva 2025, the employment areas' national indicator "
TYOLLISYYSKUVA_FI = "Työllisyyskuva 2025, työllisyysalueiden valtakunnallinen mittari "
TYOLLISYYSKUVA_SV = (
    "Työllisyyskuva 2025, sysselsättningsområdenas nationella indikator "
)

NATIONAL_DEFINITIONS: tuple[dict[str, Any], ...] = (
    {
        # The spell is the job search registered as unemployed or fully laid
        # off, as in the long-term unemployed share (TEM employment service
        # statistics, domain.md §6.6): services within it do not restart it,
        # but a person in an activating service on the day is not unemployed
        # that day (U of the activation rate). ⚠ Whether the national figure
        # restarts the spell after a service is not confirmed.
        "code": "inflow_over_3_months_unemployed",
        "version": 1,
        "name": "Yli 3 kuukautta työttömänä olleiden virta",
        "name_sv": "Inflöde till arbetslöshet över 3 månader",
        "name_en": "Inflow to over three months' unemployment",
        "numerator": "Persons whose unemployment passed three months during the "
        "month: job searches registered as unemployed or fully laid off whose "
        "day three months after the start falls in the month, still open on "
        "that day and not in an activating service that day",
        "numerator_fi": "Henkilöt, joiden työttömyys ylitti kolme kuukautta "
        "kuukauden aikana: työttömänä tai kokoaikaisesti lomautettuna "
        "ilmoittautuneiden työnhaut, joiden alkamisesta kolmen kuukauden päästä "
        "oleva päivä osuu kuukaudelle ja jotka olivat sinä päivänä voimassa "
        "ilman aktivoivaa palvelua",
        "numerator_sv": "Personer vars arbetslöshet passerade tre månader under "
        "månaden: arbetssökningar anmälda som arbetslös eller helt permitterad "
        "vars dag tre månader efter början infaller under månaden, som var i "
        "kraft den dagen och utan aktiverande tjänst den dagen",
        "denominator": "",
        "denominator_fi": "",
        "denominator_sv": "",
        "computation": "inflow_over_3_months_unemployed",
        "unit": "count",
        "source": f"{TYOLLISYYSKUVA}'inflow to over three "
        "months' unemployment'; TEM employment service statistics (duration of "
        "unemployment). Services within a job search do not restart the "
        "unemployment",
        "source_fi": f"{TYOLLISYYSKUVA_FI}”yli 3 kuukautta työttömänä olleiden "
        "virta”; TEM:n työnvälitystilasto (työttömyyden kesto). Työnhaun "
        "aikaiset palvelut eivät aloita työttömyyttä alusta",
        "source_sv": f"{TYOLLISYYSKUVA_SV}”inflöde till arbetslöshet över 3 "
        "månader”; ANM:s arbetsförmedlingsstatistik (arbetslöshetens längd). "
        "Tjänster under en arbetssökning börjar inte arbetslösheten på nytt",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        # Calendar days from the registration to the case's closing with the
        # exit reason open-market employment: Polku has no employment
        # register, so the closing day stands for the start of the job. ⚠
        # Whether the national figure counts calendar days and stops at the
        # start of the job or at the end of the job search is not confirmed.
        "code": "days_to_open_market_employment",
        "version": 1,
        "name": "Työnhaun alusta avoimille työmarkkinoille (mediaani, päivää)",
        "name_sv": "Från arbetssökningens början till den öppna arbetsmarknaden "
        "(median, dagar)",
        "name_en": "Job search start to open-market employment (median, days)",
        "numerator": "Median of the calendar days from the start of the job "
        "search to the closing of the case, of the cases closed during the "
        "month with the exit reason open-market employment",
        "numerator_fi": "Kuukauden aikana syyllä ”työllistynyt avoimille "
        "työmarkkinoille” päättyneiden asiakkuuksien kalenteripäivien mediaani "
        "työnhaun alkamisesta asiakkuuden päättymiseen",
        "numerator_sv": "Median av kalenderdagarna från arbetssökningens början "
        "till att kundrelationen avslutades, för kundrelationer som avslutades "
        "under månaden med orsaken sysselsatt på den öppna arbetsmarknaden",
        "denominator": "Cases closed during the month with the exit reason "
        "open-market employment (other exits are not counted)",
        "denominator_fi": "Kuukauden aikana syyllä ”työllistynyt avoimille "
        "työmarkkinoille” päättyneet asiakkuudet (muita päättymisiä ei lasketa)",
        "denominator_sv": "Kundrelationer som avslutades under månaden med "
        "orsaken sysselsatt på den öppna arbetsmarknaden (andra avslut räknas "
        "inte)",
        "computation": "days_to_open_market_employment",
        "unit": "median_calendar",
        "source": f"{TYOLLISYYSKUVA}'time from the start of "
        "the job search to open-market employment'. Polku has no employment "
        "register: the day the case was closed with that exit reason stands "
        "for the start of the job",
        "source_fi": f"{TYOLLISYYSKUVA_FI}”aika työnhaun alkamisesta avoimille "
        "työmarkkinoille työllistymiseen”. Polussa ei ole "
        "työsuhderekisteriä: työllistymisen päivänä käytetään päivää, jona "
        "asiakkuus päätettiin tällä syyllä",
        "source_sv": f"{TYOLLISYYSKUVA_SV}”tid från arbetssökningens början "
        "till sysselsättning på den öppna arbetsmarknaden”. Polku har inget "
        "anställningsregister: dagen då kundrelationen avslutades med den "
        "orsaken används som dagen för sysselsättningen",
        "valid_from": dt.date(2021, 3, 1),
    },
    {
        # Every step of the statutory process (cases.rules.process): the
        # interview and discussions, the activation, multi-sectoral and
        # integration plans and the multi-sectoral assessment and review. A
        # new time after a missed meeting is Polku's own service level, not
        # a statutory step, and is left out; deadline_compliance (v1) stays
        # as it was, over the interview and discussions only.
        "code": "statutory_deadlines_met",
        "version": 1,
        "name": "Lakisääteisten määräaikojen noudattaminen",
        "name_sv": "Iakttagande av lagstadgade tidsfrister",
        "name_en": "Meeting statutory deadlines",
        "numerator": "Statutory process steps due during the month and done by "
        "their due date",
        "numerator_fi": "Kuukauden aikana erääntyneet lakisääteiset prosessin "
        "vaiheet, jotka tehtiin viimeistään määräpäivänä",
        "numerator_sv": "Lagstadgade processteg som förföll under månaden och "
        "utfördes senast på förfallodagen",
        "denominator": "Statutory process steps due during the month: initial "
        "interviews, job search discussions, activation, multi-sectoral and "
        "integration plans, multi-sectoral assessments and reviews. Cancelled "
        "steps and steps paused before their due date are not counted; a "
        "step's current due date is used",
        "denominator_fi": "Kuukauden aikana erääntyneet lakisääteiset prosessin "
        "vaiheet: alkuhaastattelut, työnhakukeskustelut, aktivointi-, "
        "monialaiset ja kotoutumissuunnitelmat sekä monialaiset arviot ja "
        "tarkistukset. Peruttuja ja ennen määräpäiväänsä keskeytettyjä "
        "vaiheita ei lasketa; käytetään vaiheen nykyistä määräpäivää",
        "denominator_sv": "Lagstadgade processteg som förföll under månaden: "
        "inledande intervjuer, jobbsökningssamtal, aktiveringsplaner, "
        "sektorsövergripande planer och integrationsplaner samt "
        "sektorsövergripande bedömningar och översyner. Inställda steg och steg "
        "som pausats före förfallodagen räknas inte; stegets nuvarande "
        "förfallodag används",
        "computation": "statutory_deadlines_met",
        "unit": "percent",
        "source": f"{TYOLLISYYSKUVA}'meeting statutory "
        "deadlines'; Act on Organising Employment Services (380/2023) chapter "
        "4 and the earlier acts behind each step's deadline, as each step "
        "cites them",
        "source_fi": f"{TYOLLISYYSKUVA_FI}”lakisääteisten määräaikojen "
        "noudattaminen”; laki työvoimapalveluiden järjestämisestä (380/2023) "
        "4 luku ja aiemmat lait, joihin kunkin vaiheen määräaika perustuu, "
        "kuten vaihe ne mainitsee",
        "source_sv": f"{TYOLLISYYSKUVA_SV}”iakttagande av lagstadgade "
        "tidsfrister”; lagen om ordnande av arbetskraftsservice (380/2023) 4 "
        "kap. och de tidigare lagar som varje stegs tidsfrist bygger på, så som "
        "steget anger dem",
        "valid_from": dt.date(2021, 3, 1),
    },
)
# The national set, in the order the dashboard lists it.
NATIONAL_CODES = tuple(d["code"] for d in NATIONAL_DEFINITIONS)

# Every definition, as the loader of 0001 reads them: it skips those whose
# unit a later migration adds (0008_euro_indicators the euros,
# 0008_attendance the medians, 0009_national_follow_up_set the medians of
# calendar days), which runs the loader again.
ALL_DEFINITIONS = (*DEFINITIONS, *APPOINTMENT_DEFINITIONS, *NATIONAL_DEFINITIONS)
