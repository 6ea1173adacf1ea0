"""Settings for auyl, read from the environment.

Development gets safe defaults (embedded SQLite, DEBUG on, a development secret key, console SMS);
production (DEBUG off) refuses to start with the development secret key, and refuses DEBUG on a
host that is not local. Every variable is documented in README.md.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

DEV_SECRET_KEY = "dev-insecure-auyl-secret-key-change-me-in-production-0123456789"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "testserver"}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
# Demo shortcuts (printed TOTP secrets, `manage.py totp_code`) exist only when DEBUG is on.
DEMO_SHORTCUTS = DEBUG


def check_production_safety(*, debug: bool, secret_key: str, allowed_hosts: list[str]) -> None:
    """Refuse an unsafe production configuration (called at import, tested directly)."""
    if not debug and secret_key == DEV_SECRET_KEY:
        raise ImproperlyConfigured("SECRET_KEY must be set to a secret value when DEBUG is off.")
    if not debug and len(secret_key) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be at least 32 characters long.")
    if debug:
        public = [h for h in allowed_hosts if h not in LOCAL_HOSTS]
        if public:
            raise ImproperlyConfigured(
                "DEBUG must be off when ALLOWED_HOSTS names a non-local host: " + ", ".join(public)
            )


check_production_safety(debug=DEBUG, secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "auyl.core",
    "auyl.territory",
    "auyl.accounts",
    "auyl.appeals",
    "auyl.reception",
    "auyl.assemblies",
    "auyl.council",
    "auyl.reporting",
    "auyl.budget",
    "auyl.initiatives",
    "auyl.surveys",
    "auyl.plans",
    "auyl.kpi",
    "auyl.documents",
    "auyl.powers",
    "auyl.elections",
    "auyl.referendums",
    "auyl.juries",
    "auyl.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auyl.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "auyl.urls"
WSGI_APPLICATION = "auyl.wsgi.application"
ASGI_APPLICATION = "auyl.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "auyl" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "auyl.core.context_processors.site",
            ],
        },
    },
]

# Database: embedded SQLite (WAL) by default, PostgreSQL >= 15 through DATABASE_URL.
DEFAULT_SQLITE = BASE_DIR / "var" / "auyl.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"), conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"

# Languages: Kazakh first (state language), Russian, English.
LANGUAGE_CODE = "kk"
LANGUAGES = [("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "auyl" / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Almaty"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "auyl" / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at start-up when it is missing

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Personal data: IINs are found through a keyed hash and stored encrypted (Fernet).
# Both keys default to values derived from SECRET_KEY; production may set them separately.
IIN_HASH_KEY = os.environ.get("IIN_HASH_KEY", "")
FIELD_ENCRYPTION_KEY = os.environ.get("FIELD_ENCRYPTION_KEY", "")

# Mail and SMS.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "auyl@localhost")
# SMS_BACKEND: "console" (prints), "file" (appends to SMS_FILE_PATH), "http" (POSTs to SMS_HTTP_URL).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console" if DEBUG else "http")
SMS_FILE_PATH = os.environ.get("SMS_FILE_PATH", str(BASE_DIR / "var" / "sms.log"))
SMS_HTTP_URL = os.environ.get("SMS_HTTP_URL", "")
SMS_HTTP_TOKEN = os.environ.get("SMS_HTTP_TOKEN", "")

# Outbox: try to deliver each message right after its transaction commits (manage.py tick retries).
NOTIFY_SEND_ON_COMMIT = env_bool("NOTIFY_SEND_ON_COMMIT", True)

# One-time codes for residents.
OTP_TTL_SECONDS = 300
OTP_MAX_ATTEMPTS = 5
OTP_MAX_PER_PHONE_PER_HOUR = int(os.environ.get("OTP_MAX_PER_PHONE_PER_HOUR", "5"))
OTP_MAX_PER_IP_PER_HOUR = int(os.environ.get("OTP_MAX_PER_IP_PER_HOUR", "30"))

# Staff sign-in: failed attempts allowed per login name and per IP within the window, then refused.
SIGNIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("SIGNIN_FAILURE_WINDOW_SECONDS", "900"))
SIGNIN_MAX_FAILURES_PER_USERNAME = int(os.environ.get("SIGNIN_MAX_FAILURES_PER_USERNAME", "10"))
SIGNIN_MAX_FAILURES_PER_IP = int(os.environ.get("SIGNIN_MAX_FAILURES_PER_IP", "30"))
SIGNIN_PENDING_TTL_SECONDS = 600
# Number of reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

SITE_NAME = _("auyl")
