"""Forms of the admin screens that register comments received by email, post, ePUAP or at a meeting."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from consultation.models import Channel, ChapterPage, CommenterKind, CommentScope
from consultation.models.pages import reading_order
from consultation.staff.forms import PlainTextForm

GENERAL = CommentScope.GENERAL.value


def part_choices(plan):
    """The parts of `plan` a comment may concern, for one select: the whole document, then each live
    chapter as a whole and each of its paragraphs ("Chapter 2. Goals — § 3: first words…")."""
    choices = [(GENERAL, _("General comment on the whole document"))]
    for chapter in reading_order(ChapterPage.objects.child_of(plan).live()):
        heading = chapter.numbered_title
        options = [(f"chapter:{chapter.pk}", f"{heading} — {_('the chapter as a whole')}")]
        for paragraph in chapter.paragraphs():
            words = " ".join(paragraph.text.split())
            words = words if len(words) <= 70 else words[:70].rsplit(" ", 1)[0] + "…"
            options.append((f"paragraph:{chapter.pk}:{paragraph.key}", f"{heading} — § {paragraph.number}: {words}"))
        choices.append((heading, options))
    return choices


def parse_part(value):
    """(chapter pk or None, paragraph key) of a value of `part_choices`."""
    kind, _sep, rest = value.partition(":")
    if kind == "chapter":
        return int(rest), ""
    if kind == "paragraph":
        chapter_pk, _sep, key = rest.partition(":")
        return int(chapter_pk), key
    return None, ""


class MeetingChoiceField(forms.ModelChoiceField):
    """A consultation meeting as staff know it: "4 grudnia 2026 12:42, Zamość, ul. Partyzantów 3"."""

    def label_from_instance(self, meeting):
        when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
        where = meeting.place or meeting.online_url
        return f"{when}, {where}" if where else when


class RegisterCommentForm(PlainTextForm):
    """The Polish consultation form (formularz zgłaszania uwag) as staff type it from the original."""

    plain_text_fields = ("name", "organisation", "title", "comment", "proposed_wording", "justification")
    single_line_fields = ("name", "organisation", "title")

    part = forms.ChoiceField(label=_("What the comment concerns"))
    channel = forms.ChoiceField(
        label=_("Received by"), choices=[(value, label) for value, label in Channel.choices if value != Channel.WEB],
    )
    received_on = forms.DateField(
        label=_("Date of receipt"), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The date stamped on the letter, of the email or ePUAP delivery, or of the meeting; the "
                    "deadline is judged by it."),
    )
    meeting = MeetingChoiceField(label=_("Consultation meeting"), queryset=None, required=False,
                                 help_text=_("Required for a comment made orally at a meeting."))
    commenter_kind = forms.ChoiceField(label=_("Submitted by"), choices=CommenterKind.choices,
                                       widget=forms.RadioSelect, initial=CommenterKind.PERSON)
    name = forms.CharField(label=_("Signature (full name)"), max_length=50, required=False)
    organisation = forms.CharField(label=_("Name of the organisation or institution"), max_length=255,
                                   required=False)
    email = forms.EmailField(label=_("Email address"), max_length=254, required=False,
                             help_text=_("Optional for comments received on paper or orally."))
    publish_name = forms.BooleanField(label=_("The submitter agreed to publish their signature"), required=False)
    title = forms.CharField(label=_("Title of the comment"), max_length=200, required=False)
    comment = forms.CharField(label=_("Comment text"), widget=forms.Textarea(attrs={"rows": 8}),
                              max_length=settings.DROGOWSKAZ_COMMENT_MAX_LENGTH)
    proposed_wording = forms.CharField(label=_("Proposed wording"), widget=forms.Textarea(attrs={"rows": 5}),
                                       max_length=settings.DROGOWSKAZ_COMMENT_MAX_LENGTH, required=False)
    justification = forms.CharField(label=_("Justification"), widget=forms.Textarea(attrs={"rows": 5}),
                                    max_length=settings.DROGOWSKAZ_COMMENT_MAX_LENGTH, required=False)
    original = forms.FileField(
        label=_("Scan of the original (optional)"), required=False,
        help_text=_("PDF, image, Word or ODT document or a saved email; kept in the non-public documents."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["part"].choices = part_choices(plan)
        # Only meetings that have started: nothing can have been said at a meeting still to come.
        self.fields["meeting"].queryset = plan.meetings.filter(starts_at__lte=timezone.now()).order_by("starts_at")
        self.fields["received_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        for name in self.plain_text_fields:
            self.fields[name].widget.attrs.pop("maxlength", None)  # refused when longer, never cut

    def clean(self):
        cleaned_data = super().clean()
        kind = cleaned_data.get("commenter_kind")
        if kind and kind != CommenterKind.PERSON and not cleaned_data.get("organisation"):
            self.add_error("organisation", _("Give the name of the organisation or institution."))
        elif not cleaned_data.get("name") and not cleaned_data.get("organisation") and "name" not in self.errors:
            self.add_error("name", _("Give the submitter's name or organisation."))
        channel, meeting = cleaned_data.get("channel"), cleaned_data.get("meeting")
        if channel == Channel.MEETING and not meeting:
            self.add_error("meeting", _("Choose the meeting at which the comment was made."))
        elif meeting and channel in (Channel.EMAIL, Channel.EPUAP):
            self.add_error("meeting", _("A comment received by email or ePUAP was not made at a meeting: leave "
                                        "the meeting empty."))
        return cleaned_data


class TableUploadForm(forms.Form):
    table = forms.FileField(label=_("Table of comments (.xlsx)"))


class RegisterTableConfirmForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
