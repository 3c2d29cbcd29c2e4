"""Public views of a chapter: reading, commenting, replying, reporting. Thin: rules live elsewhere."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from consultation.core.conf import absolute_url
from consultation.core.refusals import Refused
from consultation.models import CommentScope, ParagraphComment, PlanPage
from consultation.moderation import paragraph_stats
from consultation.participation.abuse import client_ip, retry_after, too_many_requests
from consultation.participation.actions import (
    CORRECTABLE_FIELDS,
    CommentInput,
    confirm_comment,
    correct_comment,
    flag_comment,
    flagger_key,
    submit_comment,
    withdraw_comment,
)
from consultation.participation.confirmation import comment_subject, find_comment
from consultation.participation.forms import (
    NAMED_KINDS,
    CorrectionForm,
    ParagraphCommentForm,
    ReportForm,
)
from consultation.plans.rules import can_comment, closed_message
from consultation.public import page_cache, paragraph_fragments
from consultation.public.chapter_html import ParagraphWriter, ThreadWriter
from consultation.public.comment_tree import (
    annotate_history,
    attach_comments,
    build_threads,
    chapter_comments,
    count_nodes,
    first_threads,
    link_threads,
    paragraph_comments,
    subpage_url,
)
from consultation.public.version_views import compare_url, plan_versions


def chapter_context(request, chapter, plan):
    """A chapter's page. Paragraphs whose fragment is current come from the shared cache, and only the
    others' comments are read and rendered (paragraph_fragments)."""
    items = list(chapter.body_items())
    commenting_open = can_comment(plan)
    stats = paragraph_stats.for_chapter(chapter)
    fragments = paragraph_fragments.read(request, chapter, [item for item in items if hasattr(item, "key")], stats,
                                         language=get_language(), commenting_open=commenting_open)
    paragraphs = [item for item in items if hasattr(item, "key") and item.key not in fragments.found]
    # Comments on paragraphs no longer in the text (orphans) are always read: they are not fragments.
    wanted = {key: row for key, row in stats.items() if key not in fragments.found}
    comments, whole_chapter = first_threads(chapter, wanted, settings.DROGOWSKAZ_THREADS_PER_PARAGRAPH)
    orphans = attach_comments(paragraphs, comments,
                              counts={key: (row.published_count, row.thread_count) for key, row in stats.items()})
    comment_url, page_url = subpage_url(chapter, "comment"), subpage_url(chapter, "paragraph")
    for paragraph in paragraphs:
        paragraph.comment_url, paragraph.page_url = comment_url(paragraph.key), page_url(paragraph.key)
    shown = [p.comments for p in paragraphs if p.comments] + list(orphans.values())
    link_threads(shown, chapter)
    versions = plan_versions(plan) if shown else []
    annotate_history(
        # A paragraph's text is worked out only when it has comments to compare it with.
        [(p.comments, p.text) for p in paragraphs if p.comments] + [(threads, None) for threads in orphans.values()],
        versions,
        lambda old, new, anchor: compare_url(plan, old, new, anchor),
    )
    link_threads([whole_chapter], chapter)
    threads = ThreadWriter(commenting_open=commenting_open)
    writer = ParagraphWriter(threads)
    body_html = writer.body(items, fragments.found)
    fragments.store(writer.rendered)
    return {
        "page": chapter,
        "self": chapter,
        "plan": plan,
        "phase": plan.phase(),
        "commenting_open": commenting_open,
        "closed_message": closed_message(plan),
        "body_html": body_html,
        "orphans_html": threads.threads([n for ts in orphans.values() for n in ts], orphan=True) if orphans else "",
        "chapter_comments_html": threads.threads(whole_chapter, reply=False) if whole_chapter else "",
        "chapter_comment_count": count_nodes(whole_chapter),
        "chapter_comment_url": chapter.url + chapter.reverse_subpage("chapter_comment"),
        "versions": versions,
        "chapters": plan.chapter_links(),
    }


