"""Public pages of a plan's versions: the list, one version's text, its plain text, and a comparison."""

from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from consultation.models import ParagraphComment, PlanVersion
from consultation.versions.diff import compare_versions
from consultation.versions.reading import fingerprint, plain_text, read_version


def plan_versions(plan):
    return list(PlanVersion.objects.filter(plan=plan).order_by("number"))


def _version(plan, number):
    version = PlanVersion.objects.filter(plan=plan, number=number).prefetch_related("chapters").first()
    if version is None:
        raise Http404(_("There is no such version."))
    return version


def compare_url(plan, old_number, new_number, anchor=""):
    url = plan.url + plan.reverse_subpage("compare") + f"?od={old_number}&do={new_number}"
    return url + (f"#{anchor}" if anchor else "")


def versions_view(request, plan):
    versions = plan_versions(plan)
    context = {"page": plan, "self": plan, "plan": plan, "versions": versions,
               "pairs": list(zip(versions, versions[1:]))}
    return TemplateResponse(request, "consultation/versions.html", context)


def version_view(request, plan, number):
    version = _version(plan, number)
    chapters = read_version(version)
    context = {"page": plan, "self": plan, "plan": plan, "version": version, "chapters": chapters,
               "fingerprint": fingerprint(plain_text(plan.title, chapters))}
    return TemplateResponse(request, "consultation/version.html", context)


def version_text_view(request, plan, number):
    version = _version(plan, number)
    text = plain_text(plan.title, read_version(version))
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{plan.slug}-wersja-{number}.txt"'
    return response


def comments_behind_changes(plan, old_number, new_number):
    """{(chapter page id, paragraph key): [comment]} whose published response names a version
    after `old_number` and up to `new_number` as the one that made the change: one query."""
    comments = (
        ParagraphComment.objects.published()
        .filter(official_response__published_at__isnull=False, official_response__version__plan=plan,
                official_response__version__number__gt=old_number,
                official_response__version__number__lte=new_number)
        .select_related("official_response", "official_response__version")
        .order_by("submit_date")
    )
    grouped = {}
    for comment in comments:
        grouped.setdefault((int(comment.object_pk), comment.paragraph_key), []).append(comment)
    return grouped


def compare_view(request, plan):
    versions = plan_versions(plan)
    numbers = [v.number for v in versions]
    try:
        old_number = int(request.GET.get("od", numbers[-2] if len(numbers) > 1 else 0))
        new_number = int(request.GET.get("do", numbers[-1] if numbers else 0))
    except ValueError:
        raise Http404(_("There is no such version.")) from None
    if old_number not in numbers or new_number not in numbers:
        raise Http404(_("There is no such version."))
    old_version, new_version = _version(plan, old_number), _version(plan, new_number)
    changes = compare_versions(read_version(old_version), read_version(new_version))
    behind = comments_behind_changes(plan, min(old_number, new_number), max(old_number, new_number))
    for chapter_change in changes:
        page_id = chapter_change.chapter.chapter_page_id
        for block in chapter_change.blocks:
            keys = {b.key for b in (block.old, block.new) if b is not None}
            block.comments = [c for key in keys for c in behind.get((page_id, key), [])]
    context = {
        "page": plan, "self": plan, "plan": plan, "versions": versions,
        "old_version": old_version, "new_version": new_version, "changes": changes,
        "change_count": sum(c.change_count for c in changes) + sum(1 for c in changes if c.status in ("inserted", "deleted")),
    }
    return TemplateResponse(request, "consultation/compare.html", context)
