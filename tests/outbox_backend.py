"""The outbox's task backend for most tests: the task runs in the test's process when the
transaction commits (as `django_capture_on_commit_callbacks(execute=True)` does), so a test sees
the mail in `django.core.mail.outbox` as it would arrive from the worker. The outbox's own tests
use django-tasks-db's DatabaseBackend and its worker instead."""

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


class ImmediateOnCommitBackend(ImmediateBackend):
    supports_defer = True

    def enqueue(self, task, args, kwargs):
        if task.run_after is not None:  # a retry later: the test runs it itself when it wants to
            return None
        result = None

        def run():
            nonlocal result
            result = super(ImmediateOnCommitBackend, self).enqueue(task, args, kwargs)

        transaction.on_commit(run)
        return result
