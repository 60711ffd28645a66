"""What the world reaches without logging in: unsubscribe links and the SMS webhook."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from commonground.accounts.ratelimit import rate_limit
from commonground.lib.siteurl import site_url
from commonground.outreach import actions
from commonground.outreach.models import Message, MessageStatus
from commonground.outreach.sms import twilio_signature
from commonground.outreach.webhooks import apply_event, inbound_text


def _message(token: str) -> Message:
    message = (
        Message.objects.select_related("mailing", "person", "person__branch")
        .filter(token=token)
        .first()
    )
    if message is None:
        raise Http404
    return message


# RFC 8058: mail clients POST "List-Unsubscribe=One-Click" to the link with no cookies and no
# CSRF token; the link's random token is the credential.
@csrf_exempt
@rate_limit("public")  # the token is the credential: no guessing at speed
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    message = _message(token)
    done = message.status == MessageStatus.UNSUBSCRIBED
    if request.method == "POST":
        actions.unsubscribe(message, request=request)
        done = True
    branch = message.person.branch.name if message.person and message.person.branch_id else ""
    # In the language the message was written in (its footer's), as the public pages are.
    language = message.language or settings.LANGUAGE_CODE
    with translation.override(language):
        response = render(
            request,
            "outreach/unsubscribe.html",
            {
                "message": message,
                "done": done,
                "branch": branch,
                "language": language,
                "rtl": translation.get_language_bidi(),
            },
        )
    response["Content-Language"] = language
    return response


@csrf_exempt
@require_POST
def sms_webhook(request: HttpRequest) -> HttpResponse:
    """Twilio's inbound-message and status-callback webhook, checked by its signature."""
    token = settings.OUTREACH_TWILIO_AUTH_TOKEN
    # The address Twilio was given, never the Host header of this request.
    url = site_url(reverse("outreach:sms-webhook"))
    params = {k: request.POST.get(k, "") for k in request.POST}
    given = request.headers.get("X-Twilio-Signature", "")
    if not token or not given or given != twilio_signature(token, url, params):
        return HttpResponseForbidden("bad signature")
    sid = params.get("MessageSid") or params.get("SmsSid") or ""
    status = params.get("MessageStatus") or params.get("SmsStatus") or ""
    if params.get("Body") is not None and status in ("", "received"):
        inbound_text(params.get("From", ""), params.get("Body", ""), sid)
    elif status:
        apply_event(
            provider_id=sid,
            event_type=status,
            event_id=f"{sid}:{status}",
            at=None,
            source="twilio",
            detail=params.get("ErrorCode", ""),
        )
    # Twilio expects TwiML or an empty 200; we never reply to a text automatically.
    return HttpResponse("<Response/>", content_type="text/xml")


# anymail's tracking webhook view per provider (OUTREACH_EMAIL_PROVIDER); each checks its
# provider's signature, and anymail's basic-auth WEBHOOK_SECRET, before the signal fires.
TRACKING_VIEWS = {
    "mailgun": "anymail.webhooks.mailgun.MailgunTrackingWebhookView",
    "postmark": "anymail.webhooks.postmark.PostmarkTrackingWebhookView",
    "sendgrid": "anymail.webhooks.sendgrid.SendGridTrackingWebhookView",
    "brevo": "anymail.webhooks.brevo.BrevoTrackingWebhookView",
    "mailjet": "anymail.webhooks.mailjet.MailjetTrackingWebhookView",
    "mailersend": "anymail.webhooks.mailersend.MailerSendTrackingWebhookView",
    "sparkpost": "anymail.webhooks.sparkpost.SparkPostTrackingWebhookView",
    "resend": "anymail.webhooks.resend.ResendTrackingWebhookView",
}


@csrf_exempt
def email_webhook(request: HttpRequest) -> HttpResponseBase:
    """The configured email provider's delivery reports; 404 when none is configured or the
    webhook secret is missing (an unauthenticated webhook is never offered)."""
    provider = settings.OUTREACH_EMAIL_PROVIDER
    if provider not in TRACKING_VIEWS or not settings.ANYMAIL.get("WEBHOOK_SECRET"):
        raise Http404
    view = import_string(TRACKING_VIEWS[provider]).as_view()
    response: HttpResponseBase = view(request)
    return response
