from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from commonground.audit.log import log_action
from commonground.lib.crypto import configured_keys, encrypted_fields


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field with the newest key in COMMONGROUND_FIELD_KEYS. "
        "Put the new key first, keep the old ones after it, run this, then drop the old keys."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, change nothing")
        parser.add_argument("--batch-size", type=int, default=1000)

    def handle(self, *args: Any, **options: Any) -> None:
        if not configured_keys():
            self.stderr.write(
                "COMMONGROUND_FIELD_KEYS is not set: values are encrypted with a key derived from "
                "SECRET_KEY. Set COMMONGROUND_FIELD_KEYS=<new key>[,<old keys>] first."
            )
        total = 0
        for model, field in encrypted_fields():
            label = f"{model._meta.label}.{field}"
            count = 0
            raw = model._default_manager.exclude(**{field: ""}).exclude(
                **{f"{field}__isnull": True}
            )
            ids = list(raw.values_list("pk", flat=True))
            for start in range(0, len(ids), options["batch_size"]):
                chunk = ids[start : start + options["batch_size"]]
                with transaction.atomic():
                    for obj in model._default_manager.filter(pk__in=chunk).only("pk", field):
                        # The field decrypts on load and re-encrypts with the newest key on save.
                        if not options["dry_run"]:
                            model._default_manager.filter(pk=obj.pk).update(
                                **{field: getattr(obj, field)}
                            )
                        count += 1
            self.stdout.write(
                f"{label}: {count} value(s) {'to re-encrypt' if options['dry_run'] else 're-encrypted'}"
            )
            total += count
        if not options["dry_run"]:
            log_action(None, "audit.keys.rotated", "rotate-field-keys", {"values": total})
        self.stdout.write(self.style.SUCCESS(f"{total} value(s) in all."))
