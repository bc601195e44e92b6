"""What the welcome for newborns holds about a person (registered in ``core.personal_data``).

- A family's **registrations** (made signed in, or with one of the account's e-mail
  addresses), with the grant, its **Kita wishes** and **follow-up mails** (by the
  registration or the address). The erasure deletes them the way the retention does
  (``retention.delete_registration``): the month's counts stay for the reports, nothing
  about the family.
- **Payments** of the family's grants are exported but not erased: the cash office must
  keep payment records until their ``keep_until`` (end of the year of payment plus the
  configured years, default 10); then the retention deletes them. The export says so.
- Staff: registrations recorded or decided, grants decided, payments made, transfer
  files and stock movements only point at the account; the erasure unlinks them.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit
from familienrathaus.core.personal_data import (
    Person,
    combine,
    not_personal,
    plain,
    references,
    register,
)
from familienrathaus.welcome import retention
from familienrathaus.welcome.models import (
    FollowUp,
    FollowUpSent,
    Grant,
    KitaInterest,
    KitaPreference,
    Payment,
    Registration,
    StockMovement,
    TransferBatch,
)


def _registrations(person: Person) -> QuerySet[Registration]:
    return Registration.objects.filter(Q(user=person.user) | person.email_q("email")).distinct()


def _kita_interests(person: Person, registration_ids: list[int]) -> QuerySet[KitaInterest]:
    return KitaInterest.objects.filter(
        Q(registration_id__in=registration_ids) | person.email_q("email")
    ).distinct()


def _followups(person: Person, registration_ids: list[int]) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        Q(registration_id__in=registration_ids) | person.email_q("email")
    ).distinct()


def _payments(registrations: list[Registration]) -> QuerySet[Payment]:
    return Payment.objects.filter(
        Q(grant__registration__in=[r.pk for r in registrations])
        | Q(registration_reference__in=[r.reference for r in registrations])
    ).distinct()


def _registration(registration: Registration) -> dict[str, Any]:
    grant: Grant | None = Grant.objects.filter(registration=registration).first()
    return {
        "reference": registration.reference,
        "registered": plain(registration.created_at),
        "channel": str(registration.get_channel_display()),
        "status": str(registration.get_status_display()),
        "child_first_name": registration.child_first_name,
        "birth_date": plain(registration.birth_date),
        "first_born": registration.first_born,
        "parent_names": registration.parent_names,
        "street": registration.street,
        "postcode": registration.postcode,
        "town": registration.town,
        "district": registration.district.name if registration.district else "",
        "lived_here_at_birth": registration.lived_here_at_birth,
        "moved_in_on": plain(registration.moved_in_on),
        "language": registration.language,
        "email": registration.email,
        "phone": registration.phone,
        "delivery": str(registration.get_delivery_display()),
        "wants_grant": registration.wants_grant,
        "payout": str(registration.get_payout_display()) if registration.payout else "",
        "account_holder": registration.account_holder,
        "iban": registration.iban,
        "bic": registration.bic,
        "wants_followup": registration.wants_followup,
        "consent_version": registration.consent_version,
        "consented_at": plain(registration.consented_at),
        "eligibility": str(registration.get_eligibility_display()),
        "decision_reason": registration.decision_reason,
        "appointment": plain(registration.slot.starts_at) if registration.slot else None,
        "grant": (
            {
                "amount": plain(grant.amount),
                "status": str(grant.get_status_display()),
                "reason": grant.reason,
            }
            if grant
            else None
        ),
    }


def _interest(interest: KitaInterest) -> dict[str, Any]:
    return {
        "sent": plain(interest.created_at),
        "status": str(interest.get_status_display()),
        "child_first_name": interest.child_first_name,
        "birth_date": plain(interest.birth_date),
        "parent_names": interest.parent_names,
        "email": interest.email,
        "phone": interest.phone,
        "postcode": interest.postcode,
        "language": interest.language,
        "care_from": plain(interest.care_from),
        "hours_per_week": interest.hours_per_week,
        "kitas": [p.place.name for p in interest.preferences.select_related("place")],
        "note": interest.note,
    }


def _followup(followup: FollowUp) -> dict[str, Any]:
    return {
        "email": followup.email,
        "status": str(followup.get_status_display()),
        "language": followup.language,
        "birth_date": plain(followup.birth_date),
        "child_first_name": followup.child_first_name,
        "confirmed": plain(followup.confirmed_at),
        "sent_at_ages": list(followup.sent.values_list("age_months", flat=True)),
    }


def _payment(payment: Payment) -> dict[str, Any]:
    return {
        "number": payment.number,
        "registration": payment.registration_reference,
        "amount": plain(payment.amount),
        "method": str(payment.get_method_display()),
        "payee": payment.payee_name,
        "iban": payment.iban,
        "paid": plain(payment.paid_at),
        "kept_until": plain(payment.keep_until),
        "note": _(
            "The town's cash office must keep payment records until %(day)s; they are "
            "deleted then. Deleting your account does not delete them earlier."
        )
        % {"day": date_format(payment.keep_until, "DATE_FORMAT")},
    }


def _export(person: Person) -> dict[str, Any]:
    registrations = list(_registrations(person).select_related("district", "slot"))
    ids = [r.pk for r in registrations]
    return {
        "registrations": [_registration(r) for r in registrations],
        "kita_interests": [_interest(i) for i in _kita_interests(person, ids)],
        "followups": [_followup(f) for f in _followups(person, ids)],
        "cash_office_payments": [_payment(p) for p in _payments(registrations)],
    }


def _erase(person: Person) -> None:
    ids = list(_registrations(person).values_list("pk", flat=True))
    interests = list(_kita_interests(person, ids).values_list("pk", flat=True))
    audit.forget(object_type="welcome.kitainterest", object_ids=interests)
    KitaInterest.objects.filter(pk__in=interests).delete()
    _followups(person, ids).delete()
    for registration_id in ids:
        retention.delete_registration(registration_id, force=True)


register(
    "welcome",
    label=gettext_lazy("Welcome for newborns: registrations, Kita wishes, follow-up mails"),
    models=[Registration, Grant, Payment, KitaInterest, KitaPreference, FollowUp, FollowUpSent],
    export=_export,
    erase=_erase,
    labels={
        "registrations": gettext_lazy("registrations"),
        "kita_interests": gettext_lazy("Kita wishes"),
        "followups": gettext_lazy("follow-up mails"),
        "cash_office_payments": gettext_lazy("payments (kept for the cash office)"),
    },
)

_staff = combine(
    references(
        Registration, ["recorded_by", "decided_by"], lambda r: {"registration": r.reference}
    ),
    references(Grant, ["decided_by"], lambda g: {"grant": g.pk}),
    references(Payment, ["paid_by"], lambda p: {"payment": p.number}),
    references(TransferBatch, ["created_by"], lambda b: {"transfer_file": b.message_id}),
    references(StockMovement, ["by"], lambda m: {"item": m.item.name, "change": m.change}),
    keys=["registrations", "grants", "payments", "transfer_files", "stock_movements"],
)
register(
    "welcome_staff",
    label=gettext_lazy("Work in the welcome for newborns"),
    models=[Registration, Grant, Payment, TransferBatch, StockMovement],
    export=_staff[0],
    erase=_staff[1],
    labels={
        "grants": gettext_lazy("grants"),
        "transfer_files": gettext_lazy("transfer files"),
        "stock_movements": gettext_lazy("stock movements"),
    },
)

not_personal(
    "welcome.welcomesettings",
    "the welcome's settings: the town's name and the Kita office's functional address",
)
not_personal("welcome.stockitem", "an item of the welcome package and its stock")
not_personal("welcome.slot", "an appointment slot of the office (its note is the office's)")
not_personal("welcome.monthlycount", "counts per month, district and language, about no one")
