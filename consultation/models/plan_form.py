"""The plan editor's form: a consultation shorter than the legal minimum needs an administrator's reason."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

# The act on development policy (art. 6 ust. 5): consultation lasts at least 35 days.
MINIMUM_CONSULTATION_DAYS = 35


class PlanPageForm(WagtailAdminPageForm):
    """Refuses a consultation window shorter than 35 days unless an administrator gives the reason
    (for example a consultation under a sejmik resolution with its own, shorter term). The reason is
    kept with the plan and written to its log when the page is saved (wagtail_hooks)."""

    def clean(self):
        cleaned_data = super().clean()
        opens, closes = cleaned_data.get("consultation_opens"), cleaned_data.get("consultation_closes")
        if opens and closes and (closes - opens).total_seconds() < MINIMUM_CONSULTATION_DAYS * 86400:
            reason = (cleaned_data.get("short_consultation_reason") or "").strip()
            if not (self.for_user is not None and self.for_user.is_superuser and reason):
                self.add_error("consultation_closes", _(
                    "The consultation must last at least %(days)d days (art. 6 of the act on development "
                    "policy). Only an administrator can set a shorter one, giving the reason."
                ) % {"days": MINIMUM_CONSULTATION_DAYS})
        return cleaned_data
