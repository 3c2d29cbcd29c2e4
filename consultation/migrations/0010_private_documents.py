"""Documents the board uploads stay private until an action publishes them.

Creates two collections: "Dokumenty niepubliczne", which only the staff groups can open (a
Wagtail collection view restriction, so /documents/<id>/… answers anyone else with a login page),
and "Uchwały", where an adoption moves its resolution. The Zarząd group may add and choose
documents only in the private collection; before, its uploads went to the public root.
"""

from django.db import migrations

PRIVATE = "Dokumenty niepubliczne"
RESOLUTIONS = "Uchwały"
STAFF_GROUPS = ["Komunikacja", "Eksperci", "Zarząd"]


def add_child(Collection, parent, name):
    """treebeard's add_child is not available on historical models: place the node by hand."""
    existing = Collection.objects.filter(name=name, depth=parent.depth + 1, path__startswith=parent.path).first()
    if existing:
        return existing
    siblings = Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path).order_by("-path")
    last = siblings.first()
    steplen = 4
    number = int(last.path[-steplen:], 36) + 1 if last else 1
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = alphabet[rest] + digits
    path = parent.path + digits.rjust(steplen, "0")
    parent.numchild += 1
    parent.save(update_fields=["numchild"])
    return Collection.objects.create(name=name, path=path, depth=parent.depth + 1, numchild=0)


def forwards(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")

    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    private = add_child(Collection, root, PRIVATE)
    add_child(Collection, Collection.objects.get(pk=root.pk), RESOLUTIONS)
    if not CollectionViewRestriction.objects.filter(collection=private).exists():
        # Reviewed: an empty shared password; access is by group membership, not a password.
        restriction = CollectionViewRestriction.objects.create(collection=private, restriction_type="groups",
                                                               password="")  # nosec B106
        restriction.groups.set(Group.objects.filter(name__in=STAFF_GROUPS))
    board = Group.objects.filter(name="Zarząd").first()
    if board is None:
        return
    document_permissions = Permission.objects.filter(content_type__app_label="wagtaildocs",
                                                     codename__in=["add_document", "choose_document"])
    GroupCollectionPermission.objects.filter(group=board, collection=root, permission__in=document_permissions).delete()
    for permission in document_permissions:
        GroupCollectionPermission.objects.get_or_create(group=board, collection=private, permission=permission)


class Migration(migrations.Migration):
    dependencies = [
        ("consultation", "0009_flags_names_errata"),
        ("wagtailcore", "0092_alter_collectionviewrestriction_password_and_more"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
