"""The columns of each kind of import, found by name whatever the case, accents
or punctuation the file writes them with."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .problems import ImportKind, Problem

if TYPE_CHECKING:
    from collections.abc import Sequence

    from django.utils.functional import Promise


@dataclass(frozen=True)
class Column:
    field: str
    names: tuple[str, ...]  # the first is shown when the column is missing
    required: bool = True
    # What the column holds and how to write it, for the format description
    # on the upload page.
    description: Promise | str = ""


@functools.lru_cache(maxsize=4096)
def normalise_name(name: str) -> str:
    """Column names compare without case, accents, spaces or punctuation:
    "Henkilötunnus", "henkilotunnus" and "HENKILÖ-TUNNUS" are one name."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain)


IDENTITY = Column(
    "identity_code",
    ("henkilötunnus", "identity_code", "hetu", "personal_identity_code", "ssn"),
)
JOBSEEKER_COLUMNS = (
    IDENTITY,
    Column("first_names", ("etunimet", "first_names", "etunimi", "first_name")),
    Column("last_name", ("sukunimi", "last_name", "surname")),
    Column(
        "municipality_code",
        ("kuntakoodi", "municipality_code", "kunta", "kotikunta", "municipality"),
    ),
    Column(
        "registered_on",
        (
            "rekisteröintipäivä",
            "registered_on",
            "registration_date",
            "rekisteröity",
            "ilmoittautumispäivä",
            "työnhaku_alkoi",
        ),
    ),
    Column(
        "status_at_start",
        ("tilanne", "status_at_start", "työmarkkina_asema", "status"),
        required=False,
    ),
    Column(
        "language",
        ("kieli", "language", "äidinkieli", "mother_tongue", "asiointikieli"),
        required=False,
    ),
    Column(
        "benefit_type",
        ("etuus", "benefit_type", "etuuslaji", "benefit"),
        required=False,
    ),
    Column("email", ("sähköposti", "email", "e_mail"), required=False),
    Column("phone", ("puhelin", "phone", "puhelinnumero"), required=False),
    # The facts the trigger and target-group rules read (cases.rules.triggers,
    # pilots.rules): an empty cell keeps what Polku has (new person: the
    # default). Yes/no cells: kyllä/ei, ja/nej, yes/no, 1/0 or x/empty.
    Column(
        "is_immigrant",
        ("maahanmuuttaja", "is_immigrant", "immigrant", "invandrare"),
        required=False,
        description=_("Immigrant: yes or no."),
    ),
    Column(
        "first_residence_on",
        (
            "ensimmäinen_oleskelulupa",
            "first_residence_on",
            "first_residence_permit",
            "första_uppehållstillstånd",
        ),
        required=False,
        description=_(
            "Date of the first residence permit or registration of the right "
            "of residence (starts the 3-year window of the integration plan)."
        ),
    ),
    Column(
        "integration_need",
        ("kotoutumistarve", "integration_need", "integrationsbehov"),
        required=False,
        description=_("Assessed integration need: yes or no."),
    ),
    Column(
        "under_temporary_protection",
        (
            "tilapäinen_suojelu",
            "under_temporary_protection",
            "temporary_protection",
            "tillfälligt_skydd",
        ),
        required=False,
        description=_("Under temporary protection: yes or no."),
    ),
    Column(
        "home_municipality_registered",
        (
            "kotikunta_rekisterissä",
            "home_municipality_registered",
            "has_home_municipality",
            "hemkommun_registrerad",
        ),
        required=False,
        description=_(
            "Has a registered home municipality in Finland: yes or no (no, e.g., "
            "under temporary protection; the municipality column is then where "
            "the person lives)."
        ),
    ),
    Column(
        "lms_days_last_12_months",
        ("tmt_päivät_12kk", "lms_days_last_12_months"),
        required=False,
        description=_("Labour market subsidy days paid in the last 12 months (0–366)."),
    ),
    Column(
        "lms_days_after_max_allowance",
        ("tmt_päivät_enimmäisajan_jälkeen", "lms_days_after_max_allowance"),
        required=False,
        description=_(
            "Labour market subsidy days after the maximum period of "
            "earnings-related or basic allowance."
        ),
    ),
    Column(
        "max_allowance_period_exhausted",
        ("enimmäisaika_täynnä", "max_allowance_period_exhausted"),
        required=False,
        description=_(
            "Earnings-related or basic allowance received for the full maximum "
            "period: yes or no."
        ),
    ),
    Column(
        "months_main_income_social_assistance",
        ("toimeentulotuki_kk", "months_main_income_social_assistance"),
        required=False,
        description=_(
            "Consecutive months with social assistance as the main income "
            "because of unemployment (0–240)."
        ),
    ),
)
# The labour market subsidy days paid for unemployment come in the day
# counter file (COUNTER_COLUMNS), with the day they are counted to.
COUNTER_COLUMNS = (
    IDENTITY,
    Column("benefit_type", ("etuus", "benefit_type", "etuuslaji", "benefit")),
    Column(
        "days",
        ("päivät", "days", "day_counter", "laskuri", "päivälaskuri", "maksetut_päivät"),
    ),
    Column(
        "as_of", ("tilannepäivä", "as_of", "as_of_date", "päivämäärä", "pvm", "date")
    ),
)
SERVICE_COLUMNS = (
    IDENTITY,
    Column(
        "service_type",
        ("palvelu", "service_type", "palvelukoodi", "service_code", "service"),
    ),
    Column("started_on", ("alkoi", "started_on", "alkupäivä", "start_date", "start")),
    Column(
        "ended_on",
        ("päättyi", "ended_on", "loppupäivä", "end_date", "end"),
        required=False,
    ),
    Column(
        "provider",
        ("palveluntuottaja", "provider", "tuottaja", "järjestäjä"),
        required=False,
    ),
)
# --- Municipal-share invoices --------------------------------------------------
# Since 1.1.2025 municipalities co-finance labour market subsidy, basic and
# earnings-related daily allowance by the duration of unemployment; Kela
# invoices the share monthly in arrears with a per-person itemisation
# (kuntaosuuslaskutus). Who invoices the earnings-related share and how it is
# itemised is not confirmed (../shared/domain.md 7.4), so every sender's
# columns are data here: adding a sender or a column name is an entry in
# SENDERS and its import kind (docs/invoice_import.md). A line without an
# identity code is a totals line (an invoice per municipality and month only).


