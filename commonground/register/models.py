"""Places and the care register: regions, councils, providers and care locations."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from commonground.register.workforce import Estimate


class Region(models.Model):
    """An English region (e.g. North West): the top of a user's scope."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    ons_code = models.CharField(max_length=12, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CombinedAuthority(models.Model):
    code = models.CharField(max_length=12, unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=50, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    has_mayor = models.BooleanField(default=False)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "combined authorities"

    def __str__(self) -> str:
        return self.name


class CouncilKind(models.TextChoices):
    UNITARY = "unitary", _("Unitary")
    METROPOLITAN = "metropolitan", _("Metropolitan borough")
    LONDON_BOROUGH = "london_borough", _("London borough")
    COUNTY = "county", _("County council")
    DISTRICT = "district", _("District (no social care duties)")
    OTHER = "other", _("Other")


class Council(models.Model):
    """A local authority. Districts roll up to their county for social care."""

    ons_code = models.CharField(_("ONS code"), max_length=12, unique=True)
    name = models.CharField(max_length=200)
    official_name = models.CharField(max_length=255, blank=True)
    alt_names = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=20, choices=CouncilKind.choices, default=CouncilKind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="districts",
        help_text=_("The county council a district sits in."),
    )
    combined_authority = models.ForeignKey(
        CombinedAuthority, on_delete=models.SET_NULL, null=True, blank=True, related_name="councils"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="councils"
    )
    sub_area = models.CharField(max_length=100, blank=True)
    former_codes = models.JSONField(default=list, blank=True)
    successor_codes = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_social_care_duties(self) -> bool:
        return self.active and self.kind != CouncilKind.DISTRICT


class PostcodeDistrict(models.Model):
    outcode = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    town = models.CharField(max_length=100, blank=True)
    council_name = models.CharField(max_length=200, blank=True)
    council = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="postcode_districts"
    )

    def __str__(self) -> str:
        return self.outcode


class Boundary(models.Model):
    council = models.OneToOneField(Council, on_delete=models.CASCADE, related_name="boundary")
    geojson = models.JSONField(help_text=_("GeoJSON geometry (WGS84)"))
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "boundaries"

    def __str__(self) -> str:
        return f"Boundary of {self.council}"


