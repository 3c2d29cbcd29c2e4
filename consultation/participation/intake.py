"""Comments that reached the office by another channel than the web form: email, post, ePUAP, or
orally at a consultation meeting ("do protokołu").

Komunikacja and Eksperci register them on the submitter's behalf. They skip the email confirmation
(the office holds the original) and go through the same moderation, response and report as web
comments. The deadline is judged by the date of receipt; a late comment is handled by the plan's
rule: considered with a note, or recorded as late (rejected with the kind "late", so it stays in the
report's table with that reason).
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from consultation.core.documents import store_private_document
from consultation.models.regions import documents_collection_of
from consultation.core.refusals import Refused
from consultation.models import Channel, LateCommentRule, ParagraphComment, Phase, RejectionCategory
from consultation.participation.actions import new_comment
from consultation.plans.rules import can_register_comments, require, require_not_frozen, require_region

# Largest scan of an original comment accepted (a multi-page PDF scan at 300 dpi fits).
MAX_ORIGINAL_BYTES = 20 * 1024 * 1024
ORIGINAL_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".docx", ".odt", ".doc", ".eml", ".msg")


@dataclass(frozen=True)
class Receipt:
    """How and when a comment reached the office."""

    channel: str
    received_on: object  # a date
    meeting: object = None
    original_file: object = None  # an uploaded file: the scan or the email, kept as a private document


def check_receipt(plan, receipt, today):
    """Refuse a receipt that cannot be true or belongs elsewhere; return whether it is late."""
    if receipt.channel not in Channel.values or receipt.channel == Channel.WEB:
        raise Refused(_("Choose how the comment was received (web comments are sent through the form)."))
    if receipt.received_on is None:
        raise Refused(_("Give the date of receipt."))
    if receipt.received_on > today:
        raise Refused(_("The date of receipt cannot be in the future."))
    if not plan.consultation_opens:
        raise Refused(_("This plan has no consultation dates; comments cannot be registered."))
    if receipt.received_on < timezone.localtime(plan.consultation_opens).date():
        raise Refused(_("The date of receipt is before the consultation opened."))
    if receipt.meeting is not None and receipt.meeting.plan_id != plan.pk:
        raise Refused(_("The meeting belongs to another plan."))
    if receipt.meeting is not None and receipt.channel in (Channel.EMAIL, Channel.EPUAP):
        raise Refused(_("A comment received by email or ePUAP was not made at a meeting: leave the meeting empty."))
    if receipt.channel == Channel.MEETING and receipt.meeting is None:
        raise Refused(_("Choose the meeting at which the comment was made."))
    if receipt.channel == Channel.MEETING and receipt.received_on != timezone.localtime(receipt.meeting.starts_at).date():
        raise Refused(_("A comment made at a meeting is received on the day of the meeting."))
    upload = receipt.original_file
    if upload is not None:
        if upload.size > MAX_ORIGINAL_BYTES:
            raise Refused(_("The original is larger than %(mb)d MB.") % {"mb": MAX_ORIGINAL_BYTES // 2**20})
        if not upload.name.lower().endswith(ORIGINAL_EXTENSIONS):
            raise Refused(_("The original must be a PDF, an image, a Word or ODT document or a saved email."))
    return plan.is_received_late(receipt.received_on)


def register_comment(*, plan, data, receipt, user, chapter=None, paragraph_key="", now=None):
    """Register a comment received by `receipt.channel` on the submitter's behalf; return it.

    It waits for a moderator like a confirmed web comment, unless it is late and the plan records late
    comments without considering them: then it is stored rejected with the kind "late". The original,
    if given, is stored as a document in the private collection; nothing of a refused registration
    stays on disk. A second registration with the same `data.idempotency_key` (a form sent twice)
    returns the first comment and stores nothing.
    """
    now = now or timezone.now()
    require(can_register_comments(user), _("Only the communications and expert teams can register comments."))
    require_region(user, [plan])
    if data.idempotency_key is not None:
        existing = ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
        if existing is not None:
            return existing
    require((data.text or "").strip(), _("The comment text cannot be empty."))
    if plan.phase(now) in (Phase.DRAFT, Phase.ANNOUNCED):
        raise Refused(_("Comments can be registered only once the consultation has opened."))
    late = check_receipt(plan, receipt, timezone.localtime(now).date())
    comment = new_comment(plan=plan, chapter=chapter, paragraph_key=paragraph_key, data=data, now=now)
    comment.channel, comment.received_on, comment.meeting = receipt.channel, receipt.received_on, receipt.meeting
    comment.is_late, comment.registered_by, comment.confirmed_at = late, user, now
    comment.idempotency_key = data.idempotency_key
    if late and plan.late_comment_rule == LateCommentRule.RECORD:
        comment.is_removed, comment.moderated_at, comment.moderated_by = True, now, user
        comment.rejection_category = RejectionCategory.LATE
        comment.rejection_reason = _("Received after the consultation closed; recorded without being considered.")
    stored = None
    try:
        with transaction.atomic():
            require_not_frozen(plan)
            if receipt.original_file is not None:
                stored = store_private_document(
                    receipt.original_file, user=user, within=documents_collection_of(plan),
                    title=_("Original of a comment received on %(date)s") % {"date": receipt.received_on.isoformat()},
                )
                comment.original_document = stored
            comment.save()
            log(instance=comment, action="drogowskaz.comment.register", user=user,
                data={"reference": comment.reference, "channel": comment.channel,
                      "received_on": comment.received_on.isoformat(), "late": late, "scope": comment.scope})
            if comment.is_removed:
                log(instance=comment, action="drogowskaz.comment.reject", user=user,
                    data={"reason": comment.rejection_reason, "category": comment.rejection_category,
                          "duplicate_of": None})
    except BaseException as error:
        if stored is not None:
            stored.file.delete(save=False)
        existing = data.idempotency_key and ParagraphComment.objects.filter(idempotency_key=data.idempotency_key).first()
        if isinstance(error, IntegrityError) and existing:
            return existing  # the same form sent twice at once: the unique key decided
        raise
    return comment


def register_comments(rows, *, plan, user, now=None):
    """Register many comments at once (bulk registration from a table), all or none.

    `rows` are (data, receipt, chapter, paragraph_key, row number) tuples already checked by the
    caller's preview; the row number is the one the table shows (a spreadsheet's row). A refusal of
    any row rolls back every row and names that row.
    """
    registered = []
    with transaction.atomic():
        for data, receipt, chapter, paragraph_key, number in rows:
            try:
                registered.append(register_comment(plan=plan, data=data, receipt=receipt, user=user,
                                                   chapter=chapter, paragraph_key=paragraph_key, now=now))
            except Refused as refusal:
                raise Refused(_("Row %(row)d: %(message)s") % {"row": number, "message": refusal.message}) from None
    return registered
