"""Who hears about a plan, and the signed links by which they stop hearing about it."""

from django.core import signing
from django.urls import reverse

from consultation.core.conf import absolute_url
from consultation.models import MailOptOut, ParagraphComment, PlanFollower

UNSUBSCRIBE_SALT = "drogowskaz.mail.unsubscribe"


def normalised(email):
    return (email or "").strip().lower()


def unsubscribe_token(email, plan_id):
    """A signed token naming the address and the plan; it never expires (a link in old mail must work)."""
    return signing.dumps({"e": normalised(email), "p": plan_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """(email, plan id) of a valid token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or not isinstance(data.get("p"), int):
        return None
    return data["e"], data["p"]


def unsubscribe_url(email, plan):
    return absolute_url(reverse("mail-unsubscribe", args=[unsubscribe_token(email, plan.pk)]))


def opted_out(plan):
    """The addresses that asked for no more news of `plan` (one query)."""
    return set(MailOptOut.objects.filter(plan=plan).values_list("email", flat=True))


def commenters(plan):
    """Addresses of the people whose comments on `plan` were received (confirmed or registered, not
    withdrawn), minus those who unsubscribed: {address: first name on record}."""
    blocked = opted_out(plan)
    found = {}
    rows = (ParagraphComment.objects.filter(plan=plan, confirmed_at__isnull=False, withdrawn_at__isnull=True)
            .exclude(user_email="").order_by("pk").values_list("user_email", flat=True))
    for email in rows:
        address = normalised(email)
        if address not in blocked:
            found.setdefault(address, email)
    return found


def followers(plan):
    """Confirmed followers of `plan`, minus those who unsubscribed: {address: address as typed}."""
    blocked = opted_out(plan)
    rows = PlanFollower.objects.filter(plan=plan, confirmed_at__isnull=False).values_list("email", flat=True)
    return {normalised(email): email for email in rows if normalised(email) not in blocked}
