from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from commonground.alliances import views

app_name = "alliances"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.partner_list, name="partner-list"),
    path("partners/export/", views.partner_export, name="partner-export"),
    path("partners/new/", views.partner_edit, name="partner-create"),
    path("partners/<int:pk>/", views.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", views.partner_edit, name="partner-edit"),
    path("partners/<int:pk>/contacts/", views.contact_add, name="contact-add"),
    path(
        "partners/<int:pk>/contacts/<int:contact_pk>/delete/",
        views.contact_delete,
        name="contact-delete",
    ),
    path("affiliations/", views.affiliation_matrix_view, name="affiliation-matrix"),
    path("affiliations/new/", views.affiliation_edit, name="affiliation-create"),
    path("affiliations/<int:pk>/edit/", views.affiliation_edit, name="affiliation-edit"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_edit, name="action-create"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("ledger/", views.ledger_list, name="ledger-list"),
    path("ledger/export/", views.ledger_export, name="ledger-export"),
    path("ledger/new/", views.ledger_add, name="ledger-create"),
    path("ledger/<int:pk>/delete/", views.ledger_delete, name="ledger-delete"),
    path("network/", views.network_view, name="network"),
]
