"""Motions export: the filtered motions with their calls-to-action progress."""

from __future__ import annotations

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column


class MotionExporter(Exporter):
    identifier = "motions"
    perm = "export_motions"
    audit_code = "motions.motion.exported"
    sheet = "Motions"
    columns = (
        Column("title", "title"),
        Column("conference", "conference"),
        Column("date", "date"),
        Column("decision", "get_decision_display"),
        Column("calls on", "calls_on"),
        Column("calls to action", "call_count"),
        Column("done", "done_count"),
        Column("blocked", "blocked_count"),
    )
