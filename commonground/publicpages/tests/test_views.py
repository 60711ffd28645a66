"""Organisers' screens: pages, translations, questions, the queue, results and exports."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters.models import Charter, Target, TargetKind
from commonground.publicpages.actions import create_charter_survey, receive_submission
from commonground.publicpages.models import Page, Question, Submission
from commonground.publicpages.public_forms import Received
from commonground.publicpages.tests.conftest import form_data
from commonground.testing import make_location, make_provider

pytestmark = pytest.mark.django_db


def test_an_organiser_creates_a_page_and_it_is_audited(client, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    url = reverse("pages:page-create") + "?kind=petition"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "petition",
            "title": "Pay travel time",
            "slug": "pay-travel",
            "branch": branch_a.pk,
            "consent_wording": "Keep me posted.",
            "languages": ["ar", "ur"],
            "goal": "500",
            "show_count": "on",
            "ask_workplace": "on",
        },
    )
    page = Page.objects.get(slug="pay-travel")
    assert response.status_code == 302 and response["Location"].endswith(f"/pages/{page.pk}/")
    assert page.kind == "petition" and page.goal == 500 and page.languages == ["ar", "ur"]
    assert not page.is_open  # opened on purpose
    assert Entry.objects.filter(action="publicpages.page.created", subject_id=str(page.pk)).exists()
    response = client.post(reverse("pages:page-open", args=[page.pk]), {"action": "open"})
    page.refresh_from_db()
    assert page.is_open and Entry.objects.filter(action="publicpages.page.opened").exists()
    detail = client.get(reverse("pages:page-detail", args=[page.pk])).content.decode()
    assert "/public/pay-travel/qr.svg" in detail and "&lt;iframe" in detail
    assert "not yet translated" in detail and "needs review" in detail


def test_a_branch_organiser_cannot_change_another_branchs_page(
    client, outsider_branch_b, join_page
):
    client.force_login(outsider_branch_b)
    assert client.get(reverse("pages:page-detail", args=[join_page.pk])).status_code == 200
    assert client.get(reverse("pages:page-edit", args=[join_page.pk])).status_code == 404
    response = client.post(reverse("pages:page-open", args=[join_page.pk]), {"action": "close"})
    assert response.status_code == 404
    join_page.refresh_from_db()
    assert join_page.is_open


def test_changing_the_consent_wording_records_a_new_version(client, admin, join_page, branch_a):
    client.force_login(admin)
    response = client.post(
        reverse("pages:page-edit", args=[join_page.pk]),
        {
            "title": join_page.title,
            "slug": join_page.slug,
            "branch": branch_a.pk,
            "consent_wording": "The union may contact me by text.",
            "languages": join_page.languages,
            "ask_workplace": "on",
        },
    )
    assert response.status_code == 302
    join_page.refresh_from_db()
    assert join_page.consent_version == 2
    client.logout()
    client.post(
        reverse("public:page", args=[join_page.slug]),
        form_data(
            join_page, name="Synthetic V", email="v@example.invalid", workplace="x", consent="on"
        ),
    )
    s = Submission.objects.get()
    assert s.consent_version == 2 and s.consent_wording == "The union may contact me by text."


def test_translations_are_edited_beside_the_english(client, branch_organiser_a, survey):
    survey.languages = ["pl"]
    survey.save()
    client.force_login(branch_organiser_a)
    url = reverse("pages:page-translate", args=[survey.pk, "pl"])
    html = client.get(url).content.decode()
    assert "What is your job like?" in html and "not yet translated" in html
    q = survey.questions.get(text="Are you paid for travel time?")
    response = client.post(
        url,
        {
            "title": "Jak wygląda Twoja praca?",
            f"q{q.pk}_text": "Czy płacą Ci za czas dojazdu?",
            f"q{q.pk}_c_c1": "Tak",
            "reviewed": "on",
        },
    )
    assert response.status_code == 302
    survey.refresh_from_db()
    q.refresh_from_db()
    assert survey.translations["pl"]["title"] == "Jak wygląda Twoja praca?"
    assert survey.translations["pl"]["reviewed"] is True
    assert q.translations["pl"]["choices"] == {"c1": "Tak"}
    public = client.get(reverse("public:page", args=[survey.slug]) + "?lang=pl").content.decode()
    assert "Czy płacą Ci za czas dojazdu?" in public and "Tak" in public
    # Untranslated choices fall back to English, marked for the organiser.
    assert "Not sure" in public and "not yet translated" in public
    assert client.get(reverse("pages:page-translate", args=[survey.pk, "hi"])).status_code == 404


def test_questions_are_added_and_a_question_with_answers_is_kept(
    client, branch_organiser_a, survey
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("pages:question-create", args=[survey.pk]),
        {"text": "Contract type", "kind": "single", "choices_text": "Permanent\nZero-hours\n"},
    )
    assert response.status_code == 302
    q = survey.questions.get(text="Contract type")
    assert [c["value"] for c in q.choices] == ["c1", "c2"]
    # Relabelling keeps the values, so earlier answers still count.
    client.post(
        reverse("pages:question-edit", args=[survey.pk, q.pk]),
        {
            "text": "Contract type",
            "kind": "single",
            "choices_text": "Permanent contract\nZero hours",
        },
    )
    q.refresh_from_db()
    assert q.choices[0] == {"value": "c1", "label": "Permanent contract"}
    response = client.post(
        reverse("pages:question-create", args=[survey.pk]),
        {"text": "Bad", "kind": "single", "choices_text": "Only one"},
    )
    assert "Give at least two choices" in response.content.decode()
    receive_submission(survey, Received(answers=[(q, {"choice": "c1"})]), language="en-gb")
    client.post(reverse("pages:question-delete", args=[survey.pk, q.pk]))
    assert Question.objects.filter(pk=q.pk).exists()


def _submit(page, **kw):
    return receive_submission(page, Received(**kw), language="en-gb")


def test_the_queue_shows_each_branch_its_own_answers_and_marks_them_done(
    client, join_page, branch_organiser_a, outsider_branch_b, council_b, viewer
):
    home_b = make_location(council_b, "Synthetic Mersey Home")
    mine = _submit(join_page, name="Synthetic Anna Queue", email="aq@example.invalid", consent=True)
    theirs = _submit(
        join_page,
        name="Synthetic Ben Queue",
        email="bq@example.invalid",
        location_id=home_b.pk,
        consent=True,
    )
    client.force_login(branch_organiser_a)
    html = client.get(reverse("pages:submission-list")).content.decode()
    assert "Synthetic Anna Queue" in html and "Synthetic Ben Queue" not in html
    assert Entry.objects.filter(action="publicpages.submission.listed").exists()
    assert client.get(reverse("pages:submission-detail", args=[theirs.pk])).status_code == 404
    detail = client.get(reverse("pages:submission-detail", args=[mine.pk])).content.decode()
    assert "The union may contact me about joining." in detail and "version 1" in detail
    assert Entry.objects.filter(action="publicpages.submission.viewed").exists()
    response = client.post(
        reverse("pages:submission-done", args=[mine.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("pages:submission-list")  # never off the site
    mine.refresh_from_db()
    assert mine.status == "done" and mine.handled_by == branch_organiser_a
    assert client.post(reverse("pages:submission-done", args=[theirs.pk])).status_code == 404
    client.force_login(outsider_branch_b)
    assert "Synthetic Ben Queue" in client.get(reverse("pages:submission-list")).content.decode()
    client.force_login(viewer)
    assert client.get(reverse("pages:submission-list")).status_code == 403


def test_exports_give_viewers_aggregates_and_organisers_rows(
    client, survey, viewer, branch_organiser_a
):
    q = survey.questions.get(text="Are you paid for travel time?")
    for n in range(7):
        _submit(survey, answers=[(q, {"choice": "c1" if n < 5 else "c2"})])
    _submit(
        survey,
        name="Synthetic Row Person",
        email="row@example.invalid",
        consent=True,
        answers=[(q, {"choice": "c2"})],
    )
    client.force_login(viewer)
    response = client.get(reverse("pages:results-export", args=[survey.pk]))
    body = b"".join(response.streaming_content).decode()
    assert "Are you paid for travel time?,No,,<5" in body  # 3: hidden from a viewer
    # 5 yes would give the 3 back from the 8 who answered: hidden too, as a dash.
    assert "Are you paid for travel time?,Yes,,–" in body
    assert "Synthetic Row Person" not in body
    assert client.get(reverse("pages:submission-export")).status_code == 403
    client.force_login(branch_organiser_a)
    response = client.get(reverse("pages:submission-export"))
    rows = b"".join(response.streaming_content).decode()
    assert "Synthetic Row Person" in rows and "row@example.invalid" in rows
    entry = Entry.objects.get(action="publicpages.submission.exported")
    assert entry.data["count"] == 1  # as the queue shows: the answers with someone to contact
    response = client.get(reverse("pages:submission-export") + "?contact=all")
    assert b"".join(response.streaming_content).decode().count("Are you paid") == 8
    assert (
        Entry.objects.filter(action="publicpages.submission.exported").latest("pk").data["count"]
        == 8
    )
    html = client.get(
        reverse("pages:page-results", args=[survey.pk]) + "?by=council"
    ).content.decode()
    assert "Workplace not known" in html


def test_a_ready_made_charter_survey_is_tied_to_the_commitments(admin, branch_a):
    page = create_charter_survey(admin, charter_slug="ethical-care", branch=branch_a)
    questions = list(page.questions.select_related("commitment"))
    assert len(questions) == 7
    commitments = [q.commitment for q in questions if q.commitment is not None]
    assert len(commitments) == 7
    numbers = {c.number for c in commitments}
    assert numbers == {"1", "2", "3", "5", "7", "9", "11"}
    assert all(c.charter.slug == "ethical-care" for c in commitments)
    travel = next(q for q in questions if q.commitment and q.commitment.number == "3")
    assert {c["value"]: c.get("meets") for c in travel.choices} == {
        "yes": True,
        "no": False,
        "unsure": None,
    }
    assert set(page.languages) == {"pl", "ro", "ml", "hi", "tl", "ur", "ar"}
    assert page.translations["ml"]["title"].startswith("ഹോം കെയർ")
    assert page.translations["ar"]["reviewed"] is False
    assert travel.translations["ur"]["choices"]["yes"] == "ہاں"
    assert not page.is_open
    residential = create_charter_survey(admin, charter_slug="residential-care", branch=branch_a)
    assert residential.questions.count() == 8


def test_survey_answers_show_on_the_charter_target_with_small_counts_hidden(
    client, admin, branch_a, council_a, viewer, regional_organiser
):
    page = create_charter_survey(admin, charter_slug="ethical-care", branch=branch_a)
    page.is_open = True
    page.save()
    big = make_provider("Synthetic Big Care Ltd")
    small = make_provider("Synthetic Small Care Ltd")
    home_big = make_location(council_a, "Synthetic Big Home", provider=big)
    home_small = make_location(council_a, "Synthetic Small Home", provider=small)
    travel = page.questions.get(commitment__number="3")
    zero = page.questions.get(commitment__number="7")
    for n in range(6):  # six workers at the big provider: 5 paid travel time, 1 not
        _submit(
            page,
            location_id=home_big.pk,
            answers=[(travel, {"choice": "yes" if n < 5 else "no"}), (zero, {"choice": "yes"})],
        )
    for _n in range(2):  # two at the small one
        _submit(page, location_id=home_small.pk, answers=[(travel, {"choice": "no"})])
    target = Target.objects.create(
        kind=TargetKind.COUNCIL,
        name="Synthetic Bolton Council",
        region=branch_a.region,
        council=council_a,
    )
    charter = Charter.objects.get(slug="ethical-care")
    url = reverse("charters:target-detail", args=[target.pk]) + f"?charter={charter.slug}"
    client.force_login(viewer)
    html = client.get(url).content.decode()
    assert "Worker-reported evidence" in html
    row = html.split('data-commitment="3"')[-1].split("</tr>")[0]  # the evidence table is last
    assert "&lt;5" in row  # not met: 3, hidden
    # Met (5) is hidden with it, or 8 answered - 5 met would give the 3 back; no share either.
    assert re.search(r'class="met"[^>]*>–<', row) and "%" not in row and ">8<" in row
    # Zero-hours: "yes" means not met; 6 say so.
    zero_row = html.split('data-commitment="7"')[-1].split("</tr>")[0]
    assert re.search(r'class="not-met"[^>]*>6<', zero_row)
    assert "Synthetic Big Care Ltd" in html
    assert "Synthetic Small Care Ltd" in html  # named, its count hidden
    small_row = html.split("Synthetic Small Care Ltd")[1].split("</tr>")[0]
    assert "&lt;5" in small_row and "%" not in small_row
    client.force_login(regional_organiser)  # sees the people, so sees the counts
    row = client.get(url).content.decode().split('data-commitment="3"')[-1].split("</tr>")[0]
    assert re.search(r'class="not-met"[^>]*>3<', row)


def test_subject_access_holds_the_answers_and_erasure_wipes_what_was_written(admin, survey):
    from commonground.people.actions import erase_person
    from commonground.people.subject_access import collect

    text_q = survey.questions.get(text="One thing to change")
    choice_q = survey.questions.get(text="Are you paid for travel time?")
    s = _submit(
        survey,
        name="Synthetic Erin Erase",
        email="erin@example.invalid",
        workplace_text="Synthetic Secret Lodge",
        consent=True,
        answers=[(text_q, {"text": "my manager shouts"}), (choice_q, {"choice": "c2"})],
    )
    data = collect(s.person)
    answers = data["public_page_answers"][0]
    assert answers["workplace_as_written"] == "Synthetic Secret Lodge"
    assert "One thing to change: my manager shouts" in answers["answers"]
    erase_person(admin, s.person, reason="request")
    s.refresh_from_db()
    assert s.workplace_text == "" and s.consent_wording == ""
    assert s.answers.get(question=text_q).text == ""
    assert s.answers.get(question=choice_q).choice == "c2"  # the tally does not move