class Provider(models.Model):
    """A registered provider (the employer, often a chain).

    ``name`` is blank while CQC has given us none: the API's location records carry the
    provider's id only. Pages never show the id in its place (``register/_provider_name.html``);
    ``sync-register`` (the API's provider record) or the monthly workbook fills it.
    """

    cqc_id = models.CharField(
        _("CQC provider id"), max_length=20, unique=True, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=255, db_index=True, blank=True)
    previous_names = models.JSONField(default=list, blank=True)
    is_synthetic = models.BooleanField(default=False)
    companies_house_number = models.CharField(
        _("Companies House number"), max_length=20, blank=True
    )
    charity_number = models.CharField(_("charity number"), max_length=20, blank=True)
    ownership_type = models.CharField(_("ownership type"), max_length=100, blank=True)
    details_fetched = models.DateTimeField(
        _("provider record read"),
        null=True,
        blank=True,
        help_text=_("When the CQC API's record of this provider was last read."),
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name to show: the provider's name, never its id (``provider_label``)."""
        return provider_label(self.name)


UNNAMED_PROVIDER_HELP = _(
    "CQC's location records give a provider's id but not its name. Run "
    "“commonground sync-register” with a CQC API key, or import CQC's monthly "
    "HSCA Active Locations workbook, to fill it in."
)


def provider_label(name: str, brand: str = "") -> str:
    """How a provider is named on screen: its name; else its brand, said to be a brand."""
    if name:
        return name
    if brand:
        return str(_("%(brand)s (brand; provider’s name not known yet)") % {"brand": brand})
    return str(_("Provider’s name not known yet"))


class ServiceType(models.TextChoices):
    CARE_HOME_NURSING = "care_home_nursing", _("Care home with nursing")
    CARE_HOME = "care_home", _("Care home without nursing")
    HOME_CARE = "home_care", _("Home care (domiciliary)")
    SUPPORTED_LIVING = "supported_living", _("Supported living")
    EXTRA_CARE = "extra_care", _("Extra care housing")
    SHARED_LIVES = "shared_lives", _("Shared lives")
    OTHER_SOCIAL_CARE = "other_social_care", _("Other adult social care")
    GP = "gp", _("GP practice")
    DENTIST = "dentist", _("Dentist")
    HOSPITAL = "hospital", _("Hospital")
    OTHER = "other", _("Other health service")


SOCIAL_CARE_TYPES = frozenset(
    {
        ServiceType.CARE_HOME_NURSING,
        ServiceType.CARE_HOME,
        ServiceType.HOME_CARE,
        ServiceType.SUPPORTED_LIVING,
        ServiceType.EXTRA_CARE,
        ServiceType.SHARED_LIVES,
        ServiceType.OTHER_SOCIAL_CARE,
    }
)


SERVICE_TYPE_LABELS = dict(ServiceType.choices)


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    DEREGISTERED = "deregistered", _("Deregistered")


class Location(models.Model):
    """A regulated care location: a workplace."""

    cqc_id = models.CharField(_("CQC location id"), max_length=20, unique=True)
    name = models.CharField(max_length=255, db_index=True)
    previous_names = models.JSONField(default=list, blank=True)
    provider = models.ForeignKey(
        Provider, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    council = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="locations"
    )
    district_code = models.CharField(max_length=12, blank=True)
    address = models.CharField(max_length=255, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    coordinates_approximate = models.BooleanField(
        default=False, help_text=_("Coordinates are the postcode district's centroid.")
    )
    beds = models.PositiveIntegerField(null=True, blank=True)
    # Stored as "|care_home|home_care|" so that one service type can be filtered with
    # ``__contains`` on both SQLite and PostgreSQL.
    service_types_text = models.CharField(max_length=255, blank=True, db_index=True)
    primary_service_type = models.CharField(
        max_length=32, choices=ServiceType.choices, blank=True, db_index=True
    )
    is_social_care = models.BooleanField(default=True, db_index=True)
    registration_status = models.CharField(
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    registration_date = models.DateField(null=True, blank=True)
    deregistration_date = models.DateField(null=True, blank=True)
    dormant = models.BooleanField(null=True, blank=True)
    rating = models.CharField(max_length=40, blank=True, db_index=True)
    rating_date = models.DateField(null=True, blank=True)
    inspection_directorate = models.CharField(
        _("inspection directorate"), max_length=60, blank=True
    )
    inspection_category = models.CharField(
        _("inspection category"),
        max_length=100,
        blank=True,
        help_text=_('CQC\'s primary inspection category, e.g. "Residential social care".'),
    )
    # CQC's service user bands, stored like service types: "|Dementia|Older People|".
    user_bands_text = models.CharField(_("service user bands"), max_length=500, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors"
    )
    not_in_latest_file = models.BooleanField(default=False)
    source_date = models.DateField(
        null=True, blank=True, help_text=_("Date of the newest extract applied to this row.")
    )
    workforce_override = models.PositiveIntegerField(null=True, blank=True)
    workforce_override_note = models.CharField(max_length=255, blank=True)
    # CQC's relationship ids, kept even when the related location is not (yet) imported:
    # the ``predecessors`` links are made from these whenever both ends exist.
    predecessor_ids = models.JSONField(default=list, blank=True)
    successor_ids = models.JSONField(default=list, blank=True)
    also_known_as = models.CharField(max_length=255, blank=True)
    brand_id = models.CharField(_("CQC brand id"), max_length=20, blank=True)
    brand_name = models.CharField(_("brand"), max_length=255, blank=True)
    source = models.CharField(
        _("source"),
        max_length=255,
        blank=True,
        help_text=_("The file (or the CQC API) whose data this row last took."),
    )
    # A digest of the raw cells of the register file row this entry was last written from
    # ("" when something else wrote to it since): the next import skips identical cells.
    raw_digest = models.CharField(max_length=32, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["council", "is_social_care", "registration_status"])]

    def __str__(self) -> str:
        return self.name

    @property
    def service_types(self) -> list[str]:
        return [t for t in self.service_types_text.split("|") if t]

    @service_types.setter
    def service_types(self, types: list[str]) -> None:
        ordered = sorted(set(types))
        self.service_types_text = f"|{'|'.join(ordered)}|" if ordered else ""

    @property
    def user_bands(self) -> list[str]:
        return [b for b in self.user_bands_text.split("|") if b]

    def service_type_labels(self) -> list[str]:
        return [str(SERVICE_TYPE_LABELS.get(t, t)) for t in self.service_types]

    def get_primary_service_type_display(self) -> str:  # type: ignore[no-redef]
        # Django's generated version hashes every (lazy) choice label on each call; a list of
        # 50 locations spent a third of its rendering time there.
        kind = self.primary_service_type
        return str(SERVICE_TYPE_LABELS.get(kind, kind))

    def estimated_workforce(self) -> Estimate:
        """The workforce estimate (never a count): see ``register.workforce``."""
        from commonground.register.workforce import estimate

        return estimate(self)


class LocationChange(models.Model):
    """One field changed on a location by an import: the register's history."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=50)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    source = models.CharField(max_length=255, blank=True)
    source_date = models.DateField(null=True, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.location_id} {self.field}"

    def field_label(self) -> str:
        """The changed field in words ("Service types" rather than ``service_types_text``)."""
        label = CHANGE_LABELS.get(self.field)
        if label is not None:
            return str(label)
        try:  # a field added since: its own verbose name
            field = Location._meta.get_field(self.field)
            return capfirst(str(getattr(field, "verbose_name", self.field)))
        except FieldDoesNotExist:  # a field since removed: its stored name, in words
            return capfirst(self.field.replace("_", " "))

    def old_display(self) -> str:
        return self._shown(self.old_value)

    def new_display(self) -> str:
        return self._shown(self.new_value)

    def _shown(self, value: str) -> str:
        """A stored value as the page says it: yes/no, "7 Feb 2024", a service type's name,
        the bands as a list ("False", ``2024-02-07`` and ``|care_home|`` were shown as they
        were stored)."""
        if not value:
            return ""
        name = {"brand": "brand_id"}.get(self.field, self.field)
        if name in {"service_types_text", "user_bands_text"}:
            parts = [p for p in value.split("|") if p]
            return ", ".join(str(SERVICE_TYPE_LABELS.get(p, p)) for p in parts)
        try:
            field = Location._meta.get_field(name)
        except FieldDoesNotExist:
            return value
        if isinstance(field, models.BooleanField):
            return {"True": str(_("yes")), "False": str(_("no"))}.get(value, value)
        if isinstance(field, models.DateField):
            day = parse_date(value)
            return date_format(day, "j M Y") if day else value
        choices = getattr(field, "choices", None)
        if choices:
            return str(dict(choices).get(value, value))
        return value


# What each field an import compares is called in a location's history (the stored name
# has "_id" taken off: "brand" is CQC's brand id, "provider" and "council" their names).
CHANGE_LABELS = {
    "name": _("Name"),
    "also_known_as": _("Also known as"),
    "provider": _("Provider"),
    "brand": _("CQC brand id"),
    "brand_name": _("Brand"),
    "council": _("Council"),
    "district_code": _("District code"),
    "address": _("Address"),
    "town": _("Town"),
    "postcode": _("Postcode"),
    "latitude": _("Latitude"),
    "longitude": _("Longitude"),
    "coordinates_approximate": _("Position is approximate"),
    "beds": _("Beds"),
    "service_types_text": _("Service types"),
    "primary_service_type": _("Main service type"),
    "is_social_care": _("Social care"),
    "registration_status": _("Registration"),
    "registration_date": _("Registered"),
    "deregistration_date": _("Deregistered"),
    "dormant": _("Dormant"),
    "rating": _("Rating"),
    "rating_date": _("Rating date"),
    "inspection_directorate": _("Inspection directorate"),
    "inspection_category": _("Inspection category"),
    "user_bands_text": _("Service user bands"),
    "predecessor_ids": _("Earlier registrations"),
    "successor_ids": _("Later registrations"),
    "not_in_latest_file": _("Missing from the latest file"),
}


class WorkforceRatio(models.Model):
    """How many staff a location of one service type is assumed to employ: an ESTIMATE.

    Care homes: ``per_bed`` × beds (``per_location`` when the beds are unknown); agencies and
    schemes without beds: ``per_location``. Seeded from published averages
    (docs/workforce-estimate.md); admins edit them in the admin.
    """

    service_type = models.CharField(max_length=32, choices=ServiceType.choices, unique=True)
    per_bed = models.FloatField(
        _("staff per bed"), null=True, blank=True, help_text=_("Care homes: staff per bed.")
    )
    per_location = models.PositiveIntegerField(
        _("staff per location"),
        null=True,
        blank=True,
        help_text=_("Used when there are no beds (home care, supported living, …)."),
    )
    source = models.TextField(blank=True, help_text=_("Where the figure comes from."))
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_type"]

    def __str__(self) -> str:
        return f"{self.get_service_type_display()}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _register_changed()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        result = super().delete(*args, **kwargs)
        _register_changed()
        return result


class SyncStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class SyncMode(models.TextChoices):
    WALK = "walk", _("First run: every location in the region")
    CHANGES = "changes", _("Changes since the last sync")


class RegisterSync(models.Model):
    """One run of ``commonground sync-register`` against the CQC API.

    ``checkpoint`` is the run's state (phase, the ids still to fetch, how far it got): a run
    that was killed is resumed from it by the next ``sync-register``. The subscription key is
    never stored here.
    """

    started = models.DateTimeField(auto_now_add=True)
    finished = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=SyncStatus.choices, default=SyncStatus.RUNNING, db_index=True
    )
    mode = models.CharField(max_length=20, choices=SyncMode.choices)
    base_url = models.CharField(max_length=255)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True)
    # The changes window: [window_start, window_end). A walk has no start.
    window_start = models.DateTimeField(null=True, blank=True)
    window_end = models.DateTimeField()
    # ONS codes of the councils whose locations this sync (and the walks before it) keep current.
    councils = models.JSONField(default=list, blank=True)
    checkpoint = models.JSONField(default=dict, blank=True)
    counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    actor = models.CharField(max_length=150, blank=True)
    pid = models.PositiveIntegerField(null=True, blank=True)
    host = models.CharField(max_length=255, blank=True)
    resumed = models.PositiveIntegerField(default=0, help_text=_("Times this run was resumed."))

    class Meta:
        ordering = ["-started", "-id"]

    def __str__(self) -> str:
        return f"sync {self.pk} ({self.status})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The coverage banner reads the newest successful sync: a sync that changed nothing
        # still makes its councils current once it finishes. A running sync's checkpoint
        # saves change nothing a page shows (the locations and providers it writes expire
        # the caches themselves, in ``register.sync``).
        if self.status != SyncStatus.RUNNING:
            _register_changed()


def _register_changed() -> None:
    """Cached register figures (lists, workforce estimates, density) are stale once committed."""
    from commonground.lib import datacache

    datacache.changed("register")
