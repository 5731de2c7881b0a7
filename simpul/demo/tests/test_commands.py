"""The serve, worker and demo commands parse their options; no server is started here."""

import gc

import pytest
from django.core.management import load_command_class

from simpul.core.management.commands.serve import (
    GC_THRESHOLD,
    SimpulGunicorn,
    default_workers,
    gunicorn_options,
)


def _parse(app, name, *argv):
    command = load_command_class(app, name)
    parser = command.create_parser("simpul", name)
    return vars(parser.parse_args(list(argv)))


def test_serve_defaults_to_loopback_and_collects_static_files(monkeypatch):
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    options = _parse("simpul.core", "serve")
    assert options["bind"] == "127.0.0.1:8000"
    assert options["collectstatic"] is True
    config = gunicorn_options(options)
    assert config["workers"] == default_workers() >= 3
    assert "worker_class" not in config  # one thread: gunicorn's sync workers


def test_serve_takes_bind_workers_and_threads():
    options = _parse(
        "simpul.core",
        "serve",
        "--bind",
        "0.0.0.0:9000",
        "--workers",
        "3",
        "--threads",
        "8",
        "--no-collectstatic",
    )
    assert options["collectstatic"] is False
    app = SimpulGunicorn(gunicorn_options(options))  # builds gunicorn's config without serving
    assert app.cfg.bind == ["0.0.0.0:9000"]
    assert app.cfg.workers == 3
    assert app.cfg.threads == 8
    assert app.cfg.worker_class_str == "gthread"


def test_a_worker_leaves_the_loaded_project_out_of_garbage_collection():
    before = gc.get_threshold()
    try:
        application = SimpulGunicorn(gunicorn_options(_parse("simpul.core", "serve"))).load()
        assert callable(application)
        assert gc.get_threshold() == GC_THRESHOLD
        assert gc.get_freeze_count() > 10_000  # Django and the project's modules, kept out
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


def test_serve_workers_follow_web_concurrency(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "4")
    assert gunicorn_options(_parse("simpul.core", "serve"))["workers"] == 4


@pytest.fixture
def database_tasks(settings):
    """Production's task backend (the tests' own runs tasks at once, so db_worker refuses it)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_worker_processes_every_queue_without_reloading_by_default(database_tasks):
    options = _parse("simpul.core", "worker")
    assert options["queue_name"] == "*"
    assert options["reload"] is False


def test_worker_passes_db_worker_options_through(database_tasks):
    options = _parse(
        "simpul.core", "worker", "--queue-name", "mail", "--batch", "--interval", "5", "--max-tasks", "3"
    )
    assert (options["queue_name"], options["batch"], options["interval"], options["max_tasks"]) == (
        "mail",
        True,
        5,
        3,
    )


def test_demo_can_set_up_without_serving():
    options = _parse("simpul.demo", "demo", "--no-serve")
    assert options["serve"] is False
    assert _parse("simpul.demo", "demo")["bind"] == "127.0.0.1:8000"
