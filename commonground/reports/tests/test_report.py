"""The campaign report (HTML, PDF), the SVG charts and the dashboard panels."""

from __future__ import annotations

import base64
import datetime
import re
import zlib
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from commonground.alliances.models import Contact, JointAction, Partner
from commonground.campaigns.models import Campaign, Event, EventKind, EventSignup, Goal, Metric
from commonground.charters.seed import seed_charters
from commonground.density.snapshots import take_snapshot
from commonground.lib.charts import Bar, Point, bar_chart, line_chart, pdf_drawing
from commonground.people.models import Membership, Person
from commonground.reports import queries

pytestmark = pytest.mark.django_db

NAMES = ("Synthetic Zebediah Quillfeather", "Synthetic Ottoline Brackwater", "Synthetic Signupname")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _pdf_text(data: bytes) -> str:
    """The text of every (Flate-compressed) content stream of a reportlab PDF."""
    out = [data.decode("latin-1")]
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = m.group(1).strip()
        if raw.endswith(b"~>"):  # reportlab: ASCII85 around Flate
            raw = base64.a85decode(raw[:-2].replace(b"\n", b""))
        try:
            out.append(zlib.decompress(raw).decode("latin-1"))
        except (zlib.error, ValueError):
            continue
    return "\n".join(out)


@pytest.fixture
def drive(region: Any, branch_a: Any, workplace_x: Any, regional_organiser: Any) -> Campaign:
    """A region with members, a snapshot, charters, a partner and a campaign with goals."""
    seed_charters()
    for i in range(7):
        p = Person.objects.create(
            branch=branch_a, location=workplace_x, full_name=NAMES[i % 2] + f" {i}"
        )
        Membership.objects.create(person=p, branch=branch_a, number=f"M{i:07d}", status="member")
    take_snapshot(timezone.localdate().replace(day=1))
    partner = Partner.objects.create(region=region, name="Synthetic Faith Forum", kind="faith")
    Contact.objects.create(partner=partner, name=NAMES[0], public_role="Chair")
    action = JointAction.objects.create(
        region=region, title="Synthetic joint vigil", date=datetime.date(2025, 3, 1), turnout=3
    )
    action.partners.add(partner)
    campaign = Campaign.objects.create(
        name="Synthetic Care Drive",
        slug="synthetic-care-drive",
        starts_on=datetime.date(2020, 1, 1),
        region=region,
    )
    Goal.objects.create(campaign=campaign, metric=Metric.EVENTS_HELD, target_value=Decimal(4))
    Goal.objects.create(
        campaign=campaign, metric=Metric.MEMBERS_RECRUITED, target_value=Decimal(100)
    )
    event = Event.objects.create(
        campaign=campaign,
        kind=EventKind.STALL,
        title="Synthetic market stall",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        place="Bolton market",
        branch=branch_a,
    )
    EventSignup.objects.create(
        event=event,
        name=NAMES[2],
        consent_wording="ok",
        consented_at=timezone.now(),
    )
    return campaign


def test_it_suppresses_small_counts() -> None:
    assert queries.count_label(2) == "<5" and queries.count_label(12) == "12"
    assert queries.count_label(0) == "0" and queries.count_label(None) == "—"


def test_it_draws_accessible_svg_charts() -> None:
    chart = line_chart(
        [Point("Jan", 0.1), Point("Feb", None), Point("Mar", 0.2), Point("Apr", 0.25)],
        title="Density <by> month",
        desc="Members ÷ workforce",
    )
    svg = str(chart.svg)
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title id=" in svg and "<desc id=" in svg and "Density &lt;by&gt; month" in svg
    assert svg.count("<polyline") == 1  # the hidden month breaks the line
    assert chart.rows[1] == ["Feb", "—"] and chart.rows[0] == ["Jan", "10%"]
    bars = bar_chart(
        [Bar("Members", 30, 100), Bar("Events", 5, 4), Bar("Hidden", None, 10, "fewer than 5")],
        title="Goals",
        desc="Now against goal",
    )
    assert 'class="bar done"' in str(bars.svg)
    assert bars.rows[0] == ["Members", "30", "100", "30%"]
    assert bars.rows[2][1] == "fewer than 5"
    assert line_chart([], title="t", desc="d").empty


