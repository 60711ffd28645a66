"""Register pages: list, location, provider, council, region map, GeoJSON, import."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import FileResponse, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.exports import export_response
from commonground.imports.access import get_run_for_user, runs_visible_to
from commonground.imports.downloads import rejected_rows_response
from commonground.jobs.access import jobs_visible_to
from commonground.jobs.forms import JobForm
from commonground.lib import datacache
from commonground.lib.pagination import paginate
from commonground.register import access, actions
from commonground.register.coverage import (
    FILL_HOME_CARE,
    FILL_STALE,
    SERVICE_ORDER,
    STALE_AFTER_DAYS,
    coverage,
    last_sync,
)
from commonground.register.coverage import sources as coverage_sources
from commonground.register.exports import LocationExporter
from commonground.register.forms import (
    COVERAGE_SHOW,
    CoverageFilterForm,
    LocationFilterForm,
    MapScopeForm,
    PickerQueryForm,
    RegisterImportForm,
    WorkforceOverrideForm,
)
from commonground.register.models import (
    SERVICE_TYPE_LABELS,
    UNNAMED_PROVIDER_HELP,
    Boundary,
    Council,
    Location,
    RegisterSync,
    RegistrationStatus,
    ServiceType,
    provider_label,
)
from commonground.register.providers import provider_facts
from commonground.register.queries import (
    RATINGS,
    SIZE_BANDS,
    STATUSES,
    filter_locations,
)
from commonground.register.readers import UnrecognisedFile
from commonground.register.succession import chain
from commonground.register.widgets import location_label
from commonground.register.workforce import annotate_workforce, estimate, workforce_expression


def _filtered(request: AuthenticatedHttpRequest, qs: QuerySet[Location]) -> dict[str, Any]:
    """Apply the list filters from the query string; returns the queryset and the choices."""
    f = LocationFilterForm(request.GET).filters()
    return {"qs": filter_locations(qs, f), "f": f}


@login_required
@require_perm("view_register")
@require_GET
def location_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    result = _filtered(request, access.locations_visible_to(user))
    # The count and the rendered rows are the same for everyone with the same scope and
    # filters: cached (``lib.datacache``) until the register changes; at 30,000 locations
    # rendering the rows was most of the page's time.
    scope = "all" if user.is_admin else user.region_id
    # The understood filters only: junk parameters must not make new cache entries.
    filters = sorted((k, v) for k, v in result["f"].items() if v)
    qs = result["qs"]
    count = datacache.cached("register.count", (scope, filters), ["register"], qs.count)
    page = paginate(request, qs.select_related("council", "provider"), count=count)
    return render(
        request,
        "register/location_list.html",
        {
            "page": page,
            "cache_seconds": datacache.lifetime(),
            "rows_key": datacache.key("register.rows", (scope, filters, page.number), ["register"]),
            "f": result["f"],
            "councils": access.councils_visible_to(user).only("ons_code", "name"),
            "service_types": ServiceType.choices,
            "sizes": [(k, v[0]) for k, v in SIZE_BANDS.items()],
            "ratings": RATINGS,
            "statuses": [(k, v[0]) for k, v in STATUSES.items()],
            "sorts": [
                ("name", _("Name")),
                ("-beds", _("Most beds")),
                ("-workforce", _("Largest estimated workforce")),
                ("council", _("Council")),
                ("rating", _("Rating")),
                ("-registered", _("Newest registration")),
            ],
            "can_import": has_perm(user, "import_register"),
            "can_export": LocationExporter.available_for_user(user),
        },
    )


@login_required
@require_perm("export_register")
@require_GET
def location_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered list as CSV or XLSX (``?format=xlsx``), every row, audited."""
    result = _filtered(request, access.locations_visible_to(request.user))
    return export_response(
        request, LocationExporter(result["qs"].select_related("council", "provider"))
    )


