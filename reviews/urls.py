from django.urls import include, path

app_name = "reviews"

urlpatterns = [
    # The board's decisions desk and exports live in their own module.
    path("desk/", include("reviews.desk_urls")),
]
