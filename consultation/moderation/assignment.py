"""Who answers a comment: the expert it is assigned to, or else the responsible experts of its chapter.

`ParagraphComment.assigned_to` names one expert; empty, the comment is for the experts responsible for
its chapter (`ChapterPage.responsible_experts`). A general comment on the whole document has no
chapter: until someone assigns it, nobody in particular answers it.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.models import ChapterPage, CommentScope
from consultation.models.regions import home_path_of, home_paths, region_paths
from consultation.moderation.actions import _locked, _plans_of
from consultation.plans.rules import (
    can_approve_responses,
    can_moderate,
    require,
    require_not_frozen,
    require_region,
    works_for,
)

MODERATE_PERMISSION = ("consultation", "moderate_paragraphcomment")


def assignable_experts(colleagues_of=None, working_on=None):
    """The active users who may moderate (as `can_moderate` answers for each), in one query, by name.

    A superuser, or the permission to moderate given to the user or to one of their groups. With
    `colleagues_of`, only those who work for a region that user works for; with `working_on` (a plan),
    only those who work for its region (super-administrators always).
    """
    app_label, codename = MODERATE_PERMISSION
    experts = get_user_model().objects.filter(is_active=True).filter(
        Q(is_superuser=True)
        | Q(user_permissions__codename=codename, user_permissions__content_type__app_label=app_label)
        | Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    )
    paths = region_paths(colleagues_of) if colleagues_of is not None else None
    if working_on is not None:
        paths = [home_path_of(working_on.path, home_paths())]
    if paths is not None:
        experts = experts.filter(Q(is_superuser=True) | Q(groups__regions__home__path__in=paths))
    return experts.distinct().order_by("last_name", "first_name", "username")


def expert_name(user):
    """How the staff screens name an expert: the full name, else the user name."""
    return (user.get_full_name() or user.get_username()) if user is not None else ""


def _responsible_chapter_ids(user):
    """The ids of the chapters `user` is responsible for."""
    return ChapterPage.responsible_experts.through.objects.filter(user=user).values("chapterpage_id")


def assigned_to_user(queryset, user):
    """The comments of `queryset` that `user` answers: those assigned to them, and the unassigned ones
    on a chapter (a paragraph or the chapter as a whole) they are responsible for. One query."""
    on_their_chapters = Q(assigned_to__isnull=True, chapter_pk__in=_responsible_chapter_ids(user))
    return queryset.filter(Q(assigned_to=user) | on_their_chapters)


def responsible_experts_by_chapter(chapter_ids):
    """{chapter id: [its responsible experts, by name]} for the given chapters, in one query."""
    through = ChapterPage.responsible_experts.through
    rows = (through.objects.filter(chapterpage_id__in=chapter_ids).select_related("user")
            .order_by("user__last_name", "user__first_name", "user__username"))
    experts = {}
    for row in rows:
        experts.setdefault(row.chapterpage_id, []).append(row.user)
    return experts


def chapter_id_of(comment):
    """The id of the chapter a comment hangs on, or None for a general comment on the plan."""
    if comment.scope == CommentScope.GENERAL:
        return None
    try:
        return int(comment.object_pk)
    except (TypeError, ValueError):
        return None


def responsible_experts_of(comment):
    """Who answers `comment`: its assigned expert, or else its chapter's responsible experts (maybe none)."""
    if comment.assigned_to_id is not None:
        return [comment.assigned_to]
    chapter_id = chapter_id_of(comment)
    if chapter_id is None:
        return []
    return responsible_experts_by_chapter([chapter_id]).get(chapter_id, [])


def assign_comments(comments, *, by, assignee, now=None):
    """Assign the comments to `assignee`, or with None back to their chapters' responsible experts.

    Refused for anyone who may not moderate, for an assignee who may not moderate, and once a plan of
    the comments is adopted. Comments already assigned so are left as they are; returns how many changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = list(_locked([c.pk for c in comments]))
        require(can_moderate(by), _("Only the expert team can assign comments."))
        plans = _plans_of(locked)
        require_region(by, plans)
        for plan in plans:
            require_not_frozen(plan)
        require(assignee is None or can_moderate(assignee),
                _("Comments can be assigned only to members of the expert team."))
        require(assignee is None or all(works_for(assignee, plan) for plan in plans),
                _("Comments can be assigned only to experts of their plan's region."))
        assignee_id = assignee.pk if assignee is not None else None
        changed = 0
        for comment in locked:
            if comment.assigned_to_id == assignee_id:
                continue
            comment.assigned_to = assignee
            comment.save(update_fields=["assigned_to"])
            log(instance=comment, action="drogowskaz.comment.assign", user=by, timestamp=now,
                data={"assignee": assignee.get_username() if assignee is not None else None})
            changed += 1
    return changed


def set_responsible_experts(plan, experts_by_chapter, *, by):
    """Set who is responsible for each chapter of `plan`: {chapter id: [users]}; all or nothing.

    A coordinator (or an administrator) decides; each expert must be able to moderate; not once the
    plan is adopted. Chapters not named keep their experts. It is not part of the page's revisions:
    it changes at once, and the log of each changed chapter names who is now responsible. Returns
    how many chapters changed.
    """
    require(can_approve_responses(by) or by.is_superuser,
            _("Only a coordinator can decide who is responsible for a chapter."))
    require_region(by, [plan])
    require(all(works_for(expert, plan) for experts in experts_by_chapter.values() for expert in experts),
            _("Only experts of the plan's region can be responsible for its chapters."))
    chapters = {chapter.pk: chapter for chapter in ChapterPage.objects.child_of(plan)}
    with transaction.atomic():
        require_not_frozen(plan)
        changed = 0
        for chapter_id, experts in experts_by_chapter.items():
            chapter = chapters.get(chapter_id)
            require(chapter is not None, _("That chapter is not part of this plan."))
            require(all(can_moderate(expert) for expert in experts),
                    _("Only members of the expert team can be responsible for a chapter."))
            before = set(chapter.responsible_experts.values_list("pk", flat=True))
            if before == {expert.pk for expert in experts}:
                continue
            chapter.responsible_experts.set(experts)
            log(instance=chapter, action="drogowskaz.chapter.responsible", user=by,
                data={"experts": sorted(expert.get_username() for expert in experts)})
            changed += 1
    return changed
