"""Outreach models: consent and suppression, target lists, call and text banks, messages."""

from commonground.outreach.models.consent import (
    Channel,
    Consent,
    ConsentSource,
    Purpose,
    Suppression,
    SuppressionReason,
    SuppressionScope,
)

__all__ = [
    "Channel",
    "Consent",
    "ConsentSource",
    "Purpose",
    "Suppression",
    "SuppressionReason",
    "SuppressionScope",
]
