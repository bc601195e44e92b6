"""What the holiday programme holds about a family (registered in
``core.personal_data``): children with their bookings and health notes, reduction
claims with their proof files, invoices; and what staff entered or checked."""

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
        }
        for i in invoices.select_related("period").distinct()
    ]
    return data


def _erase(person: Person) -> None:
    """Booked places are cancelled (the waiting list moves up), then the children and
    the claims go; their proof files go with the rows (``PrivateFileField``). Issued
    invoices stay for the cash office's accounts (retention duty), without the account."""
    child_ids = list(Child.objects.filter(family=person.user).values_list("pk", flat=True))
    for child in Child.objects.filter(pk__in=child_ids):
        services.delete_child(actor=person.user, child=child)
    claim_ids = list(ReductionClaim.objects.filter(family=person.user).values_list("pk", flat=True))
    for claim in ReductionClaim.objects.filter(pk__in=claim_ids):
        claim.delete()
    audit.forget(object_type="holidays.child", object_ids=child_ids)
    audit.forget(object_type="holidays.reductionclaim", object_ids=claim_ids)
    Invoice.objects.filter(family=person.user).update(family=None)


register(
    "holidays",
    label=_("Holiday programme"),
    models=[Child, ReductionClaim, Invoice, Booking],
    export=_export,
    erase=_erase,
    order=40,
)

_activities = references(
    Activity, ["created_by"], lambda a: {"activity": a.title, "created": a.created_at}
)
_cancelled = references(Booking, ["cancelled_by"], lambda b: {"booking": b.pk})
_checked = references(ReductionClaim, ["checked_by"], lambda c: {"claim": c.pk})
_staff = combine(
    _activities, _cancelled, _checked, keys=["activities", "cancelled_bookings", "checked_claims"]
)
register(
    "holidays_staff",
    label=_("Holiday programme: what you entered or checked"),
    models=[Activity],
    export=_staff[0],
    erase=_staff[1],
)

not_personal("holidays.period", "the name of a holiday programme")
not_personal("holidays.reductionkind", "the name of a kind of reduction")
not_personal("holidays.occasion", "a public note on an occasion")
