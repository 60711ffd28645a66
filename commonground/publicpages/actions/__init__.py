"""Every write to public pages that matters: permission and scope, atomic write, audit row.

Organisers' writes are in :mod:`.pages`; the public side (taking a submission, filing waiting
ones from the worker, the organiser marking one done or retrying one that could not be
filed) in :mod:`.submissions`.
"""

from commonground.publicpages.actions.pages import (
    PAGE_FIELDS,
    TRANSLATED_PAGE_FIELDS,
    create_charter_survey,
    create_page,
    delete_question,
    save_question,
    save_translation,
    set_page_open,
    untranslated,
    update_page,
)
from commonground.publicpages.actions.submissions import (
    BATCH,
    PROCESS_DELAY,
    mark_submission_done,
    process_submissions,
    receive_submission,
    retry_submission,
    route,
    schedule_processing,
)
from commonground.publicpages.models import MAX_ATTEMPTS

__all__ = [
    "BATCH",
    "MAX_ATTEMPTS",
    "PAGE_FIELDS",
    "PROCESS_DELAY",
    "TRANSLATED_PAGE_FIELDS",
    "create_charter_survey",
    "create_page",
    "delete_question",
    "mark_submission_done",
    "process_submissions",
    "receive_submission",
    "retry_submission",
    "route",
    "save_question",
    "save_translation",
    "schedule_processing",
    "set_page_open",
    "untranslated",
    "update_page",
]
