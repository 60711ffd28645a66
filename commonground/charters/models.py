"""Charters, their commitments, the targets asked to sign them and the evidence of compliance."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class AppliesTo(models.TextChoices):
    COUNCIL = "council", _("Council (commissioning)")
    PROVIDER = "provider", _("Provider")
    BOTH = "both", _("Council and provider")


class Charter(models.Model):
    """A charter: an ordered list of commitments that a target signs up to."""

    slug = models.SlugField(unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    origin = models.CharField(_("origin"), max_length=200, blank=True)
    # A charter whose full published text we could not find is flagged so nobody mistakes the
    # partial list for the whole charter.
    is_complete = models.BooleanField(_("text complete"), default=True)
    completeness_note = models.TextField(_("what is missing"), blank=True)
    position = models.PositiveIntegerField(default=0)
    scoreboard_published = models.BooleanField(_("public scoreboard published"), default=False)
    scoreboard_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Commitment(models.Model):
    """One numbered commitment of a charter, in the charter's order."""

    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="commitments")
    position = models.PositiveIntegerField(default=0)
    number = models.CharField(_("number"), max_length=20, help_text=_("As printed, e.g. 6 or 1–3."))
    stage = models.CharField(
        _("stage or section"), max_length=100, blank=True, help_text=_("e.g. 1, or Decent pay.")
    )
    applies_to = models.CharField(
        _("applies to"), max_length=10, choices=AppliesTo.choices, default=AppliesTo.BOTH
    )
    text = models.TextField(_("commitment"))
    wording_unverified = models.BooleanField(
        _("wording unverified"),
        default=False,
        help_text=_("Paraphrased or partly found: check against the published charter."),
    )
    is_placeholder = models.BooleanField(
        _("placeholder"),
        default=False,
        help_text=_("Stands for commitments not found in public copies; complete it."),
    )

    class Meta:
        ordering = ["charter", "position", "id"]

    def __str__(self) -> str:
        return f"{self.charter.label} {self.number}"


class CommitmentRevision(models.Model):
    """The history of a commitment's wording and order: every edit keeps the old values."""

    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="revisions")
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.commitment} @ {self.at:%Y-%m-%d}"


class TargetKind(models.TextChoices):
    COUNCIL = "council", _("Council")
    MAYOR = "mayor", _("Combined authority (mayor's office)")
    CANDIDATE = "candidate", _("Candidate")
    PROVIDER = "provider", _("Provider")


