"""Demo library: five items written for the demo (no real people), with tags."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from commonground.accounts.models import Branch, User
from commonground.library.models import Item, ItemKind, Tag, TagCategory
from commonground.register.models import Region

TAGS = (
    (TagCategory.SECTOR, "home-care", "Home care"),
    (TagCategory.SECTOR, "residential-care", "Residential care"),
    (TagCategory.SECTOR, "voluntary-sector", "Community and voluntary sector"),
    (TagCategory.SERVICE_GROUP, "community", "Community service group"),
    (TagCategory.SERVICE_GROUP, "local-government", "Local government service group"),
    (TagCategory.THEME, "privatisation", "Privatisation and insourcing"),
    (TagCategory.THEME, "ethical-care-charter", "Ethical Care Charter"),
    (TagCategory.THEME, "pay", "Pay and the Real Living Wage"),
    (TagCategory.THEME, "migrant-workers", "Migrant workers"),
    (TagCategory.THEME, "organising", "Organising and recruitment"),
    (TagCategory.REGION, "north-west", "North West"),
)

PRIVATISATION = """\
## Why this matters

Most home care in England is delivered by private providers under council contracts.
When a council outsources, or re-tenders to the lowest bidder, the cost is usually met
by care workers: zero-hours contracts, unpaid travel time and rushed visits.

## What the evidence says

- Contracts priced below the true cost of care leave no room for the Real Living Wage.
- Frequent re-tendering breaks continuity of care: people see a different worker each week.
- Profits and rent leave the local economy; insourced services keep the money in the borough.

## What branches can ask for

1. **A cost-of-care review** before any re-tender, published with its assumptions.
2. **An insourcing option appraisal** alongside every outsourcing proposal.
3. **The Ethical Care Charter** written into the specification, not left as a hope.
4. **Open-book accounting** from providers on the council's framework.

## Lines to take

> Care is a public service paid for with public money. Every pound should go on care and
> the people who give it, not on profit taken out of the borough.

*This briefing is a demo item written for Commonground; figures are illustrative.*
"""

ECC_GUIDE = """\
## Using the Ethical Care Charter at the bargaining table

The Charter sets minimum standards for councils that commission home care. This guide
takes reps through each stage, from first approach to checking it is really implemented.

### Stage 1 — the commitments to ask for

| Stage | Commitment | Evidence to request |
|---|---|---|
| 1 | Visits scheduled by need, not by the clock; no 15-minute personal care visits | Visit length data by provider |
| 1 | Carers given time to talk to the people they support | Rota samples |
| 2 | Travel time paid | Payslips, contract clauses |
| 2 | No use of zero-hours contracts in place of permanent ones | Contract mix by provider |
| 3 | Pay at or above the Real Living Wage | Pay rates by provider |
| 3 | An occupational sick pay scheme | Scheme documents |

### Preparing

- Map which providers hold the council's contracts and how many members you have in each.
- Collect three short, anonymised stories from members about rushed visits or unpaid travel.
- Find out when contracts are next re-let: that is your deadline.

### In the meeting

1. Open with the people who receive care: continuity and time are what they ask for too.
2. Ask for a signed commitment with dates, not a statement of support.
3. Agree how implementation will be checked, and by whom, every six months.

### After signing

Record each commitment and its evidence in Commonground's charters module so the region
can see what is signed and what is really implemented.

*Demo item written for Commonground.*
"""

CASE_STUDY = """\
## What happened

A synthetic branch in Greater Manchester mapped every home-care agency in its borough,
found three large providers with no rep, and ran a six-week organising drive around
unpaid travel time.

## What worked

- One-to-one conversations at shift changeovers, logged the same day.
- A joint evidence session with a service-user group and the local Citizens chapter.
- A clear ask: *paid travel time in the next contract*.

## Results

Membership in the three providers doubled; the council added paid travel time to the
specification for the next tender.

*Synthetic case study for the demo: no real workplace or person is described.*
"""

GUIDE = """\
## Running a listening campaign with a community alliance

