"""Clean and validate rows of a membership or contact extract, without touching the database.

The importer reads a file with :func:`commonground.imports.readers.open_table`, asks
:func:`commonground.people.mapping.guess_mapping` (or a saved profile) which column holds
which field, and feeds the rows through :func:`validate_rows`. Every row comes back as
exactly one of the import framework's row outcomes (:mod:`commonground.imports.rows`):

- :class:`CleanRow`: cleaned canonical values, ready for the write path;
- :class:`RejectedRow`: every reason it failed (each naming the field and the value) and
  the raw cells, for the downloadable rejects file;
- :class:`BlankRow`: nothing in any cell. Blank rows are neither accepted nor rejected;
  the importer counts them separately ("read" = accepted + rejected).

Nothing is dropped silently. Cleaning is cached per distinct value for the columns that
repeat a lot (dates, postcodes, workplaces, status), which keeps a million-row extract
well inside the import throughput budget.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date

from commonground.imports.rows import BlankRow, CleanRow, RejectedRow
from commonground.lib.dates import DateError, parse_date, uk_today
from commonground.lib.postcodes import normalise_postcode
from commonground.people.mapping import FIELDS, MappingError, check_mapping

__all__ = [
    "EMPLOYMENT_TYPES",
    "STATUSES",
    "BlankRow",
    "CleanRow",
    "InvalidValue",
    "RejectedRow",
    "Value",
    "membership_key",
    "normalise_email",
    "normalise_employment_type",
    "normalise_phone",
    "normalise_status",
    "validate_rows",
]

STATUSES = ("member", "lapsed", "non-member", "unknown")
EMPLOYMENT_TYPES = ("permanent", "zero-hours", "bank", "agency", "sponsored-visa")

# A cleaned value: text, a date, a tuple of languages, or None for a blank date.
Value = str | date | tuple[str, ...] | None

DEFAULT_MEMBERSHIP_PATTERN = re.compile(r"(?=[A-Z0-9]*[0-9])[A-Z0-9]{5,12}")
MAX_TEXT = 200
MAX_SHOWN = 60


# --- results -----------------------------------------------------------------------------


class InvalidValue(ValueError):
    """A value that cannot be cleaned; the message names the value and the problem."""


def _show(value: str) -> str:
    value = value.strip()
    if len(value) > MAX_SHOWN:
        value = value[: MAX_SHOWN - 1] + "…"
    return f"'{value}'"


def _words(value: str) -> str:
    """Lowercase words only: "Full-Member " -> "full member"."""
    return " ".join(_NON_ALNUM.sub(" ", value.casefold()).split())


_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Placeholders people type into optional columns instead of leaving them empty.
_NULLS = frozenset({"-", "--", "n/a", "na", "none", "null", "nil", "tbc", "#n/a", "unknown", "?"})


def _is_null(value: str) -> bool:
    return not value or (len(value) <= 7 and value.casefold() in _NULLS)


# --- single values -----------------------------------------------------------------------

_PHONE_SEPARATORS = re.compile(r"[\s\-.()/\u00a0]+")


def normalise_phone(raw: str) -> str:
    """A UK number as ``+44…`` (other countries as ``+<digits>``), ``""`` when blank.

    Raises :class:`InvalidValue` when the value is not a phone number. Copes with spacing,
    ``+44 (0)…``, ``0044…`` and the leading zero Excel drops from mobile numbers.
    """
    value = raw.strip()
    if _is_null(value):
        return ""
    digits = value.replace(" ", "")
    if not digits.isdigit():
        digits = _PHONE_SEPARATORS.sub("", value)
    international = digits.startswith("+")
    if international:
        digits = digits[1:]
    elif digits.startswith("00"):
        digits, international = digits[2:], True
    if digits.isdigit() and digits.isascii():
        if international:
            if digits.startswith("44"):
                national = digits[2:]
                if national.startswith("0"):  # "+44 (0)7700 …"
                    national = national[1:]
                if 9 <= len(national) <= 10 and national[0] != "0":
                    return "+44" + national
            elif 8 <= len(digits) <= 15 and digits[0] != "0":
                return "+" + digits
        elif digits.startswith("0"):
            if 10 <= len(digits) <= 11 and digits[1] != "0":
                return "+44" + digits[1:]
        elif digits.startswith("44") and 11 <= len(digits) <= 12:
            return "+" + digits
        elif len(digits) == 10 and digits.startswith("7"):
            return "+44" + digits  # Excel ate the leading zero of a mobile number
    raise InvalidValue(f"{_show(raw)} is not a valid UK phone number")


_EMAIL = re.compile(
    r"[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}"
)


def normalise_email(raw: str) -> str:
    """The address lowercased, ``""`` when blank; ``InvalidValue`` when not an address."""
    value = raw.strip()
    if _is_null(value):
        return ""
    value = value.lower()
    if len(value) > 254 or not _EMAIL.fullmatch(value):
        raise InvalidValue(f"{_show(raw)} is not a valid email address")
    return value


_STATUS_WORDS = {
    "member": (
        "member", "active", "current", "full", "full member", "paid", "paid up", "paying",
        "financial", "live", "new", "new member", "in benefit", "good standing",
        "in good standing", "associate", "associate member", "student", "student member",
        "arrears", "in arrears", "yes", "y", "true", "1", "m", "reduced rate",
    ),
    "lapsed": (
        "lapsed", "lapsed member", "resigned", "ceased", "left", "expired", "cancelled",
        "canceled", "terminated", "former", "former member", "ex member", "inactive",
        "withdrawn", "expelled", "excluded", "deceased", "closed", "dormant", "l",
    ),
    "non-member": (
        "non member", "nonmember", "not a member", "not member", "contact", "prospect",
        "potential", "potential member", "supporter", "non", "no", "n", "false", "0",
        "lead", "enquiry", "nm",
    ),
    "unknown": ("", "unknown", "not known", "n a", "na", "tbc", "none"),
}  # fmt: skip
_STATUS = {words: status for status, all_words in _STATUS_WORDS.items() for words in all_words}
_LAPSED_STEMS = ("lapse", "resign", "cease", "expir", "cancel", "terminat", "former", "left")


def normalise_status(raw: str) -> tuple[str, bool]:
    """``(status, understood)``: one of :data:`STATUSES`, and whether the word was known.

    Unknown words give ``("unknown", False)``: a status we cannot read is not a reason
    to refuse the person, but the importer reports it.
    """
    words = _words(raw)
    status = _STATUS.get(words)
    if status is not None:
        return status, True
    tokens = words.split()
    if "non" in tokens or "not" in tokens or words.startswith(("nonmem", "non mem")):
        return "non-member", True
    if any(token.startswith(_LAPSED_STEMS) for token in tokens):
        return "lapsed", True
    if "member" in tokens or "active" in tokens or "current" in tokens:
        return "member", True
    return "unknown", False


_EMPLOYMENT_WORDS = {
    "permanent": (
        "permanent", "perm", "contracted", "salaried", "full time", "part time",
        "fixed hours", "substantive", "permanent full time", "permanent part time",
        "employee", "employed", "ft", "pt",
    ),
    "zero-hours": (
        "zero hours", "zero hour", "zhc", "0 hours", "0 hrs", "zero hours contract",
        "casual", "zero hrs",
    ),
    "bank": ("bank", "bank staff", "bank worker", "relief", "relief worker"),
    "agency": ("agency", "agency worker", "agency staff", "temp", "temporary agency"),
    "sponsored-visa": (
        "sponsored", "sponsored visa", "visa", "tier 2", "skilled worker",
        "health and care visa", "health care visa", "cos", "certificate of sponsorship",
        "sponsored worker", "sponsored visa worker",
    ),
}  # fmt: skip
_EMPLOYMENT = {w: kind for kind, all_words in _EMPLOYMENT_WORDS.items() for w in all_words}
_EMPLOYMENT_STEMS = (
    ("zero", "zero-hours"),
    ("sponsor", "sponsored-visa"),
    ("visa", "sponsored-visa"),
    ("agency", "agency"),
    ("bank", "bank"),
    ("relief", "bank"),
    ("perm", "permanent"),
)


def normalise_employment_type(raw: str) -> tuple[str, bool]:
    """``(kind, understood)``: one of :data:`EMPLOYMENT_TYPES`, or ``""`` when blank or
    not understood."""
    words = _words(raw)
    if not words or words in _NULLS:
        return "", True
    kind = _EMPLOYMENT.get(words)
    if kind is not None:
        return kind, True
    for stem, kind in _EMPLOYMENT_STEMS:
        if stem in words:
            return kind, True
    return "", False


_LANGUAGE_SPLIT = re.compile(r"\s*(?:[,;/|&+]|\band\b)\s*", re.IGNORECASE)


def _languages(raw: str) -> tuple[str, ...]:
    value = raw.strip()
    if _is_null(value):
        return ()
    seen: dict[str, str] = {}
    for part in _LANGUAGE_SPLIT.split(value):
        name = " ".join(part.split())
        if name and len(name) <= 60:
            if name.islower():
                name = name[0].upper() + name[1:]
            seen.setdefault(name.casefold(), name)
    return tuple(seen.values())


def membership_key(raw: str) -> str:
    """A membership number in the form it is compared and stored in, not yet validated:
    uppercase, no spaces, and no ".0" left by a program that took it for a decimal."""
    value = raw.strip().upper()
    if " " in value or "\u00a0" in value:
        value = "".join(value.split())
    if value.endswith(".0") and value[:-2].isdigit():
        value = value[:-2]
    return value


# --- rows --------------------------------------------------------------------------------

Cleaner = Callable[[str], Value]


def _text(raw: str) -> str:
    value = " ".join(raw.split())
    if len(value) > MAX_TEXT:
        raise InvalidValue(
            f"{_show(raw)} is too long ({len(value)} characters, at most {MAX_TEXT})"
        )
    return value


class _Sentinel(enum.Enum):
    MISSING = enum.auto()


_MISSING = _Sentinel.MISSING
_ORDER = {field: position for position, field in enumerate(FIELDS)}


def _field_order(reason: str) -> int:
    return _ORDER.get(reason.partition(":")[0], -1)


_MEMO_LIMIT = 100_000


class _Memo:
    """Cleaned values and failure reasons, by distinct raw value, for one column."""

    __slots__ = ("clean", "failed", "field", "index", "values")

    def __init__(self, field: str, index: int, clean: Cleaner) -> None:
        self.field, self.index, self.clean = field, index, clean
        self.values: dict[str, Value] = {}
        self.failed: dict[str, str] = {}

    def fill(self, raw: str) -> Value | _Sentinel:
        """Clean a value not seen before; returns ``_MISSING`` (reason in ``failed``) if bad."""
        if len(self.values) >= _MEMO_LIMIT or len(self.failed) >= _MEMO_LIMIT:
            # More distinct values than a column like this should have: stop hoarding.
            self.values.clear()
            self.failed.clear()
        try:
            value = self.values[raw] = self.clean(raw)
        except InvalidValue as exc:
            self.failed[raw] = str(exc)
            return _MISSING
        return value


def _cleaners(today: date, membership_pattern: re.Pattern[str]) -> dict[str, tuple[Cleaner, bool]]:
    """Field -> (cleaner, memoise?). Memoise the columns whose values repeat a lot."""

    def membership_number(raw: str) -> str:
        value = membership_key(raw)
        if not value:
            return ""
        if not membership_pattern.fullmatch(value):
            raise InvalidValue(f"{_show(raw)} is not a valid membership number")
        return value

    def external_id(raw: str) -> str:
        value = raw.strip()
        if len(value) > 100:
            raise InvalidValue(f"{_show(raw)} is too long for an id (at most 100 characters)")
        return value

    def lapsed(raw: str) -> date | None:
        try:
            return parse_date(raw, today=today)
        except DateError as exc:
            raise InvalidValue(str(exc)) from None

    def joined(raw: str) -> Value:
        value = lapsed(raw)
        if value is not None and value > today:
            raise InvalidValue(f"{_show(raw)} is in the future")
        return value

    def postcode(raw: str) -> str:
        value = raw.strip()
        if _is_null(value):
            return ""
        normal = normalise_postcode(value)
        if normal is None:
            raise InvalidValue(f"{_show(raw)} is not a valid UK postcode")
        return normal

    def status(raw: str) -> str:
        return normalise_status(raw)[0]

    def employment_type(raw: str) -> str:
        return normalise_employment_type(raw)[0]

    return {
        "membership_number": (membership_number, False),
        "external_id": (external_id, False),
        "first_name": (_text, True),
        "last_name": (_text, True),
        "full_name": (_text, False),
        "email": (normalise_email, False),
        "phone": (normalise_phone, False),
        "postcode": (postcode, True),
        "workplace": (_text, True),
        "employer": (_text, True),
        "job_title": (_text, True),
        "status": (status, True),
        "joined": (joined, True),
        "lapsed": (lapsed, True),
        "languages": (_languages, True),
        "employment_type": (employment_type, True),
        "branch": (_text, True),
    }


def validate_rows(
    table_rows: Iterable[tuple[int, list[str]]],
    headers: list[str],
    mapping: Mapping[str, str],
    *,
    key: str | None = "membership_number",
    today: date | None = None,
    membership_pattern: str | re.Pattern[str] | None = None,
) -> Iterator[CleanRow | RejectedRow | BlankRow]:
    """Clean and check each ``(line, cells)`` row; yield one result per row, in order.

    ``mapping`` is field -> header (from :func:`~commonground.people.mapping.guess_mapping` or a
    saved profile).
    ``key`` must be present on every row and unique in the file; the second and later
    rows with the same key are rejected, naming the first line. ``today`` decides what a
    future join date is (default: today in the UK). ``membership_pattern`` is matched
    against the uppercased number with spaces removed. Raises :class:`MappingError`
    before the first row if the mapping is unusable.
    """
    problems = check_mapping(headers, mapping, key=key)
    if problems:
        raise MappingError("; ".join(problems))
    if membership_pattern is None:
        pattern = DEFAULT_MEMBERSHIP_PATTERN
    elif isinstance(membership_pattern, str):
        pattern = re.compile(membership_pattern)
    else:
        pattern = membership_pattern
    cleaners = _cleaners(today or uk_today(), pattern)
    column = {header: index for index, header in reversed(list(enumerate(headers)))}
    memos = [
        _Memo(field, column[mapping[field]], clean)
        for field, (clean, memoise) in cleaners.items()
        if field in mapping and memoise
    ]
    memo_plan = [(memo.field, memo.index, memo.values, memo) for memo in memos]
    plan = [
        (field, column[mapping[field]], clean)
        for field, (clean, memoise) in cleaners.items()
        if field in mapping and not memoise
    ]
    key_index = column[mapping[key]] if key is not None else 0
    width = len(headers)
    derive_full_name = "full_name" not in mapping and (
        "first_name" in mapping or "last_name" in mapping
    )
    check_dates = "joined" in mapping and "lapsed" in mapping
    check_status = "status" in mapping
    check_employment = "employment_type" in mapping
    first_seen: dict[str, int] = {}
    status_index = column[mapping["status"]] if check_status else 0
    employment_index = column[mapping["employment_type"]] if check_employment else 0

    for line, cells in table_rows:
        count = len(cells)
        if count != width:
            if count > width and not "".join(cells[width:]).strip():
                cells = cells[:width]  # trailing empty cells: a stray delimiter at line end
            elif not "".join(cells).strip():
                yield BlankRow(line)
                continue
            else:
                yield RejectedRow(
                    line,
                    [f"row: has {count} cells but the header has {width}"],
                    _raw(headers, cells),
                )
                continue
        elif not cells[key_index].strip() and not "".join(cells).strip():
            yield BlankRow(line)
            continue

        values: dict[str, Value] = {}
        reasons: list[str] | None = None
        for field, index, clean in plan:
            try:
                values[field] = clean(cells[index])
            except InvalidValue as exc:
                if reasons is None:
                    reasons = []
                reasons.append(f"{field}: {exc}")
        for field, index, seen, memo in memo_plan:
            raw = cells[index]
            value = seen.get(raw, _MISSING)
            if value is _MISSING:
                reason = memo.failed.get(raw)
                if reason is None:
                    value = memo.fill(raw)
                    if value is not _MISSING:
                        values[field] = value
                        continue
                    reason = memo.failed[raw]
                if reasons is None:
                    reasons = []
                reasons.append(f"{field}: {reason}")
                continue
            values[field] = value
        if reasons is not None and len(reasons) > 1:
            reasons.sort(key=_field_order)  # memoised columns were checked last

        # A key that failed its own check is already reported; do not also call it missing.
        if key is not None and key in values:
            key_value = values[key]
            if not key_value:
                reasons = [f"{key}: missing", *(reasons or ())]
            elif isinstance(key_value, str):
                first = first_seen.get(key_value)
                if first is None:
                    first_seen[key_value] = line
                else:
                    reasons = reasons or []
                    reasons.append(
                        f"{key}: {_show(key_value)} appears again (first on line {first})"
                    )
        if check_dates:
            joined, lapsed = values.get("joined"), values.get("lapsed")
            if isinstance(joined, date) and isinstance(lapsed, date) and lapsed < joined:
                reasons = reasons or []
                reasons.append(
                    f"lapsed: {_show(cells[column[mapping['lapsed']]])} is before the join date"
                )
        if reasons:
            yield RejectedRow(line, reasons, _raw(headers, cells))
            continue

        if derive_full_name:
            first_name = values.get("first_name") or ""
            last_name = values.get("last_name") or ""
            values["full_name"] = f"{first_name} {last_name}".strip()
        warnings: tuple[str, ...] = ()
        if check_status and values["status"] == "unknown":
            raw_status = cells[status_index]
            if not normalise_status(raw_status)[1]:
                warnings += (f"status: {_show(raw_status)} not recognised, set to unknown",)
        if check_employment and values["employment_type"] == "":
            raw_kind = cells[employment_index]
            if not normalise_employment_type(raw_kind)[1]:
                warnings += (f"employment_type: {_show(raw_kind)} not recognised, left blank",)
        yield CleanRow(line, values, warnings)


def _raw(headers: list[str], cells: list[str]) -> dict[str, str]:
    raw = dict(zip(headers, cells, strict=False))
    for extra, cell in enumerate(cells[len(headers) :], start=1):
        raw[f"(extra cell {extra})"] = cell
    return raw
