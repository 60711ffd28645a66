"""Subject access: everything held about one person, as JSON, readable HTML or PDF.

:func:`collect` gathers it (person, membership, roles, assessments with history,
one-to-ones with their decrypted notes, lawful basis, linkage records and the aliases learnt
from them, campaign sign-ups and attendance, facility-time entries of a user account with the
same email, and the audit rows about them); the renderers only format it. Callers check the
permission (``view_audit`` and ``export_people``: the export includes the audit trail) and
:func:`log_subject_access` writes ``people.person.subject_access``.
"""

from __future__ import annotations

import io
import json
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from commonground.audit.log import log_action
from commonground.audit.models import Entry
from commonground.people.models import Person

FORMATS = ("json", "html", "pdf")
CONTENT_TYPES = {
    "json": "application/json",
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
}

PERSON_FIELDS = (
    "full_name",
    "phone",
    "email",
    "postcode",
    "languages",
    "preferred_language",
    "job_title",
    "employer_text",
    "workplace_text",
    "employment_type",
    "immigration_details",
    "shift",
    "unit",
    "assessment",
    "assessed_at",
    "last_contacted",
    "follow_up_due",
    "external_id",
    "source",
    "created",
    "updated",
    "erased_at",
)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _user(user: Any) -> str | None:
    return user.get_username() if user is not None else None


def collect(person: Person) -> dict[str, Any]:
    """Everything held about ``person``, as plain JSON-able values."""
    from commonground.campaigns.models import EventSignup
    from commonground.linkage.models import LinkAlias, ReviewItem
    from commonground.linkage.normalise import alias_key
    from commonground.linkage.services import alias_text, district_of

    details = {name: _iso(getattr(person, name)) for name in PERSON_FIELDS}
    details["id"] = person.pk
    details["branch"] = {"code": person.branch.code, "name": person.branch.name}
    details["workplace"] = (
        {"name": person.location.name, "cqc_id": person.location.cqc_id}
        if person.location_id and person.location is not None
        else None
    )
    details["employer"] = person.provider.name if person.provider is not None else None
    details["recruited_through_partner"] = (
        person.recruited_via.name if person.recruited_via is not None else None
    )
    membership = getattr(person, "membership", None) if _has_membership(person) else None
    items = list(ReviewItem.objects.filter(person=person).order_by("pk"))
    alias_keys = {
        (alias_key(alias_text(i.workplace_text, i.employer_text))[:200], district_of(i.postcode))
        for i in items
    }
    aliases = (
        LinkAlias.objects.filter(
            _any_of([Q(key=k, district=d) for k, d in alias_keys if k]),
        ).order_by("pk")
        if any(k for k, _ in alias_keys)
        else LinkAlias.objects.none()
    )
    signups = list(
        EventSignup.objects.filter(person_id=person.pk)
        .select_related("event", "event__campaign")
        .order_by("pk")
    )
    return {
        "generated_at": timezone.now().isoformat(),
        "person": details,
        "lawful_basis": {
            "basis": person.lawful_basis or None,
            "label": str(person.get_lawful_basis_display()),
            "consent_date": _iso(person.consent_date),
            "consent_wording": person.consent_wording,
        },
        "membership": {
            "number": membership.number,
            "status": membership.status,
            "joined": _iso(membership.joined),
            "lapsed": _iso(membership.lapsed),
            "source": membership.source,
            "extract_date": _iso(membership.extract_date),
        }
        if membership is not None
        else None,
        "workplace_roles": [
            {
                "role": r.role,
                "workplace": r.location.name if r.location is not None else None,
                "since": _iso(r.since),
                "ended": _iso(r.ended),
            }
            for r in person.roles.select_related("location").order_by("since", "pk")
        ],
        "assessments": [
            {"value": a.value, "at": _iso(a.at), "by": _user(a.by), "note": a.note}
            for a in person.assessments.select_related("by").order_by("at", "pk")
        ],
        "conversations": [
            {
                "at": _iso(c.at),
                "by": _user(c.by),
                "issues": c.issues,
                "outcome": c.outcome,
                "next_step": c.next_step,
                "follow_up": _iso(c.follow_up),
                "follow_up_done": c.follow_up_done,
                "notes": c.notes,
            }
            for c in person.conversations.select_related("by").order_by("at", "pk")
        ],
        "linkage": {
            "method": person.link_method,
            "score": person.link_score,
            "review_items": [
                {
                    "status": i.status,
                    "workplace_text": i.workplace_text,
                    "employer_text": i.employer_text,
                    "postcode": i.postcode,
                    "job_title": i.job_title,
                    "decided_at": _iso(i.decided_at),
                    "created": _iso(i.created),
                }
                for i in items
            ],
            "aliases": [
                {"text": a.text, "district": a.district, "confirmed_at": _iso(a.confirmed_at)}
                for a in aliases
            ],
        },
        "campaign_signups": [
            {
                "campaign": s.event.campaign.name,
                "event": s.event.title,
                "event_date": _iso(s.event.starts_at),
                "name": s.name,
                "email": s.email,
                "phone": s.phone,
                "workplace": s.workplace,
                "lawful_basis": s.lawful_basis,
                "consent_wording": s.consent_wording,
                "consented_at": _iso(s.consented_at),
                "attended": s.attended,
            }
            for s in signups
        ],
        "facility_time": _facility_entries(person),
        "audit": _audit_rows(person, [i.pk for i in items], [s.pk for s in signups]),
    }


