"""Deterministic synthetic demo data: organisations' staff and jobseekers.

Nothing here may look like a real person's record: identity codes use the
temporary individual numbers 900-999 (never issued), staff are named
"<first name> Demo", and the third-sector organisation is fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from cases import rules, services
from cases.models import Case, Jobseeker, ProcessStep, ServiceType
from cases.models.case import ExitReason
from organisations.models import Membership, MembershipRole, Organisation

FINNISH_FIRST_NAMES = (
    "Aino",
    "Eero",
    "Helmi",
    "Juha",
    "Kaisa",
    "Lauri",
    "Minna",
    "Niko",
    "Oona",
    "Pekka",
    "Riikka",
    "Sami",
    "Tiina",
    "Ville",
    "Elina",
    "Antti",
    "Sanna",
    "Mikko",
    "Hanna",
    "Jari",
    "Leena",
    "Matti",
    "Noora",
    "Tuomas",
    "Satu",
    "Ilkka",
    "Veera",
    "Joni",
    "Katja",
    "Teemu",
)
FINNISH_LAST_NAMES = (
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Pesonen",
    "Kallio",
    "Hiltunen",
)
SWEDISH_FIRST_NAMES = (
    "Anna",
    "Erik",
    "Linnea",
    "Johan",
    "Maria",
    "Anders",
    "Sofia",
    "Mikael",
    "Emma",
    "Henrik",
    "Ida",
    "Fredrik",
    "Ebba",
    "Oskar",
    "Ulla",
)
SWEDISH_LAST_NAMES = (
    "Andersson",
    "Lindholm",
    "Nyström",
    "Sjöberg",
    "Holmström",
    "Lindqvist",
    "Björklund",
    "Eriksson",
    "Backman",
    "Granholm",
    "Forsström",
    "Wikström",
)
OTHER_FIRST_NAMES = (
    ("Ahmed", "ar"),
    ("Fatima", "ar"),
    ("Olena", "uk"),
    ("Dmytro", "uk"),
    ("Hodan", "so"),
    ("Abdi", "so"),
    ("Elena", "ru"),
    ("Sergei", "ru"),
    ("Mai", "vi"),
    ("Tuan", "vi"),
    ("Kristiina", "et"),
    ("Priit", "et"),
)
OTHER_LAST_NAMES = {
    "ar": ("Hassan", "Ali", "Mahmoud"),
    "uk": ("Kovalenko", "Shevchenko", "Bondarenko"),
    "so": ("Warsame", "Farah", "Abdullahi"),
    "ru": ("Ivanova", "Smirnov", "Popova"),
    "vi": ("Nguyen", "Tran", "Pham"),
    "et": ("Tamm", "Saar", "Kask"),
}
LANGUAGE_NAMES = {
    "ar": "arabia",
    "uk": "ukraina",
    "so": "somali",
    "ru": "venäjä",
    "vi": "vietnam",
    "et": "viro",
}

# Demo municipalities: two members of the Ylivieska-area pilot / employment
# area, and Heinola as "another municipality" for access tests and demos.
DEMO_MUNICIPALITIES = {"208": "kalajoki", "977": "ylivieska", "111": "heinola"}
EMPLOYMENT_AREA_NAME = "Ylivieskan–Kalajoen–Nivalan työllisyysalue"
THIRD_SECTOR_NAME = "Demo: Jokilaakson työpajayhdistys ry"

STAFF_ROLES = (
    ("caseworker", MembershipRole.CASEWORKER, "Kaisa"),
    ("teamlead", MembershipRole.TEAM_LEAD, "Tero"),
    ("coordinator", MembershipRole.COORDINATOR, "Kirsi"),
    ("board", MembershipRole.BOARD_VIEWER, "Veikko"),
)
MEMBERSHIP_START = dt.date(2021, 3, 1)
# Demo only: a public TOTP key (hex) for the demo administrator's second factor.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoResult:
    logins: list[DemoLogin]
    jobseekers_created: int


class _IdentityCodes:
    """Unique temporary identity codes for a seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[tuple[dt.date, int]] = set()

    def next(self, birth_date: dt.date) -> str:
        while True:
            individual = self._rng.randint(900, 999)
            if (birth_date, individual) not in self._used:
                self._used.add((birth_date, individual))
                return rules.build_identity_code(birth_date, individual)


