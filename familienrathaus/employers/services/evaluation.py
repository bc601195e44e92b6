"""The evaluation of a submitted participation: talks held, the jury's recommendation,
and the coordinator's decision (certified, or not yet, with reasons).

A participation is evaluated once its team has submitted it. The first talk or
recommendation moves it from "submitted" to "in evaluation". The decision "certified"
issues the certificate in the same transaction; "not yet" keeps the reasons for the
team, and a later decision may still certify it (after improvements). Every step is
written to the audit log; the team hears of the decision by mail.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from familienrathaus.core import audit, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.recipients import queue_by_language
from familienrathaus.employers.models import Certificate, Evaluation, Participation, Talk
from familienrathaus.employers.selectors import certificates as certificate_selectors
from familienrathaus.employers.services import certificates

Status = Participation.Status
Decision = Evaluation.Decision

# Statuses in which the jury and the coordinators review and record talks.
REVIEWABLE = (Status.SUBMITTED, Status.EVALUATION, Status.NOT_YET)
DECIDABLE = REVIEWABLE


def _locked(participation: Participation) -> Participation:
    return (
        Participation.objects.select_for_update()
        .select_related("round", "employer")
        .get(pk=participation.pk)
    )


def _check_reviewable(participation: Participation) -> None:
    if participation.status not in REVIEWABLE:
        raise ValidationError(
            _("This participation cannot be evaluated now: its status is “%(status)s”.")
            % {"status": participation.get_status_display()}
        )


def _start(participation: Participation) -> None:
    if participation.status == Status.SUBMITTED:
        participation.status = Status.EVALUATION
        participation.save(update_fields=["status", "updated_at"])


def evaluation_of(participation: Participation) -> Evaluation:
    return Evaluation.objects.get_or_create(participation=participation)[0]


def record_talk(
    participation: Participation,
    *,
    actor: User,
    kind: str,
    held_on: dt.date,
    participants: str,
    notes: str = "",
) -> Talk:
    with transaction.atomic():
        locked = _locked(participation)
        _check_reviewable(locked)
        talk = Talk(
            participation=locked,
            kind=kind,
            held_on=held_on,
            participants=participants.strip(),
            notes=notes.strip(),
            recorded_by=actor,
        )
        talk.full_clean()
        talk.save()
        _start(locked)
        audit.record(
            actor=actor,
            action="employers.talk.record",
            obj=locked,
            changes={"kind": kind, "held_on": held_on.isoformat()},
        )
    return talk


def save_recommendation(
    participation: Participation, *, actor: User, recommendation: str
) -> Evaluation:
    with transaction.atomic():
        locked = _locked(participation)
        _check_reviewable(locked)
        evaluation = evaluation_of(locked)
        before = audit.snapshot(evaluation, ["recommendation"])
        evaluation.recommendation = recommendation.strip()
        evaluation.full_clean()
        evaluation.save(update_fields=["recommendation"])
        _start(locked)
        audit.record(
            actor=actor,
            action="employers.evaluation.recommend",
            obj=locked,
            changes=audit.diff(before, audit.snapshot(evaluation, ["recommendation"])),
        )
    return evaluation


def decide(
    participation: Participation,
    *,
    actor: User,
    decision: str,
    reasons: str,
    on: dt.date | None = None,
) -> Evaluation:
    """Decide; "certified" issues the certificate. Reasons are required for "not yet"
    (the team needs to know what is missing)."""
    on = on or certificate_selectors.today()
    reasons = reasons.strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": _("Please choose a decision.")})
    if decision == Decision.NOT_YET and not reasons:
        raise ValidationError(
            {"reasons": _("Please give the reasons, so that the employer knows what is missing.")}
        )
    with transaction.atomic():
        locked = _locked(participation)
        if locked.status not in DECIDABLE:
            raise ValidationError(
                _("This participation cannot be decided now: its status is “%(status)s”.")
                % {"status": locked.get_status_display()}
            )
        evaluation = evaluation_of(locked)
        evaluation.decision = decision
        evaluation.reasons = reasons
        evaluation.decided_by = actor
        evaluation.decided_at = timezone.now()
        evaluation.full_clean()
        evaluation.save()
        locked.status = Status.CERTIFIED if decision == Decision.CERTIFIED else Status.NOT_YET
        locked.save(update_fields=["status", "updated_at"])
        certificate = None
        if decision == Decision.CERTIFIED:
            certificate = certificates.issue(locked, actor=actor, on=on)
        audit.record(
            actor=actor,
            action="employers.evaluation.decide",
            obj=locked,
            changes={"decision": decision, "reasons": reasons},
        )
        _mail_decision(locked, evaluation, certificate)
    return evaluation


def _mail_decision(
    participation: Participation,
    evaluation: Evaluation,
    certificate: Certificate | None,
) -> None:
    recipients = certificate_selectors.team_emails(participation.employer)
    if not recipients:
        return

    def render() -> tuple[str, str]:
        # Each team member in their account's language (links with its prefix).
        if certificate is not None:
            subject = _("Congratulations: you are a FAMILIENbewusstes Unternehmen")
            url = certificates.team_url(certificate)
        else:
            subject = _("Your evaluation in the round %(round)s") % {
                "round": participation.round.name
            }
            url = tenancy.site_url() + reverse("employers:team-evaluation", args=[participation.pk])
        body = render_to_string(
            "employers/mail/decision.txt",
            {
                "participation": participation,
                "evaluation": evaluation,
                "certificate": certificate,
                "url": url,
            },
        )
        return subject, body

    # An address without an account: the site's language, as before.
    with translation.override(settings.LANGUAGE_CODE):
        queue_by_language(recipients, render, purpose="employers.evaluation.decision")
