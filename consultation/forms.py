"""Forms of the public pages: comment, reply and report."""

import uuid

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_comments.forms import CommentSecurityForm

from .models import CommenterKind
from .sanitize import clean_plain_text


class PlainTextMixin:
    """Every text field of the public is plain text: cleaned by the one sanitising function."""

    plain_text_fields = ()
    single_line_fields = ()

    def _clean_plain(self, name, *, multiline):
        value = clean_plain_text(self.cleaned_data.get(name), multiline=multiline)
        if self.fields[name].required and not value:
            raise forms.ValidationError(_("To pole nie może być puste."), code="required")
        return value

    def _post_clean_plain_text(self):
        for name in self.plain_text_fields:
            if name in self.cleaned_data:
                try:
                    self.cleaned_data[name] = self._clean_plain(name, multiline=name not in self.single_line_fields)
                except forms.ValidationError as error:
                    self.add_error(name, error)


class ParagraphCommentForm(PlainTextMixin, CommentSecurityForm):
    """A comment on one paragraph, or a reply to a published comment.

    The signed target (content type, page id, timestamp) from django-contrib-comments stops a
    form posted against another page; the hidden idempotency key makes a double submit store
    one comment.
    """

    plain_text_fields = ("title", "comment", "name", "organisation")
    single_line_fields = ("title", "name", "organisation")

    title = forms.CharField(label=_("Tytuł komentarza"), max_length=200)
    comment = forms.CharField(
        label=_("Treść komentarza"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=settings.DROGOWSKAZ_COMMENT_MAX_LENGTH,
        help_text=_("Zwykły tekst, do %(max)s znaków. Adresy stron staną się linkami.")
        % {"max": settings.DROGOWSKAZ_COMMENT_MAX_LENGTH},
    )
    commenter_kind = forms.ChoiceField(
        label=_("Zgłaszam jako"), choices=CommenterKind.choices, widget=forms.RadioSelect,
        initial=CommenterKind.PERSON,
    )
    name = forms.CharField(
        label=_("Podpis (imię i nazwisko lub nazwa)"), max_length=50,
        help_text=_("Podpis zostanie opublikowany razem z komentarzem."),
    )
    organisation = forms.CharField(
        label=_("Nazwa organizacji lub instytucji"), max_length=200, required=False,
        help_text=_("Wypełnij, jeśli zgłaszasz uwagę w imieniu organizacji."),
    )
    email = forms.EmailField(
        label=_("Adres e-mail"), max_length=254,
        help_text=_("Nie będzie opublikowany. Służy tylko do kontaktu w sprawie komentarza."),
    )
    consent = forms.BooleanField(
        label=_(
            "Wyrażam zgodę na przetwarzanie moich danych osobowych (podpisu, organizacji i adresu "
            "e-mail) przez Regionalny Ośrodek Polityki Społecznej w celu przeprowadzenia konsultacji "
            "i przygotowania raportu z konsultacji."
        ),
        error_messages={"required": _("Bez tej zgody nie możemy przyjąć komentarza.")},
    )
    honeypot = forms.CharField(
        required=False, label=_("Jeśli jesteś człowiekiem, zostaw to pole puste"),
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, target_object, data=None, initial=None, **kwargs):
        initial = dict(initial or {})
        initial.setdefault("idempotency_key", uuid.uuid4())
        super().__init__(target_object, data=data, initial=initial, **kwargs)
        for name in ("title", "comment", "name", "email"):
            self.fields[name].widget.attrs["aria-required"] = "true"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_security_hash(self):
        try:
            return super().clean_security_hash()
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Formularz został zmieniony lub dotyczy innej strony. Otwórz go ponownie."), code="security"
            ) from None

    def clean_timestamp(self):
        try:
            return super().clean_timestamp()
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Formularz jest zbyt stary. Skopiuj swój tekst, odśwież stronę i wyślij go ponownie."),
                code="expired",
            ) from None

    def clean_honeypot(self):
        if self.cleaned_data.get("honeypot"):
            raise forms.ValidationError(_("Nie udało się przyjąć komentarza."), code="honeypot")
        return ""

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        target = self.generate_security_data()
        if (self.data.get("content_type"), self.data.get("object_pk")) != (target["content_type"], target["object_pk"]):
            # A form signed for another page, posted here.
            raise forms.ValidationError(
                _("Formularz został zmieniony lub dotyczy innej strony. Otwórz go ponownie."), code="security"
            )
        if cleaned_data.get("commenter_kind") == CommenterKind.ORGANISATION and not cleaned_data.get("organisation"):
            self.add_error("organisation", _("Podaj nazwę organizacji lub instytucji."))
        return cleaned_data


class ReportForm(PlainTextMixin, forms.Form):
    plain_text_fields = ("reason",)

    reason = forms.CharField(
        label=_("Dlaczego ten komentarz narusza zasady?"), widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1000, required=False,
    )

    def clean(self):
        cleaned_data = super().clean()
        self._post_clean_plain_text()
        return cleaned_data
