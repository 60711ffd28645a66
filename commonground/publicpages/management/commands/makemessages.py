"""``commonground makemessages`` (``make messages``): Django's, without fuzzy matching.

msgmerge's default gives a new string the translation of a similar old one, marked fuzzy
and carrying that entry's comments, "Drafted by the project: needs review" included. A fuzzy
entry is not compiled, so it only hides that the string is untranslated and puts a wrong
draft in front of the translator. New strings therefore arrive blank; existing translations
and their comments are kept as before."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
