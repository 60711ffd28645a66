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


@pytest.mark.django_db
def test_the_jobs_list_is_searched_and_filtered_by_status(client, branch_organiser_a):
    Job.objects.create(kind="people_import", label="Import of june.csv", owner=branch_organiser_a)
    failed = Job.objects.create(
        kind="linkage", label="Link people", owner=branch_organiser_a, status=JobStatus.FAILED
    )
    Job.objects.create(kind="linkage", owner=branch_organiser_a, status=JobStatus.DONE)
    client.force_login(branch_organiser_a)
    url = reverse("jobs:job-list")
    every = client.get(url).content.decode()
    assert "Import of june.csv" in every and "Background job" in every
    assert ">linkage<" not in every  # a job without a label is not named by its kind
    found = client.get(url, {"q": "june"}).content.decode()
    assert "Import of june.csv" in found and "Link people" not in found
    failing = client.get(url, {"status": "failed"}).content.decode()
    assert reverse("jobs:job-detail", args=[failed.pk]) in failing and "june" not in failing
    nothing = client.get(url, {"q": "no such job"}).content.decode()
    assert "No jobs match these filters." in nothing
    assert client.get(url, {"status": "exploded"}).status_code == 200  # ignored, not a 500
    assert client.post(url).status_code == 405
