"""Groups of identical comments (uwagi tożsame): many people send the same text, one response answers them.

A group is its lead, a top-level comment, and the comments marked as the same as it
(`ParagraphComment.same_as`). The lead's published response answers every published member: on the
public pages, in the report (each member keeps its own row, with the lead's position and "tożsama z
K-…") and in what adoption counts as answered. Unlike a comment rejected as a duplicate, a member
stays published under its own paragraph.
"""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.refusals import Refused
from consultation.models import OfficialResponse, ParagraphComment
from consultation.moderation.actions import _locked, _plans_of
from consultation.notifications import events
from consultation.plans.rules import can_moderate, require, require_not_frozen, require_region

# Similar comments: how alike two comments' words must be (Jaccard index of their sets of words), how
# many of the plan's most recent comments are compared at most, and words shorter than this are ignored.
SIMILARITY_THRESHOLD = 0.5
SIMILAR_CANDIDATES = 2000
MIN_WORD_LENGTH = 3

_WORD = re.compile(r"\w+", re.UNICODE)


def _require_groupable(comment, plan_id):
    """A top-level comment of the plan `plan_id` that was received and is neither withdrawn nor rejected."""
    ref = comment.reference
    if comment.level != 0:
        raise Refused(_("%(ref)s is a reply; only comments can be grouped.") % {"ref": ref})
    if comment.plan_id is None or comment.plan_id != plan_id:
        raise Refused(_("%(ref)s is a comment on another plan; only comments on the same plan can be grouped.")
                      % {"ref": ref})
    if comment.withdrawn_at is not None:
        raise Refused(_("%(ref)s was withdrawn by its author; it cannot be grouped.") % {"ref": ref})
    if comment.is_removed:
        raise Refused(_("%(ref)s is rejected; it cannot be grouped.") % {"ref": ref})
    if comment.confirmed_at is None:
        raise Refused(_("%(ref)s has not been confirmed by its author; it cannot be grouped yet.") % {"ref": ref})


def group_comments(lead, members, *, by, now=None):
    """Mark `members` as the same as `lead` (uwagi tożsame): the lead's response answers them all.

    Refused for anyone who may not moderate, once the plan is adopted, unless every comment is a
    top-level comment of the lead's plan that was received and is neither withdrawn nor rejected; a
    lead that is not published (a rejected lead releases its members: `moderation.actions`), a lead that is itself a member of a group, a member that is already in a group or leads one, and a
    member with a published response of its own (each named). Members already in this group are left
    as they are. Returns how many comments joined the group.
    """
    require(can_moderate(by), _("Only the expert team can group comments."))
    member_ids = {m.pk for m in members}
    require(member_ids, _("Name the comments that are the same as %(ref)s.") % {"ref": lead.reference})
    require(lead.pk not in member_ids, _("A comment cannot be grouped with itself."))
    now = now or timezone.now()
    with transaction.atomic():
        locked = {c.pk: c for c in _locked(member_ids | {lead.pk})}
        lead = locked[lead.pk]
        for plan in _plans_of([lead]):
            require_region(by, [plan])
            require_not_frozen(plan)
        _require_groupable(lead, lead.plan_id)
        if not lead.is_public:  # the group is answered by its lead's response, given only to a published comment
            raise Refused(_("%(ref)s is not published; only a published comment can lead a group.")
                          % {"ref": lead.reference})
        if lead.same_as_id is not None:
            raise Refused(_("%(ref)s is itself in the group of %(lead)s; group the comments with %(lead)s instead.")
                          % {"ref": lead.reference, "lead": ParagraphComment(pk=lead.same_as_id).reference})
        joined = []
        leading = set(ParagraphComment.objects.filter(same_as_id__in=member_ids).values_list("same_as_id", flat=True))
        answered = set(ParagraphComment.objects.filter(pk__in=member_ids, official_response__published_at__isnull=False)
                       .values_list("pk", flat=True))
        for pk in sorted(member_ids):
            member = locked.get(pk)
            if member is None:
                raise Refused(_("One of the comments no longer exists."))
            _require_groupable(member, lead.plan_id)
            ref = member.reference
            if member.same_as_id == lead.pk:
                continue
            if member.same_as_id is not None:
                raise Refused(_("%(ref)s is already in the group of %(lead)s; take it out of that group first.")
                              % {"ref": ref, "lead": ParagraphComment(pk=member.same_as_id).reference})
            if pk in leading:
                raise Refused(_("%(ref)s leads a group of its own; take its comments out of that group first.")
                              % {"ref": ref})
            if pk in answered:
                raise Refused(_("%(ref)s has a published response of its own; it cannot be answered by the "
                                "response to %(lead)s.") % {"ref": ref, "lead": lead.reference})
            member.same_as = lead
            member.save(update_fields=["same_as"])
            log(instance=member, action="drogowskaz.comment.group", user=by,
                data={"same_as": lead.reference, "at": now.isoformat()})
            joined.append(member)
        lead_response = OfficialResponse.objects.filter(comment=lead, published_at__isnull=False).first()
        if lead_response is not None:  # the new members hear the shared response (the others not again)
            events.response_published(lead_response)
    return len(joined)


