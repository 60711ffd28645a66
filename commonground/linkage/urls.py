from __future__ import annotations

from django.urls import path

from commonground.linkage import views

app_name = "linkage"

urlpatterns = [
    path("", views.review_queue, name="review-queue"),
    path("items/<int:pk>/", views.review_item, name="review-item"),
    path("items/<int:pk>/accept/", views.review_item_accept, name="review-item-accept"),
    path("items/<int:pk>/reject/", views.review_item_reject, name="review-item-reject"),
    path("items/<int:pk>/search/", views.review_item_search, name="review-item-search"),
    path("run/", views.link_run, name="link-run"),
]
