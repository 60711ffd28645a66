"""The providers of a register file's rows: created when new, renamed with the old name kept,
given the brand and numbers a file carries (the API sync's provider records: ``sync.py``)."""

from __future__ import annotations

from collections.abc import Iterable

from commonground.lib.bulk import update_rows
from commonground.register.import_fields import PROVIDER_FIELDS
from commonground.register.models import Provider
from commonground.register.readers import RegisterRow


def providers_for_rows(rows: Iterable[RegisterRow]) -> tuple[dict[str, Provider], int]:
    """Providers of these rows by CQC provider id: created when new; renamed (with the
    old name kept) and given the brand and numbers a file carries. A value the file
    does not carry is kept, never blanked."""
    names: dict[str, str | None] = {}
    details: dict[str, dict[str, str]] = {}
    for row in rows:
        if row.provider_id:
            names[row.provider_id] = row.provider_name or names.get(row.provider_id)
            said = details.setdefault(row.provider_id, {})
            for name in PROVIDER_FIELDS:
                value = getattr(row, name)
                if value is not None:
                    said[name] = value
    found = {p.cqc_id: p for p in Provider.objects.filter(cqc_id__in=list(names)) if p.cqc_id}
    new = [
        # The API's location records carry the provider id only: the name stays blank
        # (never the id in its place) until the provider's record or a file gives it.
        Provider(cqc_id=pid, name=name or "", **details[pid])
        for pid, name in names.items()
        if pid not in found
    ]
    for provider in Provider.objects.bulk_create(new):
        assert provider.cqc_id is not None
        found[provider.cqc_id] = provider
    if any(p.pk is None for p in found.values()):  # backends that return no ids
        found = {p.cqc_id: p for p in Provider.objects.filter(cqc_id__in=list(names)) if p.cqc_id}
    changed: list[Provider] = []
    fields: set[str] = set()
    created = {p.cqc_id for p in new}
    for pid, new_name in names.items():
        provider = found[pid]
        if pid in created:
            continue
        touched = False
        if new_name and provider.name != new_name:
            if provider.name:
                provider.previous_names = [*provider.previous_names, provider.name]
            provider.name = new_name
            fields.update(("name", "previous_names"))
            touched = True
        for field_name, value in details[pid].items():
            if getattr(provider, field_name) != value:
                setattr(provider, field_name, value[:255])
                fields.add(field_name)
                touched = True
        if touched:
            changed.append(provider)
    if changed:
        update_rows(Provider, changed, sorted(fields))
    return found, len(changed)
