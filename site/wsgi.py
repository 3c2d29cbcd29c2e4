import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "plansite.settings.production")

application = get_wsgi_application()

# Each app server loads the Polish dictionary of the search (about 2 s) when it starts, not while a
# reader waits for the first comment or search it serves.
from consultation.core.polish_words import preload  # noqa: E402 - after Django is set up

preload()
