"""Putting an imported draft into a plan: the action behind the admin screen and `import_plan`."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.actions.move_page import MovePageAction
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.core.slugs import unique_child_slug
from consultation.importing.plan_import import SKIP, latest_revisions, preview_import
from consultation.models import ChapterPage, PlanPage
from consultation.plans.rules import can_publish_version, require, require_not_frozen, require_region


def may_publish_directly(user, plan):
    """Publishing an import skips the experts' review: only for those Wagtail lets publish the plan."""
    return user.is_superuser or plan.permissions_for_user(user).can_publish_subpage()


def import_plan(plan, document, *, user, choices=None, publish=False, known_bodies=None, seen_revisions=None):
    """Save the imported text (a ReadDocument) as new chapter revisions, drafts for review unless
    `publish`, under the editor's `choices` (pairing, promoted headings, the front matter).

    Refused for an adopted plan and for anyone but the communications team; publishing at once
    needs the right to publish the plan's pages; refused when the preview has a problem (chapter
    numbers used twice, nothing to import), and when `seen_revisions` (what the preview saw) shows
    that someone saved the plan or a chapter since. `known_bodies` is the preview's work, reused
    while the chapters are unchanged. One transaction: a failure saves nothing.
    """
    require(can_publish_version(user), _("Only the communications team can import a draft."))
    require_region(user, [plan])
    require(not publish or may_publish_directly(user, plan),
            _("You may save the draft for review, but not publish it."))
    with transaction.atomic():
        plan = PlanPage.objects.select_for_update().get(pk=plan.pk)
        require_not_frozen(plan)
        require(seen_revisions is None or seen_revisions == latest_revisions(plan),
                _("Someone saved this plan or one of its chapters after the preview was shown. Look at the "
                  "preview again: it now compares the file with their text."))
        result = preview_import(plan, document, choices, known_bodies)
        if result.problems:
            raise Refused(" ".join(result.problems))
        created = {}
        for item in result.chapters:
            if item.action == SKIP or item.status == "unchanged":
                continue
            if item.chapter is None:
                chapter = plan.add_child(instance=ChapterPage(
                    title=item.title, slug=unique_child_slug(plan, item.title), number=item.number, body=item.body,
                    live=False, owner=user,
                ))
                created[item.source] = chapter
            else:
                chapter = item.chapter  # as its editors last saved it
                chapter.title, chapter.number, chapter.body = item.title, item.number, item.body
            revision = chapter.save_revision(user=user, log_action=True)
            result.saved += 1
            if publish:
                revision.publish(user=user)
        _place_in_order(plan, result, created, user)
        if result.intro_html:
            latest = plan.get_latest_revision_as_object()
            latest.intro = result.intro_html
            revision = latest.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
        log(instance=plan, action="drogowskaz.plan.import", user=user, data={
            "chapters": result.saved,
            "skipped": sum(1 for item in result.chapters if item.action == SKIP),
            "introduction": bool(result.intro_html), "published": publish,
            "warnings": result.warnings,
        })
    return result


def _place_in_order(plan, result, created, user):
    """The page tree's order is the plan's reading order for its unnumbered parts (an annex stays
    last). A file that holds the whole plan orders the tree as it is ordered; otherwise a new
    chapter goes before the chapter that follows it in the file, or, with a number, after the
    chapter numbered below it — not after an annex."""
    items = [item for item in result.chapters if item.action != SKIP]
    if not result.untouched:
        wanted = [created[item.source].pk if item.source in created else item.chapter.pk for item in items]
        if list(ChapterPage.objects.child_of(plan).order_by("path").values_list("pk", flat=True)) != wanted:
            for pk in wanted:
                _move(ChapterPage.objects.get(pk=pk), PlanPage.objects.get(pk=plan.pk), "last-child", user)
        return
    numbered = [(chapter.number, chapter.pk) for chapter in result.existing if chapter.number]
    for index, item in enumerate(items):
        if item.source not in created:
            continue
        page = ChapterPage.objects.get(pk=created[item.source].pk)
        following = next((later.chapter for later in items[index + 1:] if later.chapter is not None), None)
        below = max(((number, pk) for number, pk in numbered if number < item.number), default=None)
        if following is not None:
            _move(page, ChapterPage.objects.get(pk=following.pk), "left", user)
        elif item.number and below is not None:
            _move(page, ChapterPage.objects.get(pk=below[1]), "right", user)


def _move(page, target, position, user):
    """Wagtail's move, logged as the user's; this action has checked its own rule (the communications
    team imports), and reordering the chapters is part of the import, not a separate right."""
    MovePageAction(page, target, pos=position, user=user).execute(skip_permission_checks=True)
