"""The decisions desk, included at /reviews/desk/ in the "reviews" namespace."""

from django.urls import path

from reviews import desk_views as views

urlpatterns = [
    path("", views.desk_index, name="desk_index"),
    path("<slug:slug>/", views.desk, name="desk"),
    path("<slug:slug>/bulk/", views.desk_bulk, name="desk_bulk"),
    path("<slug:slug>/release/", views.desk_release, name="desk_release"),
    path("<slug:slug>/export.xlsx", views.desk_export_xlsx, name="desk_export_xlsx"),
    path("<slug:slug>/export.csv", views.desk_export_csv, name="desk_export_csv"),
    path("<slug:slug>/applications/<int:pk>/", views.desk_application, name="desk_application"),
    path("<slug:slug>/applications/<int:pk>/decide/", views.desk_decide, name="desk_decide"),
    path(
        "<slug:slug>/applications/<int:pk>/print/",
        views.application_print,
        name="application_print",
    ),
]
