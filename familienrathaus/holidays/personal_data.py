"""What the holiday programme holds about a family (registered in
``core.personal_data``): children with their bookings and health notes, reduction
claims with their proof files, invoices with the payments received and the reminders
sent for them; and what staff entered, imported or checked.

Invoices and what was paid on them are accounting records: the cash office must keep
them (§ 147 AO, § 257 HGB; municipal budget law refers to the same periods), so a
deleted account does not delete them. What the law does not require goes:

- the link to the account (``Invoice.family``); payments and reminders point at the
  invoice only, never at the account;
- the payer's e-mail address on invoices that are settled (paid or cancelled): an
  invoice must name its recipient, not a mail address. On an open invoice it stays,
  to claim the money still owed (Art. 17 (3) (e) GDPR);
- the payer's name on a payment stays: it is the bank's booking entry (or the
  receipt of a cash payment), itself a record to keep. Unassigned statement lines are
  nobody's known data and stay with the statement import.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.core import audit
from familienrathaus.core.personal_data import Person, combine, not_personal, references, register
from familienrathaus.holidays import selectors, services
from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Invoice,
    ReductionClaim,
)
from familienrathaus.holidays.payment_models import InvoiceReminder, Payment, PaymentImport


def _export(person: Person) -> dict[str, Any]:
    data = selectors.personal_data(person.user)
    data["reductions"] = [
        {
            "programme": c.period.name,
            "kind": c.kind.name,
            "status": c.status,
            "claimed": c.created_at,
            "proof_file": reverse("holidays:my_proof", args=[c.pk]) if c.proof else None,
        }
        for c in ReductionClaim.objects.filter(family=person.user).select_related("period", "kind")
    ]
    invoices = Invoice.objects.filter(Q(family=person.user) | person.email_q("payer_email"))
    data["invoices"] = [
        {
            "number": i.number,
            "programme": i.period.name,
            "payer": i.payer_name,
            "payer_email": i.payer_email,
            "total": i.total,
            "status": i.status,
            "issued": i.created_at,
            "due": i.due_on,
            "paid_amount": i.paid_amount,
            "payments": [
                {
                    "booked_on": p.booked_on,
                    "amount": p.amount,
                    "method": p.method,
                    "payer": p.payer,
                    "purpose": p.purpose,
                }
                for p in i.payments.all()
            ],
            "reminders": [{"stage": r.stage, "sent": r.sent_at} for r in i.reminders.all()],
        }
        for i in invoices.select_related("period")
        .prefetch_related("payments", "reminders")
        .distinct()
    ]
    return data


def _erase(person: Person) -> None:
    """Booked places are cancelled (the waiting list moves up), then the children and
    the claims go; their proof files go with the rows (``PrivateFileField``). Issued
    invoices, their payments and reminders stay for the cash office (see the module's
    docstring): without the account, and settled ones without the payer's address."""
    child_ids = list(Child.objects.filter(family=person.user).values_list("pk", flat=True))
    for child in Child.objects.filter(pk__in=child_ids):
        services.delete_child(actor=person.user, child=child)
    claim_ids = list(ReductionClaim.objects.filter(family=person.user).values_list("pk", flat=True))
    for claim in ReductionClaim.objects.filter(pk__in=claim_ids):
        claim.delete()
    audit.forget(object_type="holidays.child", object_ids=child_ids)
    audit.forget(object_type="holidays.reductionclaim", object_ids=claim_ids)
    invoices = Invoice.objects.filter(Q(family=person.user) | person.email_q("payer_email"))
    settled = [Invoice.Status.PAID, Invoice.Status.CANCELLED]
    invoices.filter(status__in=settled).update(payer_email="")
    Invoice.objects.filter(family=person.user).update(family=None)


register(
    "holidays",
    label=_("Holiday programme"),
    models=[Child, ReductionClaim, Invoice, Booking, Payment, InvoiceReminder],
    export=_export,
    erase=_erase,
    order=40,
    labels={"reductions": _("reductions"), "consent_given": _("consent given")},
)

_activities = references(
    Activity, ["created_by"], lambda a: {"activity": a.title, "created": a.created_at}
)
_cancelled = references(Booking, ["cancelled_by"], lambda b: {"booking": b.pk})
_checked = references(ReductionClaim, ["checked_by"], lambda c: {"claim": c.pk})
_payments = references(
    Payment, ["created_by"], lambda p: {"payment": p.pk, "booked_on": p.booked_on}
)
_statements = references(
    PaymentImport, ["created_by"], lambda i: {"file": i.file_name, "imported": i.created_at}
)
_staff = combine(
    _activities,
    _cancelled,
    _checked,
    _payments,
    _statements,
    keys=[
        "activities",
        "cancelled_bookings",
        "checked_claims",
        "payments_entered",
        "statements_imported",
    ],
)
register(
    "holidays_staff",
    label=_("Holiday programme: what you entered or checked"),
    # A statement import's file name is the bank's export name, not a person's.
    models=[Activity, PaymentImport],
    export=_staff[0],
    erase=_staff[1],
    labels={
        "cancelled_bookings": _("bookings you cancelled"),
        "checked_claims": _("reductions you checked"),
        "payments_entered": _("payments you entered"),
        "statements_imported": _("bank statements you imported"),
    },
)

not_personal("holidays.period", "the name of a holiday programme")
not_personal("holidays.reductionkind", "the name of a kind of reduction")
not_personal("holidays.occasion", "a public note on an occasion")
