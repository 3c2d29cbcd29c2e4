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
