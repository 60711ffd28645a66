from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from commonground.publicpages.actions import create_page, save_question, set_page_open
from commonground.publicpages.defences import issue_token


@pytest.fixture(autouse=True)
def _quick_forms() -> Any:
    # Tests send forms at once; the fill-time defence has its own tests.
    with override_settings(COMMONGROUND_PUBLIC_MIN_FILL_SECONDS=0):
        yield


@pytest.fixture
def join_page(admin, branch_a):
    page = create_page(
        admin,
        kind="join",
        values={
            "title": "Join the union at work",
            "slug": "join-bolton",
            "branch": branch_a,
            "intro": "Care workers in Bolton are joining together.",
            "consent_wording": "The union may contact me about joining.",
            "languages": ["ml", "ar", "pl"],
        },
    )
    page.translations = {
        "ml": {"title": "യൂണിയനിൽ ചേരൂ", "consent_wording": "യൂണിയൻ എന്നെ ബന്ധപ്പെടാം."},
        "ar": {"title": "انضم إلى النقابة", "consent_wording": "يمكن للنقابة التواصل معي."},
    }
    page.save()
    set_page_open(admin, page, True)
    return page


@pytest.fixture
def petition(admin, branch_a):
    page = create_page(
        admin,
        kind="petition",
        values={
            "title": "Pay our travel time",
            "slug": "travel-time",
            "branch": branch_a,
            "consent_wording": "Keep me updated.",
            "goal": 100,
            "show_count": True,
            "languages": ["ar"],
        },
    )
    set_page_open(admin, page, True)
    return page


@pytest.fixture
def survey(admin, branch_a):
    page = create_page(
        admin,
        kind="survey",
        values={
            "title": "What is your job like?",
            "slug": "job-survey",
            "branch": branch_a,
            "consent_wording": "The union may contact me about my answers.",
        },
    )
    save_question(
        admin,
        page,
        None,
        {
            "text": "Are you paid for travel time?",
            "kind": "single",
            "required": True,
            "choice_lines": ["Yes", "No", "Not sure"],
        },
    )
    save_question(admin, page, None, {"text": "How stressed are you?", "kind": "scale"})
    save_question(
        admin,
        page,
        None,
        {
            "text": "Which shifts?",
            "kind": "multiple",
            "choice_lines": ["Days", "Nights", "Weekends"],
        },
    )
    save_question(admin, page, None, {"text": "Hours a week", "kind": "number"})
    save_question(admin, page, None, {"text": "Started on", "kind": "date"})
    save_question(admin, page, None, {"text": "One thing to change", "kind": "text"})
    set_page_open(admin, page, True)
    return page


def form_data(page, **values: Any) -> dict[str, Any]:
    data = {"started": issue_token(page.pk), "website": ""}
    data.update(values)
    return data
