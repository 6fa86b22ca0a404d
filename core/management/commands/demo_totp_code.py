from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo user (demo environments only)."

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
        code = totp(
            device.bin_key, step=device.step, t0=device.t0, digits=device.digits
        )
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{code:0{device.digits}d}  (valid for {remaining} s)")
