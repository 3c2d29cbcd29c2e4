from django.urls import path

from . import api

api_urlpatterns = [
    path("chapters/<int:chapter_id>/comments/", api.chapter_comments, name="api-chapter-comments"),
    path(
        "chapters/<int:chapter_id>/paragraphs/<str:key>/comments/",
        api.paragraph_comments,
        name="api-paragraph-comments",
    ),
]
