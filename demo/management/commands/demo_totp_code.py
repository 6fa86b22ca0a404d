from __future__ import annotations

import math
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

# A code with less time left than this is hard to type in before it expires:
# wait for the next one instead.
MIN_SECONDS_LEFT = 10


class Command(BaseCommand):
    help = (
        "Print the current two-factor code of a demo user (demo environments "
        f"only); with under {MIN_SECONDS_LEFT} s left, wait for the next code."
    )

    # A code to type in now: no seconds of system checks before it.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", default="polku.admin")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.POLKU_ALLOW_TEMPORARY_IDENTITY_CODES:
            raise CommandError("Only in a demo environment.")
        device = TOTPDevice.objects.filter(
            user__username=options["username"], confirmed=True
        ).first()
        if device is None:
            raise CommandError(f"{options['username']} has no two-factor device.")
        left = self._seconds_left(device)
        if left < MIN_SECONDS_LEFT:
            self.stdout.write(
                f"The current code expires in {math.ceil(left)} s: waiting for the "
                "next one ..."
            )
            self.stdout.flush()
            # A little past the boundary, so that the clock is surely in the
            # next window when the code is computed.
            time.sleep(left + 0.1)
            left = self._seconds_left(device)
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits
        )
        self.stdout.write(f"{code:0{device.digits}d}  (valid for {math.floor(left)} s)")

    @staticmethod
    def _seconds_left(device: TOTPDevice) -> float:
        """Seconds until the current code's window (30 s) ends."""
        step = int(device.step)
        return step - (time.time() - int(device.t0)) % step
