"""Settings shared by every environment. Everything that differs comes from the environment."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env(
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["localhost", "127.0.0.1", "[::1]"]),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# No default here: production takes it from the environment (and refuses a weak one, check
# careerhub.E001), dev makes one per machine (settings/dev.py), tests use their own.
SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "careerhub.core",
    "careerhub.messaging",  # the outbox of every email (and later SMS), above core
    "careerhub.accounts",
    "careerhub.taxonomy",
    "careerhub.academy",
    "careerhub.intake",
    "careerhub.companies",
    "careerhub.committees",
    "careerhub.hiring",
    "careerhub.outcomes",
    "careerhub.consulting",
    "careerhub.applications",
    "careerhub.followup",  # graduate check-ins and retention after hire
    "careerhub.employer_feedback",  # employers rate their hires' preparation per skill
    "careerhub.reports",
    "careerhub.privacy",
    "django_tasks",
    "django_tasks_db",
    "careerhub.matching",
    "careerhub.audit",
    "careerhub.home",
    "careerhub.demo",
    "careerhub.webhooks",  # signed events to integrations' systems, through the outbox
    "ninja",  # the API docs page and its swagger-ui files, served by the app (no CDN)
    "careerhub.api",
]

MIDDLEWARE = [
    "careerhub.core.accesslog.RequestContextMiddleware",  # request id + user id for the log
    "django.middleware.security.SecurityMiddleware",
    "careerhub.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "careerhub.core.middleware.KoreanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "careerhub.accounts.middleware.ActorMiddleware",
    "careerhub.core.middleware.PermissionDeniedMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "careerhub.core.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "careerhub.urls"
# Django's widget templates, with input, textarea and select written out in Python (the same
# HTML, a fraction of the time: careerhub.core.forms_renderer)
FORM_RENDERER = "careerhub.core.forms_renderer.FastWidgetRenderer"
WSGI_APPLICATION = "careerhub.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "careerhub" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "careerhub.home.navigation.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'careerhub.sqlite3'}")
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout let the dev server and a management command share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )

# The shared cache: Redis when REDIS_URL is set (e.g. redis://127.0.0.1:6379/0), otherwise a
# table of the database itself (created by core's migration 0003), so every process sees the
# same rate-limit counters without another server.
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "careerhub.core.cache.RedisCache", "LOCATION": REDIS_URL}}
    # Every request reads its session: from Redis, with the database behind it (a session
    # survives a Redis restart; writes still go to both).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "careerhub_cache",
            # Django's default of 300 would let a burst of new keys cull live counters.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }

# Rate limits (django-ratelimit over the cache above; careerhub.core.ratelimit), as
# "<count>/<period>" with s, m, h or d, e.g. "5/10m". "ip" counts per client address
# (careerhub.core.net.client_ip), "target" per email address or username. Login counts failed
# attempts only. Each can be set from the environment, e.g. RATELIMIT_APPLY_IP=20/10m for a
# recruiting event where many people apply from one network.
RATELIMITS = {
    scope: {
        by: env(f"RATELIMIT_{scope.upper()}_{by.upper()}", default=rate)
        for by, rate in rates.items()
    }
    for scope, rates in {
        "apply": {"ip": "5/10m", "target": "3/h"},
        "link_request": {"ip": "10/h", "target": "3/h"},
        "password_reset": {"ip": "30/h", "target": "5/h"},
        "login": {"ip": "30/10m", "target": "10/10m"},
        # the REST API, per API key (or per signed-in user): careerhub.api.auth
        "api": {"target": "600/m"},
    }.items()
}
RATELIMIT_IP_META_KEY = "careerhub.core.ratelimit.client_address"
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 (the default)
# ignores the header, since any client can write it.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while an account is locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Brute-force protection: 5 failed logins for the same email from the same address lock that
# pair out for 15 minutes; a successful login resets the count.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "accounts:login"
# Anyone who works on other people's data (every role but trainee) is logged out after this
# many minutes without a request (careerhub.core.middleware.StaffIdleTimeoutMiddleware).
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
# An applicant's link to their application stops working after this many days; the expired
# page offers a new one by email.
APPLICANT_LINK_MAX_AGE_DAYS = env.int("APPLICANT_LINK_MAX_AGE_DAYS", default=30)
# Employer feedback on hires (careerhub.employer_feedback): the company is asked this many days
# after a hire starts (a run missed by up to FEEDBACK_CATCH_UP_DAYS still asks); operators see a
# course × skill average only from FEEDBACK_MIN_ANSWERS ratings up.
FEEDBACK_AFTER_DAYS = env.int("FEEDBACK_AFTER_DAYS", default=30)
FEEDBACK_CATCH_UP_DAYS = env.int("FEEDBACK_CATCH_UP_DAYS", default=14)
FEEDBACK_MIN_ANSWERS = env.int("FEEDBACK_MIN_ANSWERS", default=3)
# Graduate check-ins (careerhub.followup): the months after completion a graduate without a
# verified outcome is asked (0 = at completion; keep the rule sets' 3- and 6-month windows
# among them), the months after a hire's start its employment is followed, how long a
# check-in link works, after how many days one reminder goes to those who did not answer,
# and for how many days a round missed by the scheduler is still sent.
CHECKIN_MONTHS = env.list("CHECKIN_MONTHS", cast=int, default=[0, 1, 3, 6, 12])
RETENTION_MONTHS = env.list("RETENTION_MONTHS", cast=int, default=[1, 3, 6])
CHECKIN_LINK_MAX_AGE_DAYS = env.int("CHECKIN_LINK_MAX_AGE_DAYS", default=30)
CHECKIN_REMINDER_DAYS = env.int("CHECKIN_REMINDER_DAYS", default=7)
CHECKIN_CATCH_UP_DAYS = env.int("CHECKIN_CATCH_UP_DAYS", default=7)
# Sent on every response (careerhub.core.middleware.ContentSecurityPolicyMiddleware). No inline
# script anywhere: JavaScript lives in careerhub/static. Inline styles stay allowed: the Django
# admin's templates, htmx's indicator style and a few style attributes use them.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": {"BACKEND": "careerhub.core.files.PrivateStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"
# Uploads (evidence, …) live here, outside every URL, served only by views that check and
# record (careerhub.core.files). Behind nginx, PRIVATE_FILES_ACCEL_REDIRECT names an
# ``internal`` location mapped onto this directory; behind Apache, PRIVATE_FILES_SENDFILE.
PRIVATE_MEDIA_ROOT = env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
PRIVATE_FILES_ACCEL_REDIRECT = env("PRIVATE_FILES_ACCEL_REDIRECT", default="")
PRIVATE_FILES_SENDFILE = env.bool("PRIVATE_FILES_SENDFILE", default=False)

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="careerhub <noreply@careerhub.local>")
# The site's public address (scheme, host and any path prefix, no trailing slash). Every link
# in a message (email, later SMS) is built from it by careerhub.messaging.links.absolute_url,
# never from the request, so mail sent by a background worker links to the right place.
# Production: SITE_URL=https://careerhub.example.kr
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Sent and failed messages (the outbox holds personal data) are deleted after this many days
# by the daily retention run.
MESSAGE_RETENTION_DAYS = env.int("MESSAGE_RETENTION_DAYS", default=180)
# Text messages and KakaoTalk 알림톡 (careerhub.messaging.solapi): off unless SMS_PROVIDER is
# "solapi" and the key, the secret and a sender number registered with Solapi are set. The
# 알림톡 channel also needs the KakaoTalk channel's pfId and, per message kind, the id of the
# template Kakao approved ("application_update=KA01TP…,consulting_booked=KA01TP…"); a kind
# without one goes as a text message. SOLAPI_BASE_URL is for tests (a local fake of the API).
SMS_PROVIDER = env("SMS_PROVIDER", default="")
SOLAPI_API_KEY = env("SOLAPI_API_KEY", default="")
SOLAPI_API_SECRET = env("SOLAPI_API_SECRET", default="")
SOLAPI_BASE_URL = env("SOLAPI_BASE_URL", default="https://api.solapi.com")
SMS_SENDER_NUMBER = env("SMS_SENDER_NUMBER", default="")
ALIMTALK_PF_ID = env("ALIMTALK_PF_ID", default="")
ALIMTALK_TEMPLATES = env.dict("ALIMTALK_TEMPLATES", default={})

# Where the shared reference data lives (O*NET, Korean occupation codes); optional.
SHARED_DATA_DIR = Path(
    env("CAREERHUB_SHARED_DATA", default=str(BASE_DIR.parent / "shared" / "data"))
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

STATICFILES_DIRS = [BASE_DIR / "careerhub" / "static"]

# Access records (PIPC safety-measure standard §8) are kept at least two years; the retention
# command deletes older ones through careerhub.core.access.access_records_purge.
ACCESS_RECORD_RETENTION_DAYS = env.int("ACCESS_RECORD_RETENTION_DAYS", default=730)

# Personal data (PIPA): how long it is kept and who answers for it. The privacy policy page,
# the consent notices and the daily retention run (manage.py retention_enforce) all read these
# through careerhub.core.privacy_catalogue, so a change here changes every statement at once.
RETENTION_UNSELECTED_APPLICANT_DAYS = env.int("RETENTION_UNSELECTED_APPLICANT_DAYS", default=365)
RETENTION_TRAINEE_YEARS = env.int("RETENTION_TRAINEE_YEARS", default=3)
PRIVACY_CONTROLLER_NAME = env("PRIVACY_CONTROLLER_NAME", default="careerhub 사업단")
PRIVACY_CONTROLLER_CONTACT = env("PRIVACY_CONTROLLER_CONTACT", default="office@careerhub.local")
PRIVACY_OFFICER_NAME = env("PRIVACY_OFFICER_NAME", default="개인정보 보호책임자")
PRIVACY_OFFICER_CONTACT = env("PRIVACY_OFFICER_CONTACT", default="privacy@careerhub.local")
PRIVACY_POLICY_DATE = env("PRIVACY_POLICY_DATE", default="2026-03-01")

# Background tasks (django-tasks, the backport of Django 6's tasks framework). By default the
# queue lives in the database itself — no broker; `manage.py db_worker` runs the tasks (so on
# PostgreSQL it is a PostgreSQL queue). TASKS_BACKEND may name any django-tasks backend, e.g.
# "django_tasks.backends.immediate.ImmediateBackend" (run at once, in the request) or
# "django_tasks_rq.RQBackend" for Redis (needs the django-tasks-rq package and RQ_QUEUES).
# Background runs (careerhub.core.runs): a running job touches its heartbeat every
# RUN_HEARTBEAT_SECONDS; the reaper (every minute) fails one silent for longer than
# RUN_HEARTBEAT_TIMEOUT_SECONDS, and a waiting one whose task the queue lost after
# RUN_QUEUED_TIMEOUT_SECONDS.
RUN_HEARTBEAT_SECONDS = env.float("RUN_HEARTBEAT_SECONDS", default=10.0)
RUN_HEARTBEAT_TIMEOUT_SECONDS = env.int("RUN_HEARTBEAT_TIMEOUT_SECONDS", default=120)
RUN_QUEUED_TIMEOUT_SECONDS = env.int("RUN_QUEUED_TIMEOUT_SECONDS", default=600)
# An upload larger than this goes to a temporary file as it arrives instead of memory; its
# size is checked (UploadedFile.size) before anything reads it.
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=256 * 1024)
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# TASKS_BACKEND=django_tasks_rq.RQBackend keeps the queue in Redis (REDIS_URL, required then)
# and runs it with `manage.py rqworker --job-class django_tasks_rq.Job` (scripts/serve.sh).
if TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
    if not REDIS_URL:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("TASKS_BACKEND=django_tasks_rq.RQBackend needs REDIS_URL")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        queue: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": env.int("RQ_JOB_TIMEOUT", default=3600)}
        for queue in TASKS["default"]["QUEUES"]
    }

# Periodic tasks, enqueued by `manage.py scheduler` (careerhub.core.scheduling): "every"
# seconds, or "daily" at a local time (TIME_ZONE). Any number of schedulers may run (one per
# machine): each due time is enqueued once. The scheduler looks every SCHEDULER_TICK_SECONDS.
PERIODIC_TASKS = [
    {
        "name": "messages_deliver",
        "task": "careerhub.messaging.tasks.messages_deliver_task",
        "every": env.int("SCHEDULE_MESSAGES_DELIVER_SECONDS", default=60),
    },
    {
        # each subscriber gets at most one digest a week (careerhub.matching.alerts)
        "name": "job_alerts",
        "task": "careerhub.matching.alerts.job_alerts_task",
        "daily": env("SCHEDULE_JOB_ALERTS_AT", default="09:00"),
    },
    {
        # the carriers' final reports of text messages (careerhub.messaging.solapi)
        "name": "sms_statuses_poll",
        "task": "careerhub.messaging.tasks.sms_statuses_poll_task",
        "every": env.int("SCHEDULE_SMS_STATUS_SECONDS", default=600),
    },
    {
        "name": "runs_reap",
        "task": "careerhub.core.tasks.runs_reap_task",
        "every": env.int("SCHEDULE_RUNS_REAP_SECONDS", default=60),
    },
    {
        "name": "retention_enforce",
        "task": "careerhub.privacy.tasks.retention_enforce_task",
        "daily": env("SCHEDULE_RETENTION_ENFORCE_AT", default="03:00"),
    },
    {
        "name": "hire_feedback_requests",
        "task": "careerhub.employer_feedback.tasks.feedback_requests_task",
        "daily": env("SCHEDULE_HIRE_FEEDBACK_AT", default="10:30"),
    },
    {
        "name": "checkins_run",
        "task": "careerhub.followup.tasks.checkins_run_task",
        "daily": env("SCHEDULE_CHECKINS_AT", default="10:00"),
    },
    {
        "name": "standings_refresh",
        "task": "careerhub.reports.tasks.standings_refresh_task",
        "every": env.int("SCHEDULE_STANDINGS_REFRESH_SECONDS", default=3600),
    },
    {
        "name": "consulting_reminders",
        "task": "careerhub.consulting.tasks.bookings_remind_task",
        "every": env.int("SCHEDULE_REMINDERS_SECONDS", default=3600),
    },
    {
        "name": "interview_reminders",
        "task": "careerhub.applications.tasks.interviews_remind_task",
        "every": env.int("SCHEDULE_REMINDERS_SECONDS", default=3600),
    },
]
SCHEDULER_TICK_SECONDS = env.float("SCHEDULER_TICK_SECONDS", default=5.0)
# Calendar invites and reminders: how long an interview is put in calendars (an application
# records its start only) and the local hours in which the day-before reminders go out.
INTERVIEW_MINUTES = env.int("INTERVIEW_MINUTES", default=60)
CALENDAR_REMINDER_HOURS = (9, 21)
