"""Full-text search of library items: ONE interface, two engines.

- SQLite: the FTS5 table ``library_item_fts`` (migration 0002), kept in sync by triggers
  on ``library_item``; ranked with bm25, title weighted highest.
- PostgreSQL: ``SearchVector``/``SearchQuery``/``SearchRank`` built at query time.

Callers use :func:`search_items` and never see which engine ran.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Case, FloatField, QuerySet, Value, When

from commonground.library.models import Item

_WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 12
MAX_HITS = 500


def terms(query: str) -> list[str]:
    """The words of a query, without FTS syntax: users type words, not operators."""
    return _WORD.findall(query.lower())[:MAX_TERMS]


def search_items(qs: QuerySet[Item], query: str) -> QuerySet[Item]:
    """``qs`` narrowed to items matching every word of ``query``, best match first.

    Each result carries ``search_rank`` (higher is better). An empty query returns ``qs``.
    """
    words = terms(query)
    if not words:
        return qs
    if connection.vendor == "postgresql":
        return _search_postgres(qs, words)
    return _search_sqlite(qs, words)


def _search_sqlite(qs: QuerySet[Item], words: list[str]) -> QuerySet[Item]:
    # Each word is quoted (so "and", "or", "near" are words, not operators) and
    # prefix-matched, so "privat" finds "privatisation".
    match = " ".join('"' + w.replace('"', "") + '"*' for w in words)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, bm25(library_item_fts, 10.0, 5.0, 1.0, 3.0) AS score "
            "FROM library_item_fts WHERE library_item_fts MATCH %s ORDER BY score LIMIT %s",
            [match, MAX_HITS],
        )
        hits = cursor.fetchall()
    if not hits:
        return qs.none()
    # bm25 is lower-is-better; negate so every engine ranks higher-is-better.
    return (
        qs.filter(pk__in=[h[0] for h in hits])
        .annotate(
            search_rank=Case(
                *[When(pk=pk, then=Value(-float(score))) for pk, score in hits],
                default=Value(0.0),
                output_field=FloatField(),
            )
        )
        .order_by("-search_rank", "title")
    )


def _search_postgres(qs: QuerySet[Item], words: list[str]) -> QuerySet[Item]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("search_tags", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    # Prefix-match each word, as on SQLite: to_tsquery('english', 'privat:* & care:*').
    raw = " & ".join(f"{w}:*" for w in words)
    query = SearchQuery(raw, search_type="raw", config="english")
    return (
        qs.annotate(search_vector=vector, search_rank=SearchRank(vector, query))
        .filter(search_vector=query)
        .order_by("-search_rank", "title")
    )