@dataclass(frozen=True)
class InvoiceSender:
    """Who sends an invoice file and how its columns are named."""

    code: str
    name: Promise
    # field -> accepted column names, the first shown when it is missing
    names: dict[str, tuple[str, ...]]
    # The benefit of every line when the file has no benefit column (an
    # unemployment fund invoices earnings-related allowance only).
    default_benefit: str = ""


_COMMON: dict[str, tuple[str, ...]] = {
    "invoice_number": (
        "laskunumero",
        "invoice_number",
        "laskun_numero",
        "fakturanummer",
    ),
    "municipality_code": (
        "kuntakoodi",
        "municipality_code",
        "kunta",
        "kommunkod",
        "laskutettava_kunta",
    ),
    "month": (
        "laskutuskuukausi",
        "billing_month",
        "kuukausi",
        "month",
        "faktureringsmånad",
    ),
    "identity_code": (
        "henkilötunnus",
        "identity_code",
        "hetu",
        "personbeteckning",
    ),
    "benefit_type": ("etuus", "benefit_type", "etuuslaji", "benefit", "förmån"),
    "period_start": (
        "jakso_alkaa",
        "period_start",
        "maksujakso_alkaa",
        "alkupäivä",
        "period_börjar",
    ),
    "period_end": (
        "jakso_päättyy",
        "period_end",
        "maksujakso_päättyy",
        "loppupäivä",
        "period_slutar",
    ),
    "paid_days": (
        "maksetut_päivät",
        "paid_days",
        "päivät",
        "maksupäivät",
        "betalda_dagar",
    ),
    "cumulative_days": (
        "päiväkertymä",
        "cumulative_days",
        "kertymä",
        "maksupäiväkertymä",
        "ackumulerade_dagar",
    ),
    "share_euros": (
        "kunnan_osuus",
        "municipal_share",
        "kuntaosuus",
        "kuntaosuus_euroa",
        "kommunens_andel",
    ),
    "persons": ("henkilöitä", "persons", "henkilömäärä", "antal_personer"),
}

