"""What linkage holds about a person (the personal-data registry, ``people.personal_data``):
their review records, and the workplace aliases learnt from their own words."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q
from django.utils.translation import gettext_lazy as _

from commonground.linkage.models import LinkAlias, ReviewItem, ReviewStatus
from commonground.linkage.services import alias_text, district_of
from commonground.people.models import Person
from commonground.people.personal_data import PersonalData, Rows, iso, register


def _record_key(item: ReviewItem) -> tuple[str, str]:
    return LinkAlias.key_for(alias_text(item.workplace_text, item.employer_text)), district_of(
        item.postcode
    )


def _aliases_from(items: list[ReviewItem]) -> list[LinkAlias]:
    keys = {k for k in map(_record_key, items) if k[0]}
    if not keys:
        return []
    where = Q(pk__in=[])
    for key, district in keys:
        where |= Q(key=key, district=district)
    return list(LinkAlias.objects.filter(where).order_by("pk"))


def identifying_aliases(person: Person) -> list[int]:
    """Aliases learnt from this person's own workplace text that would identify them.

    An alias is a workplace name, kept because it helps link other people. It goes with the
    person when it contains a part of their name (e.g. "Mrs Okafor's home care") or when no
    one else's confirmed text taught the same alias (text only they wrote).
    """
    items = list(ReviewItem.objects.filter(person=person, status=ReviewStatus.ACCEPTED))
    name_parts = {p.casefold() for p in person.full_name.split() if len(p) >= 3}
    found: list[int] = []
    for alias in _aliases_from(items):
        words = {w.casefold().strip(".,'’s") for w in alias.text.split()}
        names_them = bool(name_parts & words) or any(
            p in alias.text.casefold() for p in name_parts if len(p) >= 5
        )
        same_target = Q(location_id=alias.location_id, provider_id=alias.provider_id)
        others = ReviewItem.objects.filter(same_target, status=ReviewStatus.ACCEPTED).exclude(
            person=person
        )
        shared = any(
            _record_key(o)[0] == alias.key for o in others.only("workplace_text", "employer_text")
        )
        if names_them or not shared:
            found.append(alias.pk)
    return found


@register
class LinkageData(PersonalData):
    key = "linkage"
    title = _("Workplace linkage")
    models = (ReviewItem,)

    def collect(self, person: Person) -> dict[str, Any]:
        items = list(ReviewItem.objects.filter(person=person).order_by("pk"))
        return {
            "method": person.link_method,
            "score": person.link_score,
            "review_items": [
                {
                    "status": i.status,
                    "workplace_text": i.workplace_text,
                    "employer_text": i.employer_text,
                    "postcode": i.postcode,
                    "job_title": i.job_title,
                    "decided_at": iso(i.decided_at),
                    "created": iso(i.created),
                }
                for i in items
            ],
            "aliases": [
                {"text": a.text, "district": a.district, "confirmed_at": iso(a.confirmed_at)}
                for a in _aliases_from(items)
            ],
        }

    def sections(self, data: Rows) -> list[tuple[Any, Rows]]:
        assert isinstance(data, dict)
        return [
            (self.title, {"method": data["method"], "score": data["score"]}),
            (_("Linkage review records"), data["review_items"]),
            (_("Workplace aliases learnt from these records"), data["aliases"]),
        ]

    def erase(self, person: Person) -> dict[str, Any]:
        aliases = identifying_aliases(person)  # before the records' words are wiped
        items = ReviewItem.objects.filter(person=person).update(
            workplace_text="", employer_text="", postcode="", job_title=""
        )
        LinkAlias.objects.filter(pk__in=aliases).delete()
        return {"review_items": items, "aliases": len(aliases), "aliases_removed": aliases}

    def audit_subjects(self, person: Person) -> list[tuple[type[Model], list[int]]]:
        ids = list(ReviewItem.objects.filter(person=person).values_list("pk", flat=True))
        return [(ReviewItem, ids)]
