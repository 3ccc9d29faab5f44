"""Users log in with their email; memberships give them roles, each within a scope."""

from __future__ import annotations

from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careerhub.core.choices import Role
from careerhub.core.models import TimeStampedModel


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("Users must have an email address")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.name else self.email

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name


OPERATOR_SCOPED = (Role.OPERATOR_STAFF, Role.CONSULTANT)
COMPANY_SCOPED = (Role.RECRUITER,)
UNSCOPED = (Role.PROGRAM_STAFF, Role.TRAINEE, Role.COMMITTEE)


class Membership(TimeStampedModel):
    """One role of one user within one scope. A trainee's own record is linked from the trainee."""

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    operator = models.ForeignKey(
        "academy.TrainingOperator",
        verbose_name=_("training operator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    company = models.ForeignKey(
        "companies.Company",
        verbose_name=_("company"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="membership_scope_matches_role",
                condition=(
                    Q(
                        role__in=[r.value for r in OPERATOR_SCOPED],
                        operator__isnull=False,
                        company__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in COMPANY_SCOPED],
                        company__isnull=False,
                        operator__isnull=True,
                    )
                    | Q(
                        role__in=[r.value for r in UNSCOPED],
                        operator__isnull=True,
                        company__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(operator__isnull=True, company__isnull=True),
                name="membership_unique_unscoped",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "operator"],
                condition=Q(operator__isnull=False),
                name="membership_unique_operator",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "company"],
                condition=Q(company__isnull=False),
                name="membership_unique_company",
            ),
        ]

    def __str__(self) -> str:
        scope = self.operator or self.company or ""
        return f"{self.user} · {self.get_role_display()} {scope}".strip()
