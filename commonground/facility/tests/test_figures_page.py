"""The statutory figures, computed by hand (docs/facility-time.md) and checked through the
page, the CSV export and the command."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from commonground.audit.models import Entry as AuditEntry
from commonground.facility.statutory import figures_for, working_hours


@pytest.mark.django_db
def test_the_inputs_follow_the_documented_rules(worked_example):
    period, people = worked_example
    terms = {t.activist.username: t for t in period.officials.all()}
    assert working_hours(terms["official_a"], period) == 1924  # 37 × 52
    assert working_hours(terms["official_d"], period) == 520  # 10 × 52
    officials = {o.official_id: o for o in figures_for(period).officials}
    a = officials[str(people["A"].pk)]
    assert [a.hours_paid_duties, a.hours_paid_activities, a.hours_unpaid] == [100, 50, 10]
    assert officials[str(people["C"].pk)].facility_time_hours == 0  # April 2025 is outside


@pytest.mark.django_db
def test_the_figures_page_shows_the_hand_computed_figures(
    client, branch_organiser_a, worked_example
):
    period, _people = worked_example
    client.force_login(branch_organiser_a)
    body = client.get(reverse("facility:figures", args=[period.pk])).content.decode()

    def value(testid):
        # The cell's other attributes (its phone label) may follow the test id.
        return body.split(f'data-testid="{testid}"')[1].split(">", 1)[1].split("<")[0].strip()

    # Table 1: four officials; FTE 1 + 0.5 + 1 + 10/37 (0.2703) = 2.7703 -> 2.77.
    assert value("officials") == "4"
    assert value("fte") == "2.77"
    # Table 2: C 0%; A 160/1924 = 8% -> 1-50%; B 600/962 = 62% -> 51-99%; D 520/520 -> 100%.
    assert (value("band-0"), value("band-1-50"), value("band-51-99"), value("band-100")) == (
        "1",
        "1",
        "1",
        "1",
    )
    # Table 3: A 150 h × £20 = 3,000; B 600 × £15 = 9,000; D 520 × £12 = 6,240 -> £18,240.
    # 18,240 / 1,000,000 = 1.824% -> 1.82%.
    assert value("cost") == "£18,240"
    assert value("pay-bill-pct") == "1.82%"
    # Table 4: paid activities 50 (A) + 100 (B) = 150 of 1,270 paid hours = 11.81%.
    assert value("activities-pct") == "11.81%"
    assert AuditEntry.objects.filter(action="facility.figures.viewed").exists()


@pytest.mark.django_db
def test_the_figures_export_as_csv(client, regional_organiser, worked_example):
    period, _ = worked_example
    client.force_login(regional_organiser)
    response = client.get(reverse("facility:figures-export", args=[period.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    values = {r[1]: r[2] for r in rows[1:]}
    assert values["Percentage of the total pay bill spent on facility time"] == "1.82"
    assert values["Full-time equivalent employee number"] == "2.77"
    assert AuditEntry.objects.filter(action="facility.figures.exported").exists()


@pytest.mark.django_db
def test_the_command_prints_the_figures(worked_example, capsys):
    period, _ = worked_example
    call_command("facility_figures", str(period.pk), "--csv")
    out = capsys.readouterr().out
    assert "Total cost of facility time,18240.00" in out
    assert "paid facility time hours,11.81" in out


@pytest.mark.django_db
def test_hours_without_terms_are_reported_not_guessed(
    client, branch_organiser_a, worked_example, region, branch_a
):
    from commonground.accounts.models import Role
    from commonground.facility.tests.conftest import add_hours
    from commonground.testing import make_user

    period, _ = worked_example
    stranger = make_user("no_terms", Role.REP, region, [branch_a], first_name="Nora")
    add_hours(stranger, branch_a, period.employer, 8, "duties")
    client.force_login(branch_organiser_a)
    body = client.get(reverse("facility:figures", args=[period.pk])).content.decode()
    assert "cannot be calculated yet" in body and "Nora" in body
    assert 'data-testid="fte"' not in body


@pytest.mark.django_db
def test_it_enters_terms_and_the_pay_bill_with_audit_rows(
    client, branch_organiser_a, worked_example
):
    period, people = worked_example
    client.force_login(branch_organiser_a)
    url = reverse("facility:figures", args=[period.pk])
    client.post(
        url,
        {"activist": people["C"].pk, "contracted_hours_per_week": "18.5", "hourly_rate": "10"},
    )
    assert period.officials.get(activist=people["C"]).contracted_hours_per_week == 18.5
    assert AuditEntry.objects.filter(action="facility.terms.saved").exists()
    client.post(
        url,
        {"period-start": "2024-04-01", "period-end": "2025-03-31", "period-total_pay_bill": "0"},
    )
    body = client.get(url).content.decode()
    assert "Total pay bill is zero" in body
    assert AuditEntry.objects.filter(action="facility.period.saved").exists()


@pytest.mark.django_db
def test_the_outsider_cannot_open_figures_of_another_region(client, worked_example):
    from commonground.accounts.models import Role
    from commonground.register.models import Region
    from commonground.testing import make_user

    period, _ = worked_example
    other = make_user("far", Role.REGIONAL_ORGANISER, Region.objects.create(name="Far", slug="far"))
    client.force_login(other)
    assert client.get(reverse("facility:figures", args=[period.pk])).status_code == 404


@pytest.mark.django_db
def test_reps_cannot_open_the_figures(client, rep_at_workplace_x, worked_example):
    period, _ = worked_example
    client.force_login(rep_at_workplace_x)
    assert client.get(reverse("facility:figures", args=[period.pk])).status_code == 403


@pytest.mark.django_db
def test_the_demo_seed_is_idempotent(region):
    from commonground.demo.seed import seed_branches, seed_personas
    from commonground.facility import demo
    from commonground.facility.models import PeriodInput

    seed_branches(region)
    seed_personas(region)
    assert demo.seed(region) == demo.seed(region)
    result = figures_for(PeriodInput.objects.get())
    assert result.figures is not None and result.figures.relevant_officials == 3
