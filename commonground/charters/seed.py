"""The three charters every install starts with (from shared/reference/CHARTERS.md).

Commitments are paraphrased from public copies. Where a source was incomplete the charter is
flagged incomplete and a placeholder commitment says what is missing, so nobody mistakes a
partial list for the whole charter. Seeding is idempotent and never overwrites an admin's
edits: a charter that already has commitments keeps them.
"""

from __future__ import annotations

from typing import Any

# (number, stage or section, applies to, text, wording unverified, placeholder)
Row = tuple[str, str, str, str, bool, bool]

ETHICAL_CARE: list[Row] = [
    (
        "1",
        "1",
        "council",
        (
            "Care is commissioned on the client's needs, not by minutes or task lists; workers "
            "have time to talk to clients."
        ),
        False,
        False,
    ),
    (
        "2",
        "1",
        "council",
        "Visit length matches need; 15-minute visits are not used as a rule.",
        False,
        False,
    ),
    (
        "3",
        "1",
        "provider",
        (
            "Workers are paid for travel time, travel costs and necessary expenses such as "
            "mobile phones."
        ),
        False,
        False,
    ),
    (
        "4",
        "1",
        "provider",
        "Visits are scheduled so workers are not forced to rush or leave early.",
        False,
        False,
    ),
    ("5", "1", "provider", "Eligible workers receive statutory sick pay.", False, False),
    ("6", "2", "provider", "Clients see the same worker(s) wherever possible.", False, False),
    (
        "7",
        "2",
        "provider",
        "Zero-hours contracts are not used in place of permanent contracts.",
        False,
        False,
    ),
    (
        "8",
        "2",
        "provider",
        (
            "A clear, accountable procedure for following up workers' concerns about clients' "
            "wellbeing."
        ),
        False,
        False,
    ),
    (
        "9",
        "2",
        "provider",
        "Regular training to the required standard, free and in work time.",
        False,
        False,
    ),
    (
        "10",
        "2",
        "provider",
        "Regular chances to meet co-workers, share practice and limit isolation.",
        False,
        False,
    ),
    (
        "11",
        "3",
        "provider",
        "All workers paid at least the Real Living Wage (London Living Wage in London).",
        False,
        False,
    ),
    ("12", "3", "provider", "An occupational sick pay scheme covers all workers.", False, False),
    (
        "13",
        "3",
        "council",
        (
            "Where council staff paid above the Living Wage are outsourced, the provider is "
            "required and funded to keep those pay levels for the contract."
        ),
        True,
        False,
    ),
]

RESIDENTIAL_CARE: list[Row] = [
    (
        "1",
        "Protecting residents",
        "both",
        "Staffing ratios high enough for care beyond basic tasks, including social contact.",
        False,
        False,
    ),
    (
        "2",
        "Protecting residents",
        "both",
        (
            "Workers, residents and families know how to raise concerns and are protected when "
            "they do."
        ),
        False,
        False,
    ),
    (
        "3",
        "Protecting residents",
        "provider",
        "Employers follow up concerns through clear, accountable procedures.",
        False,
        False,
    ),
    (
        "4",
        "Protecting residents",
        "both",
        "Residents have ready access to the NHS services they need.",
        False,
        False,
    ),
    (
        "5",
        "Protecting residents",
        "provider",
        "Thorough risk assessments for residents' and workers' safety.",
        False,
        False,
    ),
    ("6", "Protecting residents", "provider", "Workers have safe equipment.", False, False),
    (
        "7",
        "Protecting residents",
        "provider",
        "Time for regular activities and therapy for residents.",
        False,
        False,
    ),
    (
        "8",
        "Training",
        "provider",
        "All workers, bank and relief staff included, trained regularly to meet residents' needs.",
        False,
        False,
    ),
    (
        "9",
        "Training",
        "provider",
        "Training is free and in work time, with cover arranged.",
        False,
        False,
    ),
    (
        "10",
        "Training",
        "provider",
        "E-learning complements, never replaces, face-to-face training.",
        False,
        False,
    ),
    ("11", "Decent pay", "provider", "At least the Real Living Wage.", False, False),
    (
        "12",
        "Decent pay",
        "council",
        (
            "When a council outsources staff paid at or above the Living Wage, the new provider "
            "keeps that pay for the contract."
        ),
        False,
        False,
    ),
    (
        "13",
        "Decent pay",
        "provider",
        "Extra pay for unsocial hours, weekends and bank holidays.",
        False,
        False,
    ),
    (
        "14",
        "Decent pay",
        "provider",
        "Sleep-in pay keeps the average hourly rate at or above the Living Wage.",
        False,
        False,
    ),
    ("15", "Decent pay", "provider", "Holiday pay as if at work.", False, False),
    ("16", "Decent pay", "provider", "Occupational sick pay.", False, False),
    ("17", "Decent pay", "provider", "Employer pays for DBS checks.", False, False),
    ("18", "Time to care", "provider", "No zero-hours contracts.", False, False),
    (
        "—",
        "Time to care / 5th section",
        "both",
        (
            "Not found in public copies: the rest of the fourth section and the whole fifth "
            "section are still to be added by an admin from the published charter."
        ),
        True,
        True,
    ),
]

