from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("my-data.json", views.download, name="download"),
    path("delete/", views.delete_account, name="delete_account"),
]
