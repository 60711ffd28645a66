"""Signals the people app sends, for apps that build on it (it imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

people_imported = Signal()
"""Sent once a people import has committed, with ``branch_id``: the linkage app links the
branch's new and changed people (``linkage.apps``)."""
