"""Who may do what, as named predicates that tests call directly."""

from django.utils import timezone

from .models import Phase


def can_comment(plan, now=None):
    """Anyone may comment, reply or report while, and only while, the consultation is open."""
    return plan.phase(now or timezone.now()) == Phase.OPEN


def can_moderate(user):
    return user.is_active and user.has_perm("consultation.moderate_paragraphcomment")


def can_respond(user):
    return user.is_active and user.has_perm("consultation.add_officialresponse")