@login_required
@require_perm("view_register")
@require_GET
def location_detail(request: AuthenticatedHttpRequest, cqc_id: str) -> HttpResponse:
    user = request.user
    location = access.get_location_for_user(user, cqc_id)
    visible = access.locations_visible_to(user)
    can_change = has_perm(user, "change_register")
    registrations = chain(location)
    current = next((r["location"] for r in registrations if r["current"]), None)
    if current is not None and current.pk == location.pk:
        current = None  # this is the current registration
    form = (
        WorkforceOverrideForm(
            initial={
                "workforce_override": location.workforce_override,
                "note": location.workforce_override_note,
            }
        )
        if can_change
        else None
    )
    return render(
        request,
        "register/location_detail.html",
        {
            "location": location,
            "estimate": estimate(location),
            "form": form,
            "changes": location.changes.all()[:100],
            "chain": registrations,
            "visible_ids": set(
                visible.filter(pk__in=[r["location"].pk for r in registrations]).values_list(
                    "pk", flat=True
                )
            ),
            "current": current,
            "can_carry_over": can_change and current is not None,
            "missing_relations": _missing_relations(location),
            "map_data": {
                "id": location.cqc_id,
                "lat": location.latitude,
                "lng": location.longitude,
                "approximate": location.coordinates_approximate,
                "name": location.name,
                "shapes": reverse("register:map-councils") + f"?council={location.council.ons_code}"
                if location.council
                else "",
                # The neighbours: the other registered homes and agencies of its council.
                "points": reverse("register:map-locations")
                + f"?council={location.council.ons_code}"
                if location.council
                else "",
                "location_url": reverse("register:location-detail", args=["__ID__"]),
                "council_url": reverse("register:council-detail", args=["__CODE__"]),
            },
        },
    )


def _missing_relations(location: Location) -> list[str]:
    """Related CQC ids we hold no location for (e.g. GP practices, other boroughs)."""
    ids = set(location.predecessor_ids) | set(location.successor_ids)
    held = set(Location.objects.filter(cqc_id__in=ids).values_list("cqc_id", flat=True))
    return sorted(ids - held)


@login_required
@require_perm("change_register")
@require_POST
def location_workforce(request: AuthenticatedHttpRequest, cqc_id: str) -> HttpResponse:
    location = access.get_location_for_user(request.user, cqc_id, write=True)
    form = WorkforceOverrideForm(request.POST)
    if form.is_valid():
        actions.set_workforce_override(
            request.user,
            location,
            form.cleaned_data["workforce_override"],
            form.cleaned_data["note"],
            request=request,
        )
        messages.success(request, _("Workforce figure saved."))
    else:
        messages.error(request, _("The workforce figure was not saved: %(e)s") % {"e": form.errors})
    return redirect("register:location-detail", cqc_id=location.cqc_id)


def _totals(qs: QuerySet[Location]) -> dict[str, int]:
    registered = qs.filter(registration_status=RegistrationStatus.REGISTERED)
    totals = registered.aggregate(
        locations=Count("id"),
        total_beds=Coalesce(Sum("beds"), 0),
        workforce=Coalesce(Sum(workforce_expression()), 0),
    )
    totals["beds"] = totals.pop("total_beds")
    totals["deregistered"] = qs.filter(registration_status=RegistrationStatus.DEREGISTERED).count()
    return totals


