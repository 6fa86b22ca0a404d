"""Reads for partnership agreements and projects, with the computed checks
(cost split, figure conflicts, matrix gaps) the pages, PDF and API share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models import Prefetch, QuerySet

from cases.models import Case, CaseGroupObjectPermission, Jobseeker
from cases.selectors import PageSection
from core.db import from_json
from core.models import in_active_language
from organisations.models import Organisation

from . import rules
from .models import (
    AgreementParty,
    AgreementVersion,
    Approval,
    EvaluationTarget,
    FigureKey,
    PartnershipAgreement,
    PartyRole,
    Project,
    ProjectParty,
    Referral,
    Responsibility,
    SplitKey,
    referral_purpose_label,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

MUNICIPAL_ROLES = (
    PartyRole.RESPONSIBLE_MUNICIPALITY,
    PartyRole.AREA_RESPONSIBLE_MUNICIPALITY,
    PartyRole.MEMBER_MUNICIPALITY,
)


def agreement_list() -> QuerySet[PartnershipAgreement]:
    return PartnershipAgreement.objects.order_by("-valid_from", "name")


def agreement_detail_queryset() -> QuerySet[PartnershipAgreement]:
    """Everything the detail page and the PDF show, in a fixed number of queries."""
    parties = AgreementParty.objects.select_related("organisation").order_by(
        "role", "organisation__name"
    )
    approvals = Approval.objects.select_related("party__organisation").order_by(
        "decided_on", "id"
    )
    versions = AgreementVersion.objects.prefetch_related(
        Prefetch("approvals", queryset=approvals)
    ).order_by("-number")
    matrix = (
        Responsibility.objects.select_related(
            "service", "organiser", "producer", "may_buy_from"
        )
        .prefetch_related("serves")
        .order_by("service__tier", "service__name", "id")
    )
    project_parties = ProjectParty.objects.select_related("organisation").order_by(
        "organisation__name"
    )
    projects = Project.objects.select_related("administrator").prefetch_related(
        Prefetch("parties", queryset=project_parties), "figures"
    )
    lookups: list[Any] = [
        Prefetch("parties", queryset=parties),
        Prefetch("versions", queryset=versions),
        Prefetch("responsibilities", queryset=matrix),
        Prefetch("projects", queryset=projects),
        "steering_group__party__organisation",
        "targets__organisation",
        "money_rules",
        "sharing_terms",
    ]
    return PartnershipAgreement.objects.prefetch_related(*lookups)


# --- Money -----------------------------------------------------------------------


@dataclass(frozen=True)
class ShareRow:
    organisation: Organisation
    cents: int
    cap_cents: int | None


@dataclass(frozen=True)
class CostSplit:
    total_cents: int
    external_cents: int
    own_cents: int
    shares: list[ShareRow]
    error: str = ""


def _weight(party: ProjectParty, key: str) -> Fraction:
    if key == SplitKey.POPULATION:
        return Fraction(party.organisation.population or 0)
    if key == SplitKey.CLIENT_VOLUME:
        return Fraction(party.client_volume or 0)
    return Fraction(1)


def project_cost_split(project: Project) -> CostSplit:
    """The external funding and each party's share of the rest, in exact cents."""
    external, own = rules.external_share(project.total_cents, project.external_rate)
    parties = list(project.parties.all())
    weights = {p.pk: _weight(p, project.split_key) for p in parties}
    error = ""
    try:
        split = rules.split_cents(
            own, weights, caps={p.pk: p.cap_cents for p in parties}
        )
    except rules.CostSplitError:
        split = {}
        error = "caps"
    if not error and parties and not any(weights.values()):
        error = "weights"
    return CostSplit(
        total_cents=project.total_cents,
        external_cents=external,
        own_cents=own,
        shares=[
            ShareRow(p.organisation, split.get(p.pk, 0), p.cap_cents) for p in parties
        ],
        error=error,
    )


FIGURE_LABELS = dict(FigureKey.choices)


@dataclass(frozen=True)
class FigureWarning:
    key: str
    values: list[tuple[Decimal, str]]  # (value, source)

    @property
    def label(self) -> str:
        return str(FIGURE_LABELS.get(self.key, self.key))


def figure_warnings(
    project: Project, split: CostSplit | None = None
) -> list[FigureWarning]:
    """Sources that disagree with each other, or with what Polku computes from
    the budget (seed 000 vs 001: €101,392 as ESF share vs as cost estimate)."""
    split = split or project_cost_split(project)
    computed = {
        "total_cost": Decimal(split.total_cents) / 100,
        "external_funding": Decimal(split.external_cents) / 100,
        "municipal_share_total": Decimal(split.own_cents) / 100,
    }
    if project.split_key == SplitKey.EQUAL and split.shares:
        # The exact average: €25,348 / 13 = €1,949.85, neither 1,950 nor 1,948.
        computed["municipal_share_per_municipality"] = (
            Decimal(split.own_cents) / len(split.shares) / 100
        ).quantize(Decimal("0.01"))
    figures = [rules.Figure(f.key, f.value, f.source) for f in project.figures.all()]
    keys = {f.key for f in figures}
    figures += [
        rules.Figure(key, value, "Polku")
        for key, value in computed.items()
        if key in keys
    ]
    return [
        FigureWarning(c.key, [(f.value, f.source) for f in c.figures])
        for c in rules.figure_conflicts(figures)
    ]


