from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from consultation.public import urls as consultation_urls
from plansite import views as site_views
from search import views as search_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("jezyk/<str:code>/", site_views.choose_language, name="choose_language"),
    path("api/", include(consultation_urls.api_urlpatterns)),
    path("szukaj/", search_views.search, name="search"),
    path("", include(consultation_urls.public_urlpatterns)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Only images are served straight from MEDIA_ROOT. Documents (resolutions waiting for adoption,
    # scans of comments with personal data) go through Wagtail's /documents/ view, which checks the
    # collection's privacy; their files must never be reachable by a plain URL, in production too.
    for folder in ("original_images/", "images/"):
        urlpatterns += static(settings.MEDIA_URL + folder, document_root=settings.MEDIA_ROOT / folder)

urlpatterns += [path("", include(wagtail_urls))]

handler500 = "plansite.views.server_error"
