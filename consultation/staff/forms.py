"""Forms of the moderation screens in the Wagtail admin."""

import re

from django import forms
from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from consultation.models import (
    AdoptingBody,
    CommentStatus,
    Disposition,
    ParagraphComment,
    PlanVersion,
    RejectionCategory,
)
from consultation.participation.forms import PlainTextMixin
from consultation.staff.widgets import PlainSelect

QUEUE_VIEWS = CommentStatus.choices + [("unanswered", _("published, awaiting an official response")),
                                       ("flagged", _("flagged by readers"))]


class PlainTextForm(PlainTextMixin, forms.Form):
    """Text typed by staff is plain text too: cleaned by the one sanitising function."""

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        return cleaned_data


REFERENCE = re.compile(r"^\s*(?:K\s*-?\s*)?0*(\d{1,9})\s*$", re.IGNORECASE)


def find_duplicate_target(reference, plan_ids):
    """The comment a reference number such as "K-00012" names, if it is on one of `plan_ids`."""
    match = REFERENCE.match(reference or "")
    if not match or not plan_ids:
        return None
    return ParagraphComment.objects.filter(pk=int(match.group(1)), plan_id__in=plan_ids).first()


class RejectionKindMixin:
    """The kind of rejection and, for a duplicate, the published comment it repeats (by its number).

    The number is resolved among the comments of the same plan; that the comment is published and
    not the rejected one itself is checked by `reject_comments`.
    """

    def add_rejection_kind_fields(self):
        self.fields["category"] = forms.ChoiceField(
            label=_("Kind of rejection"), choices=RejectionCategory.choices, required=False, widget=PlainSelect,
            initial=RejectionCategory.OTHER,
        )
        self.fields["duplicate_of"] = forms.CharField(
            label=_("Number of the published comment it duplicates"), required=False, max_length=20,
            help_text=_("Only for a duplicate, for example K-00012."),
        )

    def clean_rejection_kind(self, cleaned_data, plan_ids):
        cleaned_data["category"] = cleaned_data.get("category") or RejectionCategory.OTHER
        reference = (cleaned_data.get("duplicate_of") or "").strip()
        cleaned_data["duplicate_of"] = None
        if cleaned_data["category"] != RejectionCategory.DUPLICATE:
            return
        if not reference:
            self.add_error("duplicate_of", _("Give the number of the comment this one duplicates."))
            return
        target = find_duplicate_target(reference, plan_ids)
        if target is None:
            self.add_error("duplicate_of", _("There is no comment %(ref)s on this plan.") % {"ref": reference})
        cleaned_data["duplicate_of"] = target


class BulkModerationForm(RejectionKindMixin, PlainTextForm):
    plain_text_fields = ("reason",)

    ACTIONS = [("publish", _("Publish selected")), ("reject", _("Reject selected"))]

    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, widget=PlainSelect)
    comments = forms.ModelMultipleChoiceField(queryset=None, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("Select at least one comment.")})
    reason = forms.CharField(label=_("Reason for rejection"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=2000)

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["comments"].queryset = queryset
        self.add_rejection_kind_fields()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("action") == "reject":
            if not cleaned_data.get("reason"):
                self.add_error("reason", _("Give the reason for rejection."))
            plan_ids = {c.plan_id for c in cleaned_data.get("comments") or () if c.plan_id}
            self.clean_rejection_kind(cleaned_data, plan_ids)
        else:
            cleaned_data["category"], cleaned_data["duplicate_of"] = RejectionCategory.OTHER, None
        return cleaned_data


class RejectForm(RejectionKindMixin, PlainTextForm):
    plain_text_fields = ("reason",)
    reason = forms.CharField(label=_("Reason for rejection"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, plan_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_id = plan_id
        self.add_rejection_kind_fields()

    def clean(self):
        cleaned_data = super().clean()
        self.clean_rejection_kind(cleaned_data, {self.plan_id} if self.plan_id else set())
        return cleaned_data


class ResponseForm(PlainTextForm):
    """The text of an official response. Whether it is saved as a draft, submitted for approval or (by a
    coordinator) approved and published is the button pressed (`response_step`), not a field."""

    plain_text_fields = ("justification",)
    disposition = forms.ChoiceField(label=_("Disposition"), choices=Disposition.choices, widget=forms.RadioSelect)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 6}),
                                    max_length=10000)
    version = forms.ModelChoiceField(
        label=_("Version that made the change"), queryset=PlanVersion.objects.none(), required=False,
        help_text=_("Shown to the commenter as a link to the change."),
    )

    def __init__(self, *args, versions=PlanVersion.objects.none(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].queryset = versions


class GroupForm(forms.Form):
    """A comment named by its number ("K-00012"), to group with the comment on the screen."""

    reference = forms.CharField(label=_("Number of the comment"), max_length=20,
                                help_text=_("For example K-00012."))

    def __init__(self, *args, plan_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_id = plan_id

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        target = find_duplicate_target(reference, {self.plan_id} if self.plan_id else set())
        if target is None:
            raise forms.ValidationError(_("There is no comment %(ref)s on this plan.") % {"ref": reference})
        return target


class PublishVersionForm(PlainTextForm):
    plain_text_fields = ("label",)
    single_line_fields = ("label",)
    label = forms.CharField(
        label=_("Label of the version"), max_length=200,
        help_text=_("For example: draft for consultation, after consultation."),
    )


def checked_resolution_pdf(document):
    """The uploaded resolution, refused when too large or not a PDF (by its first bytes)."""
    if document.size > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE:
        raise forms.ValidationError(_("The file is too large."))
    if not document.read(5).startswith(b"%PDF-"):
        raise forms.ValidationError(_("The resolution must be a PDF file."))
    document.seek(0)
    return document


class AdoptionForm(PlainTextForm):
    plain_text_fields = ("resolution_number",)
    single_line_fields = ("resolution_number",)
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=100)
    resolution_date = forms.DateField(label=_("Resolution date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    adopting_body = forms.ChoiceField(label=_("Adopting body"), choices=AdoptingBody.choices)
    document = forms.FileField(
        label=_("Resolution document (PDF)"),
        validators=[FileExtensionValidator(["pdf"], message=_("The resolution must be a PDF file."))],
    )

    def clean_document(self):
        return checked_resolution_pdf(self.cleaned_data["document"])


class ImportForm(forms.Form):
    document = forms.FileField(label=_("Draft in Word (.docx), OpenDocument (.odt) or Markdown (.md)"))


class CorrectAdoptionForm(PlainTextForm):
    """A mistyped number, date or body, or the wrong document: corrected with a reason, text untouched."""

    plain_text_fields = ("resolution_number", "reason")
    single_line_fields = ("resolution_number",)
    resolution_number = forms.CharField(label=_("Resolution number"), max_length=100)
    resolution_date = forms.DateField(label=_("Resolution date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    adopting_body = forms.ChoiceField(label=_("Adopting body"), choices=AdoptingBody.choices)
    document = forms.FileField(
        label=_("Corrected resolution document (PDF), if the document was wrong"), required=False,
        validators=[FileExtensionValidator(["pdf"], message=_("The resolution must be a PDF file."))],
    )
    reason = forms.CharField(label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)

    def clean_document(self):
        document = self.cleaned_data.get("document")
        return checked_resolution_pdf(document) if document else document


class ErratumForm(PlainTextForm):
    plain_text_fields = ("correction", "reason")
    correction = forms.CharField(label=_("Correction"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000,
                                 help_text=_("What is corrected, and how it reads now."))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
