"""Putting an imported draft into a plan: the action behind the admin screen and `import_plan`."""

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.slugs import unique_child_slug
from consultation.importing.plan_import import preview_import
from consultation.models import ChapterPage
from consultation.plans.rules import can_publish_version, require, require_not_frozen


def may_publish_directly(user, plan):
    """Publishing an import skips the experts' review: only for those Wagtail lets publish the plan."""
    return user.is_superuser or plan.permissions_for_user(user).can_publish_subpage()


def import_plan(plan, parsed, *, user, publish=False):
    """Save the imported text as new chapter revisions, drafts for review unless `publish`.

    Refused for an adopted plan and for anyone but the communications team; publishing at once
    needs the right to publish the plan's pages. One transaction: a failure saves nothing.
    """
    require(can_publish_version(user), _("Only the communications team can import a draft."))
    require(not publish or may_publish_directly(user, plan),
            _("You may save the draft for review, but not publish it."))
    with transaction.atomic():
        require_not_frozen(plan)
        result = preview_import(plan, parsed)
        for item in result.chapters:
            if item.chapter is None:
                chapter = plan.add_child(instance=ChapterPage(
                    title=item.title, slug=unique_child_slug(plan, item.title), number=item.number, body=item.body,
                    live=False, owner=user,
                ))
            elif item.status == "unchanged" and item.chapter.number == item.number:
                continue
            else:
                chapter = item.chapter.get_latest_revision_as_object()
                chapter.title, chapter.number, chapter.body = item.title, item.number, item.body
            revision = chapter.save_revision(user=user, log_action=True)
            if publish:
                revision.publish(user=user)
        log(instance=plan, action="drogowskaz.plan.import", user=user,
            data={"chapters": len(result.chapters), "published": publish})
    return result
