"""Writes of the programme: rounds, their status, workshops, the jury, applications and
admission.

Admission takes one of the round's places (``Round.max_employers``). It goes through
:func:`familienrathaus.core.capacity.reserve` with the round as the pool: the round row
is locked, the places taken are counted from the participations themselves, and only
then is the status written, so two coordinators admitting the last two applicants at
the same moment cannot both succeed when one place is left.

A round that is opened or started freezes its catalogue version (``frozen_at``): from
then on the catalogue editor makes a copy instead of changing it
(:mod:`familienrathaus.employers.services.catalogue`).

People are invited by e-mail through the outbox. Someone without an account gets a
plain account (role "family": it sees nothing of the back office) and a link to set a
password, as the partners' staff invitation does; someone with an account gets a link
to log in.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import audit, capacity, outbox, recipients, tenancy
from familienrathaus.core import selectors as core_selectors
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.core.outbox import queue_mail
from familienrathaus.core.slugs import unique_slug
from familienrathaus.employers.models import (
    Catalogue,
    Employer,
    JuryMember,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.events.models import Event
from familienrathaus.events.services import content as event_content

ROUND_FIELDS = [
    "name",
    "catalogue",
    "starts_on",
    "ends_on",
    "application_until",
    "max_employers",
    "certificate_years",
    "signed_by",
    "description",
]

# Which status may follow which (coordinators may also step back, e.g. reopen).
NEXT_STATUS: dict[str, tuple[str, ...]] = {
    Round.Status.PLANNED: (Round.Status.OPEN,),
    Round.Status.OPEN: (Round.Status.PLANNED, Round.Status.RUNNING),
    Round.Status.RUNNING: (Round.Status.OPEN, Round.Status.FINISHED),
    Round.Status.FINISHED: (Round.Status.RUNNING,),
}


# ------------------------------------------------------------------ accounts and mail


def site_url(path: str) -> str:
    return tenancy.site_url() + path


def account_for(*, actor: User | None, email: str, name: str = "") -> tuple[User, str, bool]:
    """The account with this address, or a new plain one without a password.

    Returns the account, the link its owner follows and whether the account is new.
    The link: for a new account one to set a password (the address counts as verified:
    only its owner receives the link), else the login page. Refuses a deactivated
    account."""
    email = User.objects.normalize_email(email).strip().lower()
    user = User.objects.find_account(email)
    if user is not None:
        if not user.is_active:
            raise ValidationError(
                {"email": _("This account is deactivated. Please ask the coordination office.")}
            )
        return user, site_url(reverse("account_login")), False
    user = User.objects.create_user(email, None, name=name.strip(), role=Role.FAMILY)
    EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    audit.record(actor=actor, action="user.invite", obj=user, changes={"email": email})
    key = f"{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}"
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
    return user, site_url(path.replace("UID-KEY", key)), True


def send_mail(
    *,
    to: str,
    subject: str | Promise,
    template: str,
    context: dict[str, Any],
    purpose: str,
    subject_args: dict[str, str] | None = None,
) -> None:
    """One mail from a template of ours, through the outbox, in the language of the
    account with this address (the site's language for an address without one); the
    links in ``context`` are moved to that language.
    ``subject`` is a translated text with ``%(site)s`` and the ``subject_args``."""
    site = core_selectors.site_settings()
    with translation.override(settings.LANGUAGE_CODE):
        language = recipients.language_of(to)
    context = recipients.links_in(language, context)
    with outbox.in_language(language):
        queue_mail(
            to=[to],
            language=language,
            subject=str(subject) % {"site": site.alliance_name, **(subject_args or {})},
            body_text=render_to_string(
                template,
                {
                    "site": site,
                    "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                    **context,
                },
            ),
            purpose=purpose,
        )


def _team_addresses(employer: Employer) -> list[str]:
    return sorted({m.user.email for m in employer.members.select_related("user")})


# ------------------------------------------------------------------ rounds


def _check_round(round_: Round) -> None:
    if round_.application_until and round_.application_until > round_.ends_on:
        raise ValidationError(
            {"application_until": _("Applications must close before the round ends.")}
        )
    if round_.ends_on < round_.starts_on:
        raise ValidationError({"ends_on": _("The round must not end before it starts.")})
    if round_.max_employers is not None and round_.max_employers < 1:
        raise ValidationError({"max_employers": _("Please allow at least one employer.")})


@transaction.atomic
def save_round(*, actor: User, round_: Round | None, values: dict[str, Any]) -> Round:
    """Create a round (status planned) or change one. Once a round is open, its
    catalogue version stays; fewer places than already taken are refused."""
    creating = round_ is None
    if round_ is None:
        round_ = Round(slug=unique_slug(Round, str(values.get("name", "")), fallback="runde"))
    else:
        round_ = Round.objects.select_for_update().get(pk=round_.pk)
    before = audit.snapshot(round_, ROUND_FIELDS) if not creating else {}
    old_catalogue_id = round_.catalogue_id
    for name in ROUND_FIELDS:
        if name in values:
            setattr(round_, name, values[name])
    if (
        not creating
        and round_.status != Round.Status.PLANNED
        and round_.catalogue_id != old_catalogue_id
    ):
        raise ValidationError(
            {"catalogue": _("The round has begun: it keeps its catalogue version.")}
        )
    if not creating and round_.max_employers is not None:
        taken = round_.participations.filter(status__in=Participation.HOLDS_PLACE).count()
        if round_.max_employers < taken:
            raise ValidationError(
                {
                    "max_employers": _(
                        "%(count)s employers are already admitted; the limit cannot be lower."
                    )
                    % {"count": taken}
                }
            )
    round_.full_clean()
    _check_round(round_)
    round_.save()
    if round_.status != Round.Status.PLANNED:
        _freeze(round_.catalogue)
    audit.record(
        actor=actor,
        action="employers.round.create" if creating else "employers.round.update",
        obj=round_,
        changes=audit.diff(before, audit.snapshot(round_, ROUND_FIELDS)) if before else {},
    )
    return round_


def _freeze(catalogue: Catalogue) -> None:
    if catalogue.frozen_at is None:
        Catalogue.objects.filter(pk=catalogue.pk, frozen_at__isnull=True).update(
            frozen_at=timezone.now()
        )
        catalogue.refresh_from_db(fields=["frozen_at"])


@transaction.atomic
def set_round_status(*, actor: User, round_: Round, status: str) -> Round:
    """Move the round to its next status; opening or starting it freezes its catalogue."""
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if status not in NEXT_STATUS.get(round_.status, ()):
        raise ValidationError(
            _("A round cannot go from “%(old)s” to “%(new)s”.")
            % {"old": round_.get_status_display(), "new": Round.Status(status).label}
        )
    old = round_.status
    round_.status = status
    round_.save(update_fields=["status"])
    if status != Round.Status.PLANNED:
        _freeze(round_.catalogue)
    audit.record(
        actor=actor,
        action="employers.round.status",
        obj=round_,
        changes={"status": {"old": old, "new": status}},
    )
    return round_


# ------------------------------------------------------------------ workshops

BERLIN = ZoneInfo("Europe/Berlin")


def _moment(day: date, at: time) -> datetime:
    return datetime.combine(day, at).replace(tzinfo=BERLIN)


@transaction.atomic
def add_workshop(*, actor: User, round_: Round, values: dict[str, Any]) -> Workshop:
    """A workshop as a published event of the calendar with registration; only the
    round's employers may register (the gate in ``gates.py``)."""
    day: date = values["day"]
    event = event_content.create_event(
        actor=actor,
        organisation=None,
        values={
            "title": values["title"],
            "summary": values.get("summary", "")
            or _("Workshop of the round “%(round)s” for its employers.") % {"round": round_.name},
            "description": values.get("description", ""),
            "start": _moment(day, values["start_time"]),
            "end": _moment(day, values["end_time"]),
            "venue_name": values.get("venue_name", ""),
            "street": values.get("street", ""),
            "postcode": values.get("postcode", ""),
            "city": values.get("city", ""),
            "registration_required": True,
            "capacity": values.get("places"),
            "waiting_list": True,
        },
        status=Event.Status.PUBLISHED,
    )
    workshop = Workshop.objects.create(round=round_, event=event)
    audit.record(
        actor=actor,
        action="employers.workshop.create",
        obj=workshop,
        changes={"round": round_.name, "event": event.title},
    )
    return workshop


@transaction.atomic
def remove_workshop(*, actor: User, workshop: Workshop) -> None:
    """Take the workshop from the round; its event stays in the calendar (cancel it
    there if it does not take place)."""
    audit.record(
        actor=actor,
        action="employers.workshop.delete",
        obj=workshop,
        changes={"round": workshop.round.name, "event": workshop.event.title},
    )
    workshop.delete()


# ------------------------------------------------------------------ jury


@transaction.atomic
def invite_jury(*, actor: User, round_: Round, email: str, name: str = "") -> JuryMember:
    """Put the person with this address on the round's jury; invite them by mail."""
    user, link, created = account_for(actor=actor, email=email, name=name)
    if JuryMember.objects.filter(round=round_, user=user).exists():
        raise ValidationError({"email": _("This person is already on the jury of this round.")})
    member = JuryMember.objects.create(round=round_, user=user)
    audit.record(
        actor=actor,
        action="employers.jury.add",
        obj=member,
        changes={"round": round_.name, "user": user.email},
    )
    send_mail(
        to=user.email,
        subject=gettext_lazy("Jury of the programme FAMILIENbewusste Unternehmen – %(site)s"),
        template="employers/programme/mail/jury_invitation.txt",
        context={
            "round": round_,
            "url": link,
            "new_account": created,
            "jury_url": site_url(reverse("employers:review-list")),
            "actor": actor,
        },
        purpose="employers:jury-invitation",
    )
    return member


@transaction.atomic
def remove_jury(*, actor: User, member: JuryMember) -> None:
    audit.record(
        actor=actor,
        action="employers.jury.remove",
        obj=member,
        changes={"round": member.round.name, "user": member.user.email},
    )
    member.delete()


# ------------------------------------------------------------------ applying, admission


def _last_certified(employer: Employer) -> Participation | None:
    return (
        employer.participations.filter(status=Participation.Status.CERTIFIED)
        .order_by("-round__starts_on")
        .first()
    )


@transaction.atomic
def apply(*, actor: User, employer: Employer, round_: Round, note: str = "") -> Participation:
    """The employer applies for a round that is open. An employer that was certified
    before takes part as a re-certification (``follow_up``, ``previous``)."""
    round_ = Round.objects.get(pk=round_.pk)
    if not round_.accepts_applications():
        raise ValidationError(_("This round does not accept applications."))
    if Participation.objects.filter(round=round_, employer=employer).exists():
        raise ValidationError(_("Your organisation has already applied for this round."))
    previous = _last_certified(employer)
    participation = Participation(
        round=round_,
        employer=employer,
        status=Participation.Status.APPLIED,
        previous=previous,
        follow_up=previous is not None,
        application_note=note,
    )
    participation.full_clean()
    participation.save()
    audit.record(
        actor=actor,
        action="employers.participation.apply",
        obj=participation,
        changes={"round": round_.name, "employer": employer.name},
    )
    return participation


class RoundFull(ValidationError):
    pass


def _places(round_: Round) -> int | None:
    return round_.max_employers


def _taken(round_: Round) -> int:
    return Participation.objects.filter(
        round_id=round_.pk, status__in=Participation.HOLDS_PLACE
    ).count()


def admit(*, actor: User, participation: Participation) -> Participation:
    """Admit an applicant: takes one of the round's places, inside the round's lock.
    Raises :class:`RoundFull` when none is left, ``capacity.CapacityBusy`` when too many
    admissions queue at once."""

    def create(pool: Round, fits: bool) -> Participation:
        row = Participation.objects.select_related("employer").get(pk=participation.pk)
        if row.status != Participation.Status.APPLIED:
            raise ValidationError(_("Only an application can be admitted."))
        if not fits:
            raise RoundFull(
                _("All %(count)s places of this round are taken.") % {"count": pool.max_employers}
            )
        row.status = Participation.Status.ADMITTED
        row.admitted_at = timezone.now()
        row.save(update_fields=["status", "admitted_at", "updated_at"])
        audit.record(
            actor=actor,
            action="employers.participation.admit",
            obj=row,
            changes={"round": pool.name, "employer": row.employer.name},
        )
        for address in _team_addresses(row.employer):
            send_mail(
                to=address,
                subject=gettext_lazy(
                    "Admitted to the programme FAMILIENbewusste Unternehmen – %(site)s"
                ),
                template="employers/programme/mail/admitted.txt",
                context={
                    "round": pool,
                    "employer": row.employer,
                    "url": site_url(reverse("employers:team-home")),
                },
                purpose="employers:admitted",
            )
        return row

    return capacity.reserve(
        Round, participation.round_id, places=_places, taken=_taken, create=create
    )


@transaction.atomic
def withdraw(*, actor: User, participation: Participation, reason: str = "") -> Participation:
    """The employer withdraws, or the coordination office declines an application. A
    certified or decided participation stays as it is."""
    row = Participation.objects.select_for_update().get(pk=participation.pk)
    if row.status in (Participation.Status.CERTIFIED, Participation.Status.NOT_YET):
        raise ValidationError(_("A decided participation cannot be withdrawn."))
    if row.status == Participation.Status.WITHDRAWN:
        return row
    old = row.status
    row.status = Participation.Status.WITHDRAWN
    row.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="employers.participation.withdraw",
        obj=row,
        changes={"status": {"old": old, "new": row.status}, "reason": reason},
    )
    return row
