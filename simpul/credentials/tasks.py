"""Background work: rendering a batch of credentials into a ZIP (`simpul worker` runs it)."""

from django_tasks import task

from .render import render_batch_archive


@task()
def render_batch(batch_id: int) -> int:
    return render_batch_archive(batch_id).done