class Target(models.Model):
    """Someone asked to sign a charter: a council, a mayor's office, a candidate or a provider.

    Only public roles are recorded: the contact of record is the office holder (e.g. the
    council leader) at their public office address, never a private individual.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=TargetKind.choices)
    name = models.CharField(_("name"), max_length=200)
    region = models.ForeignKey(
        "register.Region", on_delete=models.PROTECT, related_name="charter_targets"
    )
    council = models.ForeignKey(
        "register.Council",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charter_targets",
    )
    combined_authority = models.ForeignKey(
        "register.CombinedAuthority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charter_targets",
    )
    provider = models.ForeignKey(
        "register.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="charter_targets",
    )
    branch = models.ForeignKey(
        "accounts.Branch",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charter_targets",
        help_text=_("The branch leading the approach, if one does."),
    )
    office = models.CharField(
        _("office"), max_length=200, blank=True, help_text=_("e.g. Leader of the council.")
    )
    contact_name = models.CharField(
        _("contact of record"), max_length=200, blank=True, help_text=_("The public office holder.")
    )
    contact_address = models.TextField(_("public office address"), blank=True)
    contact_email = models.EmailField(_("public office email"), blank=True)
    standing_for = models.CharField(
        _("standing for"),
        max_length=200,
        blank=True,
        help_text=_("Candidates only: the office and election, e.g. Mayor of Greater Manchester."),
    )
    election_date = models.DateField(_("election date"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["council"],
                condition=models.Q(kind="council"),
                name="charters_one_target_per_council",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def pledge_outcome_problem(
        self, elected: bool | None, honoured: bool | None, today: datetime.date
    ) -> str:
        """Why an election outcome cannot be recorded (empty when it can): not before the
        election, and a pledge is kept or broken only by someone elected."""
        if (elected is not None or honoured is not None) and (
            self.election_date is not None and today < self.election_date
        ):
            return _("The election is on %(date)s: record the outcome after it.") % {
                "date": date_format(self.election_date, "j M Y")
            }
        if honoured is not None and elected is not True:
            return str(_("Only a candidate who was elected can keep or break the pledge."))
        return ""

    @property
    def is_person(self) -> bool:
        """Candidates are individuals: they never appear on public pages."""
        return self.kind == TargetKind.CANDIDATE


class Status(models.TextChoices):
    NOT_APPROACHED = "not_approached", _("Not approached")
    LETTER_SENT = "letter_sent", _("Letter sent")
    MEETING_HELD = "meeting_held", _("Meeting held")
    PLEDGED = "pledged", _("Pledged")
    SIGNED = "signed", _("Signed")
    IMPLEMENTING = "implementing", _("Implementing")
    VERIFIED = "verified", _("Implemented and verified")
    DECLINED = "declined", _("Declined")
    LAPSED = "lapsed", _("Lapsed")


# The pipeline in order; declined and lapsed sit outside it.
PIPELINE = [
    Status.NOT_APPROACHED,
    Status.LETTER_SENT,
    Status.MEETING_HELD,
    Status.PLEDGED,
    Status.SIGNED,
    Status.IMPLEMENTING,
    Status.VERIFIED,
]
SIGNED_STATES = frozenset({Status.SIGNED, Status.IMPLEMENTING, Status.VERIFIED})

# Map and badge colours per status (colour-blind-safe-ish ramp; text labels always shown too).
STATUS_COLOURS = {
    Status.NOT_APPROACHED: "#b8bcc8",
    Status.LETTER_SENT: "#f2d16b",
    Status.MEETING_HELD: "#f0a04b",
    Status.PLEDGED: "#8fb8de",
    Status.SIGNED: "#3f88c5",
    Status.IMPLEMENTING: "#2e9e6a",
    Status.VERIFIED: "#0b5d3b",
    Status.DECLINED: "#a4161a",
    Status.LAPSED: "#6b4e71",
}


class TargetStatus(models.Model):
    """Where one target stands on one charter. Every change adds a :class:`StatusChange`."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="statuses")
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="statuses")
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.NOT_APPROACHED, db_index=True
    )
    status_since = models.DateField(null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    pledge_honoured = models.BooleanField(
        _("pledge honoured"),
        null=True,
        blank=True,
        help_text=_("Candidates: once elected, did they keep the pledge?"),
    )
    is_demo = models.BooleanField(
        default=False, help_text=_("Seeded by the demo; not a real campaign record.")
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["target__name", "charter__position"]
        constraints = [
            models.UniqueConstraint(fields=["target", "charter"], name="charters_one_status")
        ]
        verbose_name_plural = "target statuses"

    def __str__(self) -> str:
        return f"{self.target} · {self.charter.label}: {self.get_status_display()}"

    @property
    def colour(self) -> str:
        return STATUS_COLOURS.get(Status(self.status), "#999999")

    @property
    def is_signed(self) -> bool:
        return self.status in SIGNED_STATES

    @property
    def branch_id(self) -> int | None:
        # Lets the audit log file status changes under the leading branch.
        return self.target.branch_id


class StatusChange(models.Model):
    """One dated step in a target's trail: from, to, when, who, why."""

    target_status = models.ForeignKey(TargetStatus, on_delete=models.CASCADE, related_name="trail")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    letter = models.ForeignKey(
        "Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="steps"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status} on {self.on}"


class Compliance(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    PARTIAL = "partial", _("Partial")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")


class CommitmentCompliance(models.Model):
    """Whether a signed target keeps one commitment."""

    target_status = models.ForeignKey(
        TargetStatus, on_delete=models.CASCADE, related_name="compliance"
    )
    commitment = models.ForeignKey(Commitment, on_delete=models.CASCADE, related_name="compliance")
    state = models.CharField(
        max_length=12, choices=Compliance.choices, default=Compliance.NOT_STARTED
    )
    updated = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["commitment__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["target_status", "commitment"], name="charters_one_compliance"
            )
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.get_state_display()}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"charters/evidence/{instance.compliance.target_status_id}/{filename}"


class Evidence(models.Model):
    """A file, link or note backing a compliance judgement."""

    compliance = models.ForeignKey(
        CommitmentCompliance, on_delete=models.CASCADE, related_name="evidence"
    )
    state = models.CharField(max_length=12, choices=Compliance.choices)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True)
    url = models.URLField(_("link"), blank=True)
    note = models.TextField(_("note"), blank=True)
    on = models.DateField(_("date"), default=datetime.date.today)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"Evidence for {self.compliance}"

    @property
    def filename(self) -> str:
        return (self.file.name or "").rsplit("/", 1)[-1] if self.file else ""


class LetterTemplate(models.Model):
    """A letter with merge fields such as ``{{ recipient }}`` (see ``letters.MERGE_FIELDS``)."""

    name = models.CharField(_("name"), max_length=200)
    charter = models.ForeignKey(
        Charter,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="letter_templates",
        help_text=_("Leave empty for a template any charter can use."),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Letter(models.Model):
    """A generated letter, stored as sent: its merged subject and body never change."""

    target_status = models.ForeignKey(
        TargetStatus, on_delete=models.CASCADE, related_name="letters"
    )
    template = models.ForeignKey(
        LetterTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recipient = models.CharField(max_length=200)
    office = models.CharField(max_length=200, blank=True)
    address = models.TextField(blank=True)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    signatory = models.CharField(max_length=200)
    branch = models.ForeignKey(
        "accounts.Branch", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        return self.subject
