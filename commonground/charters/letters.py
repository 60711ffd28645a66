"""Letter merge fields and rendering to HTML, PDF (reportlab) and plain text.

Templates use ``{{ field }}`` placeholders. They are merged with a plain substitution, not the
Django template engine, so an organiser editing a template cannot reach anything but the
fields listed here.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from commonground.accounts.models import Branch
from commonground.charters.models import Commitment, Letter, LetterTemplate, TargetStatus

MERGE_FIELDS = {
    "recipient": gettext_lazy("The contact of record, e.g. the council leader"),
    "office": gettext_lazy("Their office, e.g. Leader of the council"),
    "council": gettext_lazy("The council, combined authority or provider"),
    "charter": gettext_lazy("The charter's full name"),
    "commitments": gettext_lazy("The charter's commitments, numbered, one per line"),
    "branch": gettext_lazy("The sending branch"),
    "signatory": gettext_lazy("Who signs the letter"),
    "date": gettext_lazy("Today's date"),
}
_FIELD = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")


def commitments_text(target_status: TargetStatus) -> str:
    lines = []
    for c in Commitment.objects.filter(charter=target_status.charter, is_placeholder=False):
        lines.append(f"{c.number}. {c.text}")
    return "\n".join(lines)


def merge_context(
    target_status: TargetStatus, *, signatory: str, branch: Branch | None
) -> dict[str, str]:
    target = target_status.target
    place = target.council or target.combined_authority or target.provider
    return {
        "recipient": target.contact_name or target.office or target.name,
        "office": target.office or _("the office holder"),
        "council": str(place) if place else target.name,
        "charter": target_status.charter.name,
        "commitments": commitments_text(target_status),
        "branch": branch.name if branch else _("our union branch"),
        "signatory": signatory,
        "date": timezone.localdate().strftime("%-d %B %Y"),
    }


def merge(text: str, context: dict[str, str]) -> str:
    """Replace known ``{{ field }}`` placeholders; leave unknown ones visible to be fixed."""
    return _FIELD.sub(lambda m: context.get(m.group(1), m.group(0)), text)


def merge_template(
    template: LetterTemplate, target_status: TargetStatus, *, signatory: str, branch: Branch | None
) -> tuple[str, str]:
    context = merge_context(target_status, signatory=signatory, branch=branch)
    return merge(template.subject, context), merge(template.body, context)


def paragraphs(body: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def render_text(letter: Letter) -> str:
    """The letter as plain text, ready to paste into an email."""
    head = [letter.recipient]
    if letter.office:
        head.append(letter.office)
    if letter.address:
        head.extend(letter.address.splitlines())
    date = timezone.localtime(letter.created).date() if letter.created else timezone.localdate()
    return "\n".join(
        [*head, "", date.strftime("%-d %B %Y"), "", f"{_('Subject')}: {letter.subject}", ""]
    ) + (letter.body.rstrip() + "\n")


def render_pdf(letter: Letter) -> bytes:
    """The letter as an A4 PDF."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title=letter.subject,
        author=letter.signatory,
    )
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    body.fontSize = 11
    body.leading = 15
    story: list[object] = []
    head = [letter.recipient, letter.office, *letter.address.splitlines()]
    for line in filter(None, head):
        story.append(Paragraph(escape(line), body))
    story.append(Spacer(1, 6 * mm))
    date = timezone.localtime(letter.created).date() if letter.created else timezone.localdate()
    story.append(Paragraph(escape(date.strftime("%-d %B %Y")), body))
    story.append(Spacer(1, 6 * mm))
    story.append(Paragraph(f"<b>{escape(letter.subject)}</b>", body))
    story.append(Spacer(1, 4 * mm))
    for para in paragraphs(letter.body):
        story.append(Paragraph(escape(para).replace("\n", "<br/>"), body))
        story.append(Spacer(1, 2 * mm))
    doc.build(story)
    return buffer.getvalue()
