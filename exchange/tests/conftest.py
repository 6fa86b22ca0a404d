from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

from exchange import services

if TYPE_CHECKING:
    from accounts.models import User
    from exchange.models import ImportBatch
    from organisations.models import Organisation

Import = Callable[..., "ImportBatch"]


@pytest.fixture
def import_file(caseworker: User, municipality: Organisation) -> Import:
    """Upload a file as the caseworker (for Kalajoki) and, unless told not
    to, confirm it: what the browser does in two steps."""

    def _import(
        data: bytes,
        *,
        kind: str = "jobseekers",
        file_name: str = "tiedosto.csv",
        user: User | None = None,
        organisation: Organisation | None = None,
        confirm: bool = True,
    ) -> ImportBatch:
        user = user or caseworker
        batch = services.import_upload(
            organisation=organisation or municipality,
            kind=kind,
            file_name=file_name,
            data=data,
            uploaded_by=user,
        )
        if confirm:
            batch = services.import_confirm(batch=batch, actor=user)
        return batch

    return _import