@login_required
@require_perm("view_register")
@require_GET
def provider_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A provider: who they are, every location of theirs (England-wide), ratings, density."""
    user = request.user
    provider = access.get_provider_for_user(user, pk)
    region = access.get_region_for_user(user, None)
    facts = provider_facts(provider, region)
    # England-wide: the register is public data. Locations outside the user's region are
    # listed without a link (their pages are scoped to the region).
    everywhere = Location.objects.filter(provider=provider)
    visible = set(
        access.locations_visible_to(user).filter(provider=provider).values_list("pk", flat=True)
    )
    locations = (
        annotate_workforce(everywhere)
        .select_related("council", "council__region")
        .order_by("registration_status", "council__region__name", "council__name", "name")
    )
    page = paginate(request, locations)
    for loc in page.object_list:
        loc.in_scope = loc.pk in visible  # type: ignore[attr-defined]
    return render(
        request,
        "register/provider_detail.html",
        {
            "provider": provider,
            "label": provider_label(provider.name, facts["brands"][0] if facts["brands"] else ""),
            "unnamed_help": UNNAMED_PROVIDER_HELP,
            "facts": facts,
            "region": region,
            "page": page,
            "totals": _totals(everywhere),
            "can_export": LocationExporter.available_for_user(user),
        },
    )


@login_required
@require_perm("view_register")
@require_GET
def council_detail(request: AuthenticatedHttpRequest, ons_code: str) -> HttpResponse:
    council = access.get_council_for_user(request.user, ons_code)
    qs = access.locations_visible_to(request.user).filter(council=council, is_social_care=True)
    by_type = (
        qs.filter(registration_status=RegistrationStatus.REGISTERED)
        .values("primary_service_type")
        .annotate(n=Count("id"), bed_total=Coalesce(Sum("beds"), 0))
        .order_by("-n")
    )
    labels = dict(ServiceType.choices)
    locations = annotate_workforce(qs.filter(registration_status=RegistrationStatus.REGISTERED))
    return render(
        request,
        "register/council_detail.html",
        {
            "council": council,
            "totals": _totals(qs),
            "by_type": [
                {**row, "label": labels.get(row["primary_service_type"], "—")} for row in by_type
            ],
            "page": paginate(
                request, locations.select_related("provider").order_by("-beds", "name")
            ),
            "map_data": {
                "shapes": reverse("register:map-councils") + f"?council={council.ons_code}",
                "points": reverse("register:map-locations") + f"?council={council.ons_code}",
                "location_url": reverse("register:location-detail", args=["__ID__"]),
            },
        },
    )


@login_required
@require_perm("view_register")
@require_GET
def region_map(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    region = access.get_region_for_user(user, MapScopeForm(request.GET).values["region"] or None)
    councils = access.councils_visible_to(user).filter(region=region)
    qs = access.locations_visible_to(user).filter(
        council__in=councils, is_social_care=True, registration_status="registered"
    )
    stats = {
        row["council_id"]: row
        for row in qs.order_by()
        .values("council_id")
        .annotate(
            n=Count("id"),
            bed_total=Coalesce(Sum("beds"), 0),
            workforce=Coalesce(Sum(workforce_expression()), 0),
        )
    }
    rows = [
        {"council": c, **stats.get(c.pk, {"n": 0, "bed_total": 0, "workforce": 0})}
        for c in councils.order_by("name")
    ]
    return render(
        request,
        "register/region_map.html",
        {
            "region": region,
            "regions": access.regions_visible_to(user) if user.is_admin else [],
            "rows": rows,
            "totals": {
                "n": sum(r["n"] for r in rows),
                "beds": sum(r["bed_total"] for r in rows),
                "workforce": sum(r["workforce"] for r in rows),
            },
            "map_data": {
                "shapes": reverse("register:map-councils") + f"?region={region.slug}",
                "points": reverse("register:map-locations") + f"?region={region.slug}",
                "location_url": reverse("register:location-detail", args=["__ID__"]),
                "council_url": reverse("register:council-detail", args=["__CODE__"]),
            },
        },
    )


def _scoped_councils(request: AuthenticatedHttpRequest) -> QuerySet[Council]:
    councils = access.councils_visible_to(request.user)
    scope = MapScopeForm(request.GET).values
    if code := scope["council"]:
        return councils.filter(ons_code=code)
    region = access.get_region_for_user(request.user, scope["region"] or None)
    return councils.filter(region=region)


@login_required
@require_perm("view_register")
@require_GET
def map_councils(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Council shapes as GeoJSON (neutral: no charter colours here)."""
    councils = {c.pk: c for c in _scoped_councils(request)}
    features = [
        {
            "type": "Feature",
            "geometry": geometry,
            "properties": {"code": councils[cid].ons_code, "name": councils[cid].name},
        }
        for cid, geometry in Boundary.objects.filter(council_id__in=list(councils)).values_list(
            "council_id", "geojson"
        )
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
@require_perm("view_register")
@require_GET
def map_locations(request: AuthenticatedHttpRequest) -> JsonResponse:
    """Registered social-care locations with coordinates, as GeoJSON points."""
    qs = access.locations_visible_to(request.user).filter(
        council__in=_scoped_councils(request),
        is_social_care=True,
        registration_status=RegistrationStatus.REGISTERED,
        latitude__isnull=False,
        longitude__isnull=False,
    )
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [round(lng or 0, 5), round(lat or 0, 5)]},
            "properties": {"id": cqc_id, "name": name, "beds": beds, "type": kind},
        }
        for cqc_id, name, beds, kind, lat, lng in qs.values_list(
            "cqc_id", "name", "beds", "primary_service_type", "latitude", "longitude"
        )
    ]
    return JsonResponse({"type": "FeatureCollection", "features": features})


