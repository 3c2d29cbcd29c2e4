"""Start-up checks of the project's own settings (`manage.py check`, runserver, migrate)."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from consultation.core import conf
from consultation.models import FIRST_THREADS_KEPT


@register()
def threads_per_paragraph_check(app_configs, **kwargs):
    value = settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH
    if isinstance(value, int) and not 1 <= value <= FIRST_THREADS_KEPT:
        return [Error(f"DROGOWSKAZ_THREADS_PER_PARAGRAPH must be between 1 and {FIRST_THREADS_KEPT}.",
                      id="drogowskaz.E001")]
    return []


@register()
def settings_range_check(app_configs, **kwargs):
    """Every DROGOWSKAZ_* setting has the type and range listed in consultation/core/conf.py."""
    return [
        Error(message, hint=f"{setting.doc} Allowed: {setting.range}. Default: {setting.default_for({})!r}.",
              obj=setting.name, id="drogowskaz.E002")
        for setting, message in conf.problems(settings)
    ]


@register()
def base_url_check(app_configs, **kwargs):
    """Wagtail's own links (workflow mail) and ours start with the same configured address."""
    if settings.WAGTAILADMIN_BASE_URL.rstrip("/") != str(settings.DROGOWSKAZ_BASE_URL).rstrip("/"):
        return [Warning("WAGTAILADMIN_BASE_URL differs from DROGOWSKAZ_BASE_URL.",
                        hint="Set only DROGOWSKAZ_BASE_URL; the settings derive WAGTAILADMIN_BASE_URL from it.",
                        id="drogowskaz.W001")]
    return []
