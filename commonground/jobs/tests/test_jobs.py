from __future__ import annotations

import io

import pytest
from django.urls import reverse

from commonground.jobs.models import Job, JobStatus
from commonground.jobs.progress import JobProgress, TerminalBar, finish, start


@pytest.mark.django_db
def test_progress_is_visible_to_its_owner_only(client, branch_organiser_a, outsider_branch_b):
    job = Job.objects.create(kind="test", owner=branch_organiser_a, total=10)
    start(job)
    JobProgress(job, interval=0)(4, 10, "working")
    client.force_login(branch_organiser_a)
    data = client.get(reverse("jobs:job-detail", args=[job.pk]), {"format": "json"}).json()
    assert data["done"] == 4 and data["percent"] == 40 and data["status"] == JobStatus.RUNNING
    partial = client.get(reverse("jobs:job-detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b"hx-trigger" in partial.content and b"<html" not in partial.content
    client.force_login(outsider_branch_b)
    assert client.get(reverse("jobs:job-detail", args=[job.pk])).status_code == 404


@pytest.mark.django_db
def test_finishing_a_job_stops_polling(client, branch_organiser_a):
    job = Job.objects.create(kind="test", owner=branch_organiser_a, total=3)
    finish(job, {"created": 3})
    client.force_login(branch_organiser_a)
    body = client.get(reverse("jobs:job-detail", args=[job.pk])).content.decode()
    # The progress box stops polling; the counts are in words.
    assert 'hx-trigger="every 1s"' not in body and "<dt>Created</dt><dd>3</dd>" in body


def test_the_terminal_bar_draws_progress():
    out = io.StringIO()
    bar = TerminalBar("Importing", stream=out, enabled=True)
    bar(5, 10)
    bar(10, 10)
    bar.finish()
    assert "[###############---------------] 5/10" in out.getvalue()
    assert "10/10" in out.getvalue()
