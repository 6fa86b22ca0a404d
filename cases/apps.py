from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    import datetime as dt

    from accounts.models import User

    from .models import Case


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from .signals import case_closing

        # Referrals end with their case. They are connected here until the
        # referral services move to partners, which will subscribe itself.
        case_closing.connect(
            _referrals_end_on_case_closing,
            dispatch_uid="cases_referrals_end_on_case_closing",
        )


def _referrals_end_on_case_closing(
    sender: Any, *, case: Case, on: dt.date, actor: User, **kwargs: Any
) -> None:
    from .services.referrals import referrals_for_case_close

    referrals_for_case_close(case=case, on=on, actor=actor)
