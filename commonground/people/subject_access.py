"""Subject access: everything held about one person, as JSON, readable HTML or PDF.

:func:`collect` gathers it: the person row and lawful basis here, and each app's part
(membership, roles, assessments, one-to-ones with their decrypted notes, linkage records and
the aliases learnt from them, campaign sign-ups, facility time, …) from the personal-data
registry (``people.personal_data``), with the audit rows about all of them; the renderers
only format it. Callers check the
permission (``view_audit`` and ``export_people``: the export includes the audit trail) and
:func:`log_subject_access` writes ``people.person.subject_access``.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from commonground.audit.display import action_label, describe
from commonground.audit.log import log_action
from commonground.audit.models import Entry
from commonground.people.models import Person
from commonground.people.personal_data import entries, iso

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


def collect(person: Person) -> dict[str, Any]:
    """Everything held about ``person``, as plain JSON-able values: the person row here, and
    every other app's part from the personal-data registry (``people.personal_data``)."""
    details = {name: iso(getattr(person, name)) for name in PERSON_FIELDS}
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
    data: dict[str, Any] = {
        "generated_at": timezone.now().isoformat(),
        "person": details,
        "lawful_basis": {
            "basis": person.lawful_basis or None,
            "label": str(person.get_lawful_basis_display()),
            "consent_date": iso(person.consent_date),
            "consent_wording": person.consent_wording,
        },
    }
    subjects: list[tuple[type[Model], list[int]]] = [(Person, [person.pk])]
    for entry in entries():
        data[entry.key] = entry.collect(person)
        subjects += entry.audit_subjects(person)
    data["audit"] = _audit_rows(subjects)
    return data


