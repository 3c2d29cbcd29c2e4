"""Public pages of mail: asking for news of a plan, confirming it, and unsubscribing.

Emailed links open a page with a button; only the POST acts, so mail scanners that open links
change nothing. The unsubscribe POST takes no CSRF token: mail programs send it by themselves
(one-click unsubscribe, RFC 8058), and it can only stop mail to the address the link names.
"""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from consultation.core.refusals import Refused
from consultation.models import MailOptOut, PlanFollower, PlanPage
from consultation.notifications.addresses import read_unsubscribe_token
from consultation.participation.abuse import retry_after, too_many_requests
from consultation.participation.confirmation import find_by_token
from consultation.participation.following import (
    confirm_follow,
    follow_plan,
    unsubscribe,
)


class FollowForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email address"), max_length=254)


def follow_view(request, plan):
    """The form "send me news of this plan"; the answer never says whether the address followed already."""
    context = {"page": plan, "self": plan, "plan": plan}
    form = FollowForm(request.POST if request.method == "POST" else None)
    context["form"] = form
    if plan.adoption_or_none is not None:  # said at once; the action refuses it too
        context["refusal"], context["closed"] = _(
            "This plan has been adopted; there will be no more news of its consultation."), True
        return TemplateResponse(request, "consultation/follow.html", context,
                                status=400 if request.method == "POST" else 200)
    if request.method != "POST":
        return TemplateResponse(request, "consultation/follow.html", context)
    if wait := retry_after(request):
        return too_many_requests(request, wait)
    if not form.is_valid():
        return TemplateResponse(request, "consultation/follow.html", context, status=400)
    try:
        follow_plan(plan, form.cleaned_data["email"])
    except Refused as refusal:
        context["refusal"] = refusal.message
        return TemplateResponse(request, "consultation/follow.html", context, status=400)
    context["sent_to"] = form.cleaned_data["email"]
    return TemplateResponse(request, "consultation/follow.html", context)


def follow_confirm_view(request, token):
    follower = find_by_token(PlanFollower.objects.select_related("plan"), token)
    context = {"follower": follower, "plan": follower.plan if follower else None}
    if follower is None:
        context["refusal"] = _("This link is not valid. It may have been used already.")
        return TemplateResponse(request, "consultation/follow_confirm.html", context, status=404)
    if request.method == "POST":
        try:
            confirm_follow(token)
        except Refused as refusal:
            context["refusal"] = refusal.message
            return TemplateResponse(request, "consultation/follow_confirm.html", context, status=400)
        context["done"] = True
    return TemplateResponse(request, "consultation/follow_confirm.html", context)


@csrf_exempt
def unsubscribe_view(request, token):
    found = read_unsubscribe_token(token)
    plan = PlanPage.objects.filter(pk=found[1]).first() if found else None
    context = {"plan": plan, "email": found[0] if found else ""}
    if plan is None:
        context["refusal"] = _("This link is not valid.")
        return TemplateResponse(request, "consultation/unsubscribe.html", context, status=404)
    if request.method == "POST":
        unsubscribe(token)
        context["done"] = True
    else:
        context["already"] = MailOptOut.objects.filter(plan=plan, email=context["email"]).exists()
    return TemplateResponse(request, "consultation/unsubscribe.html", context)
