"""Building import files in the shapes municipalities send them.

Identity codes come from the temporary range 900-999 (never issued to real
people), names are "Testi"; nothing looks like a real person.
"""

from __future__ import annotations

import io
import json
from typing import TYPE_CHECKING, Any

from cases.tests.factories import temporary_identity_code
from exchange import services

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

JOBSEEKER_HEADER = [
    "henkilötunnus",
    "etunimet",
    "sukunimi",
    "kuntakoodi",
    "rekisteröintipäivä",
    "kieli",
    "etuus",
]


# Kela's municipal-share invoice columns as the euro tests write them.
INVOICE_HEADER = [
    "laskunumero",
    "kuntakoodi",
    "laskutuskuukausi",
    "henkilötunnus",
    "etuus",
    "jakso alkaa",
    "jakso päättyy",
    "maksetut päivät",
    "päiväkertymä",
    "kunnan osuus",
]


def code(n: int) -> str:
    """A temporary identity code; 30,000+ keeps clear of the persona fixtures."""
    return temporary_identity_code(30_000 + n)


def csv_bytes(
    rows: list[list[Any]],
    *,
    header: list[str] | None = None,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
) -> bytes:
    lines = [delimiter.join(header or JOBSEEKER_HEADER)]
    lines += [delimiter.join(str(value) for value in row) for row in rows]
    return (newline.join(lines) + newline).encode(encoding)


def xlsx_bytes(rows: list[list[Any]], *, header: list[str]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def json_bytes(items: list[dict[str, Any]]) -> bytes:
    # indent=2: one value per line, the way an export is usually written.
    return json.dumps(items, indent=2, ensure_ascii=False).encode("utf-8")


def import_invoices(
    user: User, organisation: Organisation, rows: list[list[str]]
) -> None:
    """Kela's invoice rows imported for `organisation`, none refused."""
    batch = services.import_upload(
        organisation=organisation,
        kind="invoices_kela",
        file_name="lasku.csv",
        data=csv_bytes(rows, header=INVOICE_HEADER, delimiter=";"),
        uploaded_by=user,
    )
    batch = services.import_confirm(batch=batch, actor=user)
    assert batch.rejected_count == 0, [p.message for p in batch.problems.all()]
