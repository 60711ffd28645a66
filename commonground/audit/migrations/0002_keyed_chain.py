"""Re-chain the existing audit trail with keyed hashes (HMAC; ``audit.chain``).

The plain SHA-256 chain is checked first: if it is broken, the migration stops rather than
sign a tampered trail (investigate with ``audit_verify`` on the previous release).
"""

import hashlib
import json

from django.db import migrations

from commonground.audit.chain import audit_key, chain_hash


def _canonical(row):
    return json.dumps(
        [
            row.at.isoformat(timespec="microseconds"),
            row.actor_id,
            row.actor_label,
            row.action,
            row.subject_type_id,
            row.subject_id,
            row.subject_label,
            row.branch_id,
            row.data,
            row.ip,
        ],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )


def rekey(apps, schema_editor):
    Entry = apps.get_model("audit", "Entry")
    ChainHead = apps.get_model("audit", "ChainHead")
    key = audit_key()
    old_prev = new_prev = ""
    for row in Entry.objects.order_by("id").iterator(chunk_size=2000):
        text = _canonical(row)
        if row.prev_hash != old_prev or hashlib.sha256((old_prev + text).encode()).hexdigest() != (
            row.hash
        ):
            raise RuntimeError(
                f"The audit trail is broken at row {row.pk}: not re-chaining it. Run "
                "`audit_verify` on the previous release and investigate first."
            )
        old_prev = row.hash
        new_hash = chain_hash(new_prev, text, key)
        Entry.objects.filter(pk=row.pk).update(prev_hash=new_prev, hash=new_hash)
        new_prev = new_hash
    ChainHead.objects.filter(id=1).update(last_hash=new_prev)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