1. Agree the questions with your alliance partner: pay, hours, housing, safety at work.
2. Train five members to hold 20-minute listening sessions.
3. Hold sessions where care workers already are: faith halls, community cafés, the school gate.
4. Bring the stories to an assembly, with decision-makers on stage and a clear ask.
5. Record what you gave and received in the alliance's reciprocity ledger.
"""

TEMPLATE = """\
Dear Councillor [name],

We are care workers in [borough], members of [union branch]. We are writing to ask the
council to sign the **Ethical Care Charter** before the home-care contract is re-let in
[month, year].

[One short, anonymised story from a member.]

We would welcome a meeting with you and the commissioning team.

Yours sincerely,
[Branch secretary], on behalf of [branch]
"""

ITEMS = (
    (
        "Keep care public: a briefing against privatisation",
        ItemKind.BRIEFING,
        (
            "Why outsourcing home care to the lowest bidder costs workers and the people they "
            "support, and what branches can ask councils for instead."
        ),
        PRIVATISATION,
        ["privatisation", "home-care", "local-government", "pay"],
        "Regional organising team",
        True,
    ),
    (
        "Bargaining for the Ethical Care Charter: a guide for reps",
        ItemKind.BARGAINING,
        (
            "The Charter's commitments stage by stage, the evidence to ask for, and how to turn a "
            "council's support into signed, checked commitments."
        ),
        ECC_GUIDE,
        ["ethical-care-charter", "home-care", "community", "pay"],
        "",
        True,
    ),
    (
        "Case study: organising around unpaid travel time",
        ItemKind.CASE_STUDY,
        (
            "How a (synthetic) branch doubled membership at three home-care providers and won "
            "paid travel time in the next contract."
        ),
        CASE_STUDY,
        ["home-care", "organising", "north-west"],
        "",
        False,
    ),
    (
        "Running a listening campaign with a community alliance",
        ItemKind.CAMPAIGN_GUIDE,
        (
            "Five steps for a listening campaign run together with a Citizens chapter or faith "
            "partner, ending in an accountability assembly."
        ),
        GUIDE,
        ["organising", "migrant-workers", "north-west"],
        "",
        False,
    ),
    (
        "Template letter: asking a councillor to sign the Ethical Care Charter",
        ItemKind.TEMPLATE,
        (
            "A short letter branches can adapt to open the conversation with a council leader or "
            "cabinet member for adult social care."
        ),
        TEMPLATE,
        ["ethical-care-charter", "home-care"],
        "",
        False,
    ),
)


@transaction.atomic
def seed(region: Region) -> str:
    tags: dict[str, Tag] = {}
    for category, slug, name in TAGS:
        tag, _ = Tag.objects.update_or_create(category=category, slug=slug, defaults={"name": name})
        tags[slug] = tag
    author = User.objects.filter(username="regional").first()
    branch = Branch.objects.filter(code="NW-D01").first()
    today = timezone.localdate()
    for n, (title, kind, summary, body, slugs, byline, public) in enumerate(ITEMS):
        from django.utils.text import slugify

        item, _ = Item.objects.update_or_create(
            slug=slugify(title)[:100],
            defaults={
                "region": region,
                "kind": kind,
                "title": title,
                "summary": summary,
                "body": body,
                "author": author,
                "branch": branch if kind == ItemKind.CASE_STUDY else None,
                "public_byline": byline,
                "written_on": today - dt.timedelta(days=40 * (n + 1)),
                # One item is overdue for review, so the filter has something to show.
                "review_by": today - dt.timedelta(days=7)
                if n == 2
                else today + dt.timedelta(days=365),
                "is_public": public,
                "published_at": timezone.now() if public else None,
                "is_synthetic": True,
            },
        )
        item.tags.set([tags[s] for s in slugs])
        item.search_tags = " ".join(tags[s].name for s in slugs)
        item.save(update_fields=["search_tags"])
    return f"{len(ITEMS)} library items, {len(TAGS)} tags"
