"""Demo municipal-share invoices (issue 23): Kela's monthly itemised invoices
of each demo municipality, imported through the exchange pipeline, and the
monthly indicator runs of the invoiced months, so that the dashboard shows
the municipal share in euros beside the same month a year earlier.

Deterministic by seed and lawful on any anchor day: a month is invoiced in
arrears, so the newest invoice is of the month before the anchor's; a line
covers only days of its billing month on which the person's job search was
open; before 1.1.2025 only labour market subsidy was co-financed. The
amounts follow the financing rules (reporting.rules) with the assumed daily
amounts. A few lines belong to people not registered in Polku (moved in,
say), as real invoices have: they stay unmatched and are listed for the
coordinator. Their identity codes have individual numbers 900-999 like the
other demo people's.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from cases.rules.calendar import add_months
from cases.rules.identity import build_identity_code
from exchange import services as exchange_services
from reporting import rules as reporting_rules
from reporting import services as reporting_services

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .staff import Staff
    from .stories import History

# Two years of invoices: a year of figures, each beside the year before.
INVOICE_MONTHS = 24
# Long-term unemployed of the municipality whose job search is not (yet) in
# Polku's demo: enough that every month has five persons or more, so that
# no euro figure of the demo is hidden.
# Five on labour market subsidy: before 2025 the only co-financed benefit.
UNREGISTERED_PER_MUNICIPALITY = 7
UNREGISTERED_BENEFITS = (
    "labour_market_subsidy",
    "basic_allowance",
    "labour_market_subsidy",
    "earnings_related",
    "labour_market_subsidy",
    "labour_market_subsidy",
    "labour_market_subsidy",
)
BENEFIT_CODES = {
    "labour_market_subsidy": "tmt",
    "basic_allowance": "perus",
    "earnings_related": "ansio",
}
HEADER = (
    "laskunumero;kuntakoodi;laskutuskuukausi;henkilötunnus;etuus;jakso alkaa;"
    "jakso päättyy;maksetut päivät;päiväkertymä;kunnan osuus"
)


@dataclass(frozen=True)
class InvoiceLine:
    municipality_code: str
    month: dt.date
    identity_code: str
    benefit: str
    period_start: dt.date
    period_end: dt.date
    paid_days: int
    cumulative_days: int
    share_cents: int


# The daily amounts the financing rules carry begin in 2024.
INVOICES_FROM = dt.date(2024, 1, 1)


def invoice_months(anchor: dt.date) -> list[dt.date]:
    """The billing months, oldest first: up to the month before the anchor's."""
    last = add_months(anchor.replace(day=1), -1)
    months = [add_months(last, -n) for n in range(INVOICE_MONTHS - 1, -1, -1)]
    return [m for m in months if m >= INVOICES_FROM]


def _weekdays(first: dt.date, last: dt.date) -> int:
    """Kela pays unemployment benefit for five days a week."""
    return sum(
        1
        for n in range((last - first).days + 1)
        if (first + dt.timedelta(days=n)).weekday() < 5
    )


def _share_cents(benefit: str, month: dt.date, paid: int, cumulative: int) -> int:
    """The municipality's share of `paid` days ending at day `cumulative`."""
    financing = reporting_rules.benefit_financing_rules(month)
    if financing is None or benefit not in financing.benefits:
        return 0
    daily = reporting_rules.daily_amount_cents(benefit, month)
    percent_days = sum(
        financing.percent(day) for day in range(cumulative - paid + 1, cumulative + 1)
    )
    return int(
        (Decimal(percent_days) * daily / 100).quantize(Decimal(1), ROUND_HALF_UP)
    )


@dataclass(frozen=True)
class _Payee:
    municipality_code: str
    identity_code: str
    benefit: str
    since: dt.date  # on benefit from
    until: dt.date | None  # to the day before
    days_before: int  # cumulative paid days at `since`


