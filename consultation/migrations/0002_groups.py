"""The groups of the roles (README) and their permissions: Komunikacja, Eksperci, Zarząd."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PAGE_PERMISSIONS = {
    "Komunikacja": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
COLLECTION_PERMISSIONS = {
    "Komunikacja": [("wagtaildocs", "document", ["add", "change", "choose"]),
                    ("wagtailimages", "image", ["add", "change", "choose"])],
    "Zarząd": [("wagtaildocs", "document", ["add", "choose"])],
}
MODEL_PERMISSIONS = {
    "Komunikacja": [("wagtailadmin", "access_admin")],
    "Eksperci": [
        ("wagtailadmin", "access_admin"),
        ("consultation", "moderate_paragraphcomment"),
        ("consultation", "view_paragraphcomment"),
        ("consultation", "add_officialresponse"),
        ("consultation", "change_officialresponse"),
        ("consultation", "view_officialresponse"),
    ],
    "Zarząd": [("wagtailadmin", "access_admin")],
}


def ensure_permissions(apps):
    # Permissions are normally made after all migrations; these groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def create_groups(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()
    for name in ("Komunikacja", "Eksperci", "Zarząd"):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in MODEL_PERMISSIONS.get(name, []):
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        for codename in PAGE_PERMISSIONS.get(name, []):
            if root_page is not None:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page,
                    permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
                )
        for app_label, model, actions in COLLECTION_PERMISSIONS.get(name, []):
            for action in actions:
                if root_collection is not None:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group, collection=root_collection,
                        permission=Permission.objects.get(content_type__app_label=app_label,
                                                          codename=f"{action}_{model}"),
                    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Komunikacja", "Eksperci", "Zarząd"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailadmin", "0006_formstate"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
