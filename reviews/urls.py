from django.urls import path

from reviews.views import board, reviewer

app_name = "reviews"

urlpatterns = [
    # The reviewer's pages.
    path("", reviewer.my_reviews, name="my_reviews"),
    path("<int:pk>/", reviewer.review, name="review"),
    path("<int:pk>/conflict/", reviewer.declare, name="declare"),
    path(
        "<int:pk>/attachments/<int:attachment_id>/",
        reviewer.attachment,
        name="attachment",
    ),
    # The board's pages.
    path("board/", board.index, name="board"),
    path("board/cycles/<slug:slug>/assignments/", board.assignments, name="assignments"),
    path("board/cycles/<slug:slug>/auto-assign/", board.auto_assign, name="auto_assign"),
    path("board/cycles/<slug:slug>/conflicts/", board.conflicts, name="conflicts"),
    path("board/cycles/<slug:slug>/ranking/", board.ranking, name="ranking"),
    path(
        "board/known-conflicts/<int:pk>/remove/",
        board.remove_known_conflict,
        name="remove_known_conflict",
    ),
    path("board/applications/<int:pk>/", board.application, name="board_application"),
    path("board/assignments/<int:pk>/unassign/", board.unassign, name="unassign"),
]
