"""Pure rules of the jobseeker service process: no ORM, no I/O (STYLE.md 2.3).

identity  - personal identity codes and ages
calendar  - Finnish working days
process   - effective-dated deadline rules of the statutory process
triggers  - activation-plan, multi-sectoral and integration-plan triggers
registration - what a registration and changed facts set going (all write paths)
"""

from .identity import (
    CENTURY_BY_SIGN,
    CHECK_CHARACTERS,
    TEMPORARY_INDIVIDUAL_NUMBERS,
    IdentityCode,
    InvalidIdentityCodeError,
    age_on,
    build_identity_code,
    identity_code_check_character,
    mask_identity_code,
    parse_identity_code,
)

__all__ = [
    "CENTURY_BY_SIGN",
    "CHECK_CHARACTERS",
    "TEMPORARY_INDIVIDUAL_NUMBERS",
    "IdentityCode",
    "InvalidIdentityCodeError",
    "age_on",
    "build_identity_code",
    "identity_code_check_character",
    "mask_identity_code",
    "parse_identity_code",
]
