"""The law a plan is consulted under, and the numbers that follow from it.

The development-policy act fixes its own (art. 6: at least 35 days, the report within 30 days of the
close, meetings announced). Under the public-benefit act (art. 5) the sejmik's resolution sets the
procedure, so its minimum length and report deadline are entered per plan, as for any other basis.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalBasis(models.TextChoices):
    DEVELOPMENT_POLICY = "development_policy", _(
        "Art. 6 of the act on the principles of development policy (at least 35 days, report within 30 days)"
    )
    PUBLIC_BENEFIT = "public_benefit", _(
        "Art. 5 of the act on public benefit activity and volunteering (procedure set by the sejmik's resolution)"
    )
    OTHER = "other", _("Another legal basis")


class LateCommentRule(models.TextChoices):
    """What happens to a comment received after the close (judged by its date of receipt)."""

    CONSIDER = "consider", _("considered, with a note that it came late")
    RECORD = "record", _("recorded as late and not considered")


# Art. 6 ust. 5 and ust. 6 of the act on development policy.
DEVELOPMENT_POLICY_MINIMUM_DAYS = 35
DEVELOPMENT_POLICY_REPORT_DAYS = 30


def minimum_days(basis, entered):
    """The shortest consultation the basis allows: fixed by the act, or as entered for the plan."""
    if basis == LegalBasis.DEVELOPMENT_POLICY:
        return DEVELOPMENT_POLICY_MINIMUM_DAYS
    return entered


def report_days(basis, entered):
    """Days after the close by which the report is due: fixed by the act, or as entered for the plan."""
    if basis == LegalBasis.DEVELOPMENT_POLICY:
        return DEVELOPMENT_POLICY_REPORT_DAYS
    return entered
