"""The metric registry: how each kind of goal's progress is computed from the data.

One function per metric kind. Each takes a :class:`Scope` (the goal's branches, councils,
charters, workplaces and period) and returns a number, or ``None`` when the data it needs
does not exist yet (e.g. the people module has not landed). Progress is never typed in.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from commonground.campaigns.models import Event, EventSignup, EventStatus, Goal, Metric
from commonground.lib.disclosure import is_suppressed, suppress


@dataclass(frozen=True)
class Scope:
    """What a goal measures over. Empty tuples mean "no narrowing"."""

    campaign_id: int
    region_id: int
    start: datetime.date
    end: datetime.date
    branch_ids: tuple[int, ...] = ()
    council_ids: tuple[int, ...] = ()
    charter_ids: tuple[int, ...] = ()
    workplace_ids: tuple[int, ...] = ()
    event_kind: str = ""


MetricFn = Callable[[Scope], float | None]
REGISTRY: dict[str, MetricFn] = {}


def metric(kind: str) -> Callable[[MetricFn], MetricFn]:
    def register(fn: MetricFn) -> MetricFn:
        REGISTRY[kind] = fn
        return fn

    return register


def scope_for(goal: Goal) -> Scope:
    """The goal's own scope, falling back to its campaign's branches, charters and dates."""
    campaign = goal.campaign
    start = goal.period_start or campaign.starts_on
    end = goal.period_end or campaign.ends_on or datetime.date.max
    branch_ids = tuple(goal.branches.values_list("pk", flat=True)) or tuple(
        campaign.branches.values_list("pk", flat=True)
    )
    charter_ids = (
        (goal.charter_id,)
        if goal.charter_id
        else tuple(campaign.charters.values_list("pk", flat=True))
    )
    return Scope(
        campaign_id=campaign.pk,
        region_id=campaign.region_id,
        start=start,
        end=end,
        branch_ids=branch_ids,
        council_ids=tuple(goal.councils.values_list("pk", flat=True)),
        charter_ids=charter_ids,
        workplace_ids=tuple(goal.workplaces.values_list("pk", flat=True)),
        event_kind=goal.event_kind,
    )


def compute(goal: Goal) -> float | None:
    fn = REGISTRY.get(goal.metric)
    return fn(scope_for(goal)) if fn else None


@dataclass
class Progress:
    goal: Goal
    value: float | None
    target: float
    percent: int | None
    # A small count of people (or a figure derived from one) withheld from this viewer.
    hidden: bool = False

    @property
    def value_label(self) -> str:
        """The figure for a hidden goal ("<5"); shown goals use ``value`` itself."""
        return suppress(self.value) if self.hidden else ""

    @property
    def available(self) -> bool:
        return self.value is not None

    @property
    def done(self) -> bool:
        return self.value is not None and self.value >= self.target


# Goals that count people, or are derived from a count of people (lib.disclosure).
PEOPLE_METRICS = frozenset({Metric.ATTENDANCE, Metric.MEMBERS_RECRUITED, Metric.DENSITY})


def _people_counted(goal: Goal, value: float | None) -> float | None:
    if goal.metric == Metric.DENSITY:
        found = _members_at_targets(scope_for(goal))
        return None if found is None else found[0]
    return value


def progress(goal: Goal, *, suppress_small: bool = False) -> Progress:
    """A goal's progress. ``suppress_small`` (for anyone who may not see people): a count of
    1-4 people is shown as "<5", and neither it nor a percentage derived from it is given."""
    value = compute(goal)
    target = float(goal.target_value or Decimal(0))
    percent = None
    if (
        suppress_small
        and value is not None
        and goal.metric in PEOPLE_METRICS
        and is_suppressed(_people_counted(goal, value))
    ):
        shown = value if goal.metric != Metric.DENSITY else _people_counted(goal, value)
        return Progress(goal=goal, value=shown, target=target, percent=None, hidden=True)
    if value is not None and target > 0:
        percent = max(0, min(100, round(100 * value / target)))
    return Progress(goal=goal, value=value, target=target, percent=percent)


# --- Campaign records --------------------------------------------------------------------


def _events(scope: Scope) -> Any:
    qs = Event.objects.filter(
        campaign_id=scope.campaign_id,
        status=EventStatus.HELD,
        starts_at__date__gte=scope.start,
        starts_at__date__lte=scope.end,
    )
    if scope.event_kind:
        qs = qs.filter(kind=scope.event_kind)
    return qs


@metric(Metric.EVENTS_HELD)
def events_held(scope: Scope) -> float | None:
    """Events of the campaign marked held, dated inside the period."""
    return float(_events(scope).count())


@metric(Metric.ATTENDANCE)
def attendance(scope: Scope) -> float | None:
    """People at held events: the head count where one was taken, otherwise the sign-ups
    marked as attending (one aggregate query)."""
    attended = (
        EventSignup.objects.filter(event=OuterRef("pk"), attended=True)
        .order_by()
        .values("event")
        .annotate(n=Count("pk"))
        .values("n")
    )
    total = (
        _events(scope)
        .annotate(
            people=Coalesce(
                "headcount",
                Subquery(attended, output_field=IntegerField()),
                Value(0),
                output_field=IntegerField(),
            )
        )
        .aggregate(total=Sum("people"))["total"]
    )
    return float(total or 0)


@metric(Metric.COUNCILS_SIGNED)
def councils_signed(scope: Scope) -> float | None:
    """Councils (in the goal's councils, else the region) that have signed one of the
    goal's charters by the end of the period and still stand signed, implementing or
    verified."""
    from commonground.charters.models import SIGNED_STATES, TargetKind, TargetStatus

    qs = TargetStatus.objects.filter(
        target__kind=TargetKind.COUNCIL,
        target__region_id=scope.region_id,
        status__in=SIGNED_STATES,
        signed_on__lte=scope.end,
    )
    if scope.charter_ids:
        qs = qs.filter(charter_id__in=scope.charter_ids)
    if scope.council_ids:
        qs = qs.filter(target__council_id__in=scope.council_ids)
    return float(qs.values("target__council_id").distinct().count())


# --- People and density (owned by the people module) -------------------------------------
#
# Both read ``people.Membership``, which the people engineer is building. Until the model
# exists these return None and the page says "not available yet". They read
# ``Membership.joined`` (date), ``Membership.branch``, ``Membership.status`` ("member") and
# ``Person.location`` (the linked register workplace); field names are checked, not assumed,
# so a renamed field shows "not available" instead of an error.


def _membership_model() -> Any | None:
    try:
        return apps.get_model("people", "Membership")
    except LookupError:
        return None


def _field_names(model: Any) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


@metric(Metric.MEMBERS_RECRUITED)
def members_recruited(scope: Scope) -> float | None:
    """Memberships that began inside the period, in the goal's branches."""
    membership = _membership_model()
    if membership is None:
        return None
    names = _field_names(membership)
    date_field = next((f for f in ("joined_on", "joined", "join_date") if f in names), None)
    if date_field is None or "branch" not in names:
        return None
    qs = membership.objects.filter(
        **{f"{date_field}__gte": scope.start, f"{date_field}__lte": scope.end}
    )
    if scope.branch_ids:
        qs = qs.filter(branch_id__in=scope.branch_ids)
    return float(qs.count())


def _members_at_targets(scope: Scope) -> tuple[int, int] | None:
    """(members, estimated workforce) across the goal's target workplaces, if known."""
    membership = _membership_model()
    if membership is None or not scope.workplace_ids:
        return None
    from commonground.register.models import Location

    names = _field_names(membership)
    if "person" not in names:
        return None
    person_names = _field_names(membership._meta.get_field("person").related_model)
    workplace = next((f for f in ("location", "workplace") if f in person_names), None)
    if workplace is None:
        return None
    members_q = Q(**{f"person__{workplace}_id__in": scope.workplace_ids})
    if "status" in names:
        members_q &= Q(status__in=("active", "current", "member"))
    members = membership.objects.filter(members_q).count()
    workforce = _workforce(Location.objects.filter(pk__in=scope.workplace_ids))
    return int(members), workforce


@metric(Metric.DENSITY)
def density_at_targets(scope: Scope) -> float | None:
    """Members ÷ workforce across the target workplaces, as a percentage."""
    found = _members_at_targets(scope)
    if found is None or not found[1]:
        return None
    members, workforce = found
    return round(100.0 * members / workforce, 1)


def _workforce(locations: Any) -> int:
    """The density app's estimate if it provides one, else recorded overrides only."""
    try:
        from commonground.density import queries as density_queries  # type: ignore[attr-defined]

        estimate = getattr(density_queries, "workforce_for_locations", None)
        if estimate is not None:
            return int(estimate(locations))
    except ImportError:
        pass
    total = locations.aggregate(n=Sum("workforce_override"))["n"]
    return int(total or 0)
