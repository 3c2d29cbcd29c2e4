"""What changes a plan's public text: numbered versions, adoption by resolution, its corrections
and errata.

Each action checks who may do it, the plan's phase and freeze, runs in one transaction and writes
Wagtail's log; the admin screens, the commands, the demo loader and the tests call these.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from consultation.core.documents import (
    RESOLUTIONS_COLLECTION,
    collection,
    store_private_document,
)
from consultation.core.refusals import Refused
from consultation.models import (
    AdoptingBody,
    Adoption,
    ChapterPage,
    Erratum,
    ParagraphComment,
    Phase,
    PlanPage,
    PlanVersion,
    PlanVersionChapter,
)
from consultation.models.pages import reading_order
from consultation.models.regions import documents_collection_of
from consultation.notifications import events
from consultation.plans.rules import (
    can_adopt,
    can_publish_version,
    can_record_erratum,
    require,
    require_not_frozen,
    require_region,
)
from consultation.versions.reading import fingerprint, version_text


def _lock_plan(plan):
    """One change of a plan at a time (version numbers, adoption)."""
    return PlanPage.objects.select_for_update().filter(pk=plan.pk).first()


def _copy_version(plan, *, label, user, now):
    _lock_plan(plan)
    last = PlanVersion.objects.filter(plan=plan).aggregate(last=Max("number"))["last"] or 0
    version = PlanVersion.objects.create(
        plan=plan, number=last + 1, label=label, plan_revision_id=plan.live_revision_id,
        published_at=now, published_by=user,
    )
    chapters = reading_order(ChapterPage.objects.child_of(plan).live().public())
    PlanVersionChapter.objects.bulk_create([
        PlanVersionChapter(
            version=version, chapter_page_id=chapter.pk, revision_id=chapter.live_revision_id,
            position=position, number=chapter.number, title=chapter.title, slug=chapter.slug,
            body=list(chapter.body.raw_data),
        )
        for position, chapter in enumerate(chapters)
    ])
    log(instance=plan, action="drogowskaz.plan.version", user=user, data={"number": version.number, "label": label})
    return version


def publish_version(plan, *, label, user, now=None):
    """Record the plan's published text as its next numbered version."""
    require(can_publish_version(user), _("Only the communications team can publish a version."))
    require_region(user, [plan])
    label = (label or "").strip()
    require(label, _("Give the version a label."))
    require(plan.live, _("Publish the plan before publishing a version of it."))
    now = now or timezone.now()
    with transaction.atomic():
        require_not_frozen(plan)
        version = _copy_version(plan, label=label, user=user, now=now)
        events.version_published(version)
        return version


@dataclass(frozen=True)
class Condition:
    """One line of the checklist the board sees before it confirms an adoption."""

    label: str
    met: bool
    detail: str = ""


def adoption_checklist(plan, *, resolution_date=None, now=None):
    """What must hold before a plan can be adopted, each with whether it holds now."""
    now = now or timezone.now()
    phase = plan.phase(now)
    closes = plan.consultation_closes
    comments = ParagraphComment.objects.filter(plan=plan)  # every channel and part: paragraph, chapter, general
    pending = comments.pending().count()
    unanswered = comments.unanswered().count()
    conditions = [
        Condition(_("The plan has not been adopted yet."), phase != Phase.ADOPTED),
        Condition(_("The consultation has closed."), phase == Phase.CLOSED),
        Condition(_("No comment is waiting for moderation."), pending == 0,
                  _("waiting: %(n)d") % {"n": pending} if pending else ""),
        Condition(_("Every published comment has a published official response."), unanswered == 0,
                  _("without a response: %(n)d") % {"n": unanswered} if unanswered else ""),
        Condition(_("The consultation report is published."), plan.report_publication_or_none is not None),
    ]
    if resolution_date is not None:
        today = timezone.localdate(now)
        conditions.append(Condition(_("The resolution date is not in the future."), resolution_date <= today))
        conditions.append(Condition(
            _("The resolution date is not before the consultation closed."),
            bool(closes) and resolution_date >= timezone.localdate(closes),
        ))
    return conditions


def _require_checklist(plan, resolution_date, now):
    phase = plan.phase(now)
    if phase == Phase.ADOPTED:
        raise Refused(_("This plan has already been adopted."))
    if phase != Phase.CLOSED:
        raise Refused(_("A plan can be adopted only after its consultation has closed."))
    unmet = [c for c in adoption_checklist(plan, resolution_date=resolution_date, now=now) if not c.met]
    if unmet:
        raise Refused(" ".join(
            _("Not met: %(condition)s") % {"condition": c.label} + (f" ({c.detail})" if c.detail else "")
            for c in unmet
        ))



def _require_resolution(resolution_number, adopting_body):
    require((resolution_number or "").strip(), _("Give the resolution number."))
    require(adopting_body in AdoptingBody.values, _("Choose the adopting body."))


