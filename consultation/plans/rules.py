"""Who may do what, as named predicates that tests call directly."""

from django.utils import timezone

from consultation.models import Phase


def can_comment(plan, now=None):
    """Anyone may comment, reply or report while, and only while, the consultation is open."""
    return plan.phase(now or timezone.now()) == Phase.OPEN


def can_moderate(user):
    return user.is_active and user.has_perm("consultation.moderate_paragraphcomment")


def can_respond(user):
    return user.is_active and user.has_perm("consultation.add_officialresponse")


def can_publish_version(user):
    return user.is_active and user.has_perm("consultation.add_planversion")


def can_publish_report(user):
    return user.is_active and user.has_perm("consultation.add_reportpublication")


def can_adopt(user):
    return user.is_active and user.has_perm("consultation.add_adoption")


def is_frozen(page):
    """True for an adopted plan and its chapters: no edit, comment or reply is taken."""
    from consultation.models import Adoption

    return Adoption.objects.filter(plan__path__in=[page.path, page.path[: -page.steplen]]).exists()
