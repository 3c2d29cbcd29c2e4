"""Review before publishing: the experts' workflow task publishes what Komunikacja submits."""

import pytest

from consultation.demo.builders import make_chapter


@pytest.mark.django_db
def test_chapters_go_through_the_experts_review(plan, users):
    chapter = make_chapter(plan, number=2, slug="nowy", title="Nowy rozdział", publish=False,
                           blocks=[("paragraph", "<p>Szkic.</p>")])
    workflow = chapter.get_workflow()
    assert workflow.name == "Przegląd ekspercki"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == ["Eksperci"]

    revision = chapter.save_revision(user=users["komunikacja"])
    state = workflow.start(chapter, users["komunikacja"])
    task_state = state.current_task_state
    assert revision.pk == task_state.revision_id

    assert task.get_actions(chapter, users["komunikacja"]) == []
    assert [a[0] for a in task.get_actions(chapter, users["eksperci"])][:2] == ["reject", "approve"]

    task.on_action(task_state, users["eksperci"], "approve")
    chapter.refresh_from_db()
    assert chapter.live is True


@pytest.mark.django_db
def test_awaiting_review_shows_on_the_experts_dashboard(client, plan, users):
    from django.urls import reverse

    chapter = make_chapter(plan, number=2, slug="do-przegladu", title="Rozdział do przeglądu", publish=False,
                           blocks=[("paragraph", "<p>Szkic.</p>")])
    chapter.save_revision(user=users["komunikacja"])
    chapter.get_workflow().start(chapter, users["komunikacja"])
    client.force_login(users["eksperci"])
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Rozdział do przeglądu" in html


@pytest.mark.django_db
def test_plan_editor_warns_about_a_short_consultation_and_shows_the_report_deadline(client, plan, users):
    from datetime import timedelta

    from django.urls import reverse

    plan.consultation_closes = plan.consultation_opens + timedelta(days=20)
    plan.save_revision().publish()
    client.force_login(users["admin"])
    html = client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).content.decode()
    assert "Konsultacje trwają 20 dni." in html
    assert "wymaga co najmniej 35 dni" in html
    assert "Raport z konsultacji trzeba opublikować do" in html
    plan.consultation_closes = plan.consultation_opens + timedelta(days=40)
    plan.save_revision().publish()
    html = client.get(reverse("wagtailadmin_pages:edit", args=[plan.pk])).content.decode()
    assert "wymaga co najmniej 35 dni" not in html