def _user(
    username: str,
    first_name: str,
    last_name: str,
    password: str,
    language: str,
    *,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@demo.invalid",
            "preferred_language": language,
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def _member(user: User, organisation: Organisation, role: str) -> None:
    Membership.objects.get_or_create(
        user=user,
        organisation=organisation,
        role=role,
        defaults={"valid_from": max(MEMBERSHIP_START, organisation.valid_from)},
    )


def _person(
    rng: random.Random, codes: _IdentityCodes, today: dt.date
) -> tuple[str, str, str, str, str]:
    """(identity code, first names, last name, mother tongue, other language)."""
    birth_date = today - dt.timedelta(days=rng.randint(17 * 365 + 5, 64 * 365))
    roll = rng.random()
    if roll < 0.08:
        first, language = rng.choice(OTHER_FIRST_NAMES)
        last = rng.choice(OTHER_LAST_NAMES[language])
        return codes.next(birth_date), first, last, "other", LANGUAGE_NAMES[language]
    if roll < 0.14:
        first = rng.choice(SWEDISH_FIRST_NAMES)
        second = rng.choice(SWEDISH_FIRST_NAMES)
        names = first if second == first else f"{first} {second}"
        return codes.next(birth_date), names, rng.choice(SWEDISH_LAST_NAMES), "sv", ""
    first = rng.choice(FINNISH_FIRST_NAMES)
    second = rng.choice(FINNISH_FIRST_NAMES)
    names = first if second == first else f"{first} {second}"
    return codes.next(birth_date), names, rng.choice(FINNISH_LAST_NAMES), "fi", ""


@transaction.atomic
def demo_data_create(
    *, seed: int, jobseekers_per_municipality: int, password: str, today: dt.date
) -> DemoResult:
    """Create demo staff and jobseekers; re-running with the same seed adds nothing."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    codes = _IdentityCodes(rng)
    logins: list[DemoLogin] = []
    municipalities = {
        o.municipality_code: o
        for o in Organisation.objects.filter(municipality_code__in=DEMO_MUNICIPALITIES)
    }
    area = Organisation.objects.get(name=EMPLOYMENT_AREA_NAME)
    partner_org, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.THIRD_SECTOR,
        name=THIRD_SECTOR_NAME,
        defaults={
            "name_sv": "Demo: Älvdalens verkstadsförening rf",
            "name_en": "Demo: River Valley Workshop Association",
            "region": "Pohjois-Pohjanmaa",
            "source": "Fictional demo organisation (seed 003: third sector provides "
            "rehabilitative work activity).",
        },
    )

    for code, slug in DEMO_MUNICIPALITIES.items():
        municipality = municipalities[code]
        for suffix, role, first_name in STAFF_ROLES:
            username = f"{slug}.{suffix}"
            user = _user(username, first_name, "Demo", password, "fi")
            _member(user, municipality, role)
            logins.append(DemoLogin(username, role, municipality.name))

    area_coordinator = _user("ykn.coordinator", "Anu", "Demo", password, "fi")
    _member(area_coordinator, area, MembershipRole.COORDINATOR)
    logins.append(DemoLogin("ykn.coordinator", MembershipRole.COORDINATOR, area.name))

    privacy = _user("ykn.tietosuoja", "Outi", "Demo", password, "fi")
    _member(privacy, area, MembershipRole.DATA_PROTECTION_OFFICER)
    logins.append(
        DemoLogin("ykn.tietosuoja", MembershipRole.DATA_PROTECTION_OFFICER, area.name)
    )

    partner = _user("tyopaja.partner", "Pasi", "Demo", password, "fi")
    _member(partner, partner_org, MembershipRole.PARTNER_WORKER)
    logins.append(
        DemoLogin("tyopaja.partner", MembershipRole.PARTNER_WORKER, partner_org.name)
    )

    admin_user = _user(
        "polku.admin", "Aila", "Demo", password, "fi", is_staff=True, is_superuser=True
    )
    _member(admin_user, municipalities["977"], MembershipRole.ADMINISTRATOR)
    # Administrators must use two-factor authentication; the demo administrator
    # gets a device with a published key (DEMO_TOTP_KEY, README), whose current
    # code `manage.py demo_totp_code polku.admin` prints.
    TOTPDevice.objects.get_or_create(
        user=admin_user,
        name="Polku demo",
        defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
    )
    logins.append(
        DemoLogin(
            "polku.admin", MembershipRole.ADMINISTRATOR, municipalities["977"].name
        )
    )

    created = 0
    service_types = list(ServiceType.objects.order_by("code"))
    for code, slug in DEMO_MUNICIPALITIES.items():
        municipality = municipalities[code]
        caseworker = User.objects.get(username=f"{slug}.caseworker")
        for _ in range(jobseekers_per_municipality):
            person = _person(rng, codes, today)
            story = _story(rng, today, service_types)
            if Jobseeker.objects.with_identity_code(person[0]).exists():
                continue
            _register_with_history(municipality, caseworker, person, story, today)
            created += 1
    if created:
        _share_with_partner(partner_org, municipalities, today)
        _pilot_demo(today)
        from appropriations import demo as appropriations_demo

        appropriations_demo.load(today)
    from partners import seed_data

    seed_data.load()
    return DemoResult(logins=logins, jobseekers_created=created)


def _pilot_demo(today: dt.date) -> None:
    """Demo labour-force figures for the employment areas (marked as estimates,
    not statistics) and one evaluation of the Ylivieska-area pilot."""
    from pilots.models import AreaMunicipality, Pilot
    from pilots.services import evaluation_run_execute

    for link in AreaMunicipality.objects.select_related("municipality"):
        if link.labour_force is None and link.municipality.population:
            link.labour_force = round(link.municipality.population * 0.46)
            link.labour_force_source = (
                "Demo estimate (46 % of population), not statistics"
            )
            link.save(
                update_fields=["labour_force", "labour_force_source", "updated_at"]
            )
    pilot = Pilot.objects.filter(
        organisation__name__startswith="Ylivieskan seudun"
    ).first()
    if pilot is not None:
        from pilots.models import EvaluationRun

        run = EvaluationRun.objects.create(
            pilot=pilot, evaluated_on=dt.date(2024, 6, 3)
        )
        evaluation_run_execute(run_id=run.pk)


def _share_with_partner(
    partner: Organisation,
    municipalities: dict[str | None, Organisation],
    today: dt.date,
) -> None:
    """A demo partnership agreement and two Kalajoki cases referred under it, so
    that the partner login has something to see (seed 003: the third sector
    provides rehabilitative work activity)."""
    from partners.models import AgreementParty, DataSharingTerm, PartnershipAgreement

    agreement, _ = PartnershipAgreement.objects.get_or_create(
        name="Demo: Jokilaakson työllisyyden kumppanuussopimus",
        defaults={
            "status": "in_force",
            "valid_from": dt.date(2025, 1, 1),
            "source": "Demo data modelled on seed 000 (kumppanuussopimus).",
        },
    )
    for organisation, role in (
        (municipalities["208"], "member_municipality"),
        (municipalities["977"], "responsible_municipality"),
        (partner, "third_sector"),
    ):
        AgreementParty.objects.get_or_create(
            agreement=agreement, organisation=organisation, defaults={"role": role}
        )
    DataSharingTerm.objects.get_or_create(
        agreement=agreement,
        organisation_kind="third_sector",
        defaults={"categories": ["contact", "plans", "services"], "max_days": 365},
    )
    kalajoki = municipalities["208"]
    caseworker = User.objects.get(username="kalajoki.caseworker")
    cases = Case.objects.filter(organisation=kalajoki, status="active").order_by(
        "opened_on", "id"
    )[:2]
    for case in cases:
        services.referral_create(
            case=case,
            partner=partner,
            agreement=agreement,
            purpose="Kuntouttava työtoiminta työpajalla",
            consent_given_on=today,
            consent_scope=["contact", "plans"],
            valid_from=today,
            valid_until=today + dt.timedelta(days=180),
            actor=caseworker,
        )


@dataclass(frozen=True)
class _Story:
    """Every random choice for one demo jobseeker, drawn before anything is saved
    so that skipping an existing person keeps the generator's sequence."""

    registered_days_ago: int
    interview_after_days: int
    channel: str
    benefit_type: str
    lms_days: int
    lms_recent: int
    has_plan: bool
    applications: int
    discussion_offsets: tuple[int, ...]
    supplementary_held: bool
    service: ServiceType | None
    service_after_days: int
    service_days: int
    closed_after_days: int | None
    exit_reason: str


def _story(
    rng: random.Random, today: dt.date, service_types: list[ServiceType]
) -> _Story:
    # A quarter are earlier job searches (2021-2024), long closed: the pilot
    # period's target group needs people who were jobseekers then.
    historical = rng.random() < 0.25
    benefit = rng.choices(
        ["labour_market_subsidy", "earnings_related", "basic_allowance", "none"],
        weights=[45, 35, 10, 10],
    )[0]
    lms_days = rng.randint(0, 900) if benefit == "labour_market_subsidy" else 0
    return _Story(
        registered_days_ago=rng.randint(700, 1900)
        if historical
        else rng.choice([1, 2, 3, 6, 9, 13, 16, 20, 24])
        if rng.random() < 0.3
        else rng.randint(25, 480),
        interview_after_days=rng.randint(1, 16),
        channel=rng.choice(["office", "office", "video", "phone", "outreach"]),
        benefit_type=benefit,
        lms_days=lms_days,
        lms_recent=min(lms_days, rng.randint(0, 260)),
        has_plan=rng.random() < 0.8,
        applications=rng.choice([4, 4, 4, 3, 2]),
        discussion_offsets=tuple(rng.randint(75, 95) for _ in range(6)),
        supplementary_held=rng.random() < 0.85,
        service=rng.choice(service_types)
        if service_types and rng.random() < 0.45
        else None,
        service_after_days=rng.randint(20, 120),
        service_days=rng.choice([20, 60, 90, 180]),
        closed_after_days=rng.randint(150, 500)
        if historical
        else rng.randint(60, 300)
        if rng.random() < 0.12
        else None,
        exit_reason=rng.choice([r.value for r in ExitReason]),
    )


TASKS = (
    "Päivitä CV ja työnhakuprofiili Työmarkkinatorilla",
    "Hae vähintään neljää työpaikkaa kuukaudessa",
    "Osallistu rekrytointitapahtumaan",
    "Selvitä ammatillisen koulutuksen hakuaika",
)


def _register_with_history(
    municipality: Organisation,
    caseworker: User,
    person: tuple[str, str, str, str, str],
    story: _Story,
    today: dt.date,
) -> None:
    """Register a demo jobseeker and replay a plausible process up to today."""
    identity_code, first, last, tongue, other = person
    registered_on = today - dt.timedelta(days=story.registered_days_ago)
    email = f"{first.split()[0].lower()}.{last.lower()}@example.invalid"
    case = services.jobseeker_register(
        organisation=municipality,
        home_municipality=municipality,
        identity_code=identity_code,
        data=services.JobseekerData(
            first_names=first,
            last_name=last,
            mother_tongue=tongue,
            other_language=other,
            email=email.translate(str.maketrans("äöå", "aoa")),
            phone="040 000 0000",
            is_immigrant=tongue == "other",
            first_residence_on=registered_on - dt.timedelta(days=400)
            if tongue == "other"
            else None,
            integration_need=tongue == "other",
            benefit_type=story.benefit_type,
            lms_days_for_unemployment=story.lms_days,
            lms_days_last_12_months=story.lms_recent,
            benefit_days_as_of=registered_on,
        ),
        registered_on=registered_on,
        status_at_start="unemployed",
        caseworker=caseworker,
        actor=caseworker,
    )
    interview_on = registered_on + dt.timedelta(days=story.interview_after_days)
    if interview_on >= today - dt.timedelta(days=1):
        return  # still waiting for the initial interview: a worklist item
    services.meeting_record(
        case=case,
        kind="initial_interview",
        held_on=interview_on,
        channel=story.channel,
        summary="Alkuhaastattelu pidetty, palvelutarve arvioitu.",
        actor=caseworker,
    )
    if story.has_plan:
        services.plan_version_create(
            case=case,
            kind="employment",
            expected_version=0,
            agreed_on=interview_on,
            goal="Työllistyminen avoimille työmarkkinoille omalle alalle.",
            services="Työnhakuvalmennus tarvittaessa.",
            applications_per_month=story.applications,
            obligation_reason="" if story.applications == 4 else "Osa-aikatyö",
            contact_channel="e_service",
            valid_until=None,
            tasks=[
                services.TaskData(
                    description=text,
                    due_on=interview_on + dt.timedelta(days=30 * (n + 1)),
                )
                for n, text in enumerate(TASKS[:3])
            ],
            actor=caseworker,
        )
    if story.supplementary_held:
        for step in ProcessStep.objects.filter(
            case=case, kind="supplementary_discussion", status="open", due_on__lt=today
        ).order_by("due_on"):
            services.meeting_record(
                case=case,
                kind="supplementary_discussion",
                held_on=step.due_on,
                channel="phone",
                summary="Täydentävä työnhakukeskustelu.",
                actor=caseworker,
            )
    # Discussions every ~3 months; the most recent ones may still be pending
    # or a little overdue, as on a real worklist.
    discussion_on = interview_on
    for offset in story.discussion_offsets:
        discussion_on += dt.timedelta(days=offset)
        if discussion_on >= today - dt.timedelta(days=10):
            break
        services.meeting_record(
            case=case,
            kind="job_search_discussion",
            held_on=discussion_on,
            channel=story.channel,
            summary="Työnhakukeskustelu: suunnitelma päivitetty.",
            actor=caseworker,
        )
    service_on = interview_on + dt.timedelta(days=story.service_after_days)
    if story.service is not None and service_on < today:
        period = services.service_start(
            case=case,
            service_type=story.service,
            started_on=service_on,
            planned_end_on=service_on + dt.timedelta(days=story.service_days),
            provider="",
            actor=caseworker,
        )
        end_on = service_on + dt.timedelta(days=story.service_days)
        if end_on < today:
            services.service_end(
                period=period,
                ended_on=end_on,
                end_reason="Päättyi suunnitellusti.",
                actor=caseworker,
            )
    if story.closed_after_days is not None:
        closed_on = registered_on + dt.timedelta(days=story.closed_after_days)
        if closed_on < today:
            case.refresh_from_db()
            services.case_transition(
                case=case,
                to_status="closed",
                roles={"caseworker"},
                expected_version=case.version,
                on=closed_on,
                actor=caseworker,
                exit_reason=story.exit_reason,
            )
