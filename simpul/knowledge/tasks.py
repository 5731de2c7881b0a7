"""Background tasks of the repository (run by `simpul worker`)."""

from django_tasks import task

from .indexing import file_extract_text, reindex_all


@task()
def extract_text(file_id: int) -> str:
    """Read a PDF's text into the index (pypdf can take seconds on a long proceedings volume)."""
    return file_extract_text(file_id)


@task()
def rebuild_index() -> int:
    return reindex_all()
