"""The motion corpus: one file per layout real motion pages use, read by the command.

Each ``corpus/*.txt`` is a motion written for this corpus in the shape of a real page
(UNISON, TUC, GMB and Unite conference pages: labelled and unlabelled metadata, a
conference and a date as bare lines, "calls on" / "instructs" / "asks" / "resolves",
several addressees, numbering as ``1.``, ``1)``, ``(1)``, ``a)``, ``i.``, bullets, with
or without a space, calls wrapped over lines or run inline, page navigation, amended
text struck through or inserted). Files 44–75 add other unions' shapes (TUC composites and
decisions pages, STUC quoted motions, Wales TUC, ICTU, RCN, Labour), PDF text (running
headers, page numbers, hyphenated line ends, Symbol-font bullets), forwarded e-mails and
Markdown; each was run on the parser of its day before it was fixed (docs/decisions.md,
session 5). Files 89–110 (session 6) add two-column PDF text, nested sub-lists, council
notices of motion ("This Council resolves", "RESOLVED – That this Council:"), Welsh
bilingual labels, definition lists pasted with their bullets, ", and to members of", and
more header and decision lines; 14 of the 22 failed before their fixes. Files 111–118,
written after those fixes, failed 5 of 8 before theirs (bullets alone on their lines,
"Withdrawn in favour of …", "On being put to the vote the motion was declared lost"), and
files 119–124, written after those, 2 of 6 (a Markdown table of labels, "Motion 4 as
amended CARRIED"), and files 125–129, 2 of 5 ("A. Seek …" items, a venue after the
conference).
The texts are ours; only the shapes are borrowed.
``corpus/expected.json`` holds what ``import-motion --dry-run --json`` must print for
each, written by hand from reading the text.
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from commonground.motions.models import Motion

CORPUS = Path(__file__).with_name("corpus")
EXPECTED: dict[str, dict[str, object]] = json.loads(
    (CORPUS / "expected.json").read_text(encoding="utf-8")
)


def test_the_corpus_has_a_file_for_every_expectation_and_thirty_layouts() -> None:
    assert sorted(p.stem for p in CORPUS.glob("*.txt")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 30


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_motion_dry_run_reads_the_layout(name: str) -> None:
    out, err = StringIO(), StringIO()
    call_command(
        "import_motion", str(CORPUS / f"{name}.txt"), "--dry-run", "--json", stdout=out, stderr=err
    )
    assert json.loads(out.getvalue()) == EXPECTED[name]
    assert Motion.objects.count() == 0


@pytest.mark.django_db
def test_each_call_is_saved_with_its_own_addressee() -> None:
    call_command(
        "import_motion",
        str(CORPUS / "08_two_addressees_two_lists.txt"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    motion = Motion.objects.get()
    saved = [(c.number, c.responsible_body, c.responsible_detail) for c in motion.calls.all()]
    assert saved == [
        (1, "nec", "the National Executive Council"),
        (2, "nec", "the National Executive Council"),
        (3, "regions", "regions and branches"),
        (4, "regions", "regions and branches"),
    ]
