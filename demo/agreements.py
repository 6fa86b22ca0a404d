"""The demo partnership agreement with the workshop, and the cases referred to it.

Modelled on seed 000 (a kumppanuussopimus between municipalities and their
partners) and seed 003 (the third sector provides rehabilitative work
activity). The agreement goes through the lifecycle the partners app
enforces: written as a draft with its parties and data-sharing terms, a
version sent for negotiation, each party's approval recorded as its minutes
cite it, and only then brought into force. Its dates are fixed (in force
from 1.1.2025, when the employment areas began), so it is lawful whatever
the anchor day; referrals fall within it and within the person's consent.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from partners import forms
from partners import services as partner_services

from .process import municipality_of

if TYPE_CHECKING:
    from collections.abc import Sequence

    from partners.models import PartnershipAgreement

    from .staff import Staff
    from .stories import History
    from .timeline import Context, Entry

AGREEMENT_NAME = "Demo: Jokilaakson työllisyyden kumppanuussopimus"
AGREEMENT_STARTS = dt.date(2025, 1, 1)
SOURCE = (
    "Esittelyaineiston kuvitteellinen sopimus: Ylivieska ja Kalajoki ostavat "
    "työpajayhdistykseltä kuntouttavaa työtoimintaa."
)
SUMMARY = (
    "Yhdistys järjestää kuntouttavaa työtoimintaa ja työpajavalmennusta "
    "Ylivieskan ja Kalajoen ohjaamille työnhakijoille. Yhdistys näkee "
    "ohjattujen asiakkaiden yhteystiedot, suunnitelmat ja palvelut asiakkaan "
    "suostumuksen laajuudessa enintään vuoden ajan."
)
# (municipality code, or "" for the workshop; party role; the approving
# decision as its minutes cite it). Invented minutes, dated before 1.1.2025.
PARTIES = (
    ("977", "responsible_municipality", ("KHALL", dt.date(2024, 12, 16), "§ 412")),
    ("208", "member_municipality", ("KHALL", dt.date(2024, 12, 17), "§ 228")),
    ("", "third_sector", ("HALL", dt.date(2024, 12, 10), "§ 9")),
)
SHARED_CATEGORIES = ["contact", "plans", "services"]
REFERRAL_DAYS = 180
REFERRAL_PURPOSE = "Kuntouttava työtoiminta työpajalla"


def _valid(form: Any) -> Any:
    if not form.is_valid():
        raise ValueError(f"demo agreement data refused: {form.errors.as_json()}")
    return form


def agreement_load(staff: Staff) -> PartnershipAgreement:
    """Write, negotiate, approve and bring into force the demo agreement."""
    agreement: PartnershipAgreement = _valid(
        forms.AgreementForm(
            {
                "name": AGREEMENT_NAME,
                "valid_from": AGREEMENT_STARTS.isoformat(),
                "valid_until": "",
                "source": SOURCE,
            }
        )
    ).save()
    for code, role, _decision in PARTIES:
        organisation = staff.municipalities[code] if code else staff.partner
        partner_services.content_save(
            agreement=agreement,
            section="parties",
            form=_valid(
                forms.PartyForm(
                    {"organisation": organisation.pk, "role": role},
                    agreement=agreement,
                )
            ),
        )
    partner_services.content_save(
        agreement=agreement,
        section="sharing",
        form=_valid(
            forms.SharingTermForm(
                {
                    "organisation_kind": staff.partner.kind,
                    "categories": SHARED_CATEGORIES,
                    "max_days": 365,
                },
                agreement=agreement,
            )
        ),
    )
    partner_services.version_create(agreement=agreement, summary=SUMMARY)
    partner_services.negotiation_start(agreement=agreement)
    parties = {
        party.role: party for party in agreement.parties.select_related("organisation")
    }
    for _code, role, (body, decided_on, section) in PARTIES:
        partner_services.approval_record(
            agreement=agreement,
            party=parties[role],
            decision_body=body,
            decided_on=decided_on,
            section=section,
        )
    partner_services.bring_into_force(agreement=agreement)
    agreement.refresh_from_db()
    return agreement


@dataclass(frozen=True)
class Referral:
    consent_given_on: dt.date
    valid_until: dt.date

    def record(self, context: Context, *, person: str, on: dt.date) -> None:
        assert context.agreement is not None  # noqa: S101 - loaded before the replay
        assert context.partner is not None  # noqa: S101
        partner_services.referral_create(
            case=context.cases[person],
            partner=context.partner,
            agreement=context.agreement,
            purpose=REFERRAL_PURPOSE,
            consent_given_on=self.consent_given_on,
            consent_scope=["contact", "plans"],
            valid_from=on,
            valid_until=self.valid_until,
            actor=context.caseworkers[municipality_of(person)],
        )


def referrals_plan(histories: Sequence[History], *, anchor: dt.date) -> list[Entry]:
    """Two Kalajoki jobseekers referred to the workshop in the last weeks
    before the anchor, with consent given at a meeting before that; both
    still jobseekers on the anchor day, so the partner login sees them."""
    entries: list[Entry] = []
    for history in histories:
        if len(entries) == 2:
            break
        if (
            history.person.municipality_code != "208"
            or history.closed_on is not None
            or history.interview_on is None
        ):
            continue
        valid_from = max(
            AGREEMENT_STARTS,
            history.interview_on + dt.timedelta(days=14),
            anchor - dt.timedelta(days=45),
        )
        if valid_from >= anchor:
            continue
        consent_on = max(history.interview_on, valid_from - dt.timedelta(days=3))
        entries.append(
            history.entry(
                valid_from,
                # After the person's own steps of the same day.
                1000,
                Referral(consent_on, valid_from + dt.timedelta(days=REFERRAL_DAYS)),
            )
        )
    return entries
