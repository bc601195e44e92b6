from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter

from familienrathaus.core.outbox import queue_mail


class AccountAdapter(DefaultAccountAdapter):
    """Sends allauth's mails (verification, password reset) through the outbox."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        queue_mail(
            to=message.to,
            subject=message.subject,
            body_text=str(message.body),
            body_html=str(html),
            purpose=f"account:{template_prefix.rsplit('/', 1)[-1]}",
        )
