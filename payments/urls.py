from django.urls import path

from payments import views

app_name = "payments"

urlpatterns = [
    path("", views.awards, name="awards"),
    path("awards/<int:pk>/", views.award, name="award"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("my-awards/<int:pk>/payee/", views.payee, name="payee"),
]
