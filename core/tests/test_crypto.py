from __future__ import annotations

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.test import override_settings

from core import crypto


def test_encryption_round_trips_and_is_randomised() -> None:
    first = crypto.encrypt("010594Y9032")
    second = crypto.encrypt("010594Y9032")

    assert first != second
    assert b"010594" not in first
    assert crypto.decrypt(first) == crypto.decrypt(second) == "010594Y9032"


def test_old_tokens_decrypt_after_key_rotation_and_rotate_to_the_new_key() -> None:
    old_key = Fernet.generate_key().decode()
    new_key = Fernet.generate_key().decode()
    with override_settings(FIELD_ENCRYPTION_KEYS=[old_key]):
        token = crypto.encrypt("010594Y9032")

    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key, old_key]):
        assert crypto.decrypt(token) == "010594Y9032"
        rotated = crypto.rotate(token)
    with override_settings(FIELD_ENCRYPTION_KEYS=[new_key]):
        assert crypto.decrypt(rotated) == "010594Y9032"
        with pytest.raises(InvalidToken):
            crypto.decrypt(token)


def test_blind_index_is_keyed_and_normalised() -> None:
    assert crypto.blind_index(" 010594y9032 ") == crypto.blind_index("010594Y9032")
    with override_settings(BLIND_INDEX_KEY="another-key"):
        other = crypto.blind_index("010594Y9032")
    assert other != crypto.blind_index("010594Y9032")
