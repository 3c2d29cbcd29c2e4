from datetime import timedelta

import pytest

from consultation.models import Phase
from consultation.plans.rules import can_comment, can_moderate, can_respond


@pytest.mark.django_db
def test_phase_follows_dates(plan):
    opens, closes = plan.consultation_opens, plan.consultation_closes
    assert plan.phase(opens - timedelta(seconds=1)) == Phase.ANNOUNCED
    assert plan.phase(opens) == Phase.OPEN
    assert plan.phase(closes - timedelta(seconds=1)) == Phase.OPEN
    assert plan.phase(closes) == Phase.CLOSED


@pytest.mark.django_db
def test_unpublished_plan_is_a_draft(plan):
    plan.unpublish()
    plan.refresh_from_db()
    assert plan.phase() == Phase.DRAFT
    assert not can_comment(plan)


@pytest.mark.django_db
def test_can_comment_only_while_open(plan):
    assert can_comment(plan, plan.consultation_opens + timedelta(hours=1))
    assert not can_comment(plan, plan.consultation_opens - timedelta(hours=1))
    assert not can_comment(plan, plan.consultation_closes)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "moderate", "respond"),
    [("commenter", False, False), ("komunikacja", False, False), ("eksperci", True, True),
     ("zarzad", False, False), ("admin", True, True)],
)
def test_moderation_rights_per_role(users, role, moderate, respond):
    assert can_moderate(users[role]) is moderate
    assert can_respond(users[role]) is respond


@pytest.mark.django_db
def test_plan_validation_rejects_reversed_dates(plan):
    from django.core.exceptions import ValidationError

    plan.consultation_closes = plan.consultation_opens - timedelta(days=1)
    with pytest.raises(ValidationError):
        plan.clean()
