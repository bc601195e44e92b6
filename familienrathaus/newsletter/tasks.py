"""Background tasks of the newsletter, run by the worker (``manage.py worker``).

Sending an edition is supervised by a chain of ``send_edition`` ticks. Each tick
first enqueues its successor (with a new token, so exactly one chain lives), then
recovers messages of dead workers (``outbox.recover_stale``), creates the missing
deliveries (one outbox message per subscriber, in batches, each batch one
transaction, a unique constraint on (edition, subscriber)) and marks the edition
sent once every delivery's message is final. The messages are sent in batches over
one SMTP connection each (``send_batch``, see ``newsletter.sending`` and
``core.outbox.deliver_batch``); retries and "send again" travel like every other
mail, one ``deliver_message`` task each.
"""

from __future__ import annotations

from django_tasks import task

from familienrathaus.core import jobs
from familienrathaus.newsletter import sending, services


@jobs.provides(sending.SEND_EDITION)
@task()
def send_edition(edition_id: int, token: str) -> str:
    return services.supervise(edition_id, token)


@jobs.provides(sending.SEND_BATCH)
@task(queue_name="mail")
def send_batch(edition_id: int) -> str:
    return sending.send_batch(edition_id)
