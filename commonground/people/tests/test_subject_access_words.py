"""The readable subject access export (HTML and PDF) shows each choice in words ("Member",
"Text message"), never its stored value ("member", "sms"), for every model in the
personal-data registry that has a field with choices."""

from __future__ import annotations

import base64
import html
import re
import zlib
from datetime import timedelta
from typing import Any

import pytest
from django.db.models import Field as DjangoField
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from commonground.campaigns.models import Campaign, Event, EventSignup
from commonground.linkage.models import ReviewItem
from commonground.outreach.models import Call as HeldCall
from commonground.outreach.models import (
    CallAssignment,
    Consent,
    Message,
    Suppression,
    TargetList,
)
from commonground.people.models import (
    Assessment,
    Conversation,
    Membership,
    Person,
    WorkplaceRole,
)
from commonground.people.personal_data import entries
from commonground.publicpages.models import Page, Submission

pytestmark = pytest.mark.django_db


def _choices(model: type[Model], name: str) -> list[tuple[Any, Any]]:
    field = model._meta.get_field(name)
    assert isinstance(field, DjangoField)
    return list(field.flatchoices)


def _choice_fields() -> list[tuple[type[Model], str]]:
    return [
        (model, field.name)
        for entry in entries()
        for model in entry.models
        for field in model._meta.concrete_fields
        if field.choices
    ]


def _last(model: type[Model], name: str) -> Any:
    """The field's last choice with a value (its stored value differs from its label)."""
    return [v for v, _label in _choices(model, name) if v not in ("", None)][-1]


@pytest.fixture
def holder(region: Any, branch_a: Any, workplace_x: Any) -> Person:
    """A person with a row in every registered model that has choices, each choice field
    holding a value other than its default."""
    now = timezone.now()
    person = Person.objects.create(
        branch=branch_a, location=workplace_x, full_name="Ada Choices", email="ada@example.org"
    )

    def chosen(model: type[Model]) -> dict[str, Any]:
        return {name: _last(model, name) for m, name in _choice_fields() if m is model}

    Membership.objects.create(person=person, branch=branch_a, **chosen(Membership))
    WorkplaceRole.objects.create(person=person, location=workplace_x, **chosen(WorkplaceRole))
    Assessment.objects.create(person=person, at=now, **chosen(Assessment))
    Conversation.objects.create(person=person, at=now, **chosen(Conversation))
    ReviewItem.objects.create(person=person, branch=branch_a, **chosen(ReviewItem))
    campaign = Campaign.objects.create(name="Pay", slug="pay", starts_on=now.date(), region=region)
    event = Event.objects.create(campaign=campaign, kind="meeting", title="Meet", starts_at=now)
    EventSignup.objects.create(
        event=event,
        person=person,
        name=person.full_name,
        consent_wording="Yes",
        consented_at=now,
        **chosen(EventSignup),
    )
    Consent.objects.create(person=person, granted=True, given_at=now, **chosen(Consent))
    Suppression.objects.create(person=person, address="07700900123", **chosen(Suppression))
    Message.objects.create(person=person, address="07700900123", token="t1", **chosen(Message))
    listing = TargetList.objects.create(name="Calls", region=region)
    assignment = CallAssignment.objects.create(
        title="Ring round", target_list=listing, script="Hello", region=region
    )
    HeldCall.objects.create(
        assignment=assignment,
        person=person,
        reserved_at=now,
        expires_at=now + timedelta(hours=1),
        **chosen(HeldCall),
    )
    page = Page.objects.create(
        kind="join", slug="join", region=region, branch=branch_a, title="Join", consent_wording="Y"
    )
    Submission.objects.create(
        page=page, branch=branch_a, person=person, language="pl", **chosen(Submission)
    )
    # Every registered model with choices has a row here: a new one fails until it is added.
    for model, name in _choice_fields():
        assert model._default_manager.filter(**{name: _last(model, name)}).exists(), (
            f"add a {model.__name__} row with a {name} to this fixture"
        )
    return person


