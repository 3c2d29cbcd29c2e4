"""Who may do what, and when: named predicates, and the guards that actions call.

A predicate (`can_…`, `is_…`) answers yes or no, for templates and menus. A guard (`require_…`)
raises `Refused` with a message in Polish; every action calls the guards of its own rules before
it changes anything, so a view, a command and a test get the same answer.
"""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from consultation.core.refusals import Refused
from consultation.models import Adoption, ChapterPage, Phase, PlanPage
from consultation.models.regions import (
    home_path_of,
    home_paths,
    in_regions,
    region_paths,
    under_regions,
)


def can_comment(plan, now=None):
    """Anyone may comment, reply or flag while, and only while, the consultation is open."""
    return plan.phase(now or timezone.now()) == Phase.OPEN


def can_moderate(user):
    return bool(user) and user.is_active and user.has_perm("consultation.moderate_paragraphcomment")


def can_register_comments(user):
    """Komunikacja and Eksperci register comments that arrived by email, post, ePUAP or at a meeting."""
    return bool(user) and user.is_active and user.has_perm("consultation.register_paragraphcomment")


def can_respond(user):
    return bool(user) and user.is_active and user.has_perm("consultation.add_officialresponse")


def can_approve_responses(user):
    """Coordinators (the group Koordynatorzy) approve, return or edit the experts' drafted responses;
    only an approved response is published."""
    return bool(user) and user.is_active and user.has_perm("consultation.approve_officialresponse")


def can_publish_version(user):
    return bool(user) and user.is_active and user.has_perm("consultation.add_planversion")


def can_publish_report(user):
    return bool(user) and user.is_active and user.has_perm("consultation.add_reportpublication")


def can_adopt(user):
    return bool(user) and user.is_active and user.has_perm("consultation.add_adoption")


def can_record_erratum(user):
    """Errata change what the public reads beside an adopted text: administrators only."""
    return bool(user) and user.is_active and user.is_superuser


def can_manage_personal_data(user):
    """Erasing a person's data is the controller's decision: administrators only."""
    return bool(user) and user.is_active and user.is_superuser


def works_for(user, page):
    """Whether `user` works for the region `page` (a plan or chapter) belongs to: through the teams of
    its region (models.regions), or as a super-administrator."""
    return in_regions(region_paths(user), page.path)


def plans_for(user, paths=False):
    """The plans of the regions `user` works for (all of them for a super-administrator); `paths`, when
    given, are that user's region_paths already read."""
    return PlanPage.objects.filter(under_regions(region_paths(user) if paths is False else paths))


def comments_for(user, comments):
    """`comments` narrowed to the plans of the regions `user` works for: what the staff screens list,
    count and act on. A super-administrator's are not narrowed."""
    paths = region_paths(user)
    if paths is None:
        return comments
    return comments.filter(plan_id__in=list(plans_for(user, paths).values_list("pk", flat=True)))


def require_region(user, plans):
    """Refuses anyone who does not work for the region of each of `plans` (issue 16): an expert of one
    region cannot act on, or count, another region's comments. The regions are read once for all."""
    paths = region_paths(user)
    if paths is None:
        return
    homes = home_paths()
    for plan in plans:
        if plan is not None and home_path_of(plan.path, homes) not in paths:
            raise Refused(_("This plan belongs to another region: you can act only on the plans of the "
                            "regions you work for."))


def is_frozen(page):
    """True for an adopted plan and its chapters: no edit, comment or reply is taken."""
    return Adoption.objects.filter(plan__path__in=[page.path, page.path[: -page.steplen]]).exists()


def plan_of(page):
    """The plan of a chapter (one query), or the plan itself."""
    if isinstance(page, PlanPage):
        return page
    return PlanPage.objects.select_related("adoption").get(path=page.path[: -page.steplen])


def plan_of_comment(comment):
    """The plan a comment belongs to (one query), or None when the plan has been deleted.

    Every comment records its plan (migration 0013 filled it in for older ones), so a comment whose
    chapter was deleted still answers to its plan's freeze."""
    if comment.plan_id is None:
        return None
    return PlanPage.objects.select_related("adoption").filter(pk=comment.plan_id).first()


FROZEN_MESSAGE = "This plan has been adopted by resolution; its text can no longer be changed."


def require(allowed, message):
    if not allowed:
        raise Refused(message)


def require_not_frozen(plan):
    """Refuses any change to an adopted plan: its text, its chapters, its comments and responses."""
    if Adoption.objects.filter(plan_id=plan.pk).exists():
        raise Refused(_("This plan has been adopted by resolution; its text can no longer be changed."))


def closed_message(plan, now=None):
    """Why nothing can be submitted now, in the words of the plan's phase."""
    if not plan.consultation_opens:
        return _("This document is not under consultation now.")
    dates = {
        "opens": date_format(timezone.localtime(plan.consultation_opens), "DATETIME_FORMAT"),
        "closes": date_format(timezone.localtime(plan.consultation_closes), "DATETIME_FORMAT"),
    }
    if plan.phase(now or timezone.now()) in (Phase.CLOSED, Phase.ADOPTED):
        return _("The consultation ran from %(opens)s to %(closes)s; comments are no longer accepted.") % dates
    return _("Comments can be submitted from %(opens)s to %(closes)s.") % dates


def require_open(plan, now=None):
    """Comments, replies and flags are taken only while the consultation is open."""
    if not can_comment(plan, now):
        raise Refused(closed_message(plan, now))
