"""The metric registry: how each kind of goal's progress is computed from the data.

One function per metric kind. Each takes a :class:`GoalScope` (the goal's branches, councils,
charters, workplaces and period) and returns a number, or ``None`` when it cannot be measured
(a density goal with no target workplaces, or whose workplaces employ no one on the
estimate). Progress is never typed in. Density is measured by ``density.measure``, as on the
density pages.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from commonground.campaigns.models import Event, EventSignup, EventStatus, Goal, Metric
from commonground.charters.models import SIGNED_STATES, TargetKind, TargetStatus
from commonground.density import measure
from commonground.lib.disclosure import is_suppressed, suppress
from commonground.people.models import Membership


@dataclass(frozen=True)
class GoalScope:
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


MetricFn = Callable[[GoalScope], float | None]
REGISTRY: dict[str, MetricFn] = {}


def metric(kind: str) -> Callable[[MetricFn], MetricFn]:
    def register(fn: MetricFn) -> MetricFn:
        REGISTRY[kind] = fn
        return fn

    return register


def scope_for(goal: Goal) -> GoalScope:
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
    return GoalScope(
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
class GoalProgress:
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
        found = _measure_at_targets(scope_for(goal))
        return None if found is None else found.members
    return value


def progress(goal: Goal, *, suppress_small: bool = False) -> GoalProgress:
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
        return GoalProgress(goal=goal, value=shown, target=target, percent=None, hidden=True)
    if value is not None and target > 0:
        percent = max(0, min(100, round(100 * value / target)))
    return GoalProgress(goal=goal, value=value, target=target, percent=percent)


# --- Campaign records --------------------------------------------------------------------


def _events(scope: GoalScope) -> Any:
    qs = Event.objects.filter(
        campaign_id=scope.campaign_id,
        status=EventStatus.HELD,
        starts_at__lte=timezone.now(),  # "held" before it started is not counted
        starts_at__date__gte=scope.start,
        starts_at__date__lte=scope.end,
    )
    if scope.event_kind:
        qs = qs.filter(kind=scope.event_kind)
    return qs


@metric(Metric.EVENTS_HELD)
def events_held(scope: GoalScope) -> float | None:
    """Events of the campaign marked held, dated inside the period."""
    return float(_events(scope).count())


@metric(Metric.ATTENDANCE)
def attendance(scope: GoalScope) -> float | None:
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
def councils_signed(scope: GoalScope) -> float | None:
    """Councils (in the goal's councils, else the region) that have signed one of the
    goal's charters by the end of the period and still stand signed, implementing or
    verified."""
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


# --- People and density ------------------------------------------------------------------


@metric(Metric.MEMBERS_RECRUITED)
def members_recruited(scope: GoalScope) -> float | None:
    """Memberships that began inside the period, in the goal's branches."""
    qs = Membership.objects.filter(joined__gte=scope.start, joined__lte=scope.end)
    if scope.branch_ids:
        qs = qs.filter(branch_id__in=scope.branch_ids)
    return float(qs.count())


def _measure_at_targets(scope: GoalScope) -> measure.Measure | None:
    """Members and estimated workforce at the goal's target workplaces, measured as the
    density pages measure them (``density.measure``): every branch of the region."""
    if not scope.workplace_ids:
        return None
    region = measure.Scope(None, scope.region_id, suppress=False)
    return measure.measure_at(region, scope.workplace_ids)


@metric(Metric.DENSITY)
def density_at_targets(scope: GoalScope) -> float | None:
    """Members ÷ workforce across the target workplaces, as a percentage."""
    found = _measure_at_targets(scope)
    if found is None or found.density is None:
        return None
    return round(100.0 * found.density, 1)