def paragraph_view(request, chapter, key):
    """One paragraph with all its comments, a page of threads at a time."""
    plan = chapter.get_plan(request)
    paragraph = chapter.get_paragraph(key)
    roots = chapter_comments(chapter).filter(paragraph_key=key, level=0).order_by("submit_date", "pk")
    if paragraph is None and not roots.exists():
        raise Http404(_("There is no such paragraph."))
    page = Paginator(roots.values_list("pk", flat=True), 50).get_page(request.GET.get("strona"))
    threads = build_threads(paragraph_comments(chapter, key, list(page.object_list))).get(key, [])
    link_threads([threads], chapter)
    versions = plan_versions(plan)
    annotate_history([(threads, paragraph.text if paragraph else None)], versions,
                     lambda old, new, anchor: compare_url(plan, old, new, anchor))
    context = {"page": chapter, "self": chapter, "plan": plan, "paragraph": paragraph, "threads": threads,
               "threads_page": page, "commenting_open": can_comment(plan), "orphan": paragraph is None,
               "snapshot": threads[0].comment.paragraph_text if threads and paragraph is None else ""}
    return TemplateResponse(request, "consultation/paragraph_page.html", context)


def chapter_view(request, chapter):
    """A chapter; anonymous readers' copies are kept in the page cache (see PageCacheMiddleware)."""
    plan = chapter.get_plan(request)
    response = TemplateResponse(request, chapter.get_template(request), chapter_context(request, chapter, plan))
    page_cache.mark_cacheable(request, response, page_cache.timeout_for(plan, timezone.now()))
    return response


def _comment_input(form, request):
    data = form.cleaned_data
    return CommentInput(
        title=data["title"],
        text=data["comment"],
        proposed_wording=data.get("proposed_wording", ""),
        justification=data.get("justification", ""),
        name=data["name"],
        organisation=data["organisation"] if data["commenter_kind"] in NAMED_KINDS else "",
        commenter_kind=data["commenter_kind"],
        publish_name=data["publish_name"],
        email=data["email"],
        idempotency_key=data["idempotency_key"],
        ip_address=client_ip(request),
    )


def _receipt(request, target, comment):
    if comment.level:
        # A reply is discussion: the experts check it keeps to the rules, but do not answer it.
        text = _("Thank you. We have received reply no. %(ref)s. We have sent you an email: open the link in it "
                 "to confirm the reply. It will be published once the expert team has checked that it keeps to "
                 "the rules; the team does not answer replies officially.")
    else:
        text = _("Thank you. We have received comment no. %(ref)s. We have sent you an email: open the link "
                 "in it to confirm the comment. It will be published once the expert team has checked it.")
    messages.success(request, text % {"ref": comment.reference}, extra_tags="receipt")
    # The fragment names the receipt (base.html gives it id="receipt" and tabindex="-1"): the browser
    # shows it, site.js moves focus to it, and a screen reader reads it with the reference number.
    return redirect(target.url + "#receipt")


def _confirmation_link():
    """The emailed link starts with DROGOWSKAZ_BASE_URL, never with the request's Host header."""
    return lambda token: absolute_url(reverse("comment-confirm", args=[token]))


@dataclass(frozen=True)
class CommentTarget:
    """What a comment form is about: a paragraph (chapter and paragraph), a chapter as a whole
    (chapter alone) or the whole document (neither), or a reply (parent). `page` is the page the
    comment hangs on, for which the form is signed: the chapter, or the plan for a general comment."""

    plan: object
    chapter: object = None
    paragraph: object = None
    parent: object = None

    @property
    def page(self):
        return self.chapter if self.chapter is not None else self.plan

    @property
    def scope(self):
        if self.chapter is None:
            return CommentScope.GENERAL
        return CommentScope.PARAGRAPH if self.paragraph is not None else CommentScope.CHAPTER

    @property
    def back_url(self):
        """Where "back to the text" leads: the paragraph, the chapter or the plan."""
        return self.page.url + (f"#p-{self.paragraph.key}" if self.paragraph is not None else "")


