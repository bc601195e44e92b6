"""The daily work of the desk: reminders to whoever holds a concern when it is due, and
the interim notice to the family when the first-answer target has passed.

Each is sent once: a reminder once per due date (``reminder_sent_on`` is compared with
the due date it was for), the interim notice once per concern
(``interim_notice_sent_on``). Each concern is handled in its own short locked
transaction and checked again on the fresh row, so two runs at the same time (two
workers) send nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.utils.translation import gettext as _

from familienrathaus.concerns import dues
from familienrathaus.concerns.models import Concern, Message
from familienrathaus.concerns.selectors import desk as selectors
from familienrathaus.concerns.services import intake
from familienrathaus.concerns.services.desk import (
    DESK_LABEL,
    add_message,
    holder_emails,
    locked_concern,
    mail_staff,
)
from familienrathaus.concerns.services.passing import office_url, partner_url

logger = logging.getLogger(__name__)


def send_reminders(*, today: dt.date | None = None) -> int:
    """Remind the holder of every concern whose next due date has come; the number sent."""
    today = today or dues.today()
    sent = 0
    for candidate in selectors.due_for_reminder(today):
        with locked_concern(candidate.pk) as concern:
            if not selectors.due_for_reminder(today).filter(pk=concern.pk).exists():
                continue
            due = selectors.next_due(concern)
            context: dict[str, object] = {"due": due, "overdue": due is not None and due < today}
            # Links and texts in each holder's language (see mail_staff).
            if concern.office is not None:
                context["url"] = partial(office_url, concern, concern.office)
            elif concern.organisation is not None:
                context["url"] = partial(partner_url, concern)
            mail_staff(
                holder_emails(concern),
                partial(_reminder_subject, concern.reference),
                "concerns/mail/reminder.txt",
                concern,
                purpose="concerns.reminder",
                context=context,
            )
            Concern.objects.filter(pk=concern.pk).update(reminder_sent_on=today)
            sent += 1
    logger.info("concerns: %s reminders sent", sent)
    return sent


def _reminder_subject(reference: str) -> str:
    return _("Reminder: concern %(reference)s is due") % {"reference": reference}


def send_interim_notices(*, today: dt.date | None = None) -> int:
    """Tell each family whose first answer is late that we are still on it (from the
    interim answer template); the number of notices. Nothing without a template."""
    today = today or dues.today()
    template = selectors.interim_template()
    if template is None:
        return 0
    sent = 0
    for candidate in selectors.due_for_interim_notice(today):
        with locked_concern(candidate.pk) as concern:
            if not selectors.due_for_interim_notice(today).filter(pk=concern.pk).exists():
                continue
            message = add_message(
                concern,
                kind=Message.Kind.INTERIM,
                text=template.text,
                public=True,
                author=None,
                label=DESK_LABEL,
            )
            intake.notify_family(concern, message)
            Concern.objects.filter(pk=concern.pk).update(interim_notice_sent_on=today)
            sent += 1
    logger.info("concerns: %s interim notices sent", sent)
    return sent
