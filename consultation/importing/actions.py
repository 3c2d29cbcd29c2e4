"""Putting an imported draft into a plan: the action behind the admin screen and `import_plan`."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.core.slugs import unique_child_slug
from consultation.importing.plan_import import SKIP, preview_import
from consultation.models import ChapterPage, PlanPage
from consultation.plans.rules import can_publish_version, require, require_not_frozen


def may_publish_directly(user, plan):
    """Publishing an import skips the experts' review: only for those Wagtail lets publish the plan."""
    return user.is_superuser or plan.permissions_for_user(user).can_publish_subpage()


def _place_in_file_order(items, created, user):
    """A new chapter goes before the chapter that follows it in the file, not after every other
    one: the page tree's order places unnumbered parts (an annex) among the numbered chapters."""
    for index, item in enumerate(items):
        if item.source not in created:
            continue
        following = next((later.chapter for later in items[index + 1:] if later.chapter is not None), None)
        if following is not None:
            created[item.source].move(following, pos="left", user=user)


def import_plan(plan, document, *, user, choices=None, publish=False, known_bodies=None):
    """Save the imported text (a ReadDocument) as new chapter revisions, drafts for review unless
    `publish`, under the editor's `choices` (pairing, promoted headings, the front matter).

    Refused for an adopted plan and for anyone but the communications team; publishing at once
    needs the right to publish the plan's pages; refused when the preview has a problem (chapter
    numbers used twice, nothing to import). `known_bodies` is the preview's work, reused when the
    chapters have not changed since. One transaction: a failure saves nothing.
    """
    require(can_publish_version(user), _("Only the communications team can import a draft."))
    require(not publish or may_publish_directly(user, plan),
            _("You may save the draft for review, but not publish it."))
    with transaction.atomic():
        plan = PlanPage.objects.select_for_update().get(pk=plan.pk)
        require_not_frozen(plan)
        result = preview_import(plan, document, choices, known_bodies)
        if result.problems:
            raise Refused(" ".join(result.problems))
        created = {}
        for item in result.chapters:
            if item.action == SKIP:
                continue
            if item.chapter is None:
                chapter = plan.add_child(instance=ChapterPage(
                    title=item.title, slug=unique_child_slug(plan, item.title), number=item.number, body=item.body,
                    live=False, owner=user,
                ))
                created[item.source] = chapter
            elif item.status == "unchanged":
                continue
            else:
                chapter = item.chapter.get_latest_revision_as_object()
                chapter.title, chapter.number, chapter.body = item.title, item.number, item.body
            revision = chapter.save_revision(user=user, log_action=True)
            result.saved += 1
            if publish:
                revision.publish(user=user)
        _place_in_file_order(result.chapters, created, user)
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
