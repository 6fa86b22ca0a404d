"""Writes about jobseekers and cases; each service owns its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from .models import Jobseeker

if TYPE_CHECKING:
    from organisations.models import Organisation


@transaction.atomic
def jobseeker_create(
    *,
    organisation: Organisation,
    home_municipality: Organisation,
    identity_code: str,
    first_names: str,
    last_name: str,
    mother_tongue: str = Jobseeker.MotherTongue.FINNISH,
    other_language: str = "",
    email: str = "",
    phone: str = "",
) -> Jobseeker:
    """Register a jobseeker with a validated, encrypted identity code."""
    jobseeker = Jobseeker(
        organisation=organisation,
        home_municipality=home_municipality,
        first_names=first_names.strip(),
        last_name=last_name.strip(),
        mother_tongue=mother_tongue,
        other_language=other_language.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    jobseeker.set_identity_code(identity_code)
    jobseeker.full_clean()
    jobseeker.save()
    return jobseeker
