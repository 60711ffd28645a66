"""Full-text search on SQLite: an FTS5 index over library items, kept in sync by triggers.

PostgreSQL needs no table: ``library/search.py`` builds a SearchVector at query time. The
operations are guarded by vendor so one migration serves both databases.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS library_item_fts USING fts5(
        title, summary, body, search_tags,
        content='library_item', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TRIGGER IF NOT EXISTS library_item_fts_ai AFTER INSERT ON library_item BEGIN
        INSERT INTO library_item_fts(rowid, title, summary, body, search_tags)
        VALUES (new.id, new.title, new.summary, new.body, new.search_tags);
    END""",
    """CREATE TRIGGER IF NOT EXISTS library_item_fts_ad AFTER DELETE ON library_item BEGIN
        INSERT INTO library_item_fts(library_item_fts, rowid, title, summary, body, search_tags)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_tags);
    END""",
    """CREATE TRIGGER IF NOT EXISTS library_item_fts_au AFTER UPDATE ON library_item BEGIN
        INSERT INTO library_item_fts(library_item_fts, rowid, title, summary, body, search_tags)
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.search_tags);
        INSERT INTO library_item_fts(rowid, title, summary, body, search_tags)
        VALUES (new.id, new.title, new.summary, new.body, new.search_tags);
    END""",
    "INSERT INTO library_item_fts(library_item_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS library_item_fts_ai",
    "DROP TRIGGER IF EXISTS library_item_fts_ad",
    "DROP TRIGGER IF EXISTS library_item_fts_au",
    "DROP TABLE IF EXISTS library_item_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [migrations.RunPython(_run(SQLITE_FORWARD), _run(SQLITE_BACKWARD))]
