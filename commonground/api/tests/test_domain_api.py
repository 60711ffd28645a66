"""Register, density, charters, campaigns, partners, library and motions through the API."""

from __future__ import annotations

import datetime as dt

import pytest

from commonground.alliances.models import JointAction
from commonground.audit.models import Entry
from commonground.testing import make_location, make_user

pytestmark = pytest.mark.django_db


# --- Register -----------------------------------------------------------------------------


def test_it_lists_and_filters_locations(api, world, viewer, workplace_x, workplace_y, council_a):
    body = api.get(viewer, "/register/locations")
    ids = {loc["cqc_id"] for loc in body["items"]}
    assert {workplace_x.cqc_id, workplace_y.cqc_id} <= ids
    bolton = api.get(viewer, "/register/locations", council=council_a.ons_code)
    assert [loc["cqc_id"] for loc in bolton["items"]] == [workplace_x.cqc_id]
    assert bolton["items"][0]["workforce_estimate"] is not None
    by_provider = api.get(viewer, "/register/locations", provider=world["provider"].pk)
    assert by_provider["count"] == 1
    assert api.get(viewer, "/register/locations", q="Mersey")["count"] == 1
    assert api.get(viewer, "/register/locations", type="home_care")["count"] == 0
    assert api.get(viewer, "/register/locations", status="deregistered")["count"] == 0
    api.get(viewer, "/register/locations", expect=422, type="spaceship")
    page = api.get(viewer, "/register/locations", limit=1, offset=1, sort="name")
    assert page["count"] == body["count"] and len(page["items"]) == 1


def test_a_location_in_another_region_is_404(api, world, viewer, workplace_x):
    elsewhere = make_location(None, "Synthetic Unresolved Home")
    api.get(viewer, f"/register/locations/{elsewhere.cqc_id}", expect=404)
    detail = api.get(viewer, f"/register/locations/{workplace_x.cqc_id}")
    assert detail["provider"]["name"] == "Synthetic Hollins Care Group"
    assert detail["workforce_basis"]


def test_it_serves_providers_and_councils(api, world, branch_organiser_a, council_a):
    provider = world["provider"]
    found = api.get(branch_organiser_a, "/register/providers", q="Hollins")
    assert [p["id"] for p in found["items"]] == [provider.pk]
    assert api.get(branch_organiser_a, f"/register/providers/{provider.pk}")["name"]
    councils = api.get(branch_organiser_a, "/register/councils", q="Bolton")
    assert [c["ons_code"] for c in councils["items"]] == [council_a.ons_code]
    assert api.get(branch_organiser_a, f"/register/councils/{council_a.ons_code}")["region"]
    api.get(branch_organiser_a, "/register/councils/E99999999", expect=404)


# --- Density ------------------------------------------------------------------------------


def test_density_is_aggregates_with_small_counts_withheld_for_viewers(
    api, world, viewer, regional_organiser, council_a
):
    exact = api.get(regional_organiser, "/density/council")
    bolton = next(r for r in exact["items"] if r["key"] == council_a.ons_code)
    assert bolton["members"] == 1 and exact["suppressed"] is False
    hidden = api.get(viewer, "/density/council")
    bolton = next(r for r in hidden["items"] if r["key"] == council_a.ons_code)
    assert bolton["members"] is None and bolton["density"] is None and hidden["suppressed"]
    assert "Amara" not in str(hidden)
    summary = api.get(viewer, "/density/summary")
    assert summary["suppressed"] and summary["members"] is None
    locations = api.get(regional_organiser, "/density/location", council=council_a.ons_code)
    assert {r["key"] for r in locations["items"]} == {world["contact"].location.cqc_id}
    api.get(viewer, "/density/person", expect=422)


# --- Charters -----------------------------------------------------------------------------


