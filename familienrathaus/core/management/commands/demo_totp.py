from __future__ import annotations

import time
from typing import Any

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from familienrathaus.core.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current one-time code of the demo coordinators (local use only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("The demo code is not available in production.")
        counter = int(time.time()) // 30
        code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, counter))
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(f"{code}  (valid for {remaining} more seconds)")
