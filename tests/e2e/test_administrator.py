"""An administrator signs in with the password and a TOTP code, then manages
API tokens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from .conftest import axe_violations, screenshot, sign_in_with_form

if TYPE_CHECKING:
    from accounts.models import User
    from organisations.models import Organisation

    from .conftest import Browse

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_sign_in_with_the_second_factor_and_create_an_api_token(
    browse: Browse, admin_user: User, municipality: Organisation
) -> None:
    page = browse.page()
    sign_in_with_form(page, admin_user.username)

    # Nothing but the second factor until it is verified.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kaksivaiheinen tunnistautuminen"
    )
    expect(page.get_by_role("main")).to_contain_text(
        "Anna todennussovelluksesi näyttämä kuusinumeroinen koodi."
    )
    assert axe_violations(page) == []
    screenshot(page, "flow-admin", "two-factor", "fi")
    device = TOTPDevice.objects.get(user=admin_user)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.locator("#id_token").fill(f"{code:0{device.digits}d}")
    page.get_by_role("button", name="Vahvista").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Kaksivaiheinen tunnistautuminen onnistui."
    )

    page.get_by_role("navigation").get_by_role("link", name="API-tunnisteet").click()
    page.locator("#id_name").fill("Raportointi")
    page.locator("#id_organisation").select_option(str(municipality.pk))
    page.locator("#id_role").select_option("board_viewer")
    page.get_by_role("button", name="Luo tunniste").click()
    expect(page.get_by_role("main").locator("code").first).to_contain_text("polku_")
    expect(page.get_by_role("table", name="Tunnisteet")).to_contain_text("Raportointi")
    assert axe_violations(page) == []
    screenshot(page, "flow-admin", "api-token-created", "fi")
