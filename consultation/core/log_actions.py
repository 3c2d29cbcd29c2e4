"""The actions of this project that Wagtail's log records, with their labels and messages."""

from django.utils.translation import gettext_lazy as _

LOG_ACTIONS = {
    "drogowskaz.comment.submit": (_("Submit comment"), _("Comment submitted, awaiting email confirmation")),
    "drogowskaz.comment.confirm": (_("Confirm comment"), _("Comment confirmed by its author")),
    "drogowskaz.comment.correct": (_("Correct comment"), _("Comment corrected by its author")),
    "drogowskaz.comment.register": (
        _("Register comment"), _("Comment received by another channel registered on the submitter's behalf"),
    ),
    "drogowskaz.comment.withdraw": (_("Withdraw comment"), _("Comment withdrawn by its author")),
    "drogowskaz.comment.flag": (_("Flag comment"), _("Comment flagged by a reader for review")),
    "drogowskaz.comment.flags_dismissed": (_("Dismiss flags"), _("Flags dismissed; the comment stays published")),
    "drogowskaz.chapter.responsible": (_("Responsible experts"), _("Experts responsible for the chapter changed")),
    "drogowskaz.plan.follow": (_("Follow plan"), _("Someone asked for news of the plan by email")),
    "drogowskaz.plan.follow_confirmed": (_("Confirm following"), _("Following the plan confirmed from the emailed link")),
    "drogowskaz.plan.unsubscribe": (_("Unsubscribe"), _("An address unsubscribed from news of the plan")),
    "drogowskaz.mail.retry": (_("Send mail again"), _("Mail given up after failures queued again")),
    "drogowskaz.plan.import": (_("Import draft"), _("Draft imported into the plan")),
    "drogowskaz.region.create": (_("Create region"), _("Region created with its home, teams and collections")),
    "drogowskaz.plan.adoption_corrected": (_("Correct adoption"), _("Adoption record corrected")),
    "drogowskaz.plan.erratum": (_("Record erratum"), _("Erratum recorded")),
    "drogowskaz.plan.short_consultation": (
        _("Shorter consultation"), _("An administrator set a consultation shorter than its legal basis allows, with a reason"),
    ),
    "drogowskaz.comment.publish": (_("Publish comment"), _("Comment published")),
    "drogowskaz.comment.note": (_("Add internal note"), _("Internal note added for the staff")),
    "drogowskaz.comment.assign": (
        _("Assign comment"), _("Comment assigned to an expert, or back to its chapter's responsible experts"),
    ),
    "drogowskaz.comment.reject": (_("Reject comment"), _("Comment rejected")),
    "drogowskaz.comment.review": (
        _("Review again after reports"), _("Comment hidden for another review after reports"),
    ),
    "drogowskaz.response.save": (_("Official response"), _("Official response saved")),
    "drogowskaz.response.submit": (
        _("Submit response for approval"), _("Official response submitted to a coordinator for approval"),
    ),
    "drogowskaz.response.approve": (_("Approve response"), _("Official response approved and published")),
    "drogowskaz.response.return": (
        _("Return response"), _("Official response returned to the expert with the coordinator's note"),
    ),
    "drogowskaz.comment.group": (
        _("Group comment"), _("Comment marked as identical to the comment leading its group"),
    ),
    "drogowskaz.comment.ungroup": (_("Ungroup comment"), _("Comment taken out of its group")),
    "drogowskaz.plan.version": (_("Publish plan version"), _("Plan version published")),
    "drogowskaz.privacy.erase": (_("Erase personal data"), _("Personal data replaced by a pseudonym")),
    "drogowskaz.report.publish": (_("Publish consultation report"), _("Consultation report published")),
    "drogowskaz.plan.adopt": (_("Record adoption"), _("Adoption recorded; plan frozen")),
}