def _raw_values() -> set[str]:
    """Stored choice values of registered models that differ from their words."""
    return {
        str(value)
        for model, name in _choice_fields()
        for value, label in _choices(model, name)
        if isinstance(value, str) and value and value != str(label)
    }


def test_the_html_export_shows_every_choice_in_words(client: Any, admin: Any, holder: Person):
    client.force_login(admin)
    url = reverse("people:person-subject-access", args=[holder.pk])
    page = client.get(url, {"format": "html"}).content.decode()
    cells = {html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)}
    shown = sorted(cells & _raw_values())
    assert shown == [], f"stored values on screen: {shown}"
    assert "Polski" in cells  # the answer's language by name, not "pl"
    assert "Text message" in cells or "SMS" in cells or "Text" in cells


def _pdf_strings(data: bytes) -> set[str]:
    """The strings a reportlab PDF draws (``(text) Tj`` in its Flate/ASCII85 streams)."""
    found: set[str] = set()
    for m in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        raw = m.group(1).strip()
        if raw.endswith(b"~>"):
            raw = base64.a85decode(raw[:-2].replace(b"\n", b""))
        try:
            text = zlib.decompress(raw).decode("latin-1")
        except (zlib.error, ValueError):
            continue
        found |= {t.strip() for t in re.findall(r"\((.*?)\) Tj", text)}
    return found


def test_the_pdf_export_shows_every_choice_in_words(client: Any, admin: Any, holder: Person):
    client.force_login(admin)
    url = reverse("people:person-subject-access", args=[holder.pk])
    strings = _pdf_strings(client.get(url, {"format": "pdf"}).content)
    assert "Ada Choices" in strings
    shown = sorted(strings & _raw_values())
    assert shown == [], f"stored values in the PDF: {shown}"


# An audit action's code as the trail stores it ("people.person.created").
ACTION_CODE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")


@pytest.fixture
def trail(admin: Any, holder: Person, workplace_x: Any) -> Person:
    """Audit rows about ``holder`` of the kinds the actions write: a choice, a time written by
    ``str(datetime)``, an empty value and a nested change."""
    from commonground.audit.log import log_action

    log_action(
        holder,
        "people.person.created",
        admin,
        {"lawful_basis": "consent", "source": "public", "recruited_via": None},
    )
    log_action(
        holder,
        "people.person.linked",
        admin,
        {"from": {"location": None}, "to": {"location": workplace_x.pk}, "method": "auto"},
    )
    log_action(holder, "people.person.changed", admin, {"given_at": str(timezone.now())})
    return holder


def test_the_audit_trail_of_the_export_is_in_words(client: Any, admin: Any, trail: Person):
    """Actions as "Person created", not ``people.person.created``; stored choices as their
    labels and times as dates in the details."""
    client.force_login(admin)
    url = reverse("people:person-subject-access", args=[trail.pk])
    page = client.get(url, {"format": "html"}).content.decode()
    cells = [html.unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", page, re.S)]
    assert [c for c in cells if ACTION_CODE.match(c)] == []
    assert "Person created" in cells and "Person viewed" not in cells
    basis = dict(_choices(Person, "lawful_basis"))["consent"]
    source = dict(_choices(Person, "source"))["public"]
    # (PostgreSQL's jsonb keeps its keys in an order of its own.)
    created = next(c for c in cells if "Lawful basis: " in c)
    assert f"Lawful basis: {basis}" in created and f"Source: {source}" in created, created
    assert "Recruited through partner: —" in created, created
    linked = next(c for c in cells if "From (" in c)
    assert "From (Workplace: —)" in linked and f"To (Workplace: {trail.location_id})" in linked
    assert not [c for c in cells if re.search(r"\d{4}-\d\d-\d\d|\b_|_\b|[a-z]_[a-z]", c)]
    strings = _pdf_strings(client.get(url, {"format": "pdf"}).content)
    assert "Person created" in strings
    assert [s for s in strings if ACTION_CODE.match(s)] == []
