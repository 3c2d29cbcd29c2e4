"""Forms of the public pages: comment, reply and report."""

import time
import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _
from django_comments.forms import CommentSecurityForm

from consultation.core.sanitize import clean_plain_text
from consultation.models import CommenterKind


class PlainTextMixin:
    """Every text field of the public is plain text: cleaned by the one sanitising function.

    A field's `max_length` is checked on the text as it will be stored, a line break counting as
    one character (the browser posts it as two), so the limit matches the live counter; a longer
    text is refused with a message, never cut.
    """

    plain_text_fields = ()
    single_line_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.plain_text_fields:
            field = self.fields[name]
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]

    def _clean_plain(self, name, *, multiline):
        value = clean_plain_text(self.cleaned_data.get(name), multiline=multiline)
        if self.fields[name].required and not value:
            raise forms.ValidationError(_("This field cannot be empty."), code="required")
        if self.fields[name].max_length:
            MaxLengthValidator(self.fields[name].max_length)(value)
        return value

    def _post_clean_plain_text(self):
        for name in self.plain_text_fields:
            if name in self.cleaned_data:
                try:
                    self.cleaned_data[name] = self._clean_plain(name, multiline=name not in self.single_line_fields)
                except forms.ValidationError as error:
                    self.add_error(name, error)


def _wording_fields():
    """The fields of the Polish consultation form that carry the comment itself (formularz zgłaszania
    uwag): the proposed wording, the comment, its justification and a short title. Shared by the
    comment form and the correction form, so both look and check alike."""
    limit = settings.DROGOWSKAZ_COMMENT_MAX_LENGTH
    return {
        "proposed_wording": forms.CharField(
            label=_("Proposed wording"), widget=forms.Textarea(attrs={"rows": 5}), max_length=limit,
            required=False,
            help_text=_("Optional. How the text should read in your view; leave empty if you do not propose "
                        "a wording."),
        ),
        "comment": forms.CharField(
            label=_("Comment text"), widget=forms.Textarea(attrs={"rows": 8}), max_length=limit,
            help_text=_("Plain text. Web addresses become links."),
        ),
        "justification": forms.CharField(
            label=_("Justification of the comment"), widget=forms.Textarea(attrs={"rows": 5}), max_length=limit,
            required=False, help_text=_("Optional. Why the change is needed: facts, data, experience."),
        ),
        "title": forms.CharField(
            label=_("Title of the comment"), max_length=200,
            help_text=_("A few words that sum up the comment; they help the expert team sort the comments."),
        ),
    }


WORDING_FIELDS = ("proposed_wording", "comment", "justification", "title")
NAMED_KINDS = (CommenterKind.ORGANISATION, CommenterKind.INSTITUTION)


