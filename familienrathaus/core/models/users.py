"""Accounts and their roles in the alliances (core.tenancy).

An account (``User``) is the person: e-mail, password, second factor, language. It is
not alliance content; what it may do is its role in each alliance it belongs to
(``AllianceMembership``): a partner active in two neighbouring towns, a coordinator who
helps a second alliance. ``User.objects`` are the accounts with a membership in the
active alliance and ``user.role`` is the role there.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django_scopes.exceptions import ScopeError

from familienrathaus.core.models.alliance import AllianceOwned, AllianceScoping, active_alliance


class Role(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner staff")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserQuerySet(models.QuerySet["User"]):
    def with_role(self, *roles: str) -> UserQuerySet:
        """The accounts with one of ``roles`` in the active alliance (at compile time)."""
        return self.filter(
            pk__in=AllianceMembership.objects.filter(role__in=roles).values("user_id")
        )


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> UserQuerySet:
        return UserQuerySet(self.model, using=self._db)

    def with_role(self, *roles: str) -> UserQuerySet:
        return self.get_queryset().with_role(*roles)

    def find_account(self, email: str) -> User | None:
        """The account with this address among all alliances' (one person, one
        account): to add it to the active alliance rather than make a second one."""
        found: User | None = self.model._base_manager.filter(email__iexact=email.strip()).first()
        return found

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        """A new account; with an alliance active, a member of it (``role``, by default
        a family). Without one (``createsuperuser`` of the host) it belongs to none."""
        if not email:
            raise ValueError("An e-mail address is required.")
        if active_alliance() is not None:
            extra.setdefault("role", Role.FAMILY)
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_superuser", True)
        if active_alliance() is not None:
            extra.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(email, password, **extra)


class AllianceUserManager(AllianceScoping, UserManager):  # type: ignore[misc]
    """The accounts with a membership in the active alliance (the filter is added when
    the query is compiled, ``User.alliance_q``); migrations use the plain one."""

    use_in_migrations = False


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Login is by e-mail; there is no user name.

    The account is the same on every alliance's site; its role in the active alliance
    (``role``) says what the person may do there. Partner staff are additionally members
    of one or more partner organisations (``partners.Membership``).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Mails, letters and notices to the person are written in it: the language of the
    # page they signed up on, changeable on the account page.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects: ClassVar[AllianceUserManager] = AllianceUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    @staticmethod
    def alliance_q(lookup: str, value: Any) -> models.Q:
        """The scope of ``User.objects`` (core.models.alliance): the members of the
        alliance, and the install's operators (superusers), who work on every site."""
        members = AllianceMembership._base_manager.filter(**{lookup: value})
        return models.Q(pk__in=members.values("user_id")) | models.Q(is_superuser=True)

    # ----------------------------------------------------------------- role

    def _roles(self) -> dict[int, str | None]:
        roles: dict[int, str | None] = self.__dict__.setdefault("_role_cache", {})
        return roles

    def role_in(self, alliance: Any) -> str | None:
        """The role in ``alliance``; None without a membership there (cached)."""
        roles = self._roles()
        if alliance.pk not in roles:
            roles[alliance.pk] = (
                AllianceMembership._base_manager.filter(alliance=alliance, user_id=self.pk)
                .values_list("role", flat=True)
                .first()
                if self.pk
                else None
            )
        return roles[alliance.pk]

    @property
    def role(self) -> str | None:
        """The role in the active alliance; None without a membership there."""
        alliance = active_alliance()
        return None if alliance is None else self.role_in(alliance)

    @role.setter
    def role(self, value: str) -> None:
        alliance = active_alliance()
        if alliance is None:
            raise ScopeError("A role belongs to an alliance: none is active.")
        self._roles()[alliance.pk] = value
        self.__dict__.setdefault("_roles_to_save", {})[alliance.pk] = (alliance, value)

    def remember_role(self, alliance: Any, role: str | None) -> None:
        """Tells the account its role in ``alliance`` (read together with it)."""
        self._roles()[alliance.pk] = role

    def save_role(self) -> None:
        """Writes the role set on the account (``user.role = …``) to its membership
        in the active alliance; the same as ``save(update_fields=["role"])``."""
        self.save(update_fields=[])

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        self.__dict__.pop("_role_cache", None)
        super().refresh_from_db(*args, **kwargs)

    def get_role_display(self) -> str:
        role = self.role
        return str(Role(role).label) if role else ""

    def save(self, *args: Any, **kwargs: Any) -> None:
        alliance = active_alliance()
        if self._state.adding and alliance is not None:
            # An account made on an alliance's site (a sign-up) belongs to it: a family
            # unless a role was given.
            self.__dict__.setdefault("_roles_to_save", {}).setdefault(
                alliance.pk, (alliance, Role.FAMILY)
            )
            self._roles().setdefault(alliance.pk, Role.FAMILY)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = [name for name in update_fields if name != "role"]
        if update_fields is None or kwargs["update_fields"]:
            super().save(*args, **kwargs)
        for owner, role in self.__dict__.pop("_roles_to_save", {}).values():
            AllianceMembership._base_manager.update_or_create(
                alliance=owner, user=self, defaults={"role": role}
            )

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """A session is one alliance's (the one whose host it was made on): a cookie
        shown to another alliance's host does not log the person in there, even where
        the browser sends it (a shared parent domain). Django checks this on each page."""
        alliance = active_alliance()
        key_salt = f"familienrathaus.core.User.session:{alliance.pk if alliance else 0}"
        return salted_hmac(key_salt, self.password, secret=secret, algorithm="sha256").hexdigest()

    # ----------------------------------------------------------------- permissions

    @property
    def is_staff(self) -> bool:
        """Operators (superusers) and the alliance's administrators reach the Django admin."""
        return self.is_active and (self.is_superuser or self.role == Role.ADMINISTRATOR)

    @property
    def is_coordinator(self) -> bool:
        return self.role in {Role.COORDINATOR, Role.ADMINISTRATOR}

    @property
    def is_partner_staff(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def needs_second_factor(self) -> bool:
        """Coordinators, and the install's operators, who can delete whole alliances."""
        return self.is_superuser or self.is_coordinator

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email


class AllianceMembership(AllianceOwned):
    """An account's role in one alliance. Families join an alliance by registering or
    logging in on its site; the alliance's coordinators add partners and coordinators.
    Removing the last membership does not delete the account (core.services)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.FAMILY)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership in the alliance")
        verbose_name_plural = _("memberships in the alliance")
        ordering = ["alliance", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["alliance", "user"], name="core_alliance_membership_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()}"
