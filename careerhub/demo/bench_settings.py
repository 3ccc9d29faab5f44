"""Settings of the server ``manage.py bench_load`` starts: the production settings, plus one
middleware that answers each request's number of database queries in a header
(``X-Bench-Queries``), so the benchmark's per-page table shows where queries pile up."""

from careerhub.settings.production import *  # noqa: F403
from careerhub.settings.production import MIDDLEWARE

MIDDLEWARE = ["careerhub.demo.bench_middleware.QueryCountMiddleware", *MIDDLEWARE]
