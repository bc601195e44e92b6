"""Settings for Familienrathaus, read from environment variables.

With no variable set, these are the local development settings: debug on, localhost
allowed, an embedded SQLite database in ``var/`` and mails written to ``var/mail/``.
``DJANGO_ENV=production`` switches to production settings, which refuse to start
without ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FRH_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


PRODUCTION = env("DJANGO_ENV", "development") == "production"
DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

if PRODUCTION:
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's host names.")
else:
    SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-only-for-local-use-" + "x" * 8)
    # ".localhost": the demo's second alliance lives on beispieldorf.localhost.
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Links in mails and PDFs. Without SITE_URL: the dev server's address, on the port that
# `make run PORT=…` (scripts/run_dev.sh) starts it on.
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}").rstrip("/")
# Many alliances on one install (core.tenancy): an alliance without its own domain lives
# on <short name>.FRH_BASE_DOMAIN; the plain address (SITE_URL) is the first alliance.
FRH_BASE_DOMAIN = env("FRH_BASE_DOMAIN", "" if PRODUCTION else "localhost")
# The install's directory of alliances (familienrathaus.directory) answers on this host
# with its own pages; empty: no directory.
FRH_DIRECTORY_HOST = env("FRH_DIRECTORY_HOST", "" if PRODUCTION else "verzeichnis.localhost")
FRH_DIRECTORY_URLCONF = "familienrathaus.directory.urls"

INSTALLED_APPS = [
    # Before admin, as django-modeltranslation asks: texts per language (<field>_de, _en).
    "modeltranslation",
    # Before django.contrib.auth: its createsuperuser (for one alliance, core.tenancy)
    # replaces Django's.
    "familienrathaus.core",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # runserver leaves static files to WhiteNoise's middleware, so the development
    # server compresses them (and answers 304) as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "familienrathaus.partners",
    "familienrathaus.offers",
    "familienrathaus.search",
    "familienrathaus.guide",
    "familienrathaus.postcards",
    "familienrathaus.events",
    "familienrathaus.holidays",
    "familienrathaus.lottery",
    "familienrathaus.places",
    "familienrathaus.news",
    "familienrathaus.surveys",
    "familienrathaus.concerns",
    "familienrathaus.newsletter",
    "familienrathaus.ideas",
    "familienrathaus.employers",
    "familienrathaus.welcome",
    "familienrathaus.network",
    "familienrathaus.reports",
    "familienrathaus.directory",
    "familienrathaus.library",
]

MIDDLEWARE = [
    # Outermost, so they see every answer as it leaves (core.middleware, "delivery"):
    # gzip for text, also what WhiteNoise serves in development (in production it sends
    # its pre-compressed .br/.gz, which gzip leaves alone); an ETag from the uncompressed
    # page and 304 when it still matches; Cache-Control public only for what every
    # anonymous visitor gets alike.
    "familienrathaus.core.middleware.CompressionMiddleware",
    "familienrathaus.core.middleware.ConditionalGetMiddleware",
    "familienrathaus.core.middleware.CacheHeadersMiddleware",
    # An alliance's own domain is an allowed host without DJANGO_ALLOWED_HOSTS (core.tenancy).
    "familienrathaus.core.tenancy.OwnDomainMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The request's alliance from its host, active for everything below (core.tenancy).
    "familienrathaus.core.tenancy.AllianceMiddleware",
    "familienrathaus.core.csp.CSPMiddleware",  # django-csp + hashes of inline styles
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, and: a first visit to a German (unprefixed) page from a browser that
    # prefers another of our languages goes to that language's address; the API and
    # the admin speak the request's Accept-Language (core.i18n).
    "familienrathaus.core.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "familienrathaus.core.middleware.RequireSecondFactorMiddleware",
    # A part of the site the alliance does not use answers 404 (core.parts).
    "familienrathaus.core.parts.PartsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "familienrathaus" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "familienrathaus.core.context_processors.site",
            ],
        },
    },
]

# One database URL switches the backend; without it an embedded SQLite database.
# IMMEDIATE transactions take SQLite's write lock at BEGIN, so two writers queue up
# instead of failing half-way with "database is locked"; WAL lets readers go on.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if env("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"), conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "db.sqlite3"),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Rate limits and sessions must hold across several web processes, so the cache
# lives in the database rather than in process memory.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "frh_cache",
        # Each alliance's cached values (pages, rate-limit counters) are its own.
        "KEY_FUNCTION": "familienrathaus.core.tenancy.cache_key",
    }
}

AUTH_USER_MODEL = "core.User"
# An account logs in on any alliance's host; there it joins as a family (core.auth_backends).
AUTHENTICATION_BACKENDS = [
    "familienrathaus.core.auth_backends.ModelBackend",
    "familienrathaus.core.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"

# django-allauth: login by e-mail, verified addresses, throttled login, TOTP.
ACCOUNT_ADAPTER = "familienrathaus.core.auth_adapter.AccountAdapter"
# The same work for a new and a known address (no account enumeration by timing).
# Accounts are found among all alliances' (core.account_forms): a password reset asked
# on one alliance's site works for the person's account made on another's.
ACCOUNT_FORMS = {
    "signup": "familienrathaus.core.signup.SignupForm",
    "reset_password": "familienrathaus.core.account_forms.ResetPasswordForm",
    "user_token": "familienrathaus.core.account_forms.UserTokenForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_RATE_LIMITS = {
    # The key is (account, client address) (core.auth_adapter): a wrong password typed
    # elsewhere never locks the owner out; one address may fail 20 times in 15 minutes
    # across all accounts.
    "login_failed": "20/15m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", "Familienrathaus")

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("German")),
    ("en", _("English")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
]
LOCALE_PATHS = [BASE_DIR / "familienrathaus" / "locale"]
# Dates and numbers in each language's own conventions (Django's locale formats), plus
# the few named formats our templates use that Django has not (a date with its weekday):
# familienrathaus/formats/<language>/formats.py.
FORMAT_MODULE_PATH = "familienrathaus.formats"
# Translated content (django-modeltranslation): German is the text every other language
# falls back to when a translation is empty.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Front-end packages from npm, copied here by scripts/copy_frontend_assets.py.
STATICFILES_DIRS = [BASE_DIR / "familienrathaus" / "static", BASE_DIR / "build" / "frontend"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("FRH_MEDIA_ROOT", str(VAR_DIR / "media")))
# Private files (reduction proofs, documents about a family): outside MEDIA_ROOT, random
# names, served only by core.private_files' view after a permission check. With
# "x-accel" (nginx: `location /internal-private/ { internal; alias <root>/; }`) or
# "x-sendfile" the proxy sends the bytes; None streams them from Django.
PRIVATE_MEDIA_ROOT = Path(env("FRH_PRIVATE_ROOT", str(VAR_DIR / "private")))
PRIVATE_MEDIA_ACCEL: str | None = env("FRH_PRIVATE_ACCEL", "") or None
if PRIVATE_MEDIA_ACCEL not in (None, "x-accel", "x-sendfile"):
    raise ImproperlyConfigured("FRH_PRIVATE_ACCEL must be 'x-accel', 'x-sendfile' or empty.")
PRIVATE_MEDIA_ACCEL_PREFIX = "/internal-private/"
# Retention in days: sent/failed outbox rows and audit entries older than this go.
FRH_RETENTION_OUTBOX_DAYS = int(env("FRH_RETENTION_OUTBOX_DAYS", "90"))
FRH_RETENTION_AUDIT_DAYS = int(env("FRH_RETENTION_AUDIT_DAYS", "365"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# collectstatic compresses every static file (gzip, Brotli) once, for WhiteNoise to
# serve. Source maps are only fetched by a browser's developer tools: not worth the minutes
# their compression takes (the API docs' bundles alone have 5 MB of them).
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (*Compressor.SKIP_COMPRESS_EXTENSIONS, "map")

# Mail: every message goes through the outbox (core.outbox) and leaves via this backend.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Familienrathaus <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if env("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    }
}

NINJA_PAGINATION_PER_PAGE = 50

# The map of family places (places): the tile server is the one foreign host the
# browser may load pictures from, and only after the visitor clicked "Karte laden".
PLACES_TILE_URL = env("PLACES_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
PLACES_TILE_ATTRIBUTION = env("PLACES_TILE_ATTRIBUTION", "© OpenStreetMap-Mitwirkende")

# Strict Content-Security-Policy: everything from this site, no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # + the tile server of the request's alliance (an alliance may have its own tile
        # server: core.csp adds its origin per request, core.tiles).
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SAMESITE = "Lax"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading commits the domain to HTTPS for years: the operator opts in with
        # DJANGO_HSTS_PRELOAD=1; until then `check --deploy` need not warn about it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    # Behind the reverse proxy, which terminates TLS and sets this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Behind the proxy every request comes from 127.0.0.1: allauth's per-address login
    # limits take the client's address from the last X-Forwarded-For entry, the one the
    # proxy (deploy/nginx.conf) added. 0 when gunicorn faces the clients itself.
    ALLAUTH_TRUSTED_PROXY_COUNT = int(env("FRH_TRUSTED_PROXY_COUNT", "1"))
    if not env("EMAIL_HOST"):
        raise ImproperlyConfigured("EMAIL_HOST must be set in production.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.server": {"level": "WARNING" if env_bool("FRH_QUIET", False) else "INFO"},
    },
}
