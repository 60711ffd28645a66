"""Benchmark: a send to 100,000 recipients, queued and rendered, then delivered through the
file backends, with memory checked as it goes.

    .venv/bin/python bench/outreach_send.py [--recipients 100000] [--channel email|sms]

Builds a throwaway SQLite database (or uses ``DATABASE_URL``) with N synthetic people who gave
consent, a template with merge fields and a Polish translation, and one list; then, in this
process:

1. **queue + render** (``sending.queue_messages``): choose recipients through
   ``may_contact(people, channel, purpose)``, render each message (merge fields, language,
   footer with its unsubscribe link) and store it. Target (issue 17): ≥ 2,000 messages/s on 2 cores.
2. **deliver** (``sending.deliver``) through Django's file email backend (``--channel email``)
   or our SMS ``FileBackend`` (``--channel sms``), rate limit off, suppression checked per batch.

Memory: the resident set size is sampled at every progress call; "constant" means the growth
between 10% and 100% of the work stays small (a few MB), not proportional to N.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=100_000)
    parser.add_argument("--channel", choices=["email", "sms"], default="email")
    parser.add_argument("--profile", action="store_true", help="profile the queue step")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args = parser.parse_args()
    var_dir = tempfile.mkdtemp(prefix="cg-bench-outreach-")
    os.environ["COMMONGROUND_VAR_DIR"] = var_dir
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "bench-" + os.urandom(24).hex())
    os.environ["DJANGO_SETTINGS_MODULE"] = "commonground.settings"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.filebased.EmailBackend"
    os.environ["EMAIL_FILE_PATH"] = str(Path(var_dir) / "mail")
    os.environ["OUTREACH_SMS_BACKEND"] = "commonground.outreach.sms.FileBackend"
    os.environ["OUTREACH_SMS_FILE_PATH"] = str(Path(var_dir) / "sms")
    os.environ["OUTREACH_EMAIL_PER_MINUTE"] = "100000000"
    os.environ["OUTREACH_SMS_PER_MINUTE"] = "100000000"
    os.environ["OUTREACH_BATCH_SIZE"] = "1000"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from commonground.accounts.models import Branch, Role, User
    from commonground.lib.bulk import RowWriter
    from commonground.outreach.models import (
        Consent,
        Mailing,
        MailingStatus,
        MessageTemplate,
        TargetList,
        TemplateTranslation,
    )
    from commonground.outreach.sending import deliver, queue_messages
    from commonground.people.models import Person
    from commonground.register.seed import seed_north_west

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    region = seed_north_west()
    branch, _ = Branch.objects.get_or_create(
        code="BENCH", defaults={"name": "Benchmark branch (synthetic)", "region": region}
    )
    user = User.objects.create_user("bench", role=Role.ADMIN, region=region)
    n = args.recipients
    print(f"building {n:,} synthetic people with consent…", file=sys.stderr)
    now = timezone.now()
    # Written as the importer writes (executemany / COPY): bulk_create of 100,000 people took
    # longer than the send being measured.
    people_writer, consent_writer = RowWriter(Person), RowWriter(Consent)
    for start in range(0, n, 5000):
        with transaction.atomic():
            ids = people_writer.allocate_ids(min(n, start + 5000) - start)
            people_writer.insert(
                [
                    {
                        "id": pk,
                        "full_name": f"Bench Person{i} Synthetic",
                        "email": f"bench{i}@example.invalid",
                        "phone": f"+4477{i:08d}",
                        "preferred_language": "pl" if i % 7 == 0 else "",
                    }
                    for i, pk in zip(range(start, start + len(ids)), ids, strict=True)
                ],
                ["id", "full_name", "email", "phone", "preferred_language"],
                {"branch_id": branch.pk, "lawful_basis": "consent", "created": now, "updated": now},
            )
            consent_writer.insert(
                [{"person_id": pk} for pk in ids],
                ["person_id"],
                {
                    "channel": args.channel,
                    "granted": True,
                    "wording": "bench",
                    "given_at": now,
                    "source": "form",
                    "current": True,
                    "recorded_at": now,
                },
            )
    template = MessageTemplate.objects.create(
        name="Bench",
        channel=args.channel,
        purpose="campaigning",
        subject="{first_name}, how is pay at {workplace}?",
        body="Hello {first_name},\n\nWe are asking everyone at {workplace} about pay.\n\n{branch}\n"
        * 3,
        branch=branch,
        region=region,
    )
    TemplateTranslation.objects.create(
        template=template, language="pl", subject="{first_name}: płace", body="Cześć {first_name}!"
    )
    target = TargetList.objects.create(name="Bench", branch=branch, region=region, filters={})
    mailing = Mailing.objects.create(
        template=template,
        target_list=target,
        channel=args.channel,
        purpose="campaigning",
        status=MailingStatus.SENDING,
        branch=branch,
        region=region,
        created_by=user,
    )
    samples: list[tuple[int, float]] = []

    def progress(done: int, total: int | None = None, message: str = "") -> None:
        samples.append((done, rss_mb()))

    def growth() -> float:
        # RSS at the end minus RSS at 10% of the work.
        first = next((mb for done, mb in samples if done >= n // 10), samples[0][1])
        return round(max(mb for _, mb in samples) - first, 1)

    started = time.perf_counter()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        queued = profiler.runcall(queue_messages, mailing, progress)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("tottime").print_stats(20)
    else:
        queued = queue_messages(mailing, progress)
    queue_s = time.perf_counter() - started
    queue_growth = growth()
    samples.clear()
    started = time.perf_counter()
    counts = deliver(mailing, progress, sleep=lambda s: None)
    deliver_s = time.perf_counter() - started
    deliver_growth = growth()
    out = Path(var_dir) / ("mail" if args.channel == "email" else "sms")
    written = sum(1 for _ in out.iterdir())
    result = {
        "command": " ".join(["bench/outreach_send.py", *sys.argv[1:]]),
        "database": "postgresql" if args.database_url else "sqlite",
        "channel": args.channel,
        "recipients": n,
        "queued": queued,
        "queue_render_seconds": round(queue_s, 1),
        "queue_render_per_s": round(queued / queue_s),
        "queue_rss_growth_mb_after_10pct": queue_growth,
        "deliver_seconds": round(deliver_s, 1),
        "deliver_per_s": round(counts["sent"] / deliver_s),
        "deliver_rss_growth_mb_after_10pct": deliver_growth,
        "sent": counts["sent"],
        "files_written": written,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "load": os.getloadavg()[0],
    }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