def test_a_chart_goes_into_a_pdf_as_the_same_drawing() -> None:
    """pdf_drawing converts the chart's own SVG (svglib): same text, scaled to the width."""
    from reportlab.graphics.shapes import String

    chart = bar_chart([Bar("Members", 30, 100), Bar("Events", 5, 4)], title="Goals", desc="d")
    drawing = pdf_drawing(chart, 400)
    assert drawing.width == 400 and 0 < drawing.height < 400

    def strings(node: Any) -> list[str]:
        if isinstance(node, String):
            return [node.text]
        return [s for child in getattr(node, "contents", []) for s in strings(child)]

    assert strings(drawing) == ["Members", "30 / 100", "Events", "5 / 4"]
    trend = line_chart([Point("Jan", 0.1, "10 / ~100"), Point("Feb", 0.2)], title="t", desc="d")
    assert "Jan: 10% (10 / ~100)" in str(trend.svg)
    assert "0%" in strings(pdf_drawing(trend, 300))


def test_it_renders_the_report_without_personal_data(
    regional_organiser: Any, drive: Campaign
) -> None:
    response = _client(regional_organiser).get(reverse("reports:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Synthetic Care Drive" in html and "<svg" in html
    assert "Synthetic Faith Forum" in html and "Synthetic joint vigil" in html
    assert "turnout &lt;5" in html
    assert "Recruitment against goals" in html
    for name in NAMES:
        assert name not in html
    pdf = _client(regional_organiser).get(reverse("reports:report-pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = _pdf_text(pdf.content)
    assert "Synthetic Faith Forum" in text
    # The charts are the page's SVG drawn by svglib: the goals' figures and the trend's dot in
    # the chart colour (lib.charts.BRAND #5a2a82 → .352941 .164706 .509804 rg).
    assert "0 / 4" in text and ".352941 .164706 .509804 rg" in text
    for name in NAMES:
        assert name not in text


@pytest.mark.parametrize("persona", ["viewer", "rep_at_workplace_x", "branch_organiser_a"])
def test_every_role_with_reports_sees_the_same_aggregate_report(
    personas: dict[str, Any], persona: str, drive: Campaign
) -> None:
    c = _client(personas[persona])
    assert c.get(reverse("reports:index")).status_code == 200
    assert c.post(reverse("reports:index")).status_code == 405
    assert c.get(reverse("reports:report-pdf")).status_code == 200


def test_it_asks_for_a_login(client: Client) -> None:
    assert client.get(reverse("reports:index")).status_code == 302


def test_the_report_hides_a_small_membership(
    regional_organiser: Any, region: Any, branch_a: Any, workplace_x: Any
) -> None:
    for i in range(3):
        p = Person.objects.create(branch=branch_a, location=workplace_x, full_name=f"S {i}")
        Membership.objects.create(person=p, branch=branch_a, number=f"N{i}", status="member")
    report = queries.campaign_report(region)
    assert report.density.members == "<5" and report.density.density is None


def test_dashboard_panels_per_persona(personas: dict[str, Any], drive: Campaign) -> None:
    organiser = _client(personas["regional_organiser"]).get(reverse("dashboard:home"))
    html = organiser.content.decode()
    assert 'data-testid="dashboard-panels"' in html
    assert "Recruitment against goals" in html and "Charter wins" in html
    assert 'data-testid="review-count"' in html
    assert "Synthetic market stall" in html
    assert "<svg" in html
    viewer = _client(personas["viewer"]).get(reverse("dashboard:home")).content.decode()
    assert "Linkage review queue" not in viewer
    assert "Density" in viewer
    for name in NAMES:
        assert name not in html and name not in viewer
    rep = _client(personas["rep_at_workplace_x"]).get(reverse("dashboard:home"))
    assert rep.status_code == 200
    assert "Linkage review queue" not in rep.content.decode()


def test_dashboard_panel_queries_do_not_grow_with_people(
    django_assert_max_num_queries: Any,
    regional_organiser: Any,
    drive: Campaign,
    branch_a: Any,
    workplace_x: Any,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commonground.lib import datacache

    c = _client(regional_organiser)
    c.get(reverse("dashboard:home"))  # the session and the page's first-use work
    # Both measured with the figures' cache empty: the work that could grow with people.
    datacache.clear()
    with CaptureQueriesContext(connection) as before:
        c.get(reverse("dashboard:home"))
    for i in range(20):
        p = Person.objects.create(branch=branch_a, location=workplace_x, full_name=f"X {i}")
        Membership.objects.create(person=p, branch=branch_a, number=f"X{i}", status="member")
    datacache.clear()
    with CaptureQueriesContext(connection) as after:
        c.get(reverse("dashboard:home"))
    assert len(after) == len(before)


def test_the_axis_top_is_a_round_number() -> None:
    from commonground.lib.charts import nice_ceiling

    assert nice_ceiling(0.0049 * 1.1) == 0.01  # a density of 0.49% → axis to 1%
    assert nice_ceiling(0.0045) == 0.005
    assert nice_ceiling(0.0021) == 0.0025
    assert nice_ceiling(37) == 50 and nice_ceiling(100) == 100 and nice_ceiling(0) > 0
