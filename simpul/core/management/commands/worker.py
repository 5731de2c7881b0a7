"""`simpul worker`: runs background tasks from the database queue (django-tasks-db's db_worker).

Every option of `db_worker` passes through (`simpul worker --help`); only the defaults differ:
all queues are processed, and the code reloader is off unless asked for (`--reload`), because a
worker in production must not restart half way through a task.
"""

from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand


class Command(DbWorkerCommand):
    help = "Run Simpul's background task worker (all queues by default)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(queue_name="*", reload=False)
