"""The plan editor refuses a consultation shorter than the legal minimum (defect 14)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from consultation.models import PlanPage


def edit_form(plan, user, *, days, reason="", basis="development_policy", minimum="", report_days=""):
    form_class = PlanPage.get_edit_handler().get_form_class()
    opens = timezone.now() + timedelta(days=1)
    data = {
        "title": plan.title, "slug": plan.slug, "region": plan.region, "period_start": 2026, "period_end": 2030,
        "consultation_opens": opens.strftime("%Y-%m-%d %H:%M"),
        "consultation_closes": (opens + timedelta(days=days)).strftime("%Y-%m-%d %H:%M"),
        "intro": '{"blocks": [], "entityMap": {}}', "short_consultation_reason": reason,
        "legal_basis": basis, "minimum_days_entered": minimum, "report_days_entered": report_days,
        "late_comment_rule": "record",
        "meetings-TOTAL_FORMS": "0", "meetings-INITIAL_FORMS": "0", "meetings-MIN_NUM_FORMS": "0",
        "meetings-MAX_NUM_FORMS": "1000",
    }
    return form_class(data, instance=plan, parent_page=plan.get_parent(), for_user=user)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["komunikacja", "admin"])
def test_a_consultation_shorter_than_35_days_is_refused(plan, users, role):
    form = edit_form(plan, users[role], days=20)
    assert not form.is_valid()
    assert "co najmniej 35 dni" in str(form.errors["consultation_closes"])


@pytest.mark.django_db
def test_only_an_administrator_with_a_reason_may_shorten_it(plan, users):
    assert edit_form(plan, users["admin"], days=14, reason="Uchwała sejmiku: 14 dni (art. 5 ustawy o pożytku).").is_valid()
    # An editor cannot give the reason: the field is not even on their form.
    form = edit_form(plan, users["komunikacja"], days=14, reason="Bo tak.")
    assert "short_consultation_reason" not in form.fields and not form.is_valid()


@pytest.mark.django_db
def test_35_days_or_more_needs_no_reason(plan, users):
    assert edit_form(plan, users["komunikacja"], days=35).is_valid()


@pytest.mark.django_db
def test_under_a_sejmik_resolution_its_own_minimum_applies(plan, users):
    """Under the public-benefit act the sejmik's resolution sets the numbers; they are entered per plan."""
    basis = {"basis": "public_benefit", "minimum": "21", "report_days": "14"}
    assert edit_form(plan, users["komunikacja"], days=21, **basis).is_valid()
    form = edit_form(plan, users["komunikacja"], days=20, **basis)
    assert not form.is_valid() and "co najmniej 21 dni" in str(form.errors["consultation_closes"])


@pytest.mark.django_db
def test_another_basis_needs_its_numbers(plan, users):
    form = edit_form(plan, users["komunikacja"], days=40, basis="other")
    assert not form.is_valid()
    assert {"minimum_days_entered", "report_days_entered"} <= set(form.errors)


@pytest.mark.django_db
def test_the_report_deadline_follows_the_legal_basis(plan):
    assert plan.report_due == plan.consultation_closes + timedelta(days=30)
    plan.legal_basis, plan.minimum_days_entered, plan.report_days_entered = "public_benefit", 14, 21
    assert plan.report_due == plan.consultation_closes + timedelta(days=21)
    assert plan.minimum_consultation_days == 14
