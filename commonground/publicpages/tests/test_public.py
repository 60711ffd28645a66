"""The public side: language, submission, dedupe, routing, linkage, consent and defences."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from commonground.audit.models import Entry
from commonground.linkage.models import ReviewItem
from commonground.people.models import LawfulBasis, Membership, MembershipStatus, Person
from commonground.publicpages.defences import issue_token
from commonground.publicpages.models import Submission
from commonground.publicpages.tests.conftest import form_data
from commonground.testing import make_location

pytestmark = pytest.mark.django_db


def url(page, name="page"):
    return reverse(f"public:{name}", args=[page.slug])


def test_it_shows_the_page_in_the_browsers_language_with_a_switcher(client, join_page):
    response = client.get(url(join_page), HTTP_ACCEPT_LANGUAGE="ml-IN,ml;q=0.9,en;q=0.5")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="ml" dir="ltr">' in html
    assert "യൂണിയനിൽ ചേരൂ" in html  # the organiser's Malayalam title
    assert response["Content-Language"] == "ml"
    # The switcher offers English and the page's languages, each in its own script.
    for name in ("English", "മലയാളം", "العربية", "Polski"):
        assert name in html
    assert "हिन्दी" not in html  # not enabled on this page
    # No staff navigation on a public page.
    assert "site-nav" not in html and "Log out" not in html


def test_arabic_is_right_to_left_and_the_choice_is_remembered(client, join_page):
    response = client.get(url(join_page) + "?lang=ar")
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert response.cookies["django_language"].value == "ar"
    again = client.get(url(join_page))
    assert '<html lang="ar" dir="rtl">' in again.content.decode()


def test_a_language_the_page_does_not_offer_falls_back_to_english(client, join_page):
    response = client.get(url(join_page), HTTP_ACCEPT_LANGUAGE="hi")
    assert '<html lang="en-gb" dir="ltr">' in response.content.decode()


def test_untranslated_organiser_text_is_english_and_marked_only_for_organisers(
    client, join_page, branch_organiser_a
):
    # Polish is enabled but has no translation: the public get English, unmarked.
    html = client.get(url(join_page) + "?lang=pl").content.decode()
    assert "Join the union at work" in html and "not yet translated" not in html
    client.force_login(branch_organiser_a)
    html = client.get(url(join_page) + "?lang=pl").content.decode()
    assert "not yet translated" in html


def test_a_join_form_creates_a_contact_routed_by_the_workplace_council(
    client, join_page, council_b, branch_b
):
    home = make_location(council_b, "Synthetic Anfield View", town="Liverpool", postcode="L4 0TH")
    response = client.post(
        url(join_page) + "?lang=ml",
        form_data(
            join_page,
            name="Synthetic Anjali Nair",
            email="Anjali.Nair@example.invalid",
            phone="07700 900321",
            workplace="Synthetic Anfield View, Liverpool",
            workplace_id=home.pk,
            consent="on",
            lang="ml",
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == url(join_page, "thanks") + "?lang=ml"
    person = Person.objects.get(email="anjali.nair@example.invalid")
    # The page belongs to branch T-A, but the workplace is in Liverpool: T-B covers it.
    assert person.branch == branch_b
    assert person.location == home and person.link_method == "self-reported"
    assert person.preferred_language == "ml"
    assert person.phone == "+447700900321" and person.source == "public"
    assert person.lawful_basis == LawfulBasis.CONSENT
    assert person.consent_wording == "യൂണിയൻ എന്നെ ബന്ധപ്പെടാം."  # the wording shown
    assert person.follow_up_due == timezone.localdate()
    s = Submission.objects.get()
    assert s.branch == branch_b and s.council == council_b and s.link_decision == "picked"
    assert s.consent and s.consent_version == 1 and s.language == "ml"
    assert s.contact_outcome == "created" and s.person == person
    # Consent per channel: email for the address, texts and calls for the mobile number.
    consents = {c.channel: c for c in person.consents.filter(current=True)}
    assert set(consents) == {"email", "sms", "phone"}
    assert consents["email"].wording == "യൂണിയൻ എന്നെ ബന്ധപ്പെടാം."
    assert consents["email"].source == "form"
    assert consents["email"].source_ref == "page join-bolton v1"
    assert Entry.objects.filter(action="publicpages.submission.received").count() == 1
    entry = Entry.objects.get(action="people.person.created", subject_id=str(person.pk))
    assert entry.data["source"] == "public" and entry.ip is None
    # The audit trail holds no name, email or number from the public.
    trail = str(list(Entry.objects.values_list("data", flat=True)))
    assert "Anjali" not in trail and "900321" not in trail


def test_it_never_duplicates_a_member_matched_on_email_or_mobile(
    client, join_page, branch_b, branch_a
):
    member = Person.objects.create(
        branch=branch_b, full_name="Synthetic Kofi Mensah", email="kofi@example.invalid"
    )
    Membership.objects.create(person=member, branch=branch_b, status=MembershipStatus.MEMBER)
    contact = Person.objects.create(
        branch=branch_a, full_name="Synthetic K Mensah", phone="+447700900444"
    )
    client.post(
        url(join_page),
        form_data(
            join_page,
            name="Kofi Mensah",
            email="KOFI@example.invalid",
            phone="07700900444",  # also the contact's number: the member wins
            workplace="Somewhere",
            consent="on",
        ),
    )
    assert Person.objects.count() == 2
    s = Submission.objects.get()
    assert s.person == member and s.contact_outcome == "updated"
    assert s.branch == branch_b  # the branch that already organises them
    member.refresh_from_db()
    assert member.phone == "+447700900444"  # filled in, as it was blank
    contact.refresh_from_db()
    assert contact.follow_up_due is None  # the contact was not the one matched
    assert member.full_name == "Synthetic Kofi Mensah"  # never overwritten
    # A second answer by mobile only finds the same contact again.
    client.post(
        url(join_page),
        form_data(join_page, name="K", phone="+44 7700 900444", workplace="x", consent="on"),
    )
    assert Person.objects.count() == 2
    last = Submission.objects.order_by("-pk").first()
    assert last is not None and last.person == member


def test_free_text_goes_through_the_linkage_engine_like_an_import(
    client, join_page, council_a, branch_a
):
    home = make_location(
        council_a, "Synthetic Willowbrook Lodge", town="Bolton", postcode="BL3 5XY"
    )
    client.post(
        url(join_page),
        form_data(
            join_page,
            name="Synthetic Ama",
            email="ama@example.invalid",
            workplace="Synthetic Willowbrook Lodge",
            consent="on",
        ),
    )
    s = Submission.objects.get()
    assert s.link_decision == "auto" and s.location == home and s.council == council_a
    assert s.person is not None
    assert s.person.location == home and s.person.link_method == "auto"
    client.post(
        url(join_page),
        form_data(
            join_page,
            name="Synthetic Bea",
            email="bea@example.invalid",
            workplace="the big place near the park",
            consent="on",
        ),
    )
    s = Submission.objects.latest("pk")  # the second answer
    assert s.link_decision in ("review", "none") and s.location is None
    assert s.branch == branch_a  # unknown workplace: the page's own branch
    item = ReviewItem.objects.get(person=s.person)
    assert item.workplace_text == "the big place near the park"


def test_a_join_form_needs_a_name_a_contact_and_consent(client, join_page):
    response = client.post(url(join_page), form_data(join_page, workplace="x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Give an email address or a mobile number" in html
    assert "Please fill this in." in html
    assert not Submission.objects.exists() and not Person.objects.exists()


def test_a_closed_page_says_so_and_takes_nothing(client, join_page, admin):
    from commonground.publicpages.actions import set_page_open

    set_page_open(admin, join_page, False)
    response = client.get(url(join_page))
    assert "This page is closed" in response.content.decode()
    response = client.post(
        url(join_page), form_data(join_page, name="A", email="a@example.invalid", consent="on")
    )
    assert response.status_code == 409
    assert not Submission.objects.exists()
    assert client.get(url(join_page, "workplaces") + "?q=Syn").status_code == 404


def test_the_honeypot_is_answered_as_received_and_stores_nothing(client, join_page):
    response = client.post(
        url(join_page),
        form_data(
            join_page,
            name="Bot",
            email="bot@example.invalid",
            workplace="x",
            consent="on",
            website="http://spam.example",
        ),
    )
    assert response.status_code == 302 and "/thanks/" in response["Location"]
    assert not Submission.objects.exists() and not Person.objects.exists()


@override_settings(COMMONGROUND_PUBLIC_MIN_FILL_SECONDS=3)
def test_a_form_sent_too_fast_or_with_a_bad_token_is_asked_again(client, join_page, petition):
    values = {"name": "A", "email": "a@example.invalid", "workplace": "x", "consent": "on"}
    response = client.post(url(join_page), form_data(join_page, **values))
    assert response.status_code == 200
    assert "That was quick" in response.content.decode()
    # A token for another page, or a forged one, is refused the same way.
    for token in (issue_token(petition.pk, now=0.0), "forged"):
        response = client.post(url(join_page), {**values, "started": token})
        assert "This form had expired" in response.content.decode()
    assert not Submission.objects.exists()
    # A token served long enough ago passes.
    import time

    response = client.post(
        url(join_page), {**values, "started": issue_token(join_page.pk, now=time.time() - 5)}
    )
    assert response.status_code == 302
    assert Submission.objects.count() == 1


def test_an_oversized_body_is_refused_before_it_is_read(client, join_page):
    response = client.post(
        url(join_page), form_data(join_page, name="A" * 40_000, email="a@example.invalid")
    )
    assert response.status_code == 413
    assert not Submission.objects.exists()


def test_nothing_sent_is_reflected_unescaped(client, join_page):
    evil = '<script>alert("x")</script>'
    response = client.post(
        url(join_page), form_data(join_page, name=evil, email="not an email", workplace=evil)
    )
    html = response.content.decode()
    assert evil not in html
    assert "&lt;script&gt;" in html  # only inside the person's own fields, escaped
    assert "not an email" not in html.split("<form")[0]  # no message quotes it
    assert "Enter an email address like name@example.com." in html
    thanks = client.get(url(join_page, "thanks")).content.decode()
    assert "alert" not in thanks and "&lt;" not in thanks


def test_the_autocomplete_gives_register_names_and_towns_of_the_region_only(
    client, join_page, council_a, council_b
):
    make_location(council_a, "Synthetic Meadowcroft House", town="Bolton", postcode="BL2 1AA")
    make_location(council_b, "Synthetic Meadowcroft Court", town="Liverpool", postcode="L1 1AA")
    make_location(
        council_a, "Synthetic Meadowcroft Old", town="Bolton", registration_status="deregistered"
    )
    data = client.get(url(join_page, "workplaces") + "?q=meadowcroft").json()
    # Both are in the North West (the page's region); the deregistered home is not offered.
    assert {r["name"] for r in data["results"]} == {
        "Synthetic Meadowcroft House",
        "Synthetic Meadowcroft Court",
    }
    assert set(data["results"][0]) == {"id", "name", "town"}
    assert client.get(url(join_page, "workplaces") + "?q=m").json() == {"results": []}
    body = client.get(url(join_page, "workplaces") + "?q=<b>zz").content.decode()
    assert "<b>" not in body and "zz" not in body


def test_a_petition_counts_signatures_towards_its_goal(client, petition):
    for n in range(3):
        client.post(
            url(petition),
            form_data(petition, name=f"Synthetic Signer {n}", email=f"s{n}@example.invalid"),
        )
    html = client.get(url(petition)).content.decode()
    assert "3 signatures" in html and "goal 100" in html
    # Without consent a signature is kept, with no lawful basis for messages.
    assert not Person.objects.filter(lawful_basis=LawfulBasis.CONSENT).exists()
    assert Person.objects.count() == 3


def test_a_partner_page_attributes_its_recruits_to_the_partner(client, join_page, region):
    from commonground.alliances.models import Partner

    partner = Partner.objects.create(region=region, name="Synthetic Bolton Citizens")
    join_page.partner = partner
    join_page.save()
    client.post(
        url(join_page),
        form_data(
            join_page, name="Synthetic R", email="r@example.invalid", workplace="x", consent="on"
        ),
    )
    assert Person.objects.get().recruited_via == partner
    assert Submission.objects.get().partner == partner


def test_the_qr_code_and_poster_are_public_and_printable(client, join_page):
    response = client.get(url(join_page, "qr"))
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<?xml") or b"<svg" in response.content[:200]
    poster = client.get(url(join_page, "poster")).content.decode()
    assert "/public/join-bolton/qr.svg" in poster
    assert 'lang="ml"' in poster and "യൂണിയനിൽ ചേരൂ" in poster


@override_settings(SITE_ROOT="", ALLOWED_HOSTS=["demo.example.org"])
def test_without_a_site_root_the_address_and_qr_code_name_the_host_asked(client, join_page):
    """The demo served on another port prints an address that works (not 127.0.0.1:8000)."""
    import qrcode
    import qrcode.image.svg

    host = {"HTTP_HOST": "demo.example.org:8731"}
    poster = client.get(url(join_page, "poster"), **host).content.decode()
    assert "http://demo.example.org:8731/public/join-bolton/" in poster
    assert "127.0.0.1:8000" not in poster
    expected = qrcode.make(
        "http://demo.example.org:8731/public/join-bolton/",
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    ).to_string(encoding="unicode")
    assert client.get(url(join_page, "qr"), **host).content.decode() == expected


@override_settings(SITE_ROOT="https://organise.example.org/", ALLOWED_HOSTS=["demo.example.org"])
def test_a_configured_site_root_names_the_public_address_whatever_host_was_asked(client, join_page):
    poster = client.get(url(join_page, "poster"), HTTP_HOST="demo.example.org").content.decode()
    assert "https://organise.example.org/public/join-bolton/" in poster
    assert "demo.example.org/public" not in poster


def test_only_the_embed_views_may_be_framed(client, join_page):
    page = client.get(url(join_page))
    assert page["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
    embed = client.get(url(join_page, "page-embed"))
    assert embed.status_code == 200 and "X-Frame-Options" not in embed
    assert "frame-ancestors *" in embed["Content-Security-Policy"]
    assert "public-header" in embed.content.decode()  # the language switcher stays
    response = client.post(
        url(join_page, "page-embed"),
        form_data(
            join_page, name="Synthetic E", email="e@example.invalid", workplace="x", consent="on"
        ),
    )
    assert response["Location"].startswith(url(join_page, "thanks-embed"))
    assert "X-Frame-Options" not in client.get(response["Location"])


def test_a_survey_records_every_kind_of_answer_without_contact_details(client, survey):
    q = {x.text: x for x in survey.questions.all()}
    response = client.post(
        url(survey),
        form_data(
            survey,
            workplace="Some home",
            **{
                f"q{q['Are you paid for travel time?'].pk}": "c2",
                f"q{q['How stressed are you?'].pk}": "4",
                f"q{q['Which shifts?'].pk}": ["c1", "c3"],
                f"q{q['Hours a week'].pk}": "37.5",
                f"q{q['Started on'].pk}": "2024-03-01",
                f"q{q['One thing to change'].pk}": "more time",
            },
        ),
    )
    assert response.status_code == 302
    s = Submission.objects.get()
    assert s.person is None and s.contact_outcome == ""
    values = sorted(str(a.value) for a in s.answers.all())
    assert values == sorted(["c2", "4", "c1", "c3", "37.50", "2024-03-01", "more time"])
    assert not Person.objects.exists()


def test_a_survey_with_contact_details_needs_consent(client, survey):
    q = survey.questions.get(text="Are you paid for travel time?")
    response = client.post(
        url(survey),
        form_data(survey, workplace="x", email="w@example.invalid", **{f"q{q.pk}": "c1"}),
    )
    assert "Tick the box" in response.content.decode()
    assert not Submission.objects.exists()


@override_settings(
    COMMONGROUND_CACHE_SECONDS=300,
    TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
)
def test_a_submission_costs_a_bounded_number_of_queries(client, join_page, council_b, branch_b):
    """The public POST (bench/public_form.py) only takes the submission: the page, the rate
    limiter's counters and one insert; the dedupe, linkage, contact and consent writes are
    the queue's (test_queue.py counts a batch)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from commonground.lib import datacache
    from commonground.publicpages.actions import process_submissions

    datacache.bump("register", "branches")  # nothing cached by an earlier test
    home = make_location(council_b, "Synthetic Hallgate Court", town="Liverpool")

    def send(n: int, workplace: str) -> int:
        data = form_data(
            join_page,
            name=f"Synthetic Worker {n}",
            email=f"worker{n}@example.invalid",
            phone=f"07700 90{n:04d}",
            workplace=workplace,
            consent="on",
        )
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url(join_page), data).status_code == 302
        return len(queries)

    send(1, "Synthetic Hallgate Court")
    linked = send(2, "Synthetic Hallgate Court")
    reviewed = send(3, "the big place near the park")
    process_submissions()
    s = Submission.objects.get(person__email="worker2@example.invalid")
    assert (s.link_decision, s.location, s.branch) == ("auto", home, branch_b)
    assert s.person is not None and s.person.location == home
    assert s.person.consents.filter(current=True).count() == 3
    s = Submission.objects.get(person__email="worker3@example.invalid")
    assert s.link_decision in ("review", "none") and ReviewItem.objects.filter(person=s.person)
    # 39 and 35 when the POST did everything; 25 and 21 with one consent write and the
    # routing map. Now: the page, its questions, the rate limiter's three counters, the insert.
    assert linked <= 8, linked
    assert reviewed <= 8, reviewed


