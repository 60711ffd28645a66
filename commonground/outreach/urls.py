from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.outreach import mail_views, public_views, views

app_name = "outreach"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.index, name="index"),
    path("lists/", views.list_list, name="list-list"),
    path("lists/new/", views.list_edit, name="list-create"),
    path("lists/size/", views.list_size, name="list-size"),
    path("lists/<int:pk>/", views.list_detail, name="list-detail"),
    path("lists/<int:pk>/edit/", views.list_edit, name="list-edit"),
    path("calls/", views.assignment_list, name="assignment-list"),
    path("calls/new/", views.assignment_edit, name="assignment-create"),
    path("calls/<int:pk>/", views.assignment_detail, name="assignment-detail"),
    path("calls/<int:pk>/edit/", views.assignment_edit, name="assignment-edit"),
    path("calls/<int:pk>/call/", views.assignment_call, name="assignment-call"),
    path("calls/<int:pk>/call/<int:call_pk>/outcome/", views.call_outcome, name="call-outcome"),
    path("calls/<int:pk>/call/<int:call_pk>/skip/", views.call_skip, name="call-skip"),
    path("calls/<int:pk>/call/<int:call_pk>/text/", views.call_text, name="call-text"),
    path("calls/<int:pk>/call/<int:call_pk>/history/", views.call_history, name="call-history"),
    path("templates/", mail_views.template_list, name="template-list"),
    path("templates/new/", mail_views.template_edit, name="template-create"),
    path("templates/<int:pk>/", mail_views.template_edit, name="template-edit"),
    path(
        "templates/<int:pk>/translate/",
        mail_views.template_translate,
        name="template-translate",
    ),
    path("sends/", mail_views.mailing_list, name="mailing-list"),
    path("sends/new/", mail_views.mailing_create, name="mailing-create"),
    path("sends/<int:pk>/", mail_views.mailing_detail, name="mailing-detail"),
    path("sends/<int:pk>/preview/", mail_views.mailing_preview, name="mailing-preview"),
    path("sends/<int:pk>/test/", mail_views.mailing_test, name="mailing-test"),
    path("sends/<int:pk>/send/", mail_views.mailing_send, name="mailing-send"),
    path("sends/<int:pk>/approve/", mail_views.mailing_approve, name="mailing-approve"),
    path("sends/<int:pk>/cancel/", mail_views.mailing_cancel, name="mailing-cancel"),
    path("suppression/", mail_views.suppression_list, name="suppression-list"),
    path("senders/", mail_views.sender_list, name="sender-list"),
    path("people/<int:pk>/consent/", mail_views.person_consent, name="person-consent"),
    path("u/<str:token>/", public_views.unsubscribe, name="unsubscribe"),
    path("webhooks/sms/", public_views.sms_webhook, name="sms-webhook"),
    path("webhooks/email/", public_views.email_webhook, name="email-webhook"),
]
