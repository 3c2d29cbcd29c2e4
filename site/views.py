"""Site-wide error views."""

import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
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


def choose_language(request, code):
    """Remember the language a person picked (a cookie) and go back to the page they were on.

    A plain link, with no form and no CSRF token, so that pages stay the same for every reader
    and can be cached. Only a local `next` is followed.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
                            secure=settings.SESSION_COOKIE_SECURE, httponly=True)
    return response
