"""Recording the board's resolution that adopts a plan, which freezes it."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page

from consultation.models import Adoption, Phase
from consultation.plans.rules import can_adopt
from consultation.versions.reading import fingerprint, publish_version, version_text


class AdoptionRefused(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def check_can_adopt(plan, user, now=None):
    if not can_adopt(user):
        raise AdoptionRefused(_("Only the board secretariat can record an adoption."))
    phase = plan.phase(now)
    if phase == Phase.ADOPTED:
        raise AdoptionRefused(_("This plan has already been adopted."))
    if phase != Phase.CLOSED:
        raise AdoptionRefused(_("A plan can be adopted only after its consultation has closed."))


def adopt_plan(*, plan, user, resolution_number, resolution_date, adopting_body, document, now=None):
    """Record the resolution, publish the adopted text as the final version and freeze the plan.

    The fingerprint is the SHA-256 of the version's plain text (consultation.versions.reading.plain_text),
    which anyone can download from the version page and hash again.
    """
    now = now or timezone.now()
    check_can_adopt(plan, user, now)
    with transaction.atomic():
        with translation.override(settings.LANGUAGE_CODE):
            label = _("adopted version")
        version = publish_version(plan, label=label, user=user, now=now)
        adoption = Adoption.objects.create(
            plan=plan, version=version, resolution_number=resolution_number, resolution_date=resolution_date,
            adopting_body=adopting_body, document=document, fingerprint=fingerprint(version_text(version)),
            recorded_at=now, recorded_by=user,
        )
        Page.objects.filter(path__startswith=plan.path).update(locked=True, locked_by=user, locked_at=now)
        log(instance=plan, action="drogowskaz.plan.adopt", user=user,
            data={"resolution": resolution_number, "version": version.number, "fingerprint": adoption.fingerprint})
    plan.adoption = adoption
    return adoption
