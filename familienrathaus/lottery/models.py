"""The Ferienspaß lottery: wishes, priority groups, runs and their outcomes.

During a period's wish phase (``Period.wish_start`` … ``wish_end``) families rank up to
``Period.wishes_per_child`` :class:`Wish` rows per child. Coordinators mark
:class:`PriorityGroup` s and start :class:`Run` s; each run stores its seed, its rules and
one :class:`Outcome` per wish (accepted or why not, waiting-list position) plus one
:class:`Ticket` per child (its lottery number). One run is confirmed: its accepted wishes
become bookings (``holidays.services.place_children``), the rest waiting-list entries.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.jobs import Job
from familienrathaus.core.models.alliance import AllianceOwned
from familienrathaus.holidays.models import Child, Occasion, Period


class Wish(AllianceOwned):
    """One ranked wish of a child for an occasion (rank 1 = most wanted)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="lottery_wishes")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="lottery_wishes")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="lottery_wishes")
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1)])
    group_code = models.CharField(
        _("group code"),
        max_length=30,
        blank=True,
        help_text=_(
            "Children with the same code on the same occasion get places together or not at all."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["child", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "child", "rank"], name="lottery_wish_rank_once"
            ),
            models.UniqueConstraint(fields=["child", "occasion"], name="lottery_wish_once"),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1), name="lottery_wish_rank_from_1"
            ),
        ]
        indexes = [models.Index(fields=["period", "occasion"])]

    def __str__(self) -> str:
        return f"{self.child} #{self.rank}: {self.occasion_id}"

    def clean(self) -> None:
        super().clean()
        if (
            self.occasion_id
            and self.period_id
            and self.occasion.activity.period_id != self.period_id
        ):
            raise ValidationError({"occasion": _("This occasion is not in this programme.")})


class PriorityGroup(AllianceOwned):
    """Children placed first at every level of the lottery's objective."""

    class Kind(models.TextChoices):
        MANUAL = "manual", _("children the coordination marks")
        REDUCTION = "reduction", _("families with an approved reduction in this programme")
        NOTHING_LAST_TIME = (
            "nothing_last_time",
            _("children who got no place in the last lottery of an earlier programme"),
        )

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="priority_groups")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("who belongs to it"), max_length=20, choices=Kind.choices)
    children = models.ManyToManyField(
        Child, blank=True, related_name="lottery_priority_groups", verbose_name=_("children")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "name"], name="lottery_group_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Run(Job):
    """One allocation of a period's wishes with its seed and rules, and its result.

    A background job (core.jobs) twice: the run itself, then its confirmation."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting for the worker")
        RUNNING = "running", _("running")
        DONE = "done", _("ready to review")
        FAILED = "failed", _("failed")
        CONFIRMING = "confirming", _("bookings are being written")
        CONFIRMED = "confirmed", _("confirmed")

    class Method(models.TextChoices):
        AUTO = "auto", _("exact solver, greedy fallback if it runs out of time")
        FALLBACK = "fallback", _("greedy fallback only")

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="lottery_runs")
    seed = models.BigIntegerField(_("lottery seed"))
    method = models.CharField(
        _("solver"), max_length=10, choices=Method.choices, default=Method.AUTO
    )
    time_limit = models.PositiveIntegerField(
        _("time limit (seconds)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(3600)],
    )
    places_per_child = models.PositiveSmallIntegerField(
        _("places per child"),
        null=True,
        blank=True,
        help_text=_("Empty: the programme's rule."),
    )
    priority_groups = models.ManyToManyField(
        PriorityGroup, blank=True, related_name="runs", verbose_name=_("priority groups")
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    progress_note = models.CharField(max_length=200, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lottery run")
        verbose_name_plural = _("lottery runs")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"],
                condition=models.Q(status="confirmed"),
                name="lottery_one_confirmed_run",
            ),
            models.CheckConstraint(
                condition=models.Q(time_limit__gte=1, time_limit__lte=3600),
                name="lottery_run_time_limit_sane",
            ),
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="lottery_run_progress"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.CONFIRMED}


class Ticket(AllianceOwned):
    """A child in a run: its lottery number and whether it had priority."""

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="tickets")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="lottery_tickets")
    number = models.PositiveIntegerField(_("lottery number"))
    priority = models.BooleanField(default=False)
    groups = models.JSONField(default=list, blank=True)
    places = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "child"], name="lottery_ticket_once")]

    def __str__(self) -> str:
        return f"{self.run_id}/{self.number}"


class Outcome(AllianceOwned):
    """What a run did with one wish, and why."""

    class Reason(models.TextChoices):
        ACCEPTED = "accepted", _("got a place")
        FULL = "full", _("fully booked")
        OVERLAP = "overlap", _("at the same time as a place the child got")
        DAY = "day", _("on the same day as a place the child got")
        ACTIVITY = "activity", _("the child got this activity on another date")
        LIMIT = "limit", _("the child got as many places as allowed")
        GROUP = "group", _("the group could not be placed together")
        AGE = "age", _("not the right age")
        UNKNOWN = "unknown", _("occasion not available")
        DUPLICATE = "duplicate", _("wished twice")

    run = models.ForeignKey(Run, on_delete=models.CASCADE, related_name="outcomes")
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="outcomes")
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="+")
    occasion = models.ForeignKey(Occasion, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    accepted = models.BooleanField()
    reason = models.CharField(max_length=10, choices=Reason.choices)
    blocking = models.ForeignKey(
        Occasion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    waitlist_position = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["run", "child", "rank"]
        indexes = [
            models.Index(fields=["run", "child"]),
            models.Index(fields=["run", "occasion"]),
        ]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.wish_id} {self.reason}"
