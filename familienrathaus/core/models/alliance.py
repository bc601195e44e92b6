from __future__ import annotations

from contextvars import ContextVar
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import sql
from django.db.models.sql.constants import ROW_COUNT
from django.utils.translation import gettext_lazy as _
from django_scopes import get_scope
from django_scopes.exceptions import ScopeError

host_name = RegexValidator(
    r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$",
    _("Enter a host name such as familie.musterstadt.de, without https:// and without a path."),
)


class Alliance(models.Model):
    """One Lokales Bündnis für Familie: its own site on the install (core.tenancy).

    Every row of alliance content belongs to exactly one alliance (``AllianceOwned``).
    The alliance is found from the request's host: its own ``domain``, or its ``slug`` as
    a subdomain of the install's ``FRH_BASE_DOMAIN``; any other host is the install's
    first alliance, so a single-alliance install behaves as before.
    """

    objects: ClassVar[models.Manager[Alliance]]

    slug = models.SlugField(
        _("short name"),
        max_length=63,
        unique=True,
        help_text=_("Lower-case letters, digits and hyphens: the subdomain of the install."),
    )
    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(
        _("own domain"),
        max_length=253,
        unique=True,
        null=True,
        blank=True,
        validators=[host_name],
        help_text=_("Optional, e.g. familie.musterstadt.de; the host must point at the install."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("A suspended alliance's site answers with a notice; nothing is deleted."),
    )
    # Set by the install's operators (core's operators area): what the host vouches for.
    sender_email = models.EmailField(
        _("sender address"),
        blank=True,
        help_text=_(
            "The From address of this alliance's mails; its domain must allow the install "
            "to send (SPF, DKIM). Empty: the install's address."
        ),
    )
    sender_name = models.CharField(
        _("sender name"),
        max_length=100,
        blank=True,
        help_text=_("Shown as the sender of mails; empty: the alliance's name."),
    )
    tile_url = models.CharField(
        _("map tile server"),
        max_length=300,
        blank=True,
        help_text=_(
            "A URL with {z}, {x} and {y}, e.g. https://tiles.example.de/{z}/{x}/{y}.png. "
            "Empty: the install's tile server."
        ),
    )
    tile_attribution = models.CharField(
        _("map attribution"), max_length=200, blank=True, help_text=_("Empty: the install's.")
    )
    upload_quota_mb = models.PositiveIntegerField(
        _("upload quota (MB)"),
        default=2048,
        help_text=_("All of the alliance's uploaded files together; 0: no limit."),
    )
    mails_per_hour = models.PositiveIntegerField(
        _("newsletter mails per hour"),
        default=2000,
        help_text=_(
            "How fast the alliance's newsletters go out, so others' mails are not held up."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The directory of alliances' host (FRH_DIRECTORY_HOST) is nobody's address."""
        directory = str(getattr(settings, "FRH_DIRECTORY_HOST", "") or "").lower().strip(".")
        if not directory:
            return
        message = _("This address is the install's directory of alliances.")
        if self.slug and f"{self.slug}.{settings.FRH_BASE_DOMAIN}".lower() == directory:
            raise ValidationError({"slug": message})
        if self.domain and self.domain.lower() == directory:
            raise ValidationError({"domain": message})


# --------------------------------------------------------------------------- scoping
#
# django-scopes keeps the active scope in a context variable (``scope(alliance=…)``,
# ``scopes_disabled()``); the managers below read it. core.tenancy activates it for a
# request, a command, a task and a test.

DIMENSION = "alliance"

# Set only while a migration adds the alliance column to rows that exist already
# (core.tenancy.AddAllianceField): they belong to the install's first alliance.
migration_alliance: ContextVar[int | None] = ContextVar("migration_alliance", default=None)


def active_alliance() -> Alliance | None:
    value = get_scope().get(DIMENSION)
    return value if isinstance(value, Alliance) else None


def current_alliance_id() -> int | None:
    """The default of every ``alliance`` column: the active alliance. Saving a row of
    alliance content with none active is a mistake that fails (AllianceOwned.save)."""
    alliance = active_alliance()
    if alliance is not None:
        return int(alliance.pk)
    return migration_alliance.get()


def _scope_value() -> Any:
    """What the active scope asks of a query of alliance content: ``_ALL`` (scopes
    disabled, or ``scope(alliance=None)``), one alliance or a list; raises with none."""
    state = get_scope()
    if not state.get("_enabled", True):
        return _ALL
    if DIMENSION not in state:
        raise ScopeError(
            "An alliance needs to be active for this query (core.tenancy.activate), "
            "or scopes disabled on purpose (core.tenancy.unscoped)."
        )
    value = state[DIMENSION]
    return _ALL if value is None else value


_ALL = object()


class AllianceQueryMixin:
    """The alliance filter is added when a query is *compiled*, from the scope active
    then, not when the queryset is built: a queryset made at import time (a form
    field's choices) is neither bound to the alliance whose request happened to import
    the module nor refused. Subqueries, counts, updates and deletes are compiled too."""

    alliance_applied = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Managers make their query plainly and then give it this class; Django builds
        # one with ``self.__class__(model)`` only for the inner query of an exclude across
        # a many-valued relation, which narrows the outer (scoped) query and must stay
        # as Django trimmed it.
        self.alliance_applied = True

    def get_compiler(
        self, using: Any = None, connection: Any = None, elide_empty: bool = True
    ) -> Any:
        query: Any = self
        if not self.alliance_applied and not self.combinator:  # type: ignore[attr-defined]
            value = _scope_value()
            query = self.clone()  # type: ignore[attr-defined]
            query.alliance_applied = True
            if value is not _ALL:
                lookup = "alliance__in" if isinstance(value, (list, tuple)) else "alliance"
                # A global model scoped through another (core.User: its memberships)
                # says how; alliance content has the column itself.
                scope_q = getattr(self.model, "alliance_q", None)  # type: ignore[attr-defined]
                query.add_q(scope_q(lookup, value) if scope_q else models.Q(**{lookup: value}))
        return super(AllianceQueryMixin, query).get_compiler(using, connection, elide_empty)  # type: ignore[misc]

    def chain(self, klass: type | None = None) -> Any:
        obj = super().chain(klass)  # type: ignore[misc]
        if not isinstance(obj, AllianceQueryMixin):
            obj.__class__ = _scoped_query_class(type(obj))
        return obj


class AllianceQuery(AllianceQueryMixin, sql.Query):
    pass


class AllianceUpdateQuery(AllianceQueryMixin, sql.UpdateQuery):
    pass


class AllianceDeleteQuery(AllianceQueryMixin, sql.DeleteQuery):
    pass


_query_classes: dict[type, type] = {
    sql.Query: AllianceQuery,
    sql.UpdateQuery: AllianceUpdateQuery,
    sql.DeleteQuery: AllianceDeleteQuery,
}


def _scoped_query_class(cls: type) -> type:
    if cls not in _query_classes:
        _query_classes[cls] = type(f"Alliance{cls.__name__}", (AllianceQueryMixin, cls), {})
    return _query_classes[cls]


class AllianceQuerySetMixin:
    """Mixed into the queryset of alliance content: the one way Django deletes without
    compiling a query of ours (a fast delete) goes through a scoped query too."""

    def _raw_delete(self, using: Any) -> int:
        query = self.query.clone()  # type: ignore[attr-defined]
        query.__class__ = AllianceDeleteQuery
        return query.get_compiler(using).execute_sql(ROW_COUNT)


_queryset_classes: dict[type, type] = {}


class AllianceScoping:
    """Mixed into a manager: its querysets read and write the active alliance's rows
    only, and raise when run with none active (``scope(alliance=None)`` or
    ``core.tenancy.unscoped()``: all alliances)."""

    def get_queryset(self) -> models.QuerySet[Any]:
        queryset = super().get_queryset()  # type: ignore[misc]
        cls = type(queryset)
        if not isinstance(queryset, AllianceQuerySetMixin):
            if cls not in _queryset_classes:
                _queryset_classes[cls] = type(
                    f"Alliance{cls.__name__}", (AllianceQuerySetMixin, cls), {}
                )
            queryset.__class__ = _queryset_classes[cls]
        queryset.query.__class__ = _scoped_query_class(type(queryset.query))
        return queryset


class AllianceManager(AllianceScoping, models.Manager[Any]):
    pass


class AllianceOwned(models.Model):
    """Alliance content: a row belongs to exactly one alliance, set from the active one
    when the row is created, and the default manager sees the active alliance only."""

    alliance = models.ForeignKey(
        Alliance,
        verbose_name=_("alliance"),
        on_delete=models.CASCADE,
        default=current_alliance_id,
        editable=False,
        related_name="+",
    )

    objects: ClassVar[models.Manager[Any]] = AllianceManager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.alliance_id is None:
            raise ScopeError(
                f"{type(self).__name__}: no alliance is active to own the new row "
                "(core.tenancy.activate)."
            )
        super().save(*args, **kwargs)

    def validate_constraints(self, exclude: Any = None) -> None:
        # A form never has the alliance among its fields, yet "unique per alliance" is
        # what its name or slug must be: check those constraints too.
        if exclude and "alliance" in exclude and self.alliance_id is not None:
            exclude = set(exclude) - {"alliance"}
        super().validate_constraints(exclude=exclude)

    def unique_error_message(self, model_class: Any, unique_check: Any) -> Any:
        """For "unique per alliance": the message of the one other field, on that field."""
        fields = [name for name in unique_check if name != "alliance"]
        if len(fields) == 1 and len(unique_check) == 2:
            error = super().unique_error_message(model_class, tuple(fields))
            on_field = ValidationError({fields[0]: error})
            on_field.code = error.code  # UniqueConstraint.validate passes it on
            return on_field
        return super().unique_error_message(model_class, unique_check)
