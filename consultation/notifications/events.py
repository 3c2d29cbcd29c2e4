"""What happened to the record, turned into mail in the outbox.

Each function is called by the action that made the change, inside its transaction, so the mail
is queued if and only if the change is stored; the worker sends it after the commit. Every mail is
in Polish and carries only what is already public (or, to a commenter, their own words); news that
a person may decline carries a one-click unsubscribe link (List-Unsubscribe).
"""

import hashlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from wagtail.models import Page

from consultation.core.conf import absolute_url
from consultation.models import CommentScope, PlanPage, RejectionCategory
from consultation.notifications import addresses
from consultation.notifications.outbox import queue_mail


def _render(template, context):
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(f"consultation/email/{template}.txt", context)


def _subject(text, **values):
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % values


def page_link(page, subpage=None, *args):
    """The absolute address of `page` (or of one of its routes) on the configured public site."""
    path = urlsplit(page.get_url() or "/").path  # a page of a site of its own: keep the path only
    if subpage:
        path += page.reverse_subpage(subpage, args=args)
    return absolute_url(path)


def _links_to(comments):
    """{comment pk: absolute link to the comment on its page}, with one query for the pages."""
    ids = {int(c.object_pk) for c in comments if str(c.object_pk).isdigit()}
    pages = {page.pk: page for page in Page.objects.filter(pk__in=ids).specific(defer=True)}
    links = {}
    for comment in comments:
        page = pages.get(int(comment.object_pk)) if str(comment.object_pk).isdigit() else None
        links[comment.pk] = f"{page_link(page)}#c-{comment.pk}" if page is not None else settings.DROGOWSKAZ_BASE_URL
    return links


def _news_to_commenter(comment, *, key, kind, subject, template, context, opted_out=None):
    """A mail about `comment` to its author, unless they unsubscribed from news of its plan
    (`opted_out`: the plan's unsubscribed addresses when the caller has read them already)."""
    plan = comment.plan
    if plan is None or not comment.user_email:
        return None
    blocked = addresses.opted_out(plan) if opted_out is None else opted_out
    if addresses.normalised(comment.user_email) in blocked:
        return None
    link = addresses.unsubscribe_url(comment.user_email, plan)
    body = _render(template, {**context, "comment": comment, "plan": plan, "unsubscribe_url": link})
    return queue_mail(key=key, kind=kind, to=comment.user_email, subject=subject, body=body, plan=plan,
                      comment=comment, unsubscribe_url=link)


def comments_moderated(comments, *, published):
    """Tell each commenter that their comment was published (with its link), or rejected with the
    reason. A comment registered from another channel is told too when an address was given."""
    links = _links_to(comments)
    plans = {plan.pk: plan for plan in PlanPage.objects.filter(pk__in={c.plan_id for c in comments})}
    blocked = {pk: addresses.opted_out(plan) for pk, plan in plans.items()}  # once per plan, not per comment
    for comment in comments:
        if comment.plan_id in plans:
            comment.plan = plans[comment.plan_id]
        if published:
            _news_to_commenter(
                comment, key=f"comment-published:{comment.pk}", kind="comment_published",
                subject=_subject(gettext_noop("Your comment %(ref)s is published"), ref=comment.reference),
                template="comment_published", context={"link": links[comment.pk]},
                opted_out=blocked.get(comment.plan_id))
        else:
            _news_to_commenter(
                comment, key=f"comment-rejected:{comment.pk}", kind="comment_rejected",
                subject=_subject(gettext_noop("Your comment %(ref)s was not published"), ref=comment.reference),
                template="comment_rejected",
                context={"duplicate": comment.rejection_category == RejectionCategory.DUPLICATE,
                         "general": comment.scope == CommentScope.GENERAL},
                opted_out=blocked.get(comment.plan_id))


def response_published(response):
    """Tell the commenter, and the authors of the comments grouped with it, the official response and,
    when it names one, the version that made the change ("you said, we did")."""
    comment = response.comment
    members = list(comment.group_members.filter(is_public=True, is_removed=False, withdrawn_at__isnull=True))
    links = _links_to([comment, *members])
    version_link = ""
    if response.version_id:
        version = response.version
        version_link = page_link(comment.plan, "version", version.number)
    for answered in [comment, *members]:
        _news_to_commenter(
            answered, key=f"response:{answered.pk}:{response.pk}:{response.version_id or 0}", kind="response_published",
            subject=_subject(gettext_noop("The expert team answered your comment %(ref)s"), ref=answered.reference),
            template="response_published",
            context={"response": response, "link": links[answered.pk], "lead": comment if answered != comment else None,
                     "version": response.version if response.version_id else None, "version_link": version_link})