class ParagraphCommentForm(PlainTextMixin, CommentSecurityForm):
    """A comment on a paragraph, a chapter or the whole document, or a reply to a published comment.

    The fields follow the Polish consultation form. The signed target (content type, page id,
    timestamp) from django-contrib-comments stops a form posted against another page: the target
    is the page the comment hangs on (the chapter, or the plan for a general comment). The hidden
    idempotency key makes a double submit store one comment. A reply is discussion, not a comment
    the experts answer: it has no proposed wording or justification (`reply=True`).
    """

    plain_text_fields = ("title", "comment", "proposed_wording", "justification", "name", "organisation")
    single_line_fields = ("title", "name", "organisation")

    proposed_wording, comment, justification, title = _wording_fields().values()
    commenter_kind = forms.ChoiceField(
        label=_("I comment as"), choices=CommenterKind.choices, widget=forms.RadioSelect,
        initial=CommenterKind.PERSON,
    )
    organisation = forms.CharField(
        label=_("Name of the organisation or institution"), max_length=255, required=False,
        help_text=_("Required if you submit on behalf of an organisation or a public institution."),
    )
    name = forms.CharField(
        label=_("Signature (full name or name)"), max_length=50,
        help_text=_("Published only if you choose so below."),
    )
    publish_name = forms.BooleanField(
        label=_("Publish my signature with the comment"), required=False,
        help_text=_("Without this, a private person is shown as “private person” with the comment's number. "
                    "An organisation or institution is always named."),
    )
    email = forms.EmailField(
        label=_("Email address"), max_length=254,
        help_text=_("Never published. We send the confirmation link and a copy of the comment to it."),
    )
    consent = forms.BooleanField(
        label=_(
            "I consent to the Regional Social Policy Centre processing my personal data (signature, "
            "organisation and email address) to run this consultation and prepare its report."
        ),
        error_messages={"required": _("Without this consent we cannot accept the comment.")},
    )
    honeypot = forms.CharField(
        required=False, label=_("If you are a human, leave this field empty"),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, target_object, data=None, initial=None, *, reply=False, **kwargs):
        initial = dict(initial or {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        super().__init__(target_object, data=data, initial=initial, **kwargs)
        self.reply = reply
        if reply:
            for name in ("proposed_wording", "justification"):
                del self.fields[name]
            self.plain_text_fields = tuple(n for n in self.plain_text_fields if n in self.fields)
            self.fields["comment"].label = _("Your reply")
            self.fields["title"].label = _("Title of the reply")
            self.fields["title"].help_text = ""
            self.fields["commenter_kind"].label = _("I reply as")
        for name in ("title", "comment", "name", "email"):
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        # No `maxlength`: the browser would cut pasted text silently. The label shows the limit
        # (includes/field.html), site.js counts as one types, and the form refuses a longer text.
        for name in self.plain_text_fields:
            self.fields[name].widget.attrs.pop("maxlength", None)

    def wording_fields(self):
        return [self[name] for name in WORDING_FIELDS if name in self.fields]

    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except forms.ValidationError:
            raise forms.ValidationError(
                _("The form was altered or belongs to another page. Open it again."), code="security"
            ) from None

    def clean_timestamp(self):
        try:
            timestamp = super().clean_timestamp()
        except forms.ValidationError:
            raise forms.ValidationError(
                _("The form is too old. Copy your text, reload the page and send it again."),
                code="expired",
            ) from None
        if time.time() - timestamp < settings.DROGOWSKAZ_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(
                _("The form was sent too quickly. Wait a moment and send it again."), code="too_fast"
            )
        return timestamp

    def clean_honeypot(self):
        if self.cleaned_data.get("honeypot"):
            raise forms.ValidationError(_("The comment could not be accepted."), code="honeypot")
        return ""

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        target = self.generate_security_data()
        if (self.data.get("content_type"), self.data.get("object_pk")) != (target["content_type"], target["object_pk"]):
            # A form signed for another page, posted here.
            raise forms.ValidationError(
                _("The form was altered or belongs to another page. Open it again."), code="security"
            )
        if cleaned_data.get("commenter_kind") in NAMED_KINDS and not cleaned_data.get("organisation"):
            self.add_error("organisation", _("Give the name of the organisation or institution."))
        for name in ("proposed_wording", "justification"):
            cleaned_data.setdefault(name, "")
        return cleaned_data


class ReportForm(PlainTextMixin, forms.Form):
    plain_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Why does this comment break the rules?"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000, required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].widget.attrs.pop("maxlength", None)  # refused when longer, never cut

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        return cleaned_data


class CorrectionForm(PlainTextMixin, forms.Form):
    """A correction (korekta) of one's own comment from the link in the confirmation email: the same
    wording fields as the comment form, with the same checks; who sent it and what it concerns stay."""

    plain_text_fields = WORDING_FIELDS
    single_line_fields = ("title",)

    proposed_wording, comment, justification, title = _wording_fields().values()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A comment that has a title keeps one; comments registered by staff may have none.
        self.fields["title"].required = bool((self.initial or {}).get("title"))
        self.fields["comment"].widget.attrs["aria-required"] = "true"
        for name in self.plain_text_fields:
            self.fields[name].widget.attrs.pop("maxlength", None)  # refused when longer, never cut

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        return cleaned_data
