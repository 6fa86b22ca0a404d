"""Contact details as messages need them: phone numbers in E.164."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext_lazy as _

# Numbers typed without a country code are Finnish (040 123 4567).
DEFAULT_REGION = "FI"

PHONE_INVALID = _(
    "Enter a valid phone number, for example 040 123 4567, or with the "
    "country code, for example +46 70 123 4567."
)


def phone_e164(raw: str) -> str | None:
    """The number in international form (+358401234567), read as Finnish
    unless it has a country code; None when it is no valid number."""
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def phone_display(stored: str) -> str:
    """A stored number as a Finn reads it: Finnish numbers in the national
    form (040 1234567), others with their country code (+46 70 123 45 67);
    anything unparsable as it is."""
    if not stored:
        return stored
    try:
        number = phonenumbers.parse(stored, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return stored
    form = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if phonenumbers.region_code_for_number(number) == DEFAULT_REGION
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return str(phonenumbers.format_number(number, form))
