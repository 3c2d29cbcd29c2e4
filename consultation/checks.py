"""Start-up checks of the project's own settings."""

from django.conf import settings
from django.core.checks import Error, register

from consultation.models import FIRST_THREADS_KEPT


@register()
def threads_per_paragraph_check(app_configs, **kwargs):
    if not 1 <= settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH <= FIRST_THREADS_KEPT:
        return [Error(f"DROGOWSKAZ_THREADS_PER_PARAGRAPH must be between 1 and {FIRST_THREADS_KEPT}.",
                      id="drogowskaz.E001")]
    return []
