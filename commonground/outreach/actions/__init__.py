"""Every outreach write that matters (STYLE.md §3): permission and scope, an atomic write,
an audit row. Split by subject; import from here."""

from commonground.outreach.actions.calls import (
    current_call,
    record_call_outcome,
    release_call,
    reserve_next,
    reveal_history,
    save_assignment,
    save_list,
    send_call_text,
)
from commonground.outreach.actions.consent import (
    ConsentGrant,
    record_consent,
    record_consents,
    record_consents_many,
    suppress,
    unsubscribe,
)
from commonground.outreach.actions.mailings import (
    approve_mailing,
    cancel_mailing,
    create_mailing,
    grant_sender,
    preview_mailing,
    request_send,
    save_template,
    save_translation,
    send_test,
)

__all__ = [
    "ConsentGrant",
    "approve_mailing",
    "cancel_mailing",
    "create_mailing",
    "current_call",
    "grant_sender",
    "preview_mailing",
    "record_call_outcome",
    "record_consent",
    "record_consents",
    "record_consents_many",
    "release_call",
    "request_send",
    "reserve_next",
    "reveal_history",
    "save_assignment",
    "save_list",
    "save_template",
    "save_translation",
    "send_call_text",
    "send_test",
    "suppress",
    "unsubscribe",
]
