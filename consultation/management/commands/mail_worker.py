"""The outbox's worker: queue again mail a dead worker left half-sent, then send mail as it is queued.

`make run` starts it beside the server; in production it runs as a service of its own (README).
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from consultation.notifications.outbox import requeue_stalled


class Command(BaseCommand):
    help = "Send the mail of the outbox (django-tasks' db_worker on the backend 'outbox'), retrying failures."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="Send what is due, then exit.")
        parser.add_argument("--interval", type=float, default=1, help="Seconds between looks at an empty queue.")

    def handle(self, *args, batch, interval, **options):
        stalled = requeue_stalled()
        if stalled:
            self.stdout.write(f"Queued again: {stalled}")
        # As on the command line: db_worker checks its --backend default ("default") unless one is given.
        arguments = ["--backend", "outbox", "--queue-name", "mail", "--interval", str(interval), "--no-reload",
                     "--no-startup-delay", "--verbosity", str(options["verbosity"])]
        call_command("db_worker", *arguments, *(["--batch"] if batch else []))
