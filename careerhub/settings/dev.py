"""Local development: the embedded SQLite database; DEBUG on unless the environment says no."""

from .base import *  # noqa: F403
from .base import MIDDLEWARE, env

DEBUG = env.bool("DEBUG", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "careerhub.core.files.PrivateStorage"},
}

# runserver and the test client find static files through the staticfiles app.
MIDDLEWARE = [m for m in MIDDLEWARE if not m.startswith("whitenoise")]