def adopt_plan(*, plan, user, resolution_number, resolution_date, adopting_body, document=None,
               document_file=None, now=None):
    """Record the resolution, publish the adopted text as the final version and freeze the plan.

    Refused unless the consultation has closed, nothing waits for moderation, every published
    comment has a published response, the report is public and the resolution date lies between
    the close and today. The resolution is `document` (a Wagtail document) or `document_file` (an
    upload, stored only once every rule holds; its file is removed again if anything fails). The
    document moves to the public collection of resolutions only when the adoption is recorded.
    The fingerprint is the SHA-256 of the version's plain text (`versions.reading.plain_text`).
    """
    now = now or timezone.now()
    require(can_adopt(user), _("Only the board secretariat can record an adoption."))
    require_region(user, [plan])
    _require_resolution(resolution_number, adopting_body)
    require((document is None) != (document_file is None), _("Attach the resolution document."))
    _require_checklist(plan, resolution_date, now)
    stored = None
    try:
        with transaction.atomic():
            _lock_plan(plan)
            require_not_frozen(plan)
            if document_file is not None:
                document = stored = store_private_document(
                    document_file, user=user, title=_("Resolution no. %(number)s") % {"number": resolution_number},
                    within=documents_collection_of(plan))
            document.collection = collection(RESOLUTIONS_COLLECTION, documents_collection_of(plan))
            document.save(update_fields=["collection"])
            with translation.override(settings.LANGUAGE_CODE):
                label = _("adopted version")
            version = _copy_version(plan, label=label, user=user, now=now)
            adoption = Adoption.objects.create(
                plan=plan, version=version, resolution_number=resolution_number.strip(),
                resolution_date=resolution_date, adopting_body=adopting_body, document=document,
                fingerprint=fingerprint(version_text(version)), recorded_at=now, recorded_by=user,
            )
            Page.objects.filter(path__startswith=plan.path).update(locked=True, locked_by=user, locked_at=now)
            log(instance=plan, action="drogowskaz.plan.adopt", user=user,
                data={"resolution": adoption.resolution_number, "version": version.number,
                      "fingerprint": adoption.fingerprint})
            events.plan_adopted(adoption)
    except BaseException:
        if stored is not None:
            stored.file.delete(save=False)  # nothing of a refused or failed adoption stays on disk
        raise
    plan.adoption = adoption
    return adoption


def correct_adoption(adoption, *, user, reason, resolution_number=None, resolution_date=None,
                     adopting_body=None, document_file=None, now=None):
    """Correct a mistyped resolution number, date or body, or replace the document.

    The adopted version and its fingerprint stay as they are; the old and new values and the
    reason are written to the log, which the plan's history shows.
    """
    now = now or timezone.now()
    require(can_adopt(user), _("Only the board secretariat can correct an adoption."))
    require_region(user, [adoption.plan])
    reason = (reason or "").strip()
    require(reason, _("Give the reason for the correction."))
    number = (resolution_number or adoption.resolution_number).strip()
    body = adopting_body or adoption.adopting_body
    _require_resolution(number, body)
    date = resolution_date or adoption.resolution_date
    closes = adoption.plan.consultation_closes
    require(date <= timezone.localdate(now), _("The resolution date cannot be in the future."))
    require(not closes or date >= timezone.localdate(closes),
            _("The resolution date cannot be before the consultation closed."))
    changes = {}
    for field, value in (("resolution_number", number), ("resolution_date", date), ("adopting_body", body)):
        old = getattr(adoption, field)
        if old != value:
            changes[field] = [str(old), str(value)]
    require(changes or document_file is not None, _("Nothing to correct."))
    stored = None
    try:
        with transaction.atomic():
            if document_file is not None:
                stored = store_private_document(document_file, user=user,
                                                title=_("Resolution no. %(number)s") % {"number": number},
                                                within=documents_collection_of(adoption.plan))
                stored.collection = collection(RESOLUTIONS_COLLECTION, documents_collection_of(adoption.plan))
                stored.save(update_fields=["collection"])
                changes["document"] = [adoption.document_id, stored.pk]
                adoption.document = stored
            adoption.resolution_number, adoption.resolution_date, adoption.adopting_body = number, date, body
            adoption.save()
            log(instance=adoption.plan, action="drogowskaz.plan.adoption_corrected", user=user,
                data={"reason": reason, "changes": changes, "fingerprint": adoption.fingerprint})
    except BaseException:
        if stored is not None:
            stored.file.delete(save=False)
        raise
    return adoption


def record_erratum(plan, *, user, correction, reason, now=None):
    """Publish a correction notice beside an adopted plan; the adopted text stays as adopted."""
    require(can_record_erratum(user), _("Only an administrator can record an erratum."))
    correction, reason = (correction or "").strip(), (reason or "").strip()
    require(correction, _("Say what is corrected."))
    require(reason, _("Give the reason for the erratum."))
    require(plan.adoption_or_none is not None, _("An erratum is recorded only for an adopted plan."))
    now = now or timezone.now()
    with transaction.atomic():
        erratum = Erratum.objects.create(plan=plan, correction=correction, reason=reason, recorded_at=now,
                                         recorded_by=user)
        log(instance=plan, action="drogowskaz.plan.erratum", user=user, data={"reason": reason, "erratum": erratum.pk})
    return erratum
