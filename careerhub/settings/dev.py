"""Local development and the demo: the embedded SQLite database.

DEBUG is off unless the environment says ``DEBUG=1``: whoever opens the demo sees the Korean
404/500 pages, not Django's technical pages (which show settings and code). WhiteNoise serves
the static files straight from the apps' folders, so no collectstatic is needed either way.
"""

import os
import secrets
from pathlib import Path

from .base import *  # noqa: F403
from .base import BASE_DIR, env


def machine_secret_key(path: Path) -> str:
    """This machine's own dev key: made once, kept in ``var/secret_key`` (never in the repo)."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    draft.write_text(secrets.token_urlsafe(50))
    draft.chmod(0o600)
    try:
        os.link(draft, path)  # atomic: when two processes start at once, the first key wins
    except FileExistsError:
        pass
    finally:
        draft.unlink()
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default="") or machine_secret_key(BASE_DIR / "var" / "secret_key")
DEBUG = env.bool("DEBUG", default=False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "careerhub.core.files.PrivateStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