def _any_of(conditions: list[Q]) -> Q:
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def _has_membership(person: Person) -> bool:
    try:
        return person.membership is not None
    except Person.membership.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False


def _facility_entries(person: Person) -> list[dict[str, Any]]:
    """Facility time of a user account with the person's email (an activist who is a user)."""
    if not person.email:
        return []
    from commonground.accounts.models import User
    from commonground.facility.models import Entry as FacilityEntry

    users = User.objects.filter(email__iexact=person.email)
    return [
        {
            "date": _iso(e.date),
            "hours": str(e.hours),
            "category": e.category,
            "paid": e.paid,
            "description": e.description,
            "employer": e.employer.name,
            "status": e.status,
        }
        for e in FacilityEntry.objects.filter(activist__in=users)
        .select_related("employer")
        .order_by("date", "pk")
    ]


def _audit_rows(person: Person, item_ids: list[int], signup_ids: list[int]) -> list[dict[str, Any]]:
    from commonground.campaigns.models import EventSignup
    from commonground.linkage.models import ReviewItem

    def about(model: Any, ids: list[int]) -> Q:
        kind = ContentType.objects.get_for_model(model)
        return Q(subject_type_id=kind.pk, subject_id__in=[str(i) for i in ids])

    where = about(Person, [person.pk])
    if item_ids:
        where |= about(ReviewItem, item_ids)
    if signup_ids:
        where |= about(EventSignup, signup_ids)
    return [
        {"at": _iso(e.at), "action": e.action, "by": e.actor_label, "data": e.data}
        for e in Entry.objects.filter(where).order_by("id")
    ]


# -- Rendering --------------------------------------------------------------------------


def render(data: dict[str, Any], fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=str).encode()
    if fmt == "html":
        return render_html(data).encode()
    if fmt == "pdf":
        return render_pdf(data)
    raise ValueError(f"unknown format {fmt!r}")


def _sections(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The export as titled tables (headers, rows of text): shared by HTML and PDF."""

    def text(value: Any) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "—"
        if isinstance(value, dict):
            return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        return str(value)

    def table(rows: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
        if not rows:
            return [], []
        headers = list(rows[0])
        return headers, [[text(r.get(h)) for h in headers] for r in rows]

    person = {
        **{k: v for k, v in data["person"].items() if k not in ("branch", "workplace")},
        "branch": data["person"]["branch"]["name"],
        "workplace": (data["person"]["workplace"] or {}).get("name"),
    }
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        ("Details held", ["field", "value"], [[k, text(v)] for k, v in person.items()]),
        (
            "Lawful basis",
            ["field", "value"],
            [[k, text(v)] for k, v in data["lawful_basis"].items()],
        ),
        (
            "Membership (from the union's membership extract)",
            ["field", "value"],
            [[k, text(v)] for k, v in (data["membership"] or {}).items()],
        ),
    ]
    for title, key in (
        ("Workplace roles", "workplace_roles"),
        ("Assessments (full history)", "assessments"),
        ("One-to-one conversations", "conversations"),
    ):
        sections.append((title, *table(data[key])))
    sections.append(
        (
            "Workplace linkage",
            ["field", "value"],
            [
                ["method", text(data["linkage"]["method"])],
                ["score", text(data["linkage"]["score"])],
            ],
        )
    )
    sections.append(("Linkage review records", *table(data["linkage"]["review_items"])))
    sections.append(
        ("Workplace aliases learnt from these records", *table(data["linkage"]["aliases"]))
    )
    sections.append(("Campaign sign-ups and attendance", *table(data["campaign_signups"])))
    sections.append(("Facility time", *table(data["facility_time"])))
    sections.append(("Audit trail (who viewed or changed this record)", *table(data["audit"])))
    return sections


def render_html(data: dict[str, Any]) -> str:
    return render_to_string(
        "people/subject_access.html",
        {"data": data, "sections": _sections(data), "name": data["person"]["full_name"]},
    )


def render_pdf(data: dict[str, Any]) -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

    styles = getSampleStyleSheet()
    cell = styles["BodyText"].clone("cell", fontSize=7, leading=8.5)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title="Subject access export",
    )
    story: list[Any] = [
        Paragraph("Subject access export", styles["Title"]),
        Paragraph(
            escape(
                f"Everything Commonground holds about person #{data['person']['id']}, "
                f"generated {data['generated_at']}."
            ),
            styles["Normal"],
        ),
        Spacer(1, 4 * mm),
    ]
    for title, headers, rows in _sections(data):
        story.append(Paragraph(escape(title), styles["Heading2"]))
        if not rows:
            story.append(Paragraph("None held.", styles["Normal"]))
            continue
        body = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in headers]]
        body += [[Paragraph(escape(c).replace("\n", "<br/>"), cell) for c in row] for row in rows]
        widths = [doc.width / len(headers)] * len(headers)
        if headers == ["field", "value"]:
            widths = [doc.width * 0.25, doc.width * 0.75]
        grid = LongTable(body, colWidths=widths, repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story += [grid, Spacer(1, 3 * mm)]
    doc.build(story)
    return buffer.getvalue()


def log_subject_access(
    actor: Any, person: Person, fmt: str, *, request: HttpRequest | None = None
) -> None:
    log_action(person, "people.person.subject_access", actor, {"format": fmt}, request=request)


def filename(person: Person, fmt: str) -> str:
    return f"subject-access-{person.pk}-{timezone.localdate().isoformat()}.{fmt}"
