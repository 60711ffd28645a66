"""Every write to people that matters: permission and scope, atomic write, audit row.

Views, the importer's callers, the linkage engine and campaigns call these; nothing else
saves a Person, Assessment, Conversation or WorkplaceRole. Split by subject (``records``,
``erasure``, ``intake``); import from here.
"""

from commonground.people.actions.erasure import (
    ERASED_BLANK,
    erase_people_for_retention,
    erase_person,
)
from commonground.people.actions.intake import (
    PublicContact,
    contacts_from_public_pages,
    person_from_signup,
)
from commonground.people.actions.records import (
    AUDITED_VALUES,
    EDITABLE,
    SENSITIVE,
    WorkplaceLink,
    add_contact,
    link_people_to_locations,
    link_person_to_location,
    log_conversation,
    mark_follow_up_done,
    merge_people,
    record_assessment,
    record_one_to_one,
    set_workplace_role,
    update_person,
)

__all__ = [
    "AUDITED_VALUES",
    "EDITABLE",
    "ERASED_BLANK",
    "SENSITIVE",
    "PublicContact",
    "WorkplaceLink",
    "add_contact",
    "contacts_from_public_pages",
    "erase_people_for_retention",
    "erase_person",
    "link_people_to_locations",
    "link_person_to_location",
    "log_conversation",
    "mark_follow_up_done",
    "merge_people",
    "person_from_signup",
    "record_assessment",
    "record_one_to_one",
    "set_workplace_role",
    "update_person",
]
