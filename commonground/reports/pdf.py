"""The campaign report as an A4 PDF (reportlab); its charts are the page's own SVG (svglib)."""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _

from commonground.lib.charts import number, pdf_drawing, percent
from commonground.lib.disclosure import suppress_below
from commonground.reports.campaign import CampaignReport, goals_chart
from commonground.reports.queries import Report, report_charts

INK = "#1f2933"


def _table(rows: list[list[str]], widths: list[float] | None = None) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table(rows, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 8),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.5, colors.HexColor(INK)),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f5f7fa")]),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return t


def _document(buffer: io.BytesIO, title: str) -> tuple[Any, Any, float]:
    """An A4 document, the sample styles and the text width."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=title,
        author="Commonground",
        lang="en-GB",
    )
    return doc, getSampleStyleSheet(), A4[0] - 36 * mm


def _para(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text), style)


def render(report: Report) -> bytes:
    """The report as PDF bytes: the same sections as the HTML page."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    buffer = io.BytesIO()
    title = _("Campaign report: %(region)s") % {"region": report.region.name}
    doc, styles, width = _document(buffer, title)
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]

    def para(text: str, style: Any = body) -> Any:
        return _para(text, style)

    table = _table

    d = report.density
    charts = report_charts(report)
    story: list[Any] = [
        para(title, h1),
        para(
            _("Generated %(date)s. Aggregate figures only; counts below %(n)d are not shown.")
            % {"date": date_format(report.generated.date(), "j M Y"), "n": suppress_below()}
        ),
        Spacer(1, 4 * mm),
        para(_("Union density"), h2),
        para(
            _(
                "%(members)s members across %(workplaces)s workplaces; estimated care workforce "
                "%(workforce)s; density %(density)s; %(reps)s workplaces with a rep."
            )
            % {
                "members": d.members,
                "workplaces": d.workplaces_with_members,
                "workforce": f"{d.workforce:,}",
                "density": percent(d.density) if d.density is not None else "—",
                "reps": d.workplaces_with_rep,
            }
        ),
    ]
    if not charts["trend"].empty:
        story += [
            para(_("Density by month"), styles["Heading3"]),
            pdf_drawing(charts["trend"], width),
        ]
        if report.trend_synthetic:
            story.append(para(_("Demo snapshots: made-up history.")))
    rows = [[_("Council"), _("Members"), _("Workforce (est.)"), _("Density")]]
    rows += [[r.name, r.members_label, f"{r.workforce:,}", r.density_label] for r in d.councils]
    if len(rows) > 1:
        story += [Spacer(1, 3 * mm), table(rows)]
    story += [para(_("Charters"), h2)]
    for c in report.charters:
        story.append(
            para(
                _("%(charter)s: %(signed)d signed or better of %(n)d targets")
                % {"charter": c.charter.name, "signed": c.signed, "n": len(c.rows)},
                styles["Heading3"],
            )
        )
        rows = [[_("Target"), _("Kind"), _("Status"), _("Since")]]
        rows += [[r.name, r.kind_label, r.status_label, r.since_label] for r in c.rows]
        if len(rows) > 1:
            story.append(table(rows, [width * 0.45, width * 0.15, width * 0.25, width * 0.15]))
    a = report.alliances
    story += [
        para(_("Community alliances"), h2),
        para(
            _(
                "%(partners)d partners, %(affiliations)d active affiliations, %(actions)d joint "
                "actions; support given %(given)s, received %(received)s."
            )
            % {
                "partners": a.partners,
                "affiliations": a.active_affiliations,
                "actions": a.joint_actions,
                "given": number(float(a.given)),
                "received": number(float(a.received)),
            }
        ),
    ]
    for h in a.recent:
        story.append(para(f"{h['date']:%d %b %Y} — {h['title']} ({', '.join(h['partners'])})"))
    story.append(para(_("Good practice"), h2))
    for item in report.stories:
        story += [para(item.title, styles["Heading4"]), para(item.summary)]
    if not report.stories:
        story.append(para(_("No published case studies yet.")))
    story.append(para(_("Recruitment against goals"), h2))
    if not charts["goals"].empty:
        story.append(pdf_drawing(charts["goals"], width))
    else:
        story.append(para(_("No active campaign goals.")))
    doc.build(story)
    return buffer.getvalue()


def render_campaign(report: CampaignReport) -> bytes:
    """One campaign's report as PDF bytes: the same sections as its page."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    buffer = io.BytesIO()
    c = report.campaign
    title = _("Campaign report: %(campaign)s") % {"campaign": c.name}
    doc, styles, width = _document(buffer, title)
    h1, h2, body = styles["Title"], styles["Heading2"], styles["BodyText"]
    dates = date_format(c.starts_on, "j M Y") + (
        " – " + date_format(c.ends_on, "j M Y") if c.ends_on else ""
    )
    story: list[Any] = [
        _para(title, h1),
        _para(
            _(
                "%(dates)s. Generated %(date)s. Aggregate figures only; counts below %(n)d are "
                "not shown."
            )
            % {
                "dates": dates,
                "date": date_format(report.generated.date(), "j M Y"),
                "n": suppress_below(),
            },
            body,
        ),
    ]
    if c.aims:
        story.append(_para(c.aims, body))
    story += [Spacer(1, 3 * mm), _para(_("Goals"), h2)]
    if report.goals:
        story.append(pdf_drawing(goals_chart(report), width))
    else:
        story.append(_para(_("No goals set."), body))
    story += [
        _para(_("Events"), h2),
        _para(
            _(
                "%(held)d held, %(attendance)s people taking part, %(signups)s sign-ups; "
                "%(upcoming)d planned."
            )
            % {
                "held": report.events_held,
                "attendance": report.attendance,
                "signups": report.signups,
                "upcoming": len(report.upcoming),
            },
            body,
        ),
    ]
    rows = [[_("Date"), _("Event"), _("Place"), _("Status")]]
    rows += [
        [date_format(e.starts_at, "j M Y"), e.title, e.place, e.get_status_display()]
        for e in [*report.held, *report.upcoming]
    ]
    if len(rows) > 1:
        story.append(_table(rows, [width * 0.15, width * 0.45, width * 0.25, width * 0.15]))
    if report.charters:
        story.append(_para(_("Charters"), h2))
        for p in report.charters:
            story.append(
                _para(
                    _("%(charter)s: %(signed)d of %(n)d targets signed or better")
                    % {"charter": p.charter.name, "signed": p.signed, "n": p.targets},
                    body,
                )
            )
    if report.workplaces:
        story.append(_para(_("Target workplaces"), h2))
        rows = [[_("Workplace"), _("Members"), _("Workforce (est.)"), _("Density")]]
        rows += [
            [r.name, r.members_label, f"{r.workforce:,}", r.density_label]
            for r in report.workplaces
        ]
        story.append(_table(rows))
    if report.partners:
        story += [_para(_("Partners"), h2), _para(", ".join(report.partners), body)]
    doc.build(story)
    return buffer.getvalue()
