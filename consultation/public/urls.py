from django.urls import path

from consultation.public import api
from consultation.public import chapter_views as views
from consultation.public import mail_views, open_data

api_urlpatterns = [
    path("chapters/<int:chapter_id>/comments/", api.chapter_comments, name="api-chapter-comments"),
    path(
        "chapters/<int:chapter_id>/paragraphs/<str:key>/comments/",
        api.paragraph_comments,
        name="api-paragraph-comments",
    ),
]

public_urlpatterns = [
    path("komentarz/potwierdz/<str:token>/", views.confirm_view, name="comment-confirm"),
    path("komentarz/wycofaj/<str:token>/", views.withdraw_view, name="comment-withdraw"),
    path("komentarz/popraw/<str:token>/", views.correct_view, name="comment-correct"),
    path("powiadomienia/potwierdz/<str:token>/", mail_views.follow_confirm_view, name="follow-confirm"),
    path("powiadomienia/wypisz/<str:token>/", mail_views.unsubscribe_view, name="mail-unsubscribe"),
    path("wszystkie-plany/", open_data.overview, name="overview"),
    path("otwarte-dane/uwagi.csv", open_data.open_data_csv, name="open-data-csv"),
    path("otwarte-dane/uwagi.json", open_data.open_data_json, name="open-data-json"),
]