@login_required
@require_perm("import_register")
@require_http_methods(["GET", "POST"])
def import_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegisterImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.start_register_import(
                request.user,
                form.cleaned_data["file"],
                format=form.cleaned_data["format"] or None,
                include_all=form.cleaned_data["include_all"],
                full=form.cleaned_data["full"],
                request=request,
            )
        except UnrecognisedFile as exc:
            form.add_error("file", str(exc))
        else:
            return redirect(reverse("register:import-create") + f"?job={run.job_id}")
    jobs = jobs_visible_to(request.user).filter(kind=actions.IMPORT_JOB_KIND)
    job_id = JobForm(request.GET).values["job"]
    current = jobs.filter(pk=job_id).first() if job_id else None
    recent = runs_visible_to(request.user, "register")[:10]
    return render(
        request,
        "register/import_create.html",
        {"form": form, "job": current, "runs": recent},
    )


@login_required
@require_perm("import_register")
@require_GET
def import_rejects(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A register import's rejected rows (CSV), with the line, field and reason of each."""
    run = get_run_for_user(request.user, "register", pk)
    return rejected_rows_response(request.user, run, request)


PICKER_RESULTS = 15


def _picker_query(request: AuthenticatedHttpRequest) -> tuple[str, str, str]:
    """The picker's field name, box kind and the words typed into its search box."""
    form = PickerQueryForm(request.GET)
    return form.values["name"], form.values["kind"], form.words


@login_required
@require_perm("view_register")
@require_GET
def coverage_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per council and service type: how many locations, from which source, how old."""
    user = request.user
    query = CoverageFilterForm(request.GET).values
    region = access.get_region_for_user(user, query["region"] or None)
    councils = access.councils_visible_to(user).filter(region=region).order_by("name")
    q = query["q"]
    if q:
        councils = councils.filter(name__icontains=q)
    rows = coverage(councils)
    show = query["show"]
    if show == "gaps":
        rows = [r for r in rows if not r.has_home_care or r.stale]
    elif show == "no_home_care":
        rows = [r for r in rows if not r.has_home_care]
    elif show == "stale":
        rows = [r for r in rows if r.stale]
    can_see_syncs = has_perm(user, "change_register")
    return render(
        request,
        "register/coverage.html",
        {
            "region": region,
            "regions": access.regions_visible_to(user) if user.is_admin else [],
            "page": paginate(request, rows, per_page=30),
            "q": q,
            "show": show,
            "shows": list(COVERAGE_SHOW.items()),
            "service_types": [(t, SERVICE_TYPE_LABELS[t]) for t in SERVICE_ORDER],
            "stale_days": STALE_AFTER_DAYS,
            "fill_home_care": FILL_HOME_CARE,
            "fill_stale": FILL_STALE,
            "last_sync": last_sync(),
            "syncs": RegisterSync.objects.all()[:10] if can_see_syncs else None,
            "sources": coverage_sources() if can_see_syncs else None,
        },
    )


@login_required
@require_perm("view_register")
@require_GET
def location_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Workplaces matching the words, as boxes to tick (``register.widgets.RegisterPicker``)."""
    name, kind, q = _picker_query(request)
    found: list[Any] = []
    if len(q) >= 2:
        qs = filter_locations(
            access.locations_visible_to(request.user).filter(registration_status="registered"),
            {"q": q},
        )
        found = [(loc.cqc_id, location_label(loc)) for loc in qs[:PICKER_RESULTS]]
    return render(
        request,
        "register/_picker_results.html",
        {"name": name, "kind": kind, "q": q, "found": found},
    )


@login_required
@require_perm("view_register")
@require_GET
def provider_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Providers matching the words, as boxes to tick (``register.widgets.ProviderPicker``)."""
    name, kind, q = _picker_query(request)
    found: list[Any] = []
    if len(q) >= 2:
        qs = (
            access.providers_visible_to(request.user)
            .filter(Q(name__icontains=q) | Q(cqc_id__iexact=q))
            .order_by("name")
        )
        found = [(p.pk, p.label) for p in qs[:PICKER_RESULTS]]
    return render(
        request,
        "register/_picker_results.html",
        {"name": name, "kind": kind, "q": q, "found": found},
    )