def _form_page(request, target, *, form, refusal=None, status=200):
    context = {
        "page": target.page,
        "self": target.page,
        "plan": target.plan,
        "chapter": target.chapter,
        "paragraph": target.paragraph,
        "parent": target.parent,
        "scope": target.scope,
        "back_url": target.back_url,
        "form": form,
        "refusal": refusal,
        "commenting_open": can_comment(target.plan),
        "closed_message": closed_message(target.plan),
    }
    return TemplateResponse(request, "consultation/comment_form_page.html", context, status=status)


def _handle_comment_form(request, target):
    """The one flow of every comment form: show it, check it, submit the comment, show the receipt."""
    if not can_comment(target.plan):
        status = 403 if request.method == "POST" else 200
        return _form_page(request, target, form=None, status=status)
    reply = target.parent is not None
    if request.method != "POST":
        return _form_page(request, target, form=ParagraphCommentForm(target.page, reply=reply))
    wait = retry_after(request)
    if wait:
        return too_many_requests(request, wait)
    form = ParagraphCommentForm(target.page, data=request.POST, reply=reply)
    if not form.is_valid():
        return _form_page(request, target, form=form, status=400)
    try:
        comment, _created = submit_comment(
            plan=target.plan, chapter=target.chapter,
            paragraph_key=target.paragraph.key if target.paragraph is not None else "",
            data=_comment_input(form, request), parent=target.parent, link_for_token=_confirmation_link(),
        )
    except Refused as refusal:
        return _form_page(request, target, form=form, refusal=refusal.message, status=400)
    return _receipt(request, target.page, comment)


def comment_view(request, chapter, key):
    """A comment on one paragraph."""
    paragraph = chapter.get_paragraph(key)
    if paragraph is None:
        raise Http404(_("There is no such paragraph."))
    return _handle_comment_form(request, CommentTarget(plan=chapter.get_plan(request), chapter=chapter,
                                                       paragraph=paragraph))


def chapter_comment_view(request, chapter):
    """A comment on a chapter as a whole."""
    return _handle_comment_form(request, CommentTarget(plan=chapter.get_plan(request), chapter=chapter))


def general_comment_view(request, plan):
    """A general comment on the whole document (uwagi ogólne); it hangs on the plan page."""
    return _handle_comment_form(request, CommentTarget(plan=plan))


def _published_comment_or_404(page, comment_id):
    """A published comment hanging on `page`: a chapter, or the plan for a general comment."""
    comment = (
        ParagraphComment.objects.published()
        .filter(pk=comment_id, content_type=ContentType.objects.get_for_model(type(page)), object_pk=str(page.pk))
        .first()
    )
    if comment is None:
        raise Http404(_("There is no such comment."))
    return comment


def reply_view(request, chapter, comment_id):
    parent = _published_comment_or_404(chapter, comment_id)
    paragraph = chapter.get_paragraph(parent.paragraph_key)
    if paragraph is None:
        raise Http404(_("The paragraph this comment is about is no longer in the text."))
    return _handle_comment_form(request, CommentTarget(plan=chapter.get_plan(request), chapter=chapter,
                                                       paragraph=paragraph, parent=parent))


def report_view(request, chapter, comment_id):
    """Flag a published comment of a chapter, or (`chapter` being the plan) a general comment."""
    comment = _published_comment_or_404(chapter, comment_id)
    plan = chapter if isinstance(chapter, PlanPage) else chapter.get_plan(request)
    context = {"page": chapter, "self": chapter, "plan": plan, "comment": comment,
               "commenting_open": can_comment(plan), "closed_message": closed_message(plan)}
    if not context["commenting_open"]:
        status = 403 if request.method == "POST" else 200
        return TemplateResponse(request, "consultation/report_page.html", context, status=status)
    if request.method == "POST" and (wait := retry_after(request)):
        return too_many_requests(request, wait)
    form = ReportForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if request.method != "POST" or not form.is_valid():
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(request, "consultation/report_page.html", context, status=status)
    if not request.session.session_key:
        request.session.save()
    try:
        recorded = flag_comment(comment, reporter=flagger_key(request.session.session_key),
                                reason=form.cleaned_data["reason"])
    except Refused as refusal:
        context["refusal"] = refusal.message
        return TemplateResponse(request, "consultation/report_page.html", context, status=400)
    if recorded:
        messages.success(request, _("Thank you for the report. The expert team will look into it."),
                         extra_tags="receipt")
    else:
        messages.info(request, _("You have already reported this comment."), extra_tags="receipt")
    return redirect(chapter.url + "#receipt")


