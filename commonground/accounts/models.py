from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from commonground.register.models import Location, Region


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin (regional data steward)")
    REGIONAL_ORGANISER = "regional_organiser", _("Regional organiser")
    BRANCH_ORGANISER = "branch_organiser", _("Branch organiser / secretary")
    REP = "rep", _("Rep / activist")
    VIEWER = "viewer", _("Partner liaison / viewer")


# Roles that must use two-factor authentication when the deployment requires it.
TWO_FACTOR_ROLES = frozenset({Role.ADMIN, Role.REGIONAL_ORGANISER, Role.BRANCH_ORGANISER})


class ServiceGroup(models.TextChoices):
    COMMUNITY = "community", _("Community")
    HEALTH = "health", _("Health")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    EDUCATION = "education", _("Education")
    ENERGY = "energy", _("Energy")
    POLICE = "police", _("Police and justice")
    TRANSPORT = "transport", _("Water, environment and transport")


class Branch(models.Model):
    """A union branch in a region; it covers one or more councils."""

    region = models.ForeignKey("register.Region", on_delete=models.PROTECT, related_name="branches")
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    service_groups = models.JSONField(_("service groups"), default=list, blank=True)
    councils = models.ManyToManyField("register.Council", blank=True, related_name="branches")
    is_synthetic = models.BooleanField(
        default=False, help_text=_("Created by the demo seed; not a real branch.")
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "branches"

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def service_group_labels(self) -> list[str]:
        labels = dict(ServiceGroup.choices)
        return [str(labels.get(g, g)) for g in self.service_groups]


class User(AbstractUser):
    """A person who logs in. Role says what they may do; scope says where."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.VIEWER)
    region = models.ForeignKey(
        "register.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The region whose work this user takes part in."),
    )
    branches = models.ManyToManyField(Branch, blank=True, related_name="users")
    workplaces: models.ManyToManyField[Location, WorkplaceAssignment] = models.ManyToManyField(
        "register.Location",
        through="WorkplaceAssignment",
        through_fields=("user", "location"),
        blank=True,
        related_name="assigned_users",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def effective_role(self) -> str:
        return Role.ADMIN.value if self.is_superuser else self.role

    @property
    def needs_two_factor(self) -> bool:
        return self.is_superuser or self.role in TWO_FACTOR_ROLES

    def get_region(self) -> Region | None:
        return self.region


class WorkplaceAssignment(models.Model):
    """A rep's (or organiser's) assignment to a register location: their scope for people."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    location = models.ForeignKey(
        "register.Location", on_delete=models.CASCADE, related_name="assignments"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "location"], name="unique_assignment")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.location}"


class Invitation(models.Model):
    """An invitation to join, sent by an admin; accepted by setting a password."""

    email = models.EmailField()
    token = models.CharField(max_length=64, unique=True)
    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="invitation")
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created = models.DateTimeField(auto_now_add=True)
    accepted = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.email


class RateLimitCounter(models.Model):
    """Request counts for the rate limits (``accounts.ratelimit``): hits of one key (a keyed hash of scope and client, never the address itself) in one
    fixed window; shared by every app process through the database."""

    key = models.CharField(max_length=64)
    window_start = models.BigIntegerField(help_text="Start of the window, in seconds since 1970.")
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="ratelimit_key_window")
        ]
        indexes = [models.Index(fields=["window_start"])]

    def __str__(self) -> str:
        return f"{self.key[:8]}… {self.hits} at {self.window_start}"
