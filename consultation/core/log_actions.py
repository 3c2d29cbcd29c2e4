"""The actions of this project that Wagtail's log records, with their labels and messages."""

from django.utils.translation import gettext_lazy as _

LOG_ACTIONS = {
    "drogowskaz.comment.publish": (_("Publish comment"), _("Comment published")),
    "drogowskaz.comment.reject": (_("Reject comment"), _("Comment rejected")),
    "drogowskaz.comment.review": (
        _("Review again after reports"), _("Comment hidden for another review after reports"),
    ),
    "drogowskaz.response.save": (_("Official response"), _("Official response saved")),
    "drogowskaz.plan.version": (_("Publish plan version"), _("Plan version published")),
    "drogowskaz.privacy.erase": (_("Erase personal data"), _("Personal data replaced by a pseudonym")),
    "drogowskaz.report.publish": (_("Publish consultation report"), _("Consultation report published")),
    "drogowskaz.plan.adopt": (_("Record adoption"), _("Adoption recorded; plan frozen")),
}
