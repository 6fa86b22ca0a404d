"""{% language_switch %} writes what components/language_switch.html
(kept as core/tests/language_switch_reference.html) rendered, in every
language, for a signed-in page and for one without a CSRF token."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

_REFERENCE = Path(__file__).parent / "language_switch_reference.html"


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("token", ["abc<&>\"'123", "NOTPROVIDED", ""])
def test_the_switch_reads_as_the_template_did(language: str, token: str) -> None:
    # given: an address that needs escaping
    request = RequestFactory().get("/work/jobseekers/1/", {"q": 'a&b<"c>'})
    context = {"request": request, "csrf_token": token}

    # when
    with translation.override(language):
        old = Template(_REFERENCE.read_text()).render(Context(context))
        new = Template("{% load languages %}{% language_switch %}").render(
            Context(context)
        )

    # then
    assert new == old
    assert "selected" in new


def test_without_a_request_the_address_is_empty() -> None:
    with translation.override("fi"):
        old = Template(_REFERENCE.read_text()).render(Context({}))
        new = Template("{% load languages %}{% language_switch %}").render(Context())

    assert new == old