# --- Service matrix ----------------------------------------------------------------


def matrix_findings(agreement: PartnershipAgreement) -> list[rules.MatrixFinding]:
    """Gaps and overlaps of the agreement's matrix for its municipal parties.

    Works on the prefetched relations of `agreement_detail_queryset`.
    """
    responsibilities: Sequence[Responsibility] = list(agreement.responsibilities.all())
    entries = [
        rules.MatrixEntry(
            service=r.service.code,
            statutory=r.service.statutory,
            organiser=r.organiser_id,
            producer=r.producer_id,
            serves=frozenset(o.pk for o in r.serves.all()),
        )
        for r in responsibilities
    ]
    services = {r.service.code: r.service.statutory for r in responsibilities}
    municipalities = [
        p.organisation_id for p in agreement.parties.all() if p.role in MUNICIPAL_ROLES
    ]
    return rules.check_matrix(entries, services=services, municipalities=municipalities)


@dataclass(frozen=True)
class FindingRow:
    kind: str
    service_name: str
    municipality_name: str
    producer_names: str


def matrix_problems(agreement: PartnershipAgreement) -> list[FindingRow]:
    """`matrix_findings` with names, for the page and the PDF."""
    services = {
        r.service.code: str(r.service) for r in agreement.responsibilities.all()
    }
    names = {
        p.organisation_id: p.organisation.display_name for p in agreement.parties.all()
    }
    for r in agreement.responsibilities.all():
        if r.producer is not None:
            names.setdefault(r.producer.pk, r.producer.display_name)
    return [
        FindingRow(
            kind=f.kind,
            service_name=services[f.service],
            municipality_name=names.get(f.municipality, str(f.municipality)),
            producer_names=", ".join(names.get(p, str(p)) for p in f.producers),
        )
        for f in matrix_findings(agreement)
    ]


# --- Evaluation plan progress -------------------------------------------------
# Progress towards an agreement's targets is measured by the reporting app,
# from its indicator runs. reporting sits above partners (its board report
# reads the agreements), so it hands its measure to partners when Django
# starts (reporting.apps.ReportingConfig.ready), as a typed function.


class TargetRowLike(Protocol):
    """One target with its latest figure, as the page and the PDF show it."""

    @property
    def target(self) -> EvaluationTarget: ...
    @property
    def current(self) -> Decimal | None: ...
    @property
    def progress(self) -> Decimal | None: ...
    @property
    def measured_on(self) -> dt.date | None: ...
    @property
    def available(self) -> bool: ...  # False: Polku has no data for it
    @property
    def baseline_shown(self) -> str: ...
    @property
    def target_shown(self) -> str: ...
    @property
    def current_shown(self) -> str: ...
    @property
    def period_shown(self) -> str: ...
    @property
    def missing(self) -> str: ...  # why there is no current figure


TargetMeasure = Callable[[PartnershipAgreement, dt.date], "Sequence[TargetRowLike]"]
_target_measure: list[TargetMeasure] = []


def target_measure_register(measure: TargetMeasure) -> None:
    """Set how agreement_overview measures progress towards targets."""
    _target_measure[:] = [measure]


def _target_rows(agreement: PartnershipAgreement, on: dt.date) -> list[Any]:
    if not _target_measure:
        raise ImproperlyConfigured("reporting has not registered its target measure")
    return list(_target_measure[0](agreement, on))


def agreement_overview(
    agreement: PartnershipAgreement, *, on: dt.date
) -> dict[str, Any]:
    """Everything the page, the PDF and the API show of an agreement fetched
    with `agreement_detail_queryset`, computed once."""
    projects = []
    for project in agreement.projects.all():
        split = project_cost_split(project)
        projects.append(
            {
                "project": project,
                "split": split,
                "warnings": figure_warnings(project, split),
            }
        )
    current = next(iter(agreement.versions.all()), None)  # ordered newest first
    approved = {a.party_id: a for a in current.approvals.all()} if current else {}
    return {
        "agreement": agreement,
        "party_rows": [(p, approved.get(p.pk)) for p in agreement.parties.all()],
        "current": current,
        "matrix": list(agreement.responsibilities.all()),
        "findings": matrix_problems(agreement),
        "targets": _target_rows(agreement, on),
        "projects": projects,
    }


def referral_list_for_case(*, case: Case) -> list[Referral]:
    """The case's referrals, newest first, for the jobseeker page."""
    return list(
        Referral.objects.filter(case=case)
        .select_related("partner", "agreement")
        .order_by("-valid_from", "-id")
    )