@override_settings(
    COMMONGROUND_RATE_LIMITS={
        **settings.COMMONGROUND_RATE_LIMITS,
        "public-form.ip": "2/h",
        "public.ip": "5/m",
    }
)
def test_submissions_and_visits_are_rate_limited_per_address(join_page):
    """Issue 14, finding 15: the public forms use the site's one limiter."""
    client = Client(REMOTE_ADDR="198.51.100.20")
    data = form_data(
        join_page, name="A", email="a@example.invalid", workplace="Synthetic Home", consent="on"
    )
    statuses = [client.post(url(join_page), data).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    refused = client.post(url(join_page), data)
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Submission.objects.count() == 2
    # Another address is not held back by the first one's submissions.
    other = Client(REMOTE_ADDR="198.51.100.21")
    assert other.post(url(join_page), data).status_code == 302
    visits = [other.get(url(join_page)).status_code for _ in range(5)]
    assert visits[-1] == 429


# The page and its questions are kept per process (``access.get_public_page``): what an
# organiser changes must show, and be used, from the next request on.


def test_closing_a_page_already_served_refuses_the_next_submission(client, join_page, admin):
    from commonground.publicpages.actions import set_page_open

    values = {"name": "A", "email": "a@example.invalid", "workplace": "x", "consent": "on"}
    assert client.post(url(join_page), form_data(join_page, **values)).status_code == 302
    set_page_open(admin, join_page, False)
    response = client.post(url(join_page), form_data(join_page, **values, phone="07700900123"))
    assert response.status_code == 409
    assert Submission.objects.count() == 1
    set_page_open(admin, join_page, True)
    assert client.post(url(join_page), form_data(join_page, **values)).status_code == 302


def test_an_edited_question_is_shown_and_used_at_once(client, survey, admin):
    from commonground.publicpages.actions import delete_question, save_question

    travel = survey.questions.get(text="Are you paid for travel time?")
    shifts = survey.questions.get(text="Which shifts?")
    assert "Are you paid for travel time?" in client.get(url(survey)).content.decode()
    save_question(
        admin,
        survey,
        travel,
        {
            "text": "Are you paid for time between visits?",
            "kind": "single",
            "required": True,
            "choice_lines": ["Yes", "No", "Not sure", "Sometimes"],
        },
    )
    delete_question(admin, shifts)
    html = client.get(url(survey)).content.decode()
    assert "Are you paid for time between visits?" in html and "Sometimes" in html
    assert "Which shifts?" not in html
    # The new choice is accepted at once; the removed question is no longer asked.
    response = client.post(url(survey), form_data(survey, workplace="x", **{f"q{travel.pk}": "c4"}))
    assert response.status_code == 302
    assert [str(a.value) for a in Submission.objects.get().answers.all()] == ["c4"]


def test_a_renamed_branch_shows_at_once(client, join_page):
    assert join_page.branch.name in client.get(url(join_page)).content.decode()
    join_page.branch.name = "Bolton Care Workers"
    join_page.branch.save()
    assert "Bolton Care Workers" in client.get(url(join_page)).content.decode()
