"""Site-wide error views."""

import sys

from django.db import DatabaseError
from django.template.response import TemplateResponse
from django.views.defaults import server_error as django_server_error


def server_error(request):
    """500, except when the database cannot be reached: then 503 and a page that needs no database.

    Every write happens in a transaction, so a failed request leaves nothing half-written, and mail
    leaves only on commit, so nothing is sent either.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError) and _is_unavailable(error):
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response.render()
    return django_server_error(request)


def _is_unavailable(error):
    from django.db import InterfaceError, OperationalError

    return isinstance(error, (OperationalError, InterfaceError))