def _to_everyone(plan, *, event, kind, subject, template, context, audience):
    """One mail per address of `audience` (commenters, followers or both), each with its own
    unsubscribe link, once per event and address."""
    recipients = {}
    if "commenters" in audience:
        recipients.update(addresses.commenters(plan))
    if "followers" in audience:
        recipients.update(addresses.followers(plan))
    for address, email in sorted(recipients.items()):
        link = addresses.unsubscribe_url(email, plan)
        body = _render(template, {**context, "plan": plan, "unsubscribe_url": link,
                                  "plan_link": page_link(plan)})
        queue_mail(key=f"{event}:{address}", kind=kind, to=email, subject=subject, body=body, plan=plan,
                   unsubscribe_url=link)
    return len(recipients)


def version_published(version):
    plan = version.plan
    return _to_everyone(
        plan, event=f"version:{version.pk}", kind="version_published",
        subject=_subject(gettext_noop("New version of %(plan)s: %(label)s"), plan=plan.title, label=version.label),
        template="version_published", audience={"followers"},
        context={"version": version, "version_link": page_link(plan, "version", version.number),
                 "compare_link": page_link(plan, "compare")})


def meeting_announced(meeting):
    """Tell the followers of a meeting, once per time and place: a page revision may recreate the
    meeting's row (a new id), and a meeting moved to another time or place is announced again."""
    plan = meeting.plan
    what = f"{meeting.starts_at.isoformat()}|{meeting.place}|{meeting.online_url}"
    return _to_everyone(
        plan, event=f"meeting:{plan.pk}:{hashlib.sha256(what.encode()).hexdigest()[:20]}", kind="meeting_announced",
        subject=_subject(gettext_noop("Consultation meeting on %(plan)s"), plan=plan.title),
        template="meeting_announced", audience={"followers"}, context={"meeting": meeting})


def announce_meetings(plan, now=None):
    """Announce to the followers the meetings of a published plan not announced yet (called when the
    plan page is published, in its transaction); a meeting already past is marked, not announced."""
    now = now or timezone.now()
    with transaction.atomic():  # Wagtail publishes some pages outside a transaction of its own
        for meeting in plan.meetings.filter(announced_at__isnull=True).select_for_update():
            if meeting.starts_at > now:
                meeting_announced(meeting)
            meeting.announced_at = now
            meeting.save(update_fields=["announced_at"])


def report_published(plan):
    return _to_everyone(
        plan, event=f"report:{plan.pk}", kind="report_published",
        subject=_subject(gettext_noop("The consultation report on %(plan)s is published"), plan=plan.title),
        template="report_published", audience={"commenters", "followers"},
        context={"report_link": page_link(plan, "report")})


def plan_adopted(adoption):
    plan = adoption.plan
    return _to_everyone(
        plan, event=f"adopted:{plan.pk}", kind="plan_adopted",
        subject=_subject(gettext_noop("%(plan)s has been adopted"), plan=plan.title),
        template="plan_adopted", audience={"commenters", "followers"}, context={"adoption": adoption})


def follow_requested(follower, token):
    """The double opt-in: a link that confirms the follow (transactional: no unsubscribe link)."""
    plan = follower.plan
    link = absolute_url(reverse("follow-confirm", args=[token]))
    body = _render("follow_confirm", {"plan": plan, "link": link, "hours": settings.DROGOWSKAZ_CONFIRMATION_HOURS})
    return queue_mail(key=f"follow:{follower.pk}:{follower.token_hash[:16]}", kind="follow_confirm",
                      to=follower.email, plan=plan, body=body,
                      subject=_subject(gettext_noop("Confirm that you want news of %(plan)s"), plan=plan.title))


def comment_copy(comment, *, subject, body, sequence):
    """The copy of a comment with its confirmation link (transactional: the person asked for it)."""
    return queue_mail(key=f"comment-copy:{comment.pk}:{sequence}", kind="comment_copy", to=comment.user_email,
                      subject=subject, body=body, plan=comment.plan, comment=comment)


def to_staff(recipients, *, key, kind, subject, body, plan=None, comment=None):
    """Workflow mail to members of the staff (their role's duty: no unsubscribe link); returns how
    many were queued (none for an event already mailed)."""
    return sum(queue_mail(key=f"{key}:{addresses.normalised(email)}", kind=kind, to=email, subject=subject,
                          body=body, plan=plan, comment=comment) is not None for email in sorted(set(recipients)))
