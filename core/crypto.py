"""Encryption at rest and blind indexes for personal identifiers.

Identity codes are stored encrypted (Fernet: AES-128-CBC + HMAC-SHA256,
randomised, authenticated) and searched through a keyed hash, so the
database never holds or scans a plaintext code. Keys come from settings at
call time (POLKU_FIELD_ENCRYPTION_KEYS, POLKU_BLIND_INDEX_KEY), never from
SECRET_KEY.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    return _fernet_for(tuple(settings.FIELD_ENCRYPTION_KEYS))


@functools.lru_cache(maxsize=4)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    # MultiFernet encrypts with the first key and decrypts with any, which is
    # what key rotation needs (core.crypto.rotate re-encrypts old tokens).
    # Built once per set of keys: building it was a fifth of an encryption,
    # and an import encrypts 100,000 codes.
    return MultiFernet([Fernet(key.encode()) for key in keys])


@functools.lru_cache(maxsize=4)
def _keyed_hash(key: str) -> hmac.HMAC:
    # The key schedule once per key; blind_index copies it.
    return hmac.new(key.encode("utf-8"), digestmod=hashlib.sha256)


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
    keyed = _keyed_hash(settings.BLIND_INDEX_KEY).copy()
    keyed.update(value.strip().upper().encode("utf-8"))
    return keyed.hexdigest()
