"""The Django admin in Finnish and Swedish, third-party apps included."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.templatetags import admin_list
from django.contrib.auth.models import Group
from django.urls import reverse

from config.apps import boolean_icon
from tests.personas import sign_in

if TYPE_CHECKING:
    from django.test import Client

    from accounts.models import User

pytestmark = pytest.mark.django_db


def test_the_admins_yes_no_icons_use_polkus_text() -> None:
    # Django's own writes the Python value ("True") as the text; the admin's
    # configuration replaces it (config.apps.PolkuAdminConfig). If Django
    # renames or stops importing the function at call time, this fails.
    assert admin_list._boolean_icon is boolean_icon  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        (
            "fi",
            [
                "Kirjautumisten valvonta",
                "Kirjautumisyritykset",
                "Epäonnistuneet kirjautumiset",
                "Kaksivaiheisen tunnistautumisen laitteet",
                "Ajastetut tehtävät",
            ],
        ),
        (
            "sv",
            [
                "Övervakning av inloggningar",
                "Inloggningsförsök",
                "Misslyckade inloggningar",
                "Enheter för tvåfaktorsautentisering",
                "Schemalagda uppgifter",
            ],
        ),
    ],
)
def test_third_party_apps_are_named_in_the_readers_language(
    client: Client, admin_user: User, language: str, texts: list[str]
) -> None:
    sign_in(client, admin_user)

    html = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE=language).content
    page = html.decode()

    for text in texts:
        assert text in page
    for english in ("Access attempts", "Access logs", "TOTP devices", "Otp_Totp"):
        assert english not in page


def test_sign_in_records_are_listed_without_english_names(
    client: Client, admin_user: User
) -> None:
    # given a failed sign-in
    client.post(reverse("accounts:login"), {"username": "nobody", "password": "x"})
    assert AccessAttempt.objects.exists()
    sign_in(client, admin_user)

    # when an administrator lists the attempts in Swedish
    page = client.get(
        reverse("admin:axes_accessattempt_changelist"), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()

    # then the columns are in Swedish and no row is named "Attempted Access: ..."
    assert "Tidpunkt för försöket" in page
    assert "Misslyckade inloggningar" in page
    assert "Attempted Access" not in page
    assert "True" not in page


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("fi", "Voi lisätä: poikkeuksellinen pääsy"),
        ("sv", "Kan lägga till: nödåtkomst"),
    ],
)
def test_permissions_are_named_in_the_readers_language(
    client: Client, admin_user: User, language: str, label: str
) -> None:
    group = Group.objects.create(name="Testiryhmä")
    sign_in(client, admin_user)

    page = client.get(
        reverse("admin:auth_group_change", args=[group.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    ).content.decode()

    assert label in page
    assert "Can add" not in page


def test_the_password_form_warns_in_the_readers_language(
    client: Client, admin_user: User, caseworker: User
) -> None:
    sign_in(client, admin_user)

    page = client.get(
        reverse("admin:auth_user_password_change", args=[caseworker.pk]),
        HTTP_ACCEPT_LANGUAGE="sv",
    ).content.decode()

    assert "användarens nuvarande lösenord" in page
    assert "current password for this user" not in page
