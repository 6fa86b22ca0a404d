"""The quota follow-up chart (core.charts), shared by the page and the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from core import formats
from core.charts import Chart, Series, line_chart
from core.formats import euros

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

    from .models import Quota
    from .selectors import MonthRow


def quota_chart(
    quota: Quota, months: list[MonthRow], *, forecast: int | None
) -> SafeString:
    references = [
        (
            _("Quota %(amount)s") % {"amount": euros(quota.amount_cents)},
            quota.amount_cents / 100,
        )
    ]
    if forecast is not None and forecast != quota.amount_cents:
        references.append(
            (_("Forecast %(amount)s") % {"amount": euros(forecast)}, forecast / 100)
        )
    return line_chart(
        Chart(
            title=_("Committed and used money of the quota %(quota)s")
            % {"quota": quota},
            description=_(
                "Money committed and used by the end of each month, in euros, "
                "against the quota and the forecast for the period's end. "
                "The table below gives the same figures."
            ),
            labels=[formats.month_label(row.month) for row in months],
            series=[
                Series(_("Committed"), [row.committed_cents / 100 for row in months]),
                Series(_("Used"), [row.used_cents / 100 for row in months]),
            ],
            references=references,
            unit="€",
            places=2,
        )
    )
