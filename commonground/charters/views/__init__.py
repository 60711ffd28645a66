"""Charter pages: thin views (access → form → action), by page family.

Staff pages are in ``charters``, ``targets``, ``letters`` and ``scoreboard``; the pages anyone
may see without logging in are in ``public``.
"""
