"""People: workers and contacts, their membership (synced), roles, assessments and one-to-ones.

Query people only through :mod:`commonground.people.access`; write them only through
:mod:`commonground.people.actions`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from commonground.lib.crypto import EncryptedTextField


class EmploymentType(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    ZERO_HOURS = "zero-hours", _("Zero-hours")
    BANK = "bank", _("Bank")
    AGENCY = "agency", _("Agency")
    SPONSORED_VISA = "sponsored-visa", _("Sponsored-visa worker")


class LawfulBasis(models.TextChoices):
    NONE = "", _("None recorded")
    MEMBER = "member", _("Member")
    REGULAR_CONTACT = "regular_contact", _("Regular contact")
    CONSENT = "consent", _("Consent")


class MembershipStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    LAPSED = "lapsed", _("Lapsed")
    NON_MEMBER = "non-member", _("Non-member")
    UNKNOWN = "unknown", _("Unknown")


class Source(models.TextChoices):
    MANUAL = "manual", _("Added by hand")
    IMPORT = "import", _("Imported")
    SIGNUP = "signup", _("Event sign-up")
    PUBLIC_PAGE = "public", _("Public page")


ASSESSMENT_CHOICES = [
    (0, _("Unassessed")),
    (1, _("1 — leader, acts with others")),
    (2, _("2 — supportive")),
    (3, _("3 — undecided")),
    (4, _("4 — leaning against")),
    (5, _("5 — opposed")),
]


class PersonQuerySet(models.QuerySet["Person"]):
    def outreach_ok(self) -> PersonQuerySet:
        """People we may contact: a lawful basis is recorded and they have not been erased.

        The one rule for every outreach list (contact-list exports, calls, letters, the API):
        people without a lawful basis are flagged on their page and in lists, and left out here.
        Per channel and purpose, outreach adds its consent and suppression rules on top
        (:func:`commonground.outreach.consent.may_contact`).
        """
        return self.exclude(lawful_basis="").filter(erased_at__isnull=True)

    def not_erased(self) -> PersonQuerySet:
        return self.filter(erased_at__isnull=True)


class Person(models.Model):
    """A worker or contact. Membership facts live in :class:`Membership`, synced from the extract."""

    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.PROTECT, related_name="people", verbose_name=_("branch")
    )
    full_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.CharField(_("email"), max_length=254, blank=True)
    postcode = models.CharField(_("home postcode"), max_length=10, blank=True)
    languages = models.JSONField(_("preferred languages"), default=list, blank=True)
    # The language for messages to this person (a code from settings.LANGUAGES, e.g. "pl"):
    # recorded from the public page they used, or set by hand. Blank: English.
    preferred_language = models.CharField(_("language for messages"), max_length=10, blank=True)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    employer_text = models.CharField(_("employer as written"), max_length=200, blank=True)
    workplace_text = models.CharField(_("workplace as written"), max_length=200, blank=True)
    # Indexed by the (location, assessment) index below, which the wall chart uses.
    location = models.ForeignKey(
        "register.Location",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("workplace"),
        db_index=False,
    )
    provider = models.ForeignKey(
        "register.Provider",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("employer"),
    )
    # Reciprocity: a member or contact recruited through a community partner's event counts
    # for that partner (the alliances app shows the count, never the people).
    recruited_via = models.ForeignKey(
        "alliances.Partner",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="recruits",
        verbose_name=_("recruited through partner"),
    )
    link_method = models.CharField(_("how the workplace was linked"), max_length=30, blank=True)
    link_score = models.FloatField(null=True, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=20, choices=EmploymentType.choices, blank=True
    )
    # Sensitive: a sponsored worker's right to stay can depend on their employer. Encrypted at
    # rest and shown only to organisers in scope (never reps, never exported).
    immigration_details = EncryptedTextField(_("immigration / sponsorship details"), blank=True)
    shift = models.CharField(_("shift"), max_length=50, blank=True)
    unit = models.CharField(_("unit"), max_length=80, blank=True)
    lawful_basis = models.CharField(
        _("lawful basis"), max_length=20, choices=LawfulBasis.choices, blank=True
    )
    consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    consent_wording = models.TextField(_("consent wording"), blank=True)
    # Current assessment, denormalised from the latest Assessment for fast wall charts.
    assessment = models.PositiveSmallIntegerField(
        _("assessment"), choices=ASSESSMENT_CHOICES, default=0
    )
    assessed_at = models.DateTimeField(null=True, blank=True)
    last_contacted = models.DateTimeField(_("last contacted"), null=True, blank=True)
    # Earliest open follow-up, denormalised from conversations for "My work".
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    external_id = models.CharField(_("external id"), max_length=100, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    # Hash of the imported values: an unchanged re-import compares and skips the write.
    import_hash = models.CharField(max_length=32, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Set when the person was erased (anonymised): the row stays so that counts stay right.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["full_name", "pk"]
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["branch", "full_name"]),
            models.Index(fields=["location", "assessment"]),
            # Covers density's member counts of a region's branches without reading the table
            # (bench/scale: 0.58 s → 0.15 s per aggregate on SQLite at a million people).
            models.Index(fields=["branch", "location", "provider"], name="person_branch_workplace"),
            # A public page's submission finds the person it is by email or mobile.
            models.Index(fields=["email"], condition=~Q(email=""), name="person_email"),
            models.Index(fields=["phone"], condition=~Q(phone=""), name="person_phone"),
            # Partial: most people have no follow-up, so the index stays small and imports fast.
            models.Index(
                fields=["follow_up_due"],
                condition=Q(follow_up_due__isnull=False),
                name="person_follow_up_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "external_id"],
                condition=~Q(external_id=""),
                name="unique_person_external_id",
            ),
        ]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return f"Erased person #{self.pk}"
        return self.full_name or f"#{self.pk}"

    def audit_label(self) -> str:
        """How audit rows name a person: by id, never by name (the trail outlives erasure)."""
        return f"person #{self.pk}"

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def preferred_language_name(self) -> str:
        """The language for messages as its speakers write it ("Polski"); blank for English."""
        return (
            dict(settings.LANGUAGES).get(self.preferred_language, "")
            if self.preferred_language
            else ""
        )

    @property
    def has_lawful_basis(self) -> bool:
        """People without a lawful basis are flagged and left out of outreach."""
        return bool(self.lawful_basis)

    @property
    def assessment_class(self) -> str:
        return f"assess-{self.assessment}"


class Membership(models.Model):
    """Membership as the union's extract says it is: synced, never typed in as a second register.

    Holds the number and status only, no dues or bank details.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, primary_key=True, related_name="membership"
    )
    branch = models.ForeignKey("accounts.Branch", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("membership number"), max_length=20, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=MembershipStatus.choices,
        default=MembershipStatus.UNKNOWN,
        db_index=True,
    )
    joined = models.DateField(_("joined"), null=True, blank=True)
    lapsed = models.DateField(_("lapsed"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    extract_date = models.DateField(_("extract date"), null=True, blank=True)

    class Meta:
        indexes = [
            # With the person index above: which people are members, from the index alone.
            models.Index(fields=["person", "status"], name="membership_person_status"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["branch", "number"],
                condition=~Q(number=""),
                name="unique_membership_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.status})"


class RoleKind(models.TextChoices):
    REP = "rep", _("Rep")
    STEWARD = "steward", _("Steward")
    HEALTH_SAFETY = "health_safety", _("Health and safety rep")
    LEADER = "leader", _("Workplace leader")
    CONTACT = "contact", _("Contact")


class WorkplaceRole(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    location = models.ForeignKey(
        "register.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=RoleKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)
    ended = models.DateField(_("ended"), null=True, blank=True)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "role"],
                condition=Q(ended__isnull=True),
                name="unique_current_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"


class Assessment(models.Model):
    """One assessment, kept for ever: the history of how a person's support moved."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    value = models.PositiveSmallIntegerField(_("assessment"), choices=ASSESSMENT_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.value}"


class Outcome(models.TextChoices):
    JOINED = "joined", _("Joined / agreed to join")
    SUPPORTIVE = "supportive", _("Supportive")
    UNDECIDED = "undecided", _("Undecided")
    NOT_INTERESTED = "not_interested", _("Not interested")
    NO_ANSWER = "no_answer", _("Could not talk")


class Conversation(models.Model):
    """A one-to-one. Notes are encrypted at rest and cannot be searched."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conversations")
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    issues = models.JSONField(_("issues raised"), default=list, blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    next_step = models.CharField(_("next step"), max_length=255, blank=True)
    follow_up = models.DateField(_("follow-up date"), null=True, blank=True)
    follow_up_done = models.BooleanField(default=False)
    notes = EncryptedTextField(_("notes"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.person} {self.at:%Y-%m-%d}"
