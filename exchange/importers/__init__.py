"""The three kinds of import: check rows against the database, then write them.

Each importer first plans the whole file with a few set-based reads (one
query per 5,000 identity codes through the blind index, one for the
municipalities or service types, one for what already exists), so that
every row's outcome is known before anything is written: created, updated,
already present, or a problem. `write` then applies a chunk of planned rows.

New and returning jobseekers are registered through the set form of
`cases.services.jobseeker_register` (`jobseekers_register_bulk`), which
produces exactly its records. Changed details and new benefit facts go
through `jobseeker_update` one row at a time, each in a savepoint, so that
their change history and re-checked triggers stay those of the caseworker
pages.

One module a kind (jobseekers, counters, service_events) on a shared base;
`check` plans a file. Every name is re-exported here.
"""

from .base import INSERT_BATCH, LOOKUP_CHUNK, Importer, Planned
from .check import IMPORTERS, MAX_ROWS, Check, check_file
from .counters import CounterImporter
from .invoices import FundInvoiceImporter, InvoiceImporter
from .jobseekers import JobseekerImporter
from .service_events import ServiceImporter

__all__ = [
    "IMPORTERS",
    "INSERT_BATCH",
    "LOOKUP_CHUNK",
    "MAX_ROWS",
    "Check",
    "CounterImporter",
    "FundInvoiceImporter",
    "Importer",
    "InvoiceImporter",
    "JobseekerImporter",
    "Planned",
    "ServiceImporter",
    "check_file",
]
