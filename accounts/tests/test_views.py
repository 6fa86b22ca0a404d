from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import UserFactory

if TYPE_CHECKING:
    from django.test import Client


def test_the_custom_user_model_is_in_use() -> None:
    assert get_user_model() is User


def test_sign_in_and_out(client: Client, caseworker: User) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": "correct-horse-battery"},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:home")).status_code == 200

    client.post(reverse("accounts:logout"))

    assert client.get(reverse("core:home")).status_code == 302


def test_a_wrong_password_is_explained_in_finnish_and_tied_to_the_form(
    client: Client, caseworker: User
) -> None:
    response = client.post(
        reverse("accounts:login"),
        {"username": "caseworker", "password": "wrong"},
        HTTP_ACCEPT_LANGUAGE="fi",
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="alert"' in html
    assert "Ole hyvä ja syötä kelvollinen" in html


def test_a_missing_field_is_marked_invalid_on_the_input(
    client: Client, db: None
) -> None:
    response = client.post(reverse("accounts:login"), {"username": "", "password": ""})

    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_username_errors"' in html


def test_signing_in_applies_the_users_language(client: Client, db: None) -> None:
    UserFactory(username="ruotsi", preferred_language="sv")

    response = client.post(
        reverse("accounts:login"),
        {"username": "ruotsi", "password": "correct-horse-battery"},
    )

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    assert 'lang="sv"' in client.get(reverse("core:home")).content.decode()


def test_a_language_chosen_before_sign_in_wins(client: Client, db: None) -> None:
    UserFactory(username="suomi", preferred_language="fi")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.post(
        reverse("accounts:login"),
        {"username": "suomi", "password": "correct-horse-battery"},
    )

    assert 'lang="en"' in client.get(reverse("core:home")).content.decode()


@pytest.mark.parametrize(
    ("language", "text"),
    [("fi", "Kirjaudu sisään"), ("sv", "Logga in"), ("en", "Sign in")],
)
def test_the_sign_in_page_speaks_each_language(
    client: Client, db: None, language: str, text: str
) -> None:
    client.post(reverse("accounts:set_language"), {"language": language, "next": "/"})

    html = client.get(reverse("accounts:login")).content.decode()

    assert f'<html lang="{language}">' in html
    assert text in html


def test_changing_language_is_remembered_for_a_signed_in_user(
    client: Client, caseworker: User
) -> None:
    client.force_login(caseworker)

    client.post(reverse("accounts:set_language"), {"language": "sv", "next": "/"})

    caseworker.refresh_from_db()
    assert caseworker.preferred_language == "sv"


def test_an_unknown_language_is_ignored(client: Client, caseworker: User) -> None:
    client.force_login(caseworker)

    client.post(reverse("accounts:set_language"), {"language": "xx", "next": "/"})

    caseworker.refresh_from_db()
    assert caseworker.preferred_language == "fi"