def test_charters_and_statuses_per_target(api, world, viewer, council_a):
    charters = api.get(viewer, "/charters/")
    ours = next(c for c in charters["items"] if c["slug"] == "api-charter")
    assert ours["signed"] == 1 and ours["commitments"] == 1
    detail = api.get(viewer, "/charters/api-charter")
    assert detail["commitment_list"][0]["text"] == "Pay the real living wage"
    statuses = api.get(viewer, "/charters/api-charter/statuses", q="bolton")
    assert [(r["name"], r["status"]) for r in statuses["items"]] == [("Bolton", "signed")]
    targets = api.get(viewer, "/charters/targets", charter="api-charter", status="signed")
    assert [t["council"] for t in targets["items"]] == [council_a.ons_code]
    assert targets["items"][0]["statuses"][0]["charter"] == "api-charter"
    assert "contact_email" not in targets["items"][0]
    target = world["target"]
    assert api.get(viewer, f"/charters/targets/{target.pk}")["name"] == "Bolton"
    api.get(viewer, "/charters/no-such-charter", expect=404)


def test_a_target_of_another_region_is_404(api, world, regional_organiser, region):
    from commonground.register.models import Region

    other = Region.objects.exclude(pk=region.pk).first() or Region.objects.create(
        name="Synthetic Elsewhere", slug="elsewhere"
    )
    outsider = make_user("elsewhere_org", "regional_organiser", other)
    api.get(outsider, f"/charters/targets/{world['target'].pk}", expect=404)
    assert api.get(regional_organiser, f"/charters/targets/{world['target'].pk}")["id"]


# --- Campaigns ----------------------------------------------------------------------------


def test_a_campaign_shows_computed_goal_progress(api, world, viewer):
    listed = api.get(viewer, "/campaigns/", state="active")
    assert [c["slug"] for c in listed["items"]] == ["pay"]
    assert api.get(viewer, "/campaigns/", branch="T-B")["count"] == 0
    detail = api.get(viewer, "/campaigns/pay")
    goals = {g["metric"]: g for g in detail["goals"]}
    assert goals["events_held"]["value"] == 1.0 and goals["events_held"]["percent"] == 25
    assert goals["councils_signed"]["value"] == 1.0 and goals["councils_signed"]["percent"] == 50
    events = api.get(viewer, "/campaigns/pay/events", status="held")
    assert [e["headcount"] for e in events["items"]] == [30]
    assert "signups" not in events["items"][0]
    api.get(viewer, "/campaigns/nope", expect=404)


# --- Partners, library, motions ----------------------------------------------------------


def test_partners_with_affiliations(api, world, viewer):
    action = JointAction.objects.create(
        region=world["partner"].region, title="Synthetic vigil", date=dt.date(2026, 3, 1)
    )
    action.partners.add(world["partner"])
    listed = api.get(viewer, "/alliances/partners", issue="pay")
    assert [p["name"] for p in listed["items"]] == ["Synthetic Citizens"]
    assert listed["items"][0]["active_affiliations"] == 1
    assert listed["items"][0]["joint_actions"] == 1
    assert api.get(viewer, "/alliances/partners", kind="faith")["count"] == 0
    detail = api.get(viewer, f"/alliances/partners/{world['partner'].pk}")
    assert detail["affiliations"] == [
        {"branch": "T-A", "status": "active", "started": None, "ended": None}
    ]


def test_library_search(api, world, rep_at_workplace_x):
    found = api.get(rep_at_workplace_x, "/library/items", q="privat")
    assert [i["slug"] for i in found["items"]] == ["synthetic-privatisation"]
    assert api.get(rep_at_workplace_x, "/library/items", q="nothingmatches")["count"] == 0
    assert api.get(rep_at_workplace_x, "/library/items", state="internal")["count"] == 0
    detail = api.get(rep_at_workplace_x, f"/library/items/{world['item'].pk}")
    assert detail["body"].startswith("# Heading")


def test_motions_and_their_calls(api, world, viewer):
    listed = api.get(viewer, "/motions/", progress="done")
    assert listed["items"][0]["calls"] == 2 and listed["items"][0]["calls_done"] == 1
    assert api.get(viewer, "/motions/", decision="lost")["count"] == 0
    detail = api.get(viewer, f"/motions/{world['motion'].pk}")
    assert [c["number"] for c in detail["call_list"]] == [1, 2]
    api.get(viewer, "/motions/999999", expect=404)


def test_none_of_these_reads_write_person_audit_rows(api, world, viewer):
    for path in ("/register/locations", "/density/council", "/campaigns/", "/motions/"):
        api.get(viewer, path)
    assert not Entry.objects.filter(action__startswith="people.").exists()
