"""Forms of the moderation screens in the Wagtail admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CommentStatus, Disposition


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stan"), choices=CommentStatus.choices, required=False, initial=CommentStatus.PENDING
    )


class BulkModerationForm(forms.Form):
    ACTIONS = [("publish", _("Opublikuj zaznaczone")), ("reject", _("Odrzuć zaznaczone"))]

    action = forms.ChoiceField(label=_("Działanie"), choices=ACTIONS)
    comments = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Zaznacz co najmniej jeden komentarz.")})
    reason = forms.CharField(label=_("Powód odrzucenia"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = queryset

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("action") == "reject" and not (cleaned_data.get("reason") or "").strip():
            self.add_error("reason", _("Podaj powód odrzucenia."))
        return cleaned_data


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Powód odrzucenia"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ResponseForm(forms.Form):
    disposition = forms.ChoiceField(label=_("Rozstrzygnięcie"), choices=Disposition.choices, widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Uzasadnienie"), widget=forms.Textarea(attrs={"rows": 6}),
                                    max_length=10000)
    publish = forms.BooleanField(label=_("Opublikuj odpowiedź"), required=False, initial=True)