def _redirect_to_commented_page(comment):
    """To the receipt on the page the comment hangs on: its chapter, or its plan for a general comment."""
    page = Page.objects.filter(pk=comment.object_pk).first() if str(comment.object_pk).isdigit() else None
    url = page.url if page is not None else None
    return redirect((url or "/") + "#receipt")


def _emailed_link_view(request, token, *, template, invalid, action, done):
    """A link from the confirmation email: GET shows the comment and a button, POST does `action`,
    so mail scanners that open links change nothing. `done` is the receipt, with the reference."""
    comment = find_comment(token)
    context = {"comment": comment, "token": token}
    if comment is not None:
        context.update(comment_subject(comment))
    if request.method != "POST":
        if comment is None:
            context["refusal"] = invalid
        return TemplateResponse(request, template, context, status=200 if comment else 404)
    try:
        comment = action(token)
    except Refused as refusal:
        context["refusal"] = refusal.message
        return TemplateResponse(request, template, context, status=400)
    messages.success(request, done % {"ref": comment.reference}, extra_tags="receipt")
    return _redirect_to_commented_page(comment)


def confirm_view(request, token):
    return _emailed_link_view(
        request, token, template="consultation/confirm_comment.html", action=confirm_comment,
        invalid=_("This confirmation link is not valid. It may have been used already."),
        done=_("Comment %(ref)s is confirmed. The expert team will check it before it is published."),
    )


def withdraw_view(request, token):
    return _emailed_link_view(
        request, token, template="consultation/withdraw_comment.html", action=withdraw_comment,
        invalid=_("This link is not valid."), done=_("Comment %(ref)s is withdrawn. It will not be published."),
    )


def _may_still_change(comment):
    """As the action decides (participation.actions): no moderator has acted, not withdrawn."""
    return (comment.withdrawn_at is None and comment.moderated_at is None and not comment.is_public
            and not comment.is_removed)


def correct_view(request, token):
    """The correction link of the confirmation email: the comment's wording in the fields of the
    comment form; POST stores the correction (the previous wording is kept) while no moderator has
    acted. GET changes nothing."""
    comment = find_comment(token)
    context = {"comment": comment, "token": token}
    if comment is None:
        context["refusal"] = _("This link is not valid.")
        return TemplateResponse(request, "consultation/correct_comment.html", context, status=404)
    context.update(comment_subject(comment))
    context["corrections"] = list(comment.corrections.all())
    context["last_corrected_at"] = context["corrections"][-1].corrected_at if context["corrections"] else None
    context["may_correct"] = _may_still_change(comment)
    if not context["may_correct"] and request.method != "POST":
        # Said at once; a POST goes to the action, which refuses it with its own message.
        if comment.withdrawn_at is None:
            context["refusal"] = _("The expert team has already dealt with this comment; it can no longer be "
                                   "corrected.")
        return TemplateResponse(request, "consultation/correct_comment.html", context)
    initial = {name: getattr(comment, name) for name in CORRECTABLE_FIELDS}
    form = CorrectionForm(request.POST if request.method == "POST" else None, initial=initial)
    context["form"] = form
    if request.method != "POST":
        return TemplateResponse(request, "consultation/correct_comment.html", context)
    if not form.is_valid():
        return TemplateResponse(request, "consultation/correct_comment.html", context, status=400)
    try:
        comment = correct_comment(token, **{("text" if k == "comment" else k): v for k, v in form.cleaned_data.items()})
    except Refused as refusal:
        context["refusal"] = refusal.message
        return TemplateResponse(request, "consultation/correct_comment.html", context, status=400)
    messages.success(request, _("Comment %(ref)s is corrected. The expert team will see the corrected text.")
                     % {"ref": comment.reference}, extra_tags="receipt")
    return _redirect_to_commented_page(comment)
