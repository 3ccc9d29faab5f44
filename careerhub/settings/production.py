"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""

from urllib.parse import urlsplit

from .base import *  # noqa: F403
from .base import DATABASES, env


def _site_origin(url: str) -> list[str]:
    parts = urlsplit(url)
    return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []


DEBUG = False
# Each web thread and task worker keeps its database connection for this many seconds
# instead of opening one per request: a new PostgreSQL backend starts with empty catalog
# caches, and bench_load measured 16.6 ms of database CPU per request with a connection per
# request. A kept connection is checked before reuse, so one the server dropped is replaced
# instead of failing the request. Connections: web processes × threads + task workers + 1.
# (A new dict: base's stays as it was, for whatever else imports it.)
DATABASES = {
    **DATABASES,
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=300),
        "CONN_HEALTH_CHECKS": True,
    },
}
SECRET_KEY = env("SECRET_KEY")
REQUIRE_STRONG_SECRET_KEY = True  # check careerhub.E001 fails `check` and the WSGI/ASGI start
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
# Behind a reverse proxy that terminates TLS (deploy/nginx.conf), the proxy's
# X-Forwarded-Proto tells Django the request came over HTTPS. Turn off
# (SECURE_PROXY_SSL_HEADER=off) when clients reach gunicorn directly: they could set it.
_TRUST_PROXY_PROTO = env.bool("SECURE_PROXY_SSL_HEADER", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _TRUST_PROXY_PROTO else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# A load balancer's health checks may come over plain HTTP (careerhub.core.health).
SECURE_REDIRECT_EXEMPT = [r"^healthz/?$", r"^readyz/?$"]
# Take the host from the proxy's X-Forwarded-Host (only behind a proxy that sets it).
USE_X_FORWARDED_HOST = env.bool("USE_X_FORWARDED_HOST", default=False)
# Cookies only over HTTPS unless the environment says otherwise (e.g. a private HTTP test box).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# Origins allowed to POST (scheme://host[:port]); by default the origin of SITE_URL.
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=_site_origin(env("SITE_URL", default=""))
)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
# The mail server as one URL, e.g. smtp+tls://user:password@smtp.example.kr:587 (sets
# EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS).
if env("EMAIL_URL", default=""):
    globals().update(env.email_url("EMAIL_URL"))
