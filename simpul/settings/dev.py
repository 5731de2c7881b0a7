"""Local development and the demo: DEBUG on, a fixed key, any local host."""

import os

from .base import *  # noqa: F403
from .base import DATA_DIR, STORAGES, env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-key-not-for-production-0123456789abcdef"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
SIMPUL_FIELD_KEYS = [os.environ.get("SIMPUL_FIELD_KEY_DEV", "0Y3Tn3GZVTK8dD8RQm8fFsJwJ8yq0p1ZxM3aQb7wT2s=")]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = DATA_DIR / "outbox"