def _audit_rows(subjects: list[tuple[type[Model], list[int]]]) -> list[dict[str, Any]]:
    where = Q(pk__in=[])
    for model, ids in subjects:
        if ids:
            kind = ContentType.objects.get_for_model(model)
            where |= Q(subject_type_id=kind.pk, subject_id__in=[str(i) for i in ids])
    return [
        {"at": iso(e.at), "action": e.action, "by": e.actor_label, "data": e.data}
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


def heading(key: str) -> str:
    """A key of the export in words: the person's field's own label ("Home postcode" for
    ``postcode``), else the key with its underscores as spaces ("Follow up done")."""
    try:
        label = getattr(Person._meta.get_field(key), "verbose_name", key)
    except FieldDoesNotExist:
        label = key.replace("_", " ")
    return capfirst(str(label))


def readable(value: Any) -> str:
    """A value of the export as a person reads it: "1 Nov 2026 08:26" and "29 Nov 2026" for
    ISO times and dates, yes/no, a list with commas, a dictionary as "label: value" pairs."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(readable(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label}: {text}" for label, text in describe(value))
    if isinstance(value, str) and ISO_DATE.match(value):
        moment = parse_datetime(value) if len(value) > 10 else None
        if moment is not None:
            return date_format(timezone.localtime(moment), "j M Y H:i")
        day = parse_date(value[:10]) if len(value) == 10 else None
        if day is not None:
            return date_format(day, "j M Y")
    return str(value)


# An ISO date or time, with "T" or (as str() of a datetime writes it) a space before the time.
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d|$)")


def _sections(data: dict[str, Any]) -> list[tuple[str, list[str], list[list[str]]]]:
    """The export as titled tables (headers, rows of text): shared by HTML and PDF."""

    def table(rows: list[dict[str, Any]], words: Labels) -> tuple[list[str], list[list[str]]]:
        if not rows:
            return [], []
        keys = list(rows[0])
        return [heading(k) for k in keys], [
            [readable(in_words(k, r.get(k), words)) for k in keys] for r in rows
        ]

    def fields(values: dict[str, Any], words: Labels) -> list[list[str]]:
        return [[heading(k), readable(in_words(k, v, words))] for k, v in values.items()]

    person = {
        **{k: v for k, v in data["person"].items() if k not in ("branch", "workplace")},
        "branch": data["person"]["branch"]["name"],
        "workplace": (data["person"]["workplace"] or {}).get("name"),
    }
    basis = {k: v for k, v in data["lawful_basis"].items() if k != "label"}
    basis["basis"] = data["lawful_basis"]["label"]
    person_words = choice_labels([Person])
    sections: list[tuple[str, list[str], list[list[str]]]] = [
        (str(_("Details held")), field_value(), fields(person, person_words)),
        (str(_("Lawful basis")), field_value(), fields(basis, person_words)),
    ]
    parts = [
        (title, rows, choice_labels(entry.models))
        for entry in entries()
        for title, rows in entry.sections(data[entry.key])
    ]
    every_word = choice_labels([Person, *(m for entry in entries() for m in entry.models)])
    trail = [
        {
            "at": row["at"],
            "action": action_label(row["action"]),
            "by": row["by"],
            "details": details_in_words(row["data"], every_word),
        }
        for row in data["audit"]
    ]
    parts.append((_("Audit trail (who viewed or changed this record)"), trail, {}))
    for title, rows, words in parts:
        if isinstance(rows, list):
            sections.append((str(title), *table(rows, words)))
        else:
            sections.append((str(title), field_value(), fields(rows or {}, words)))
    return sections


Labels = dict[str, dict[str, str]]


def choice_labels(models: Iterable[type[Model]]) -> Labels:
    """The words for each stored choice of ``models``' fields with choices, by field name
    ("status": {"member": "Member", …}), and a language's name for its code ("language")."""
    words: Labels = {"language": {code: str(name) for code, name in settings.LANGUAGES}}
    words["preferred_language"] = words["languages"] = words["language"]
    for model in models:
        for field in model._meta.concrete_fields:
            if field.choices:
                words.setdefault(field.name, {}).update(
                    {str(value): str(label) for value, label in field.flatchoices}
                )
    return words


def in_words(key: str, value: Any, words: Labels) -> Any:
    """``value`` of the export's ``key`` as its choice's label, where it is a stored choice."""
    if isinstance(value, list):
        return [in_words(key, v, words) for v in value]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return words.get(key, {}).get(str(value), value)
    return value


def details_in_words(data: Any, words: Labels, joiner: str = "; ") -> str:
    """An audit row's data as "Lawful basis: Consent; To (Workplace: 12)": each key as the
    export's heading, each stored choice as its label, each time as a date."""
    if not isinstance(data, dict):
        return readable(data)
    pairs = []
    for key, value in data.items():
        label = heading(str(key))
        if isinstance(value, dict) and value:
            pairs.append(f"{label} ({details_in_words(value, words, ', ')})")
        else:
            pairs.append(f"{label}: {readable(in_words(str(key), value, words))}")
    return joiner.join(pairs)


def field_value() -> list[str]:
    """The headers of a table of one record's fields."""
    return [str(_("Field")), str(_("Value"))]


def generated(data: dict[str, Any]) -> str:
    return readable(data["generated_at"])


def render_html(data: dict[str, Any]) -> str:
    return render_to_string(
        "people/subject_access.html",
        {
            "data": data,
            "sections": _sections(data),
            "name": data["person"]["full_name"],
            "generated": generated(data),
        },
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
        title=str(_("Subject access export")),
    )
    intro = _("Everything Commonground holds about person #%(id)s, generated %(at)s.") % {
        "id": data["person"]["id"],
        "at": generated(data),
    }
    story: list[Any] = [
        Paragraph(escape(str(_("Subject access export"))), styles["Title"]),
        Paragraph(escape(intro), styles["Normal"]),
        Spacer(1, 4 * mm),
    ]
    for title, headers, rows in _sections(data):
        story.append(Paragraph(escape(title), styles["Heading2"]))
        if not rows:
            story.append(Paragraph(escape(str(_("None held."))), styles["Normal"]))
            continue
        body = [[Paragraph(f"<b>{escape(h)}</b>", cell) for h in headers]]
        body += [[Paragraph(escape(c).replace("\n", "<br/>"), cell) for c in row] for row in rows]
        widths = [doc.width / len(headers)] * len(headers)
        if headers == field_value():
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
