"""The WSGI entry point for application servers: production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings.production")
application = get_wsgi_application()

from careerhub.core.checks import refuse_weak_secret_key  # noqa: E402  (needs the settings)

refuse_weak_secret_key()
