"""What happened to the record, turned into mail in the outbox.

Each function is called by the action that made the change, inside its transaction, so the mail
is queued if and only if the change is stored. The worker sends it after the commit.
"""


def comments_moderated(comments, *, published):
    """Tell each commenter that their comment was published, or rejected with the reason."""


def response_published(response):
    """Tell the commenter (and the members of its group) the official response."""
