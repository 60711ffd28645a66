"""Which column of a membership or contact extract holds which field.

:func:`guess_mapping` reads the headers the way people write them ("Mem No.", "E-mail
address", "Surname"); :func:`check_mapping` says what makes a mapping (guessed or a saved
profile) unusable for a file. The rows themselves are cleaned by
:mod:`commonground.people.parsing`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["FIELDS", "MappingError", "check_mapping", "guess_mapping"]

FIELDS: tuple[str, ...] = (
    "membership_number",
    "external_id",
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "postcode",
    "workplace",
    "employer",
    "job_title",
    "status",
    "joined",
    "lapsed",
    "languages",
    "employment_type",
    "branch",
)
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


class MappingError(ValueError):
    """The column mapping cannot be used (key not mapped, unknown field or header)."""


# Normalised header (lowercase letters and digits only) -> field, best names first.
_ALIASES: dict[str, tuple[str, ...]] = {
    "membership_number": (
        "membershipnumber", "membershipno", "membershipnum", "memberno", "membernumber",
        "membernum", "memno", "memnumber", "membershipid", "memberid", "membershipref",
        "memberref", "unionno", "unionnumber", "membno", "memnbr",
    ),
    "external_id": (
        "externalid", "extid", "externalref", "externalreference", "id", "personid",
        "contactid", "recordid", "uniqueid", "reference", "ref", "urn",
    ),
    "first_name": (
        "firstname", "forename", "forenames", "givenname", "givennames", "first", "fname",
        "christianname", "firstnames",
    ),
    "last_name": ("lastname", "surname", "familyname", "last", "lname", "secondname"),
    "full_name": ("fullname", "name", "membername", "contactname", "displayname", "names"),
    "email": (
        "email", "emailaddress", "emailaddr", "mail", "personalemail", "homeemail",
        "personalemailaddress", "homeemailaddress", "workemail", "workemailaddress",
    ),
    "phone": (
        "mobile", "mobilephone", "mobileno", "mobilenumber", "mobiletel", "mob",
        "mobiletelephone", "cell", "cellphone", "phone", "phonenumber", "phoneno",
        "telephone", "tel", "telno", "telephonenumber", "telephoneno", "contactnumber",
        "homephone", "hometel", "workphone",
    ),
    "postcode": (
        "postcode", "postalcode", "zip", "zipcode", "homepostcode", "addresspostcode",
        "pcode",
    ),
    "workplace": (
        "workplace", "worklocation", "workplacename", "placeofwork", "location", "site",
        "workbase", "base", "worksite", "establishment", "workplacelocation",
    ),
    "employer": (
        "employer", "employername", "organisation", "organization", "company",
        "employingorganisation", "employingorganization", "employerorganisation",
    ),
    "job_title": ("jobtitle", "job", "role", "position", "occupation", "jobrole", "jobname"),
    "status": ("status", "memberstatus", "membershipstatus", "memstatus", "currentstatus"),
    "joined": (
        "joindate", "datejoined", "joined", "joiningdate", "dateofjoining", "membersince",
        "joinedon", "joindt", "dateofjoin", "startdate", "membershipstartdate",
    ),
    "lapsed": (
        "lapsedate", "datelapsed", "lapsed", "lapseddate", "leavedate", "dateleft",
        "resigneddate", "resignationdate", "ceaseddate", "dateceased", "enddate",
        "membershipenddate",
    ),
    "languages": (
        "languages", "language", "preferredlanguage", "preferredlanguages",
        "spokenlanguages", "firstlanguage",
    ),
    "employment_type": (
        "employmenttype", "contracttype", "contract", "employmentstatus", "typeofcontract",
        "workertype", "employmentcontract",
    ),
    "branch": ("branch", "branchcode", "branchname", "branchno", "branchnumber"),
}  # fmt: skip

# Second pass for headers no alias matched: a telling fragment, unless a spoiler is present
# ("Workplace Postcode" is not the person's postcode, "Email consent" holds no address).
# A wrong guess rejects every row, so when in doubt leave the field for the person mapping.
_SPOILERS = (
    "consent", "optin", "optout", "permission", "preference", "verified", "valid", "flag",
    "emergency", "nextofkin", "manager", "supervisor",
)  # fmt: skip
_PLACE_SPOILERS = ("postcode", "address", "phone", "email", "tel", "id", "code", "type")
_FRAGMENTS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("membership_number", "membershipn", ()),
    ("membership_number", "memberno", ()),
    ("membership_number", "membernumber", ()),
    ("first_name", "forename", ()),
    ("first_name", "firstname", ()),
    ("last_name", "surname", ()),
    ("last_name", "lastname", ()),
    ("email", "email", ()),
    ("phone", "mobile", ()),
    ("phone", "phone", ()),
    ("postcode", "postcode", ("work", "employer", "site")),
    ("workplace", "workplace", _PLACE_SPOILERS),
    ("employer", "employer", _PLACE_SPOILERS),
    ("job_title", "jobtitle", ()),
    ("joined", "joindate", ()),
    ("joined", "datejoined", ()),
    ("lapsed", "lapse", ()),
    ("languages", "language", ()),
    ("branch", "branch", ()),
    ("status", "status", ("employment",)),
)


def _norm_header(header: str) -> str:
    return _NON_ALNUM.sub("", header.casefold())


def guess_mapping(headers: list[str]) -> dict[str, str]:
    """Guess which header holds each canonical field: ``{"email": "E-mail address", ...}``.

    Case, spaces and punctuation are ignored ("Mem No." == "MEMBERSHIP_NO"-style). Each
    header is used once; fields nobody recognises are left out.
    """
    normalised = [_norm_header(h) for h in headers]
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for field in FIELDS:
        for alias in _ALIASES[field]:
            index = next(
                (i for i, n in enumerate(normalised) if n == alias and i not in used), None
            )
            if index is not None:
                mapping[field] = headers[index]
                used.add(index)
                break
    for field, fragment, spoilers in _FRAGMENTS:
        if field in mapping:
            continue
        for i, name in enumerate(normalised):
            if (
                i not in used
                and fragment in name
                and not any(s in name for s in spoilers)
                and not any(s in name for s in _SPOILERS)
            ):
                mapping[field] = headers[i]
                used.add(i)
                break
    return {field: mapping[field] for field in FIELDS if field in mapping}


def check_mapping(
    headers: list[str], mapping: Mapping[str, str], *, key: str | None = "membership_number"
) -> list[str]:
    """Problems that make ``mapping`` unusable for these headers; empty when it is fine."""
    problems = [f"{field}: not a field we import" for field in mapping if field not in FIELDS]
    known = set(headers)
    problems += [
        f"{field}: the file has no column '{header}'"
        for field, header in mapping.items()
        if header not in known
    ]
    if key is not None and key not in mapping:
        problems.append(f"{key}: no column is mapped to it, and every row needs one")
    return problems
