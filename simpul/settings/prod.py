"""Production: refuses to start without its secrets; HTTPS-only cookies and HSTS."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY, SIMPUL_FIELD_KEYS, env_bool

DEBUG = False
if not SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set (at least 50 characters) in production.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production (comma-separated host names).")
if not SIMPUL_FIELD_KEYS:
    raise ImproperlyConfigured("SIMPUL_FIELD_KEYS must be set in production (Fernet keys, comma-separated).")
if not os.environ.get("SIMPUL_SIGNING_KEY"):
    raise ImproperlyConfigured(
        "SIMPUL_SIGNING_KEY must be set in production (make one: `simpul credentials keygen`)."
    )
if not os.environ.get("SIMPUL_PUBLIC_URL"):
    raise ImproperlyConfigured(
        "SIMPUL_PUBLIC_URL must be set in production (e.g. https://simpul.example.org)."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
