"""The plan editor's form: a consultation shorter than its legal basis allows needs an administrator's reason."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from consultation.models import legal_basis


class PlanPageForm(WagtailAdminPageForm):
    """Refuses a consultation window shorter than the plan's legal basis allows (35 days under the act
    on development policy, the entered number otherwise) unless an administrator gives the reason.
    The reason is kept with the plan and written to its log when the page is saved (wagtail_hooks)."""

    def clean(self):
        cleaned_data = super().clean()
        opens, closes = cleaned_data.get("consultation_opens"), cleaned_data.get("consultation_closes")
        minimum = legal_basis.minimum_days(cleaned_data.get("legal_basis"), cleaned_data.get("minimum_days_entered"))
        if opens and closes and minimum and (closes - opens).total_seconds() < minimum * 86400:
            reason = (cleaned_data.get("short_consultation_reason") or "").strip()
            if not (self.for_user is not None and self.for_user.is_superuser and reason):
                self.add_error("consultation_closes", _(
                    "The consultation must last at least %(days)d days under its legal basis. Only an "
                    "administrator can set a shorter one, giving the reason."
                ) % {"days": minimum})
        return cleaned_data
