"""Documents kept out of public sight until an action publishes them, and the collections that hold them.

The collection "Dokumenty niepubliczne" has a view restriction for the staff groups (migration 0010):
uploaded resolutions wait there, and the scans of comments received on paper or by email stay there
for good (they carry personal data). An adoption moves its resolution to the public "Uchwały".
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection

PRIVATE_COLLECTION = "Dokumenty niepubliczne"
RESOLUTIONS_COLLECTION = "Uchwały"


def collection(name, within=None):
    """The collection `name` inside `within` (a region's collection, models.regions), or at the top."""
    parent = within or Collection.get_first_root_node()
    found = parent.get_children().filter(name=name).first()
    if found is None:
        found = Collection.objects.get(pk=parent.pk).add_child(name=name)
    return found


def store_private_document(document_file, *, title, user, within=None):
    """Store an uploaded file as a document only staff (of its region, `within`) can open."""
    return get_document_model().objects.create(
        title=title, file=document_file, uploaded_by_user=user, collection=collection(PRIVATE_COLLECTION, within),
    )
