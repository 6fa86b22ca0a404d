"""Reading an uploaded file into records: bytes in, header and rows out.

Pure (no ORM): the formats municipalities actually send. A CSV may come from
a Finnish Excel ("CSV (puolipiste)": semicolons, cp1252 or UTF-8 with a BOM,
decimal commas) or from another system (commas, UTF-8); XLSX is read with
openpyxl in read-only mode; JSON is a list of objects. Every record keeps the
line of the file it starts on (the header is line 1), so that a problem can
be found in the file the user has open.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

CSV = "csv"
XLSX = "xlsx"
JSON = "json"
FORMATS = (CSV, XLSX, JSON)
DELIMITERS = (";", ",", "\t")


class FileFormatError(Exception):
    """The file as a whole cannot be read; `code` and `params` name the reason."""

    def __init__(self, code: str, *, line: int | None = None, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.params = params


@dataclass(frozen=True)
class Record:
    line: int  # the line of the file where the record starts; the header is 1
    number: int  # 1 for the first data record, in file order
    values: dict[str, Any]  # header as written in the file -> raw cell value


@dataclass
class Table:
    format: str
    headers: list[str]
    records: list[Record] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""


def detect_format(file_name: str, data: bytes) -> str:
    """CSV, XLSX or JSON, from the content first and the file name second."""
    if data[:4] == b"PK\x03\x04":
        return XLSX
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] in (b"[", b"{"):
        return JSON
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in file_name else ""
    if suffix in (XLSX, "xlsm"):
        return XLSX
    if suffix == JSON:
        return JSON
    return CSV


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised exactly.
    Anything else that is not valid UTF-8 is taken as cp1252, the "ANSI"
    encoding of a Finnish Windows Excel; bytes cp1252 leaves undefined fall
    back to Latin-1, which decodes every byte. ä and ö are the same bytes in
    both, so Finnish names survive either way.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def sniff_delimiter(first_line: str) -> str:
    """The separator used most in the header line (outside quotes); a comma
    when there is none, i.e. a file with one column."""
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _clean_header(value: Any) -> str:
    return str(value if value is not None else "").strip().lstrip("\ufeff").strip()


def _is_blank(values: Any) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _check_headers(headers: list[str]) -> None:
    if not any(headers):
        raise FileFormatError("no_header", line=1)


def read_csv(text: str, *, limit: int | None = None) -> Table:
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header_row = next(reader)
    except StopIteration:
        raise FileFormatError("empty") from None
    headers = [_clean_header(h) for h in header_row]
    _check_headers(headers)
    table = Table(format=CSV, headers=headers, delimiter=delimiter)
    # A record may span lines (a quoted value with a line break): it starts
    # on the line after the one where the previous record ended.
    previous_end = reader.line_num
    number = 0
    # A full row under named columns (nearly every row) zips; the general
    # form fills missing cells and skips unnamed columns.
    all_named = all(headers)
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            # A CSV row's cells are all text: blank when they join to
            # whitespace (one call, where _is_blank tests each cell).
            if not "".join(row).strip():
                continue
            number += 1
            values: dict[str, Any]
            if all_named and len(row) >= len(headers):
                values = dict(zip(headers, row, strict=False))
            else:
                values = {
                    header: row[index] if index < len(row) else None
                    for index, header in enumerate(headers)
                    if header
                }
            table.records.append(Record(line=start, number=number, values=values))
            if number == limit:
                break
    except csv.Error as exc:
        raise FileFormatError("csv_invalid", line=reader.line_num) from exc
    return table


def read_xlsx(data: bytes, *, limit: int | None = None) -> Table:
    """The first worksheet; its first row is the header, rows are lines."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise FileFormatError("unreadable", format="XLSX") from exc
    try:
        sheet = workbook.worksheets[0]
        rows: Iterator[tuple[Any, ...]] = sheet.iter_rows(values_only=True)
        header_row = next(rows, None)
        if header_row is None:
            raise FileFormatError("empty")
        headers = [_clean_header(h) for h in header_row]
        _check_headers(headers)
        table = Table(format=XLSX, headers=headers)
        number = 0
        for line, row in enumerate(rows, start=2):
            if _is_blank(row):
                continue
            number += 1
            values = {
                header: row[index] if index < len(row) else None
                for index, header in enumerate(headers)
                if header
            }
            table.records.append(Record(line=line, number=number, values=values))
            if number == limit:
                break
    finally:
        # Read-only workbooks keep the archive open until closed.
        workbook.close()
    return table


def read_json(text: str, *, limit: int | None = None) -> Table:
    """A list of objects; each record's line is where its object begins."""
    decoder = json.JSONDecoder()
    length = len(text)

    def skip_space(index: int) -> int:
        while index < length and text[index] in " \t\r\n":
            index += 1
        return index

    def line_of(index: int) -> int:
        return text.count("\n", 0, index) + 1

    index = skip_space(0)
    if index >= length:
        raise FileFormatError("empty")
    if text[index] != "[":
        raise FileFormatError("json_not_list", line=line_of(index))
    index = skip_space(index + 1)
    headers: dict[str, None] = {}
    table = Table(format=JSON, headers=[])
    number = 0
    # Object by object with raw_decode, to know where each one starts: the
    # line is what a user can look up in the file.
    while index < length and text[index] != "]":
        try:
            item, end = decoder.raw_decode(text, index)
        except json.JSONDecodeError as exc:
            raise FileFormatError("json_invalid", line=exc.lineno) from exc
        if not isinstance(item, dict):
            raise FileFormatError("json_item_not_object", line=line_of(index))
        number += 1
        values = {_clean_header(k): v for k, v in item.items()}
        headers.update(dict.fromkeys(values))
        table.records.append(Record(line=line_of(index), number=number, values=values))
        if number == limit:
            break
        index = skip_space(end)
        if index < length and text[index] == ",":
            index = skip_space(index + 1)
        elif index < length and text[index] != "]":
            raise FileFormatError("json_invalid", line=line_of(index))
    if index >= length and number != limit:
        raise FileFormatError("json_invalid", line=line_of(length))
    table.headers = list(headers)
    return table


def read_table(file_name: str, data: bytes, *, limit: int | None = None) -> Table:
    """Read any supported file; raises FileFormatError for an unreadable one.
    With `limit`, only the first records (to show them)."""
    if not data.strip():
        raise FileFormatError("empty")
    kind = detect_format(file_name, data)
    if kind == XLSX:
        return read_xlsx(data, limit=limit)
    text, encoding = decode_text(data)
    table = (
        read_json(text, limit=limit) if kind == JSON else read_csv(text, limit=limit)
    )
    table.encoding = encoding
    return table
