"""Complete, environment-driven settings. dev.py, test.py and prod.py adjust only what differs.

Environment variables:
  SIMPUL_DATA_DIR   folder for the SQLite file, uploads and cache (default ./var)
  DATABASE_URL      e.g. postgres://user:pass@127.0.0.1:5432/simpul (default: SQLite in the data folder)
  SECRET_KEY        required in production
  ALLOWED_HOSTS     comma-separated, required in production
  SIMPUL_FIELD_KEYS comma-separated Fernet keys for sensitive fields (NIK); the first encrypts
  EMAIL_URL         not used; set EMAIL_HOST/EMAIL_PORT/EMAIL_HOST_USER/EMAIL_HOST_PASSWORD instead
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the simpul package
DATA_DIR = Path(os.environ.get("SIMPUL_DATA_DIR", Path.cwd() / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "allauth",
    "allauth.account",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "simpul.core",
    "simpul.regions",
    "simpul.people",
    "simpul.organisations",
    "simpul.libraries",
    "simpul.associations",
    "simpul.credentials",
    "simpul.events",
    "simpul.certification",
    "simpul.programs",
    "simpul.knowledge",
    "simpul.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "simpul.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simpul.core.middleware.CSPMiddleware",  # django-csp's, with the policy built once per process
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "simpul.urls"
WSGI_APPLICATION = "simpul.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "simpul.core.context_processors.site",
                "simpul.organisations.context_processors.roles",
            ],
        },
    },
]

# --- Database: SQLite in the data folder by default, PostgreSQL when DATABASE_URL is set.
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # SQLite cannot create the folder its file lives in
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "simpul.sqlite3",
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
                # instead of failing half way; WAL lets readers go on meanwhile.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {
    "default": {
        # Django's file cache that counts its entries once every 100 writes, not on each (simpul.core.cache).
        "BACKEND": "simpul.core.cache.FileCache",
        "LOCATION": str(DATA_DIR / "cache"),
        # Sessions (cached_db) and cached anonymous search answers live here too: Django's default of
        # 300 entries would cull a third of them at random whenever it is full.
        "OPTIONS": {"MAX_ENTRIES": 10_000, "CULL_EVERY": 100},
    },
    # Rendered fragments that are the same for every visitor, per process (the layout's own parts are
    # kept by `{% once %}`, simpul/core/templatetags/layout.py).
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fragments"},
}

# --- Accounts
AUTH_USER_MODEL = "people.User"
# Django's and allauth's backends, loading the person with the user (one query less per request).
AUTHENTICATION_BACKENDS = [
    "simpul.organisations.backends.ModelBackend",  # the user, its person and whether it holds roles
    "simpul.organisations.backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:profile"
LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "simpul.people.adapters.AccountAdapter"
# allauth's own limits; the login limit counts failed attempts per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
}

# --- Internationalisation: Indonesian first, English second.
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
# Apps added after the first ones keep their own catalogue (simpul/<app>/locale); they come first so
# that `simpul makemessages -l id`, run in simpul/ or in an app's folder, writes each string there.
OWN_CATALOGUE_APPS = ["events", "certification", "programs", "knowledge"]
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in OWN_CATALOGUE_APPS] + [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Jakarta"
USE_TZ = True

# --- Static and media files
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10_485_760

# --- Background tasks: django-tasks with its database backend; `simpul worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Simpul <noreply@simpul.local>")

# --- Sensitive fields (NIK): Fernet keys, the first encrypts, all decrypt (rotation).
SIMPUL_FIELD_KEYS = env_list("SIMPUL_FIELD_KEYS")

# --- Security headers
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions read through the cache (one file read instead of a database query on every signed-in page)
# and written through to the database, so a cleared cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CSRF_COOKIE_HTTPONLY = False  # htmx reads no cookie: the token travels in a header set from the page
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    },
}

# --- API
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 200

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Sign-up asks for the full name too (people helper): the account adapter names the Person with it.
ACCOUNT_SIGNUP_FORM_CLASS = "simpul.people.forms.SignupDetailsForm"

# --- Credentials (simpul.credentials; associations helper): the key that signs every card and certificate.
# SIMPUL_SIGNING_KEY: an Ed25519 private key, the 32-byte seed in base64url (`simpul credentials keygen`).
# Required in production (prod.py refuses to start without it); without it, a fixed, published
# development key signs, which proves nothing. SIMPUL_SIGNING_RETIRED_KEYS: public keys (base64url) of
# earlier signing keys, so credentials they signed still verify after a rotation.
SIMPUL_DEV_SIGNING_KEY = "wyD6DIb2rTfIoXsM_L8a87YyrdR2wO1Hr3LBMSnoiU4"  # development only: public
SIMPUL_SIGNING_KEY = os.environ.get("SIMPUL_SIGNING_KEY") or SIMPUL_DEV_SIGNING_KEY
SIMPUL_SIGNING_RETIRED_KEYS = env_list("SIMPUL_SIGNING_RETIRED_KEYS")
# The absolute address QR codes and Open Badges point at (no trailing slash), e.g. https://simpul.id
SIMPUL_PUBLIC_URL = os.environ.get("SIMPUL_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
# Public verification lookups allowed per client address per minute (/verify/<code> and its API).
SIMPUL_VERIFY_RATE_PER_MINUTE = int(os.environ.get("SIMPUL_VERIFY_RATE_PER_MINUTE", "60"))
# Uploads (application documents, dues proofs): largest accepted size in bytes.
SIMPUL_UPLOAD_MAX_BYTES = int(os.environ.get("SIMPUL_UPLOAD_MAX_BYTES", str(5 * 1024 * 1024)))

# --- Libraries (issue 3): Leaflet's static files come from the django-leaflet package, served as a
# static folder (as an app, django-leaflet's admin needs GDAL, which Simpul does not use). The
# visitor's browser loads OpenStreetMap tiles directly; the directory stays useful without them.
import importlib.util  # noqa: E402

_leaflet_spec = importlib.util.find_spec("leaflet")
if _leaflet_spec and _leaflet_spec.submodule_search_locations:
    STATICFILES_DIRS += [Path(_leaflet_spec.submodule_search_locations[0]) / "static"]
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += ["https://tile.openstreetmap.org"]