MIGRANT_WORKERS: list[Row] = [
    (
        "1–3",
        "Coercion and modern slavery",
        "both",
        (
            "Require providers to publish an annual modern-slavery statement, with oversight "
            "(exact wording not found)."
        ),
        True,
        False,
    ),
    (
        "4",
        "Loss of sponsorship",
        "both",
        "Require providers to tell the council before dismissing a sponsored worker.",
        False,
        False,
    ),
    (
        "5",
        "Loss of sponsorship",
        "council",
        "Audit and widen the council roles eligible for sponsorship.",
        False,
        False,
    ),
    (
        "6",
        "Loss of sponsorship",
        "council",
        (
            "Find or become a sponsor of last resort for workers who lose sponsorship through no "
            "fault of their own (provider collapse, licence suspended; sponsored workers have 60 "
            "days to find a new sponsor)."
        ),
        False,
        False,
    ),
    (
        "7",
        "Illegal fees",
        "both",
        (
            "Ensure providers and their agents charge no recruitment fees (sponsorship "
            "certificates, agency fees and licence fees may not be charged)."
        ),
        False,
        False,
    ),
    (
        "8",
        "Repayment clauses",
        "both",
        (
            "Repayment clauses meet the government standard: transparent, proportionate, "
            "time-limited and flexible."
        ),
        False,
        False,
    ),
    (
        "9",
        "Victims of fees",
        "council",
        (
            "Support victims of illegal fees or unfair repayment clauses, including sponsoring "
            "workers dismissed for not paying and helping recover fees."
        ),
        False,
        False,
    ),
    (
        "10–14",
        "Pay and recruitment",
        "both",
        (
            "Fair pay and hours including paid travel time; ethical recruitment through trusted "
            'agencies (an "ethical recruiter list"); workers told which unions operate in the '
            "workplace (exact items not found)."
        ),
        True,
        False,
    ),
    (
        "15",
        "Accommodation",
        "both",
        "Clear rental agreements, rent not above market rates.",
        False,
        False,
    ),
    (
        "16",
        "Accommodation",
        "both",
        "Workers free to choose their own housing, and shown reputable sources.",
        False,
        False,
    ),
    (
        "17",
        "Accommodation",
        "both",
        (
            "Occupancy monitored, housing safe and suitable, occupants know how to complain to "
            "the council or Housing Ombudsman."
        ),
        False,
        False,
    ),
    (
        "18",
        "Maternity",
        "both",
        (
            "Providers tell the council as soon as they know they will not renew sponsorship of a "
            "worker who is pregnant, on maternity leave or back from it within a year."
        ),
        False,
        False,
    ),
    (
        "19–28",
        "Various",
        "both",
        (
            "Not found in public copies (driving licences, union access and monitoring of "
            "compliance are likely topics): to be added by an admin from the full text."
        ),
        True,
        True,
    ),
]

