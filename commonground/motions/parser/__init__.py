"""Read a conference motion pasted, or saved as text, from a union web page.

Pure Python (no Django) so the importer, the ``import-motion`` command and the
property tests all share one implementation.

The pages this is written against (UNISON national, health, local government and
community conference motions) come in a few shapes::

    UK Conference Review                  <- title
    Back to all Motions                   <- navigation
    Conference                            <- label on its own line ...
    2011 Health Care Service Group Conference
    Date                                  <- ... or "Date: 29 November 2010"
    29 November 2010
    Decision
    Carried

or without labels at all ("2017 Community Service Group Conference", then
"9 November 2016", then "Carried as Amended").  The calls to action follow a line
such as "Conference calls on the Service Group Executive to:" and are numbered
"1.", "1)", "1.Build", "(1)", "a)", "i)" or bulleted; older pages run them inline
("... to: 1)work with ... 2)produce ...").

Other unions' pages have the same parts: the TUC's and GMB's "Congress calls on the
General Council to", "This Congress instructs the CEC to", "Composite 07 Title",
"Received from: ...". A motion may call on several bodies ("Conference further calls on
regions and branches to:"): each call keeps its own addressee. "calls on X:" with each
call beginning "to" is read as "calls on X to:". Amended text pasted with its marks
keeps the inserted words and drops the struck ones (a combining stroke, ``~~`` or
``<del>``). A conference line with no year counts beside a bare date.

The rule throughout: what is missing stays missing (``None`` plus a warning).
Nothing is guessed: a date without a day is not a date, an unknown decision is
not "carried".
"""

from __future__ import annotations

from .model import DECISIONS, MAX_INPUT_CHARS, ParsedCall, ParsedMotion
from .reader import MotionReader

__all__ = [
    "DECISIONS",
    "MAX_INPUT_CHARS",
    "ParsedCall",
    "ParsedMotion",
    "parse_motion",
]


def parse_motion(text: str) -> ParsedMotion:
    """Parse the text of one motion page.  Never raises on any ``str``."""
    return MotionReader(text).run()
