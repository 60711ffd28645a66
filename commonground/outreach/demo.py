"""Demo outreach: a target list, a phone bank and a text bank for the demo rep, templates in
English and Polish, consent for some demo people, and the demo branch secretary as a sender.

Idempotent: records are keyed on their names. People are the demo's synthetic people.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch, User
from commonground.outreach import actions
from commonground.outreach.models import (
    CallAssignment,
    Consent,
    MessageTemplate,
    Sender,
    TargetList,
)
from commonground.people.models import Person
from commonground.register.models import Region

BRANCH = "NW-D01"
SCRIPT = (
    "Hi {first_name}, I'm calling from the union branch about pay and rotas at {workplace}.\n"
    "Ask: how are things at work? What would you change?\n"
    "If they are supportive: invite them to the workplace meeting next week."
)
WORDING = "Yes, the union may email and text me about its campaigns. I can stop this at any time."


@transaction.atomic
def seed(region: Region) -> str:
    branch = Branch.objects.filter(code=BRANCH).first()
    organiser = User.objects.filter(username="branch").first()
    rep = User.objects.filter(username="rep").first()
    admin = User.objects.filter(username="admin").first()
    if branch is None or organiser is None or rep is None or admin is None:
        return "outreach: demo branch or personas missing, skipped"
    if not Sender.objects.filter(user=organiser).exists():
        actions.grant_sender(admin, organiser, active=True)
    # Consent for every other person of the branch with an email or phone.
    people = Person.objects.filter(branch=branch, erased_at__isnull=True).order_by("pk")
    consented = 0
    for i, person in enumerate(people):
        if i % 2 or Consent.objects.filter(person=person).exists():
            continue
        for channel in ("email", "sms"):
            actions.record_consent(
                None,
                person,
                channel,
                granted=True,
                wording=WORDING,
                source="event",
                source_ref="demo",
                given_at=timezone.now(),
            )
        consented += 1
    for i, person in enumerate(people[:40]):
        if i % 5 == 0 and not person.preferred_language:
            Person.objects.filter(pk=person.pk).update(preferred_language="pl")
    workplace_ids = list(rep.workplaces.values_list("pk", flat=True)[:1])
    target = TargetList.objects.filter(name="Rep's homes: everyone not yet a leader").first()
    if target is None:
        target = actions.save_list(
            organiser,
            None,
            name="Rep's homes: everyone not yet a leader",
            description="People at the rep's first home who are not assessed 1.",
            branch=branch,
            filters={
                "assessment": [0, 2, 3, 4, 5],
                **({"workplace": workplace_ids[0]} if workplace_ids else {}),
            },
        )
    everyone = TargetList.objects.filter(name="Whole branch: campaign contacts").first()
    if everyone is None:
        everyone = actions.save_list(
            organiser,
            None,
            name="Whole branch: campaign contacts",
            branch=branch,
            filters={"reachable": "email", "purpose": "campaigning"},
        )
    if not CallAssignment.objects.filter(title="Pay and rotas ring-round").exists():
        actions.save_assignment(
            organiser,
            None,
            {"title": "Pay and rotas ring-round", "target_list": target, "script": SCRIPT},
            [rep, organiser],
        )
    if not CallAssignment.objects.filter(title="Meeting reminder texts").exists():
        actions.save_assignment(
            organiser,
            None,
            {
                "title": "Meeting reminder texts",
                "kind": "text",
                "target_list": target,
                "script": "Send the reminder; answer questions if they reply.",
                "message": "Hi {first_name}, union meeting about pay at {workplace}: Thu 6pm. Can you come?",
            },
            [rep],
        )
    template = MessageTemplate.objects.filter(name="Pay survey").first()
    if template is None:
        template = actions.save_template(
            organiser,
            None,
            {
                "name": "Pay survey",
                "channel": "email",
                "purpose": "campaigning",
                "subject": "{first_name}, how is pay at {workplace}?",
                "body": "Hello {first_name},\n\nWe are asking every care worker at {workplace} "
                "about pay and rotas. Reply to this email, or come to the branch meeting.\n\n"
                "{branch}",
            },
            branch=branch,
        )
        actions.save_translation(
            organiser,
            template,
            language="pl",
            subject="{first_name}, jak wygląda płaca w {workplace}?",
            body="Cześć {first_name},\n\nPytamy wszystkich opiekunów w {workplace} o płace i "
            "grafiki. Odpowiedz na tego maila albo przyjdź na zebranie.\n\n{branch}",
        )
    return (
        f"outreach: 2 lists, 2 banks, 1 template (+pl), {consented} people gave consent, "
        "the branch secretary may send"
    )