CHARTERS: list[dict[str, Any]] = [
    {
        "slug": "ethical-care",
        "name": "Ethical Care Charter",
        "short_name": "Ethical Care",
        "origin": "UNISON, 2012 · home care",
        "summary": (
            "A floor for the safety, quality and dignity of home care, through employment "
            "conditions that let workers give proper care and keep a stable workforce. "
            "Councils can sign at any time and implement in three stages as contracts renew."
        ),
        "is_complete": True,
        "completeness_note": "Commitment 13's wording is unverified.",
        "position": 1,
        "rows": ETHICAL_CARE,
    },
    {
        "slug": "residential-care",
        "name": "Residential Care Charter",
        "short_name": "Residential Care",
        "origin": "UNISON · care homes",
        "summary": (
            "Five sections protecting residents and the workers who care for them in care "
            "homes: protection, training, decent pay and time to care."
        ),
        "is_complete": False,
        "completeness_note": (
            "Public copies cover four of the five sections, the fourth only partly. "
            "Complete the list from the published charter."
        ),
        "position": 2,
        "rows": RESIDENTIAL_CARE,
    },
    {
        "slug": "migrant-workers",
        "name": "Migrant Social Care Workers' Charter",
        "short_name": "Migrant Workers",
        "origin": "North West, 2024",
        "summary": (
            "Designed by migrant care workers in the region. A signatory council applies the "
            "standards to itself and to the providers it commissions, grounded in its Care "
            "Act 2014 duties."
        ),
        "is_complete": False,
        "completeness_note": (
            "28 commitments in the full text; public copies give about 18, some only as "
            "themes (1–3, 10–14) and none of 19–28."
        ),
        "position": 3,
        "rows": MIGRANT_WORKERS,
    },
]

LETTER_BODY = """Dear {{ recipient }},

I am writing on behalf of {{ branch }} to ask {{ council }} to sign the {{ charter }}.

Care workers in your area do some of the most important work there is, often on low pay and insecure hours. The charter sets out practical commitments that make care safer and jobs better:

{{ commitments }}

We would welcome the chance to meet you, as {{ office }}, to discuss how {{ council }} could sign and put these commitments into practice as contracts are renewed.

Yours sincerely,

{{ signatory }}
"""


def seed_charters(apps: Any = None) -> int:
    """Create the three charters, their commitments and a letter template if missing.

    ``apps`` is the migration state's registry when called from a data migration; otherwise
    the real models are used. Returns the number of charters created.
    """
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    charter_model = apps.get_model("charters", "Charter")
    commitment_model = apps.get_model("charters", "Commitment")
    template_model = apps.get_model("charters", "LetterTemplate")
    created_count = 0
    for spec in CHARTERS:
        charter, created = charter_model.objects.get_or_create(
            slug=spec["slug"],
            defaults={
                key: spec[key]
                for key in (
                    "name",
                    "short_name",
                    "origin",
                    "summary",
                    "is_complete",
                    "completeness_note",
                    "position",
                )
            },
        )
        created_count += int(created)
        if not commitment_model.objects.filter(charter=charter).exists():
            commitment_model.objects.bulk_create(
                commitment_model(
                    charter=charter,
                    position=(i + 1) * 10,
                    number=number,
                    stage=stage,
                    applies_to=applies_to,
                    text=text,
                    wording_unverified=unverified,
                    is_placeholder=placeholder,
                )
                for i, (number, stage, applies_to, text, unverified, placeholder) in enumerate(
                    spec["rows"]
                )
            )
        if not template_model.objects.filter(charter=charter).exists():
            template_model.objects.create(
                charter=charter,
                name=f"Invitation to sign the {spec['name']}",
                subject="The {{ charter }}: an invitation to {{ council }}",
                body=LETTER_BODY,
            )
    return created_count
