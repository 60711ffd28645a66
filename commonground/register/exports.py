"""Register exports: the filtered list of locations (public CQC data plus our estimate)."""

from __future__ import annotations

from commonground.audit.exports import Exporter
from commonground.lib.exports import Column


class LocationExporter(Exporter):
    identifier = "register-locations"
    perm = "export_register"
    audit_code = "register.location.exported"
    sheet = "Locations"
    columns = (
        Column("CQC location id", "cqc_id"),
        Column("name", "name"),
        Column("provider", "provider.name"),
        Column("CQC provider id", "provider.cqc_id"),
        Column("council", "council.name"),
        Column("council code", "council.ons_code"),
        Column("address", "address"),
        Column("town", "town"),
        Column("postcode", "postcode"),
        Column("service type", "get_primary_service_type_display"),
        Column("beds", "beds"),
        Column("workforce (estimate)", "workforce_estimate"),
        Column("rating", "rating"),
        Column("rating date", "rating_date"),
        Column("status", "get_registration_status_display"),
        Column("registered", "registration_date"),
        Column("deregistered", "deregistration_date"),
        Column("latitude", "latitude"),
        Column("longitude", "longitude"),
    )
