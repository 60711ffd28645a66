"""Demo charter work in the North West. Statuses follow the public facts in
shared/reference/CHARTERS.md where there are any (signatories, pledges); dates, meetings,
letters and compliance are invented. Every seeded status is flagged ``is_demo`` and every
step's note says "Demo data", so nothing here can pass for a real record.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from commonground.charters import actions
from commonground.charters.models import (
    PIPELINE,
    Charter,
    Compliance,
    Status,
    Target,
    TargetKind,
    TargetStatus,
)
from commonground.charters.seed import seed_charters
from commonground.register.models import CombinedAuthority, Council, Region

NOTE = "Demo data (verify before publishing)"

# charter slug → council ONS code → (final status, date it was reached)
DEMO_STATUSES: dict[str, dict[str, tuple[Status, datetime.date]]] = {
    "ethical-care": {
        # Known signatories in the reference facts; dates invented except Knowsley's year.
        "E08000003": (Status.IMPLEMENTING, datetime.date(2016, 3, 1)),  # Manchester
        "E08000011": (Status.IMPLEMENTING, datetime.date(2018, 6, 1)),  # Knowsley (2018)
        "E08000006": (Status.SIGNED, datetime.date(2017, 9, 1)),  # Salford
        "E06000006": (Status.SIGNED, datetime.date(2019, 2, 1)),  # Halton
        "E08000009": (Status.PLEDGED, datetime.date(2018, 5, 1)),  # Trafford pledged 2018
        # Invented approaches for the demo.
        "E08000010": (Status.MEETING_HELD, datetime.date(2025, 2, 10)),  # Wigan
        "E08000012": (Status.MEETING_HELD, datetime.date(2025, 3, 4)),  # Liverpool
        "E08000001": (Status.LETTER_SENT, datetime.date(2025, 4, 7)),  # Bolton
        "E08000007": (Status.LETTER_SENT, datetime.date(2025, 4, 7)),  # Stockport
        "E08000014": (Status.LETTER_SENT, datetime.date(2025, 4, 14)),  # Sefton
    },
    "migrant-workers": {
        "E08000006": (Status.SIGNED, datetime.date(2024, 9, 1)),  # Salford, first (Sept 2024)
        "E08000003": (Status.MEETING_HELD, datetime.date(2025, 1, 20)),  # Manchester
        "E08000012": (Status.LETTER_SENT, datetime.date(2025, 2, 3)),  # Liverpool
    },
    "residential-care": {
        "E08000011": (Status.MEETING_HELD, datetime.date(2025, 3, 12)),  # Knowsley
        "E08000003": (Status.LETTER_SENT, datetime.date(2025, 2, 17)),  # Manchester
    },
}

MAYORS = {
    # combined authority code → {charter slug: (status, date)}
    "E47000001": {"ethical-care": (Status.PLEDGED, datetime.date(2024, 4, 20))},
    "E47000004": {"ethical-care": (Status.LETTER_SENT, datetime.date(2025, 1, 15))},
}

MET = {
    # Manchester's Ethical Care compliance: commitment numbers met / partial (invented).
    ("ethical-care", "E08000003"): {
        "1": Compliance.MET,
        "3": Compliance.MET,
        "11": Compliance.PARTIAL,
    },
    ("ethical-care", "E08000011"): {"2": Compliance.MET, "7": Compliance.PARTIAL},
}


def _walk(ts: TargetStatus, final: Status, reached: datetime.date) -> None:
    """A dated trail up the pipeline to ``final``, each step a few weeks before the next."""
    if ts.trail.exists():
        return
    steps = PIPELINE[1 : PIPELINE.index(final) + 1] if final in PIPELINE else [final]
    day = reached - datetime.timedelta(weeks=6 * (len(steps) - 1))
    for status in steps:
        actions.change_status(None, ts, status.value, on=min(day, reached), note=NOTE)
        day += datetime.timedelta(weeks=6)
    TargetStatus.objects.filter(pk=ts.pk).update(is_demo=True)


@transaction.atomic
def seed(region: Region) -> str:
    seed_charters()
    actions.add_council_targets(None, region)
    charters = {c.slug: c for c in Charter.objects.all()}
    councils = {c.ons_code: c for c in Council.objects.filter(region=region)}
    count = 0
    for slug, by_council in DEMO_STATUSES.items():
        for code, (final, reached) in by_council.items():
            target = Target.objects.get(kind=TargetKind.COUNCIL, council=councils[code])
            ts = actions.status_for(target, charters[slug])
            _walk(ts, final, reached)
            count += 1
    for code, by_charter in MAYORS.items():
        ca = CombinedAuthority.objects.filter(code=code).first()
        if ca is None:
            continue
        target, _ = Target.objects.get_or_create(
            kind=TargetKind.MAYOR,
            combined_authority=ca,
            defaults={
                "name": f"Mayor of {ca.short_name or ca.name}",
                "region": region,
                "office": "Mayor's office",
            },
        )
        for slug, (final, reached) in by_charter.items():
            _walk(actions.status_for(target, charters[slug]), final, reached)
            count += 1
    candidate, _ = Target.objects.get_or_create(
        kind=TargetKind.CANDIDATE,
        name="Demo Candidate (synthetic person)",
        defaults={
            "region": region,
            "standing_for": "Council seat, Bolton (demo election)",
            "election_date": datetime.date(2026, 5, 7),
            "office": "Candidate",
        },
    )
    _walk(
        actions.status_for(candidate, charters["ethical-care"]),
        Status.PLEDGED,
        datetime.date(2026, 3, 2),
    )
    for (slug, code), states in MET.items():
        ts = TargetStatus.objects.get(
            target__kind=TargetKind.COUNCIL, target__council=councils[code], charter=charters[slug]
        )
        if ts.compliance.exclude(state=Compliance.NOT_STARTED).exists():
            continue
        for commitment in ts.charter.commitments.filter(number__in=list(states)):
            actions.record_compliance(None, ts, commitment, states[commitment.number], note=NOTE)
    return f"{count} demo charter statuses (flagged as demo), 1 synthetic candidate"