SENDERS: dict[str, InvoiceSender] = {
    ImportKind.INVOICES_KELA: InvoiceSender(
        code="kela",
        name=_("Kela"),
        names=_COMMON,
    ),
    # ⚠ The earnings-related share's invoicer and its file are not confirmed
    # (domain.md 7.4): the names below are the funds' own reported terms
    # beside the common ones; correct them here when a real file arrives.
    ImportKind.INVOICES_FUND: InvoiceSender(
        code="fund",
        name=_("Unemployment fund"),
        names={
            **_COMMON,
            "invoice_number": (*_COMMON["invoice_number"], "kassan_laskunumero"),
            "paid_days": (*_COMMON["paid_days"], "korvatut_päivät"),
            "cumulative_days": (*_COMMON["cumulative_days"], "enimmäisaikakertymä"),
        },
        default_benefit="earnings_related",
    ),
}

_DESCRIPTIONS: dict[str, Promise] = {
    "invoice_number": _(
        "The invoice's number; one invoice is one municipality and month."
    ),
    "municipality_code": _("The invoiced municipality's code (e.g. 111)."),
    "month": _("The billing month, e.g. 3/2025 or 2025-03."),
    "identity_code": _(
        "The person's identity code; empty on a totals line of the whole municipality."
    ),
    "benefit_type": _(
        "Labour market subsidy, basic daily allowance or earnings-related "
        "daily allowance."
    ),
    "period_start": _("First day of the payment period."),
    "period_end": _("Last day of the payment period."),
    "paid_days": _("Benefit days paid for the period, e.g. 21,5."),
    "cumulative_days": _(
        "Benefit days paid in all by the end of the period (the duration that "
        "sets the share)."
    ),
    "share_euros": _("The municipality's share in euros, e.g. 1 234,56."),
    "persons": _("On a totals line: how many persons it covers."),
}
_OPTIONAL = {"identity_code", "cumulative_days", "persons"}


def sender_columns(kind: str) -> tuple[Column, ...]:
    """The columns of one sender's invoice file."""
    sender = SENDERS[kind]
    return tuple(
        Column(
            field,
            names,
            required=field not in _OPTIONAL
            and not (field == "benefit_type" and sender.default_benefit),
            description=_DESCRIPTIONS[field],
        )
        for field, names in sender.names.items()
    )


COLUMNS: dict[str, tuple[Column, ...]] = {
    ImportKind.JOBSEEKERS: JOBSEEKER_COLUMNS,
    ImportKind.BENEFIT_COUNTERS: COUNTER_COLUMNS,
    ImportKind.SERVICE_EVENTS: SERVICE_COLUMNS,
    ImportKind.INVOICES_KELA: sender_columns(ImportKind.INVOICES_KELA),
    ImportKind.INVOICES_FUND: sender_columns(ImportKind.INVOICES_FUND),
}


def map_columns(
    headers: Sequence[str], kind: str
) -> tuple[dict[str, str], list[Problem]]:
    """Which header of the file holds which field; problems for missing
    required columns and for two headers naming the same field."""
    by_name = {
        normalise_name(name): column
        for column in COLUMNS[kind]
        for name in column.names
    }
    mapping: dict[str, str] = {}  # field -> header as in the file
    problems = []
    for header in headers:
        column = by_name.get(normalise_name(header))
        if column is None:
            continue
        if column.field in mapping:
            problems.append(
                Problem(
                    line=1,
                    column=header,
                    code="column_twice",
                    params={"other": mapping[column.field]},
                )
            )
            continue
        mapping[column.field] = header
    problems.extend(
        Problem(
            line=1,
            column=column.names[0],
            code="column_missing",
            params={"names": ", ".join(column.names[:3])},
        )
        for column in COLUMNS[kind]
        if column.required and column.field not in mapping
    )
    return mapping, problems
