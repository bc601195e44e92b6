from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models.alliance import AllianceOwned, AllianceScoping


class Role(models.TextChoices):
    FAMILY = "family", _("Family")
    PARTNER = "partner", _("Partner staff")
    COORDINATOR = "coordinator", _("Coordinator")
    ADMINISTRATOR = "administrator", _("Administrator")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("role", Role.ADMINISTRATOR)
        return self.create_user(email, password, **extra)


class AllianceUserManager(AllianceScoping, UserManager):
    """The accounts of the active alliance (core.tenancy); migrations use the plain one."""

    use_in_migrations = False


class User(AllianceOwned, AbstractBaseUser, PermissionsMixin):
    """A person who logs in. Login is by e-mail; there is no user name.

    The role says what the person may do. Partner staff are additionally members of
    one or more partner organisations (``partners.Membership``).
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.FAMILY)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Mails, letters and notices to the person are written in it: the language of the
    # page they signed up on, changeable on the account page.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects: ClassVar[UserManager] = AllianceUserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_staff(self) -> bool:
        """Only administrators reach the Django admin."""
        return self.is_active and self.role == Role.ADMINISTRATOR

    @property
    def is_coordinator(self) -> bool:
        return self.role in {Role.COORDINATOR, Role.ADMINISTRATOR}

    @property
    def is_partner_staff(self) -> bool:
        return self.role == Role.PARTNER

    @property
    def needs_second_factor(self) -> bool:
        return self.is_coordinator

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email
