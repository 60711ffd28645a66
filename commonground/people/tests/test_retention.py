"""Retention: `commonground purge` counts (dry run) and applies the rules, audited."""

from __future__ import annotations

import datetime
import json
import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.imports.models import ImportRun, RunStatus
from commonground.people.actions import log_conversation, record_assessment
from commonground.people.models import Assessment, Conversation, Membership, Person
from commonground.people.retention import months_before
from commonground.people.tests.conftest import make_person

pytestmark = pytest.mark.django_db

THEN = datetime.datetime(2022, 1, 10, 12, tzinfo=datetime.UTC)
NOW = datetime.datetime(2025, 6, 1, 12, tzinfo=datetime.UTC)


def _purge(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("purge", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def old_world(admin, branch_a, workplace_x):
    """People and notes written in January 2022, seen from June 2025."""
    with time_machine.travel(THEN, tick=False):
        stale = make_person(branch_a, workplace_x, full_name="Synthetic Stale Contact")
        member = make_person(branch_a, workplace_x, number="M2000001")
        lapsed_long_ago = make_person(branch_a, workplace_x, number="M2000002", status="lapsed")
        Membership.objects.filter(person=lapsed_long_ago).update(lapsed=datetime.date(2021, 1, 1))
        lapsed_recently = make_person(branch_a, workplace_x, number="M2000003", status="lapsed")
        Membership.objects.filter(person=lapsed_recently).update(lapsed=datetime.date(2024, 9, 1))
        talked = make_person(branch_a, workplace_x)
        log_conversation(admin, member, notes="Synthetic note about the rota", next_step="call")
        record_assessment(admin, member, 2, "Synthetic assessment note")
    with time_machine.travel(datetime.datetime(2024, 12, 1, tzinfo=datetime.UTC), tick=False):
        log_conversation(admin, talked, notes="Recent synthetic note")
    return {
        "stale": stale,
        "member": member,
        "lapsed_long_ago": lapsed_long_ago,
        "lapsed_recently": lapsed_recently,
        "talked": talked,
    }


def test_months_before_clamps_to_the_end_of_the_month():
    assert months_before(datetime.datetime(2025, 3, 31), 1) == datetime.datetime(2025, 2, 28)
    assert months_before(datetime.datetime(2025, 1, 15), 24) == datetime.datetime(2023, 1, 15)


def test_a_dry_run_counts_without_names_and_changes_nothing(old_world):
    with time_machine.travel(NOW, tick=False):
        report = _purge("--dry-run")
    assert report["dry_run"] is True
    assert report["rules"]["contacts"]["people"] == 2  # stale contact, long-lapsed member
    assert report["rules"]["notes"] == {
        "cutoff": "2022-06-01",
        "conversations": 1,
        "assessments": 1,
        "people": 1,
    }
    assert "Synthetic" not in json.dumps(report)
    assert not Person.objects.filter(erased_at__isnull=False).exists()
    assert not Entry.objects.filter(action="people.retention.purged").exists()


def test_purge_applies_each_rule_and_audits_it_once(old_world):
    w = old_world
    with time_machine.travel(NOW, tick=False):
        report = _purge()
    assert report["dry_run"] is False
    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {w["stale"].pk, w["lapsed_long_ago"].pk}
    stale = Person.objects.get(pk=w["stale"].pk)
    assert stale.full_name == "" and stale.email == ""
    # A long-lapsed member keeps status and dates (historic density), not the number.
    m = Membership.objects.get(person=w["lapsed_long_ago"])
    assert (m.status, m.lapsed, m.number) == ("lapsed", datetime.date(2021, 1, 1), "")
    old_talk = Conversation.objects.get(person=w["member"])
    assert old_talk.notes == "" and old_talk.next_step == "" and old_talk.outcome == ""
    assert Assessment.objects.get(person=w["member"]).note == ""
    assert Assessment.objects.get(person=w["member"]).value == 2
    assert Conversation.objects.get(person=w["talked"]).notes == "Recent synthetic note"
    rows = {e.data["rule"]: e for e in Entry.objects.filter(action="people.retention.purged")}
    assert set(rows) == {"contacts", "notes"}  # nothing to do for import files
    assert sorted(rows["contacts"].data["ids"]) == sorted(erased)
    assert rows["contacts"].actor_label == "purge"
    assert rows["notes"].data["ids"] == [old_talk.pk]
    assert "Synthetic" not in json.dumps([e.data for e in rows.values()])
    # Nothing is left to do: a second run touches nothing and writes no row.
    with time_machine.travel(NOW, tick=False):
        again = _purge()
    assert again["rules"]["contacts"]["people"] == 0
    assert Entry.objects.filter(action="people.retention.purged").count() == 2


def test_the_periods_come_from_settings(settings, old_world):
    settings.COMMONGROUND_RETENTION = {"CONTACT_INACTIVE_MONTHS": 48}
    with time_machine.travel(NOW, tick=False):
        report = _purge("--dry-run", "--rule", "contacts")
    assert report["rules"] == {"contacts": {"cutoff": "2021-06-01", "people": 0}}


def test_old_import_files_are_deleted(media, branch_a, django_capture_on_commit_callbacks):
    rejected = Path(media) / "imports" / "rejected" / "people-1.csv"
    upload = Path(media) / "imports" / "2022" / "01" / "extract.csv"
    fresh = Path(media) / "imports" / "rejected" / "people-2.csv"
    for path in (rejected, upload, fresh):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("line,reason\n2,Synthetic bad row\n")
    old = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC).timestamp()
    os.utime(rejected, (old, old))
    os.utime(upload, (old, old))
    with time_machine.travel(datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC), tick=False):
        run = ImportRun.objects.create(
            kind="people",
            branch=branch_a,
            file="imports/2022/01/extract.csv",
            rejected_file="imports/rejected/people-1.csv",
            status=RunStatus.DONE,
        )
    # Files go once the rule's transaction has committed.
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        report = _purge("--rule", "import_files")
    assert report["rules"]["import_files"]["runs"] == 1
    assert report["rules"]["import_files"]["files"] == 2
    assert not rejected.exists() and not upload.exists()
    assert fresh.exists()  # newer than 90 days (written now)
    run.refresh_from_db()
    assert run.file.name == "" and run.rejected_file.name == ""
    entry = Entry.objects.get(action="people.retention.purged")
    assert entry.data["rule"] == "import_files" and entry.data["ids"] == [run.pk]


def test_purge_without_json_prints_counts(old_world):
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("purge", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "contacts" in text and "would" in text and "Synthetic" not in text
    assert timezone.now()  # the command leaves the clock alone
