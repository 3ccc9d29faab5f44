"""Test settings: fast hashing, in-memory mail, plain static storage."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE

DEBUG = False
# Published on purpose (tests must be deterministic); check careerhub.E001 names it as such.
SECRET_KEY = "careerhub-tests-only-this-key-is-published-in-the-repository-do-not-deploy"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "careerhub.core.files.PrivateStorage"},
}

# runserver and the test client find static files through the staticfiles app.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]

# Rate-limit counters and cached reports in memory, emptied before each test (careerhub/
# conftest.py); careerhub/core/tests/test_ratelimit.py runs the limiter on the database cache.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
