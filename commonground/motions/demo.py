"""Demo motions: two motions written for the demo in the layout of a union web page,
imported through the same parser as real ones."""

from __future__ import annotations

from django.db import transaction

from commonground.library.models import Item
from commonground.motions import actions
from commonground.motions.models import CallProgress, CallToAction, Update
from commonground.motions.parser import parse_motion
from commonground.register.models import Region

HOME_CARE = """\
Skip to main content
Home care: time to care, time to travel

Back to all Motions

Conference
2025 Community Service Group Conference
Date
18 April 2025
Decision
Carried as Amended

Conference notes that home care workers in many councils are still not paid for the
time they spend travelling between visits, and that rushed 15-minute visits remain
common in contracts let on price alone.

Conference believes that the Ethical Care Charter remains the best tool branches have
to change how councils commission care.

Conference calls on the Service Group Executive to:

1.Publish an updated bargaining guide on the Ethical Care Charter for reps;

2) Work with regions to map which councils have signed the Charter and which have implemented it;

3. Support branches to build alliances with service-user groups and Citizens chapters around fair contracts;

4. Report progress to next year's conference.

Share this
Facebook
Twitter
"""

MIGRANT = """\
Migrant care workers: organise, protect, welcome

Back to all Motions

Conference: 2024 National Delegate Conference
Date: 19 June 2024
Decision: Carried

Conference is alarmed at reports of sponsored migrant care workers being charged
unlawful fees and threatened with losing their visas if they raise concerns.

CONFERENCE THEREFORE CALLS ON THE NATIONAL EXECUTIVE COUNCIL TO:

• Guidance for branches on supporting sponsored workers, in the main community languages;
• Joint work with refugee and migrant community organisations on rights-at-work sessions;
• A campaign for the Migrant Social Care Workers' Charter with every combined-authority mayor.
"""


@transaction.atomic
def seed(region: Region) -> str:
    made = 0
    for text in (HOME_CARE, MIGRANT):
        motion, created = actions.import_motion(None, parse_motion(text), text, source="demo")
        if created:
            motion.is_synthetic = True
            motion.save(update_fields=["is_synthetic"])
            made += 1
    guide = Item.objects.filter(slug__startswith="bargaining-for-the-ethical-care-charter").first()
    call = CallToAction.objects.filter(
        motion__title__startswith="Home care", number=1, updates__isnull=True
    ).first()
    if call is not None:
        Update.objects.create(
            call=call,
            status=CallProgress.DONE,
            note="Guide drafted by the regional team and published in the library.",
            library_item=guide,
        )
        call.status = CallProgress.DONE
        call.save(update_fields=["status"])
    call = CallToAction.objects.filter(
        motion__title__startswith="Home care", number=2, updates__isnull=True
    ).first()
    if call is not None:
        Update.objects.create(
            call=call,
            status=CallProgress.IN_PROGRESS,
            note="North West mapping under way in the charters module: 9 of 24 councils done.",
        )
        call.status = CallProgress.IN_PROGRESS
        call.save(update_fields=["status"])
    return f"{made} motions imported ({CallToAction.objects.count()} calls to action)"
