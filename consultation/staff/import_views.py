"""Importing a draft in the admin: upload, preview with choices, save.

The upload is read once; the preview keeps what was read (not the file) in the session, and each
change of a choice — a bold line promoted to a heading, which existing chapter a chapter of the
file replaces, where the text before the first chapter goes — shows the preview again. Saving uses
exactly the choices that were last shown, and reuses the preview's pairing of paragraphs when the
chapters have not changed meanwhile.
"""

import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from consultation.core.refusals import Refused
from consultation.importing.actions import import_plan
from consultation.importing.document import ReadDocument
from consultation.importing.parsers import read_file, too_large
from consultation.importing.plan_import import (
    CHAPTER,
    INTRO,
    LEAVE_OUT,
    NEW,
    SKIP,
    ImportChoices,
    preview_import,
)
from consultation.models import Phase
from consultation.plans.rules import can_publish_version
from consultation.staff.forms import ImportForm
from consultation.staff.plan_views import FROZEN, PlanAdminMixin


class ImportView(PlanAdminMixin, TemplateView):
    """Upload a draft, see what it changes and choose, then save it as new chapter revisions."""

    template_name = "consultation/admin/import.html"
    rule = staticmethod(can_publish_version)

    def get_page_title(self):
        return _("Import a draft")

    def session_key(self):
        return f"drogowskaz-import-{self.plan.pk}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        refusal = kwargs.get("refusal")
        if refusal is None and self.plan.phase() == Phase.ADOPTED:
            refusal = FROZEN  # said before the upload; the import action refuses it too
        context.update({"plan": self.plan, "form": kwargs.get("form") or ImportForm(),
                        "preview": kwargs.get("preview"), "refusal": refusal, "notice": kwargs.get("notice"),
                        "file_name": kwargs.get("file_name", ""), "token": kwargs.get("token", ""),
                        "NEW": NEW, "SKIP": SKIP, "INTRO": INTRO, "CHAPTER": CHAPTER, "LEAVE_OUT": LEAVE_OUT})
        return context

    def post(self, request, *args, **kwargs):
        if self.plan.phase() == Phase.ADOPTED:
            # Refused before the file is read; the import action refuses an adopted plan too.
            return self.render_to_response(self.get_context_data(), status=400)
        if "document" in request.FILES:
            return self.upload(request)
        stored = request.session.get(self.session_key())
        if not stored:
            return self.render_to_response(self.get_context_data(
                refusal=_("The preview has expired. Upload the file again.")), status=400)
        if request.POST.get("preview") != stored.get("token"):
            # Another window uploaded a file for this plan since this preview was shown.
            return self.render_to_response(self.get_context_data(refusal=_(
                "This preview is out of date: another file was uploaded for this plan in another window. "
                "Upload the file again.")), status=400)
        document = ReadDocument.from_data(stored["document"])
        choices = choices_from_post(request.POST, document)
        shown = stored["choices"]["pairing"]
        choices.changed = {source for source, value in choices.pairing.items() if shown.get(str(source)) != value}
        preview = preview_import(self.plan, document, choices, stored.get("bodies"))
        if request.POST.get("confirm") and preview.choices.as_data() == stored["choices"]:
            return self.confirm(request, document, preview.choices, stored)
        notice = _("You changed a choice: check the preview below, then save.") if request.POST.get("confirm") else None
        return self.show_preview(request, document, preview, stored["file_name"], notice=notice)

    def upload(self, request):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        upload = form.cleaned_data["document"]
        if upload.size > settings.DROGOWSKAZ_IMPORT_MAX_BYTES:  # said before the file is read into memory
            return self.render_to_response(self.get_context_data(form=form, refusal=too_large().message), status=400)
        try:
            document = read_file(upload.name, upload.read())
        except Refused as error:
            return self.render_to_response(self.get_context_data(form=form, refusal=error.message), status=400)
        return self.show_preview(request, document, preview_import(self.plan, document, ImportChoices()), upload.name)

    def show_preview(self, request, document, preview, file_name, notice=None):
        token = (request.session.get(self.session_key()) or {}).get("token")
        if "document" in request.FILES or not token:
            token = uuid.uuid4().hex  # a new upload: a preview shown in another window is out of date
        request.session[self.session_key()] = {"document": document.as_data(), "choices": preview.choices.as_data(),
                                               "file_name": file_name, "bodies": preview.bodies, "token": token,
                                               "revisions": preview.revisions}
        return self.render_to_response(self.get_context_data(preview=preview, notice=notice, file_name=file_name,
                                                             token=token))

    def confirm(self, request, document, choices, stored):
        try:
            result = import_plan(self.plan, document, user=request.user, choices=choices,
                                 known_bodies=stored.get("bodies"), seen_revisions=stored.get("revisions"))
        except Refused as error:
            preview = preview_import(self.plan, document, choices, stored.get("bodies"))
            # The fresh preview is the one to confirm now.
            stored.update(revisions=preview.revisions, choices=preview.choices.as_data(), bodies=preview.bodies)
            request.session[self.session_key()] = stored
            # The preview lists its own problems; the refusal is said once.
            return self.render_to_response(self.get_context_data(
                refusal=None if preview.problems else error.message, preview=preview,
                file_name=stored["file_name"], token=stored["token"]), status=400)
        request.session.pop(self.session_key(), None)
        unchanged = sum(1 for item in result.chapters if item.status == "unchanged")
        message = ngettext("Saved %(n)d chapter as a draft.", "Saved %(n)d chapters as drafts.",
                           result.saved) % {"n": result.saved}
        if unchanged:
            message += " " + ngettext("%(n)d chapter had no changes and was left as it was.",
                                      "%(n)d chapters had no changes and were left as they were.",
                                      unchanged) % {"n": unchanged}
        if result.intro_html:
            message += " " + _("The plan's introduction was saved as a draft too.")
        messages.success(request, message + " " + _("Submit the drafts for the experts' review."))
        return redirect("wagtailadmin_explore", self.plan.pk)


def choices_from_post(data, document):
    """The editor's choices from the preview form; anything unknown is ignored, not trusted."""
    candidates = {index for index, _text in document.heading_candidates}
    promoted = {}
    for index in candidates:
        level = data.get(f"promote-{index}", "0")
        if level in ("1", "2"):
            promoted[index] = int(level)
    pairing = {}
    for key, value in data.items():
        if key.startswith("pair-") and key[5:].lstrip("-").isdigit() and (value in (NEW, SKIP) or value.isdigit()):
            pairing[int(key[5:])] = value
    front_matter = data.get("front_matter", "")
    return ImportChoices(promoted=promoted, pairing=pairing,
                         front_matter=front_matter if front_matter in (INTRO, CHAPTER, LEAVE_OUT) else "",
                         front_matter_title=data.get("front_matter_title", "")[:255])