def referrals_section() -> PageSection:
    """The open case's referrals with their partners in the jobseeker
    page's one statement (referrals_from_json reads them back)."""
    # The partner read by its key for each of the few referrals: as a join,
    # the planner expected three referrals and hashed every organisation in
    # the country for them (0.27 of the busiest jobseeker pages' 2 ms of
    # SQL at 1,000,000 jobseekers, issue 21).
    return PageSection(
        """SELECT json_agg(json_build_array(to_json(r), (
                SELECT to_json(o) FROM organisations_organisation o
                WHERE o.id = r.partner_id))
            ORDER BY r.valid_from DESC, r.id DESC)
        FROM cases_referral r
        WHERE r.case_id = {case}"""
    )


def referrals_from_json(value: list[Any] | None) -> list[Referral]:
    referrals = []
    for data, partner in value or []:
        referral = from_json(Referral, data)
        referral.partner = from_json(Organisation, partner)
        referrals.append(referral)
    return referrals


@dataclass(frozen=True)
class SharedCaseRow:
    """One line of a partner worker's list of shared cases."""

    case_id: int
    jobseeker_id: int
    # The jobseeker's organisation, for the access log.
    organisation_id: int
    last_name: str
    first_names: str
    home_municipality: str
    # The user's partners' referral that lasts longest.
    purpose_label: str
    valid_until: dt.date

    @property
    def sort_key(self) -> tuple[str, str, int]:
        return self.last_name, self.first_names, self.case_id


# The page of a partner worker's shared cases in one statement (issue 21):
# the partners' active referrals under agreements in force and the
# partners' grants are each read as one set and joined, and only then each
# case and jobseeker is read for the names the page sorts by; the names of
# the page's 50 municipalities last. As `partner_cases_visible_to`'s two
# EXISTS per case, PostgreSQL read the case, its jobseeker, their
# municipality, the referral and the agreement one case at a time (11,000
# buffers for 665 shared cases, 5,800 so), and the view read the page's
# referrals again.
_SHARED_CASES = """
WITH referred AS MATERIALIZED (
    SELECT DISTINCT ON (r.case_id) r.case_id, r.purpose_kind, r.purpose,
           r.valid_until
    FROM {referral} r
    WHERE r.partner_id = ANY(%(partners)s)
      AND r.ended_on IS NULL AND r.consent_withdrawn_on IS NULL
      AND r.valid_from <= %(day)s AND r.valid_until >= %(day)s
      AND r.agreement_id = ANY(%(agreements)s)
    ORDER BY r.case_id, r.valid_until DESC, r.id DESC
), granted AS (
    SELECT DISTINCT g.content_object_id AS case_id
    FROM {grant} g
    JOIN {organisation} p ON p.group_id = g.group_id
    JOIN auth_permission perm ON perm.id = g.permission_id
    WHERE p.id = ANY(%(partners)s) AND perm.codename = 'view_case'
), page AS (
    SELECT c.id, c.jobseeker_id, j.organisation_id, j.last_name,
           j.first_names, j.home_municipality_id, f.purpose_kind, f.purpose,
           f.valid_until
    FROM referred f
    JOIN granted USING (case_id)
    JOIN {case} c ON c.id = f.case_id
    JOIN {jobseeker} j ON j.id = c.jobseeker_id
    WHERE (j.last_name, j.first_names, c.id) > (%(last)s, %(first)s, %(id)s)
    ORDER BY j.last_name, j.first_names, c.id
    LIMIT %(limit)s
)
SELECT p.id, p.jobseeker_id, p.organisation_id, p.last_name, p.first_names,
       m.name, m.name_sv, m.name_en, p.purpose_kind, p.purpose, p.valid_until
FROM page p
JOIN {organisation} m ON m.id = p.home_municipality_id
ORDER BY p.last_name, p.first_names, p.id
"""


def shared_cases_page(
    *,
    partners: Sequence[int],
    on: dt.date,
    after: tuple[str, str, int] | None,
    limit: int,
) -> list[SharedCaseRow]:
    """Up to `limit` of the cases shared with `partners` (organisation ids)
    on `on`, by the jobseeker's name, after the (last name, first names, case
    id) `after`: the cases partners.permissions.partner_cases_visible_to
    gives (an active referral under an agreement in force, and the grant)."""
    agreements = list(
        PartnershipAgreement.objects.in_force(on=on).values_list("pk", flat=True)
    )
    if not partners or not agreements:
        return []
    sql = _SHARED_CASES.format(
        referral=Referral._meta.db_table,
        grant=CaseGroupObjectPermission._meta.db_table,
        organisation=Organisation._meta.db_table,
        case=Case._meta.db_table,
        jobseeker=Jobseeker._meta.db_table,
    )
    last, first, case_id = after or ("", "", 0)
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "partners": list(partners),
                "agreements": agreements,
                "day": on,
                "last": last,
                "first": first,
                "id": case_id,
                "limit": limit,
            },
        )
        return [
            SharedCaseRow(
                case_id=row[0],
                jobseeker_id=row[1],
                organisation_id=row[2],
                last_name=row[3],
                first_names=row[4],
                home_municipality=in_active_language(fi=row[5], sv=row[6], en=row[7]),
                purpose_label=referral_purpose_label(row[8], row[9]),
                valid_until=row[10],
            )
            for row in cursor.fetchall()
        ]
