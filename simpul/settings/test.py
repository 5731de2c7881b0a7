"""Tests: fast hashing, tasks run at once, mail kept in memory, in-memory cache."""

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# The verification rate limit shares the test run's cache; tests of the limit set their own.
SIMPUL_VERIFY_RATE_PER_MINUTE = 10_000
# Tests assert on the English source strings; the Indonesian default is tested explicitly
# (tests/test_translations.py sets LANGUAGE_CODE back to "id").
LANGUAGE_CODE = "en"
# On PostgreSQL a runaway query or a lock wait fails its test within minutes instead of hanging
# the run (pytest-timeout is the second net, for SQLite and Python loops).
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (  # noqa: F405
        "-c statement_timeout=300000 -c lock_timeout=120000"
    )
