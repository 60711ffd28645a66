"""A register location for the engine's tests, built in memory (no database)."""

from __future__ import annotations

from commonground.linkage.engine import Candidate


def home(
    location_id: str,
    name: str,
    postcode: str,
    *,
    town: str | None = None,
    council: str | None = None,
    service: str = "care_home",
    registered_on: str = "",
    current: str | None = None,
) -> Candidate:
    """A care home with no provider and no previous names: ``current`` is the current
    registration of its succession chain, when it is another."""
    return Candidate(
        location_id=location_id,
        name=name,
        previous_names=(),
        provider_id=None,
        provider_name=None,
        postcode=postcode,
        town=town,
        council_code=None,
        service_types=(service,),
        registered_on=registered_on,
        current_id=current,
        council_name=council,
    )