def _payees(histories: Sequence[History], *, seed: int) -> list[_Payee]:
    payees = [
        _Payee(
            h.person.municipality_code,
            h.person.identity_code,
            h.benefit_type,
            h.registered_on,
            h.closed_on,
            h.lms_days,
        )
        for h in histories
        if h.benefit_type in BENEFIT_CODES
    ]
    taken = {h.person.identity_code for h in histories}
    for code in sorted({h.person.municipality_code for h in histories}):
        rng = random.Random(f"{seed}-invoices-{code}")  # noqa: S311 - demo data
        added = 0
        while added < UNREGISTERED_PER_MUNICIPALITY:
            birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(365 * 35))
            identity = build_identity_code(birth, rng.randint(900, 999))
            if identity in taken:
                continue
            taken.add(identity)
            payees.append(
                _Payee(
                    code,
                    identity,
                    UNREGISTERED_BENEFITS[added % len(UNREGISTERED_BENEFITS)],
                    dt.date(2023, 1, 1),
                    None,
                    rng.randrange(300, 1200),
                )
            )
            added += 1
    return payees


def invoice_plan(
    histories: Sequence[History], *, seed: int, anchor: dt.date
) -> list[InvoiceLine]:
    """Every invoice line of the demo; the same for the same arguments."""
    lines: list[InvoiceLine] = []
    for payee in _payees(histories, seed=seed):
        for month in invoice_months(anchor):
            last = month.replace(day=calendar.monthrange(month.year, month.month)[1])
            start = max(month, payee.since)
            end = (
                last
                if payee.until is None
                else min(last, payee.until - dt.timedelta(1))
            )
            if end < start:
                continue
            paid = _weekdays(start, end)
            before = (
                _weekdays(payee.since, start - dt.timedelta(days=1))
                if start > payee.since
                else 0
            )
            cumulative = payee.days_before + before + paid
            share = _share_cents(payee.benefit, month, paid, cumulative)
            if paid == 0 or share == 0:
                continue  # Kela bills only the co-financed days
            lines.append(
                InvoiceLine(
                    payee.municipality_code,
                    month,
                    payee.identity_code,
                    payee.benefit,
                    start,
                    end,
                    paid,
                    cumulative,
                    share,
                )
            )
    return lines


def _csv(lines: Sequence[InvoiceLine]) -> bytes:
    def day(d: dt.date) -> str:
        return f"{d.day}.{d.month}.{d.year}"

    rows = [
        ";".join(
            [
                f"KELA-{line.month:%Y%m}-{line.municipality_code}",
                line.municipality_code,
                f"{line.month.month}/{line.month.year}",
                line.identity_code,
                BENEFIT_CODES[line.benefit],
                day(line.period_start),
                day(line.period_end),
                str(line.paid_days),
                str(line.cumulative_days),
                f"{line.share_cents // 100},{line.share_cents % 100:02d}",
            ]
        )
        for line in lines
    ]
    return "\n".join([HEADER, *rows, ""]).encode()


def invoices_load(
    histories: Sequence[History], staff: Staff, *, seed: int, anchor: dt.date
) -> None:
    """Import each municipality's monthly invoice as its caseworker would,
    then compute the invoiced months' indicators."""
    lines = invoice_plan(histories, seed=seed, anchor=anchor)
    caseworkers = staff.by_role("caseworker")
    for code, municipality in sorted(staff.municipalities.items()):
        for month in invoice_months(anchor):
            own = [x for x in lines if x.municipality_code == code and x.month == month]
            if not own:
                continue
            batch = exchange_services.import_upload(
                organisation=municipality,
                kind="invoices_kela",
                file_name=f"kela-kuntaosuus-{code}-{month:%Y-%m}.csv",
                data=_csv(own),
                uploaded_by=caseworkers[code],
            )
            exchange_services.import_confirm(batch=batch, actor=caseworkers[code])
    for month in invoice_months(anchor):
        run = reporting_services.run_start(month=month, send=False)
        reporting_services.run_execute(run_id=run.pk)
