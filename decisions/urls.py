"""The board's room, mounted at /decisions/ in the "decisions" namespace.

`moved_urlpatterns` answer the desk's old addresses under /reviews/desk/ with a permanent
redirect here, so bookmarks keep working (config/urls.py mounts them).
"""

from django.urls import path, re_path

from decisions import award_views, views

app_name = "decisions"

urlpatterns = [
    path("", views.desk_index, name="index"),
    path("<slug:slug>/", views.desk, name="desk"),
    path("<slug:slug>/bulk/", views.desk_bulk, name="bulk"),
    path("<slug:slug>/release/", views.desk_release, name="release"),
    path("<slug:slug>/export.xlsx", views.desk_export_xlsx, name="export_xlsx"),
    path("<slug:slug>/export.csv", views.desk_export_csv, name="export_csv"),
    path("<slug:slug>/applications/<int:pk>/", views.desk_application, name="application"),
    path("<slug:slug>/applications/<int:pk>/decide/", views.desk_decide, name="decide"),
    path("<slug:slug>/applications/<int:pk>/print/", views.application_print, name="print"),
    path("<slug:slug>/offer-next/", award_views.offer_next, name="offer_next"),
    path("<slug:slug>/applications/<int:pk>/correct/", award_views.correct, name="correct"),
    path("<slug:slug>/applications/<int:pk>/rescind/", award_views.rescind, name="rescind"),
    path(
        "<slug:slug>/applications/<int:pk>/conflict/",
        views.desk_declare_conflict,
        name="declare_conflict",
    ),
]

moved_urlpatterns = [
    re_path(r"^(?P<rest>.*)$", views.moved_from_reviews),
]
