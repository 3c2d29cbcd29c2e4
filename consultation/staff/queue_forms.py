"""Forms of the moderation queue: its filters, and the bulk actions on the ticked comments.

Every filter is read from the address, so a filtered queue can be bookmarked and linked to (the
dashboard does). A value that is not one of the choices is left out of the filtering and said in
the form's errors; it never fails the page.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultation.core.term_search import TermQuery
from consultation.models import (
    Channel,
    ChapterPage,
    CommenterKind,
    Disposition,
    ReviewState,
)
from consultation.models.pages import numbered_title, reading_order
from consultation.moderation.assignment import assigned_to_user, expert_name
from consultation.staff.forms import QUEUE_VIEWS, REFERENCE, BulkModerationForm
from consultation.staff.widgets import PlainSelect

ALL_STATES = "all"
QUEUE_TABS = QUEUE_VIEWS + [(ALL_STATES, _("all states"))]

MINE = "mine"
UNASSIGNED = "unassigned"
NO_RESPONSE = "none"
TO_CHAPTER = "chapter"

# The names of the filters in the address, in the order the queue's links keep them.
FILTER_NAMES = ("q", "assignee", "plan", "chapter", "channel", "kind", "position", "review", "responder")


def expert_choices(experts):
    return [(str(user.pk), expert_name(user)) for user in experts]


class QueueFilterForm(forms.Form):
    """The state (tab) and the filters of the queue. `plans` and `experts` are lists the view reads
    once; the chapters are those of the chosen plan, in reading order."""

    status = forms.ChoiceField(widget=PlainSelect, label=_("State"), choices=QUEUE_TABS, required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=200, widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words from the title, comment, proposed wording or justification, or a number such as "
                    "K-00012."),
    )
    assignee = forms.ChoiceField(widget=PlainSelect, label=_("Assigned to"), required=False)
    plan = forms.ChoiceField(widget=PlainSelect, label=_("Plan"), required=False)
    chapter = forms.ChoiceField(widget=PlainSelect, label=_("Chapter"), required=False)
    channel = forms.ChoiceField(widget=PlainSelect, label=_("Received by"), choices=[("", _("any channel"))] + Channel.choices,
                                required=False)
    kind = forms.ChoiceField(widget=PlainSelect, label=_("Submitted by"), choices=[("", _("any submitter"))] + CommenterKind.choices,
                             required=False)
    position = forms.ChoiceField(widget=PlainSelect, 
        label=_("Position"), required=False,
        choices=[("", _("any position")), (NO_RESPONSE, _("no response yet"))] + Disposition.choices,
    )
    review = forms.ChoiceField(widget=PlainSelect, label=_("Approval of the response"), required=False,
                               choices=[("", _("any"))] + ReviewState.choices)
    responder = forms.ChoiceField(widget=PlainSelect, label=_("Response written by"), required=False)

    def __init__(self, *args, user, plans=(), experts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.plans = {str(plan.pk): plan for plan in plans}
        experts = expert_choices(experts)
        self.fields["assignee"].choices = [("", _("anyone")), (MINE, _("me")),
                                           (UNASSIGNED, _("nobody: the chapter's responsible experts"))] + experts
        # "Written by: anyone / me" reads differently in Polish from "Assigned to: anyone / me".
        self.fields["responder"].choices = [("", pgettext_lazy("response written by", "anyone")),
                                            (MINE, pgettext_lazy("response written by", "me"))] + experts
        self.fields["plan"].choices = [("", _("any plan"))] + [(pk, plan.title) for pk, plan in self.plans.items()]
        self.chosen_plan = self.plans.get(self.data.get("plan")) if self.is_bound else None
        self.fields["chapter"].choices = [("", _("any chapter"))] + self.chapter_choices(self.chosen_plan)
        if self.chosen_plan is None:
            # Without a plan no chapter is a choice: say what to do.
            self.fields["chapter"].error_messages["invalid_choice"] = _("Choose the plan of the chapter first.")

    @staticmethod
    def chapter_choices(plan):
        if plan is None:
            return []
        chapters = (ChapterPage.objects.filter(path__startswith=plan.path, depth=plan.depth + 1)
                    .only("pk", "title", "number", "path"))
        return [(str(chapter.pk), numbered_title(chapter.number, chapter.title)) for chapter in reading_order(chapters)]

    def clean_q(self):
        return " ".join(self.cleaned_data.get("q", "").split())

    def filters(self):
        """The valid filters (an invalid one is left out, and its error shown)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value and name in FILTER_NAMES}

    def filter(self, comments):
        """`comments` narrowed by every valid filter but the state."""
        chosen = self.filters()
        if "q" in chosen:
            comments = comments.filter(self.search(chosen["q"]))
        if "assignee" in chosen:
            comments = self.by_expert(comments, chosen["assignee"], assigned=True)
        if "plan" in chosen:
            comments = comments.filter(plan_id=int(chosen["plan"]))
        if "chapter" in chosen:
            comments = comments.filter(chapter_pk=int(chosen["chapter"]))
        if "channel" in chosen:
            comments = comments.filter(channel=chosen["channel"])
        if "kind" in chosen:
            comments = comments.filter(commenter_kind=chosen["kind"])
        if "position" in chosen:
            comments = (comments.filter(official_response__isnull=True) if chosen["position"] == NO_RESPONSE
                        else comments.filter(official_response__disposition=chosen["position"]))
        if "review" in chosen:
            comments = comments.filter(official_response__review_state=chosen["review"])
        if "responder" in chosen:
            comments = self.by_expert(comments, chosen["responder"], assigned=False)
        return comments

    def by_expert(self, comments, choice, *, assigned):
        if assigned and choice == UNASSIGNED:
            return comments.filter(assigned_to__isnull=True)
        user = self.user if choice == MINE else int(choice)
        if assigned:
            return assigned_to_user(comments, user)
        return comments.filter(official_response__author=user)

    @staticmethod
    def search(text):
        """Each word, in any of its forms, in the title, comment, proposed wording or justification
        (core.term_search); or the comment's number."""
        words = TermQuery.of(text)
        found = Q(search_terms__matches_terms=words) if words else Q(pk__in=[])
        reference = REFERENCE.match(text)
        return found | Q(pk=int(reference.group(1))) if reference else found


class QueueActionForm(BulkModerationForm):
    """Publish, reject or assign the ticked comments. Assigning names an expert, or gives the comments
    back to their chapters' responsible experts."""

    ASSIGN = "assign"

    def __init__(self, *args, experts=(), **kwargs):
        # Its own ids: the filter form above it on the page has an "assignee" too.
        kwargs.setdefault("auto_id", "id_bulk_%s")
        super().__init__(*args, **kwargs)
        self.experts = {str(user.pk): user for user in experts}
        self.fields["action"].choices = self.ACTIONS + [(self.ASSIGN, _("Assign selected to…"))]
        self.fields["assignee"] = forms.ChoiceField(
            label=_("Assign to"), required=False, widget=PlainSelect,
            choices=[("", "---------"), (TO_CHAPTER, _("the chapter's responsible experts"))]
            + expert_choices(experts),
        )

    def clean(self):
        cleaned_data = super().clean()
        choice = cleaned_data.get("assignee")
        if cleaned_data.get("action") == self.ASSIGN and not choice and "assignee" not in self.errors:
            self.add_error("assignee", _("Choose whom to assign the comments to."))
        cleaned_data["assignee"] = self.experts.get(choice)
        return cleaned_data
