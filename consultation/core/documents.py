"""Documents kept out of public sight until an action publishes them, and the collections that hold them.

The collection "Dokumenty niepubliczne" has a view restriction for the staff groups (migration 0010):
uploaded resolutions wait there, and the scans of comments received on paper or by email stay there
for good (they carry personal data). An adoption moves its resolution to the public "Uchwały".
"""

from wagtail.documents import get_document_model
from wagtail.models import Collection

PRIVATE_COLLECTION = "Dokumenty niepubliczne"
RESOLUTIONS_COLLECTION = "Uchwały"


def collection(name):
    found = Collection.objects.filter(name=name).first()
    if found is None:
        found = Collection.get_first_root_node().add_child(name=name)
    return found


def store_private_document(document_file, *, title, user):
    """Store an uploaded file as a document only staff can open."""
    return get_document_model().objects.create(
        title=title, file=document_file, uploaded_by_user=user, collection=collection(PRIVATE_COLLECTION),
    )
