"""Review before publishing, versions and adoption rights.

- Komunikacja edits and submits for review; it no longer publishes pages nor unlocks them (an
  adopted plan stays locked), and it may publish numbered versions of a plan.
- A workflow "Przegląd ekspercki" with one task approved by the Eksperci group replaces Wagtail's
  default workflow on the root page, so every plan and chapter passes the experts' review.
- Eksperci may publish pages: approving the last review task publishes the page with the
  approver's rights (wagtail.workflows.publish_workflow_state).
- Zarząd may record an adoption.
"""

import importlib

from django.db import migrations

ensure_permissions = importlib.import_module("consultation.migrations.0002_groups").ensure_permissions

WORKFLOW_NAME = "Przegląd ekspercki"
TASK_NAME = "Przegląd zespołu ekspertów"
MODEL_PERMISSIONS = {
    "Komunikacja": [("consultation", "add_planversion"), ("consultation", "view_planversion")],
    "Zarząd": [("consultation", "add_adoption"), ("consultation", "view_adoption")],
}
REMOVED_PAGE_PERMISSIONS = {"Komunikacja": ["publish_page", "unlock_page"]}
ADDED_PAGE_PERMISSIONS = {"Eksperci": ["publish_page"]}


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    for name, permissions in MODEL_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        for app_label, codename in permissions:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    for name, codenames in REMOVED_PAGE_PERMISSIONS.items():
        GroupPagePermission.objects.filter(group__name=name, permission__codename__in=codenames).delete()

    root = Page.objects.filter(depth=1).first()
    for name, codenames in ADDED_PAGE_PERMISSIONS.items():
        for codename in codenames:
            if root is not None:
                GroupPagePermission.objects.get_or_create(
                    group=Group.objects.get(name=name), page=root,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name=TASK_NAME, defaults={"content_type": task_type, "active": True}
    )
    task.groups.set([Group.objects.get(name="Eksperci")])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def backwards(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=WORKFLOW_NAME).update(active=False)


class Migration(migrations.Migration):
    dependencies = [("consultation", "0003_versions_and_adoption")]

    operations = [migrations.RunPython(forwards, backwards)]