def ungroup_comment(comment, *, by, now=None):
    """Take `comment` out of its group: it needs a response of its own again.

    Refused for anyone who may not moderate, once the plan is adopted, and for a comment in no group.
    """
    require(can_moderate(by), _("Only the expert team can group comments."))
    now = now or timezone.now()
    with transaction.atomic():
        comment = _locked([comment.pk]).get()
        for plan in _plans_of([comment]):
            require_region(by, [plan])
            require_not_frozen(plan)
        if comment.same_as_id is None:
            raise Refused(_("%(ref)s is not in a group of identical comments.") % {"ref": comment.reference})
        lead = ParagraphComment(pk=comment.same_as_id).reference
        comment.same_as = None
        comment.save(update_fields=["same_as"])
        log(instance=comment, action="drogowskaz.comment.ungroup", user=by, data={"same_as": lead,
                                                                                 "at": now.isoformat()})
    return comment


def group_of(comment):
    """(lead, [members]) of the group `comment` is in or leads, oldest member first; (None, []) if none."""
    lead = comment if comment.same_as_id is None else comment.same_as
    members = list(ParagraphComment.objects.filter(same_as=lead).order_by("pk")) if lead is not None else []
    if lead is comment and not members:
        return None, []
    return lead, members


def _words(*texts):
    return {w for text in texts for w in _WORD.findall((text or "").lower()) if len(w) >= MIN_WORD_LENGTH}


def jaccard(first, second):
    """Likeness of two sets of words, 0 to 1."""
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def similar_comments(comment, limit=5):
    """Other top-level comments of the same plan, published or awaiting moderation, whose words are alike
    (Jaccard index of at least SIMILARITY_THRESHOLD), most alike first: [(comment, score)], at most
    `limit`. Comments already in a group are left out. Bounded: only the SIMILAR_CANDIDATES most recent
    comments of the plan are compared, with two queries."""
    if comment.plan_id is None:
        return []
    own = _words(comment.title, comment.comment, comment.proposed_wording)
    if not own:
        return []
    candidates = (ParagraphComment.objects.filter(plan_id=comment.plan_id, level=0, withdrawn_at__isnull=True,
                                                  is_removed=False, confirmed_at__isnull=False,
                                                  same_as__isnull=True)
                  .exclude(pk=comment.pk).exclude(pk=comment.same_as_id or 0)
                  .order_by("-submit_date", "-pk")
                  .values_list("pk", "title", "comment", "proposed_wording")[:SIMILAR_CANDIDATES])
    scored = []
    for pk, title, text, proposed in candidates:
        score = jaccard(own, _words(title, text, proposed))
        if score >= SIMILARITY_THRESHOLD:
            scored.append((score, pk))
    scored.sort(key=lambda item: (-item[0], item[1]))
    best = scored[:limit]
    found = ParagraphComment.objects.in_bulk([pk for _score, pk in best])
    return [(found[pk], score) for score, pk in best if pk in found]
