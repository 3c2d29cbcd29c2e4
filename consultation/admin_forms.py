"""Forms of the moderation screens in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommentStatus, Disposition


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("State"), choices=CommentStatus.choices, required=False, initial=CommentStatus.PENDING
    )


class BulkModerationForm(forms.Form):
    ACTIONS = [("publish", _("Publish selected")), ("reject", _("Reject selected"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    comments = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Select at least one comment.")})
    reason = forms.CharField(label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = queryset

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("action") == "reject" and not (cleaned_data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for rejection."))
        return cleaned_data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ResponseForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices, widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 6}),
                                    max_length=10000)
    publish = forms.BooleanField(label=_("Publish the response"), required=False, initial=True)
