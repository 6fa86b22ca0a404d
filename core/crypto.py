"""Encryption at rest and blind indexes for personal identifiers.

Identity codes are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256,
randomised, authenticated) and searched through a keyed hash, so the
database never holds or scans a plaintext code. Keys come from settings at
call time (POLKU_FIELD_ENCRYPTION_KEYS, POLKU_BLIND_INDEX_KEY), never from
SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    # MultiFernet encrypts with the first key and decrypts with any, which is
    # what key rotation needs (core.crypto.rotate re-encrypts old tokens).
    return MultiFernet([Fernet(key.encode()) for key in settings.FIELD_ENCRYPTION_KEYS])


def encrypt(plaintext: str) -> bytes:
    """Encrypt `plaintext`; each call gives a different token."""
    return _fernet().encrypt(plaintext.encode("utf-8"))


def decrypt(token: bytes) -> str:
    """Decrypt a token made by `encrypt` with any configured key."""
    return _fernet().decrypt(bytes(token)).decode("utf-8")


def rotate(token: bytes) -> bytes:
    """Re-encrypt a token with the current (first) key."""
    return _fernet().rotate(bytes(token))


def blind_index(value: str) -> str:
    """Keyed SHA-256 of a normalised identifier, for exact-match lookups."""
    normalised = value.strip().upper()
    return hmac.new(
        settings.BLIND_INDEX_KEY.encode("utf-8"),
        normalised.encode("utf-8"),
        hashlib.sha256,
    ).hexdigest()
