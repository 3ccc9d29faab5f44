"""System checks of the project's own security settings.

``careerhub.E001``: the secret key signs sessions and the applicants' links, so a key anybody
can read in the repository (or a short, repetitive one) lets anybody forge them. Production
(``REQUIRE_STRONG_SECRET_KEY``) fails ``manage.py check`` and refuses to start with one;
``check --deploy`` reports it in every settings module.
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

# Keys that were ever written in this repository: known to anybody who can read it.
PUBLISHED_SECRET_KEYS = frozenset(
    {
        "dev-insecure-change-me-careerhub",
        "careerhub-tests-only-this-key-is-published-in-the-repository-do-not-deploy",
    }
)
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
ERROR_ID = "careerhub.E001"


def secret_key_errors(key: str | None) -> list[Error]:
    """What is wrong with ``key`` as a production secret key (empty list: nothing)."""
    key = key or ""
    if key in PUBLISHED_SECRET_KEYS or key.startswith("django-insecure-"):
        problem = "SECRET_KEY is a value published in the repository."
    elif len(key) < SECRET_KEY_MIN_LENGTH:
        problem = f"SECRET_KEY is shorter than {SECRET_KEY_MIN_LENGTH} characters."
    elif len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        problem = (
            f"SECRET_KEY has fewer than {SECRET_KEY_MIN_UNIQUE_CHARACTERS} distinct characters."
        )
    else:
        return []
    return [
        Error(
            problem,
            hint=(
                "Set the SECRET_KEY environment variable to a long random value, e.g. the output "
                'of: python -c "from django.core.management.utils import '
                'get_random_secret_key as k; print(k())"'
            ),
            id=ERROR_ID,
        )
    ]


def _strict() -> bool:
    return bool(getattr(settings, "REQUIRE_STRONG_SECRET_KEY", False))


@register(Tags.security)
def check_secret_key(app_configs=None, **kwargs) -> list[Error]:
    """Every ``manage.py check`` (and so migrate, runserver) in production."""
    return secret_key_errors(settings.SECRET_KEY) if _strict() else []


@register(Tags.security, deploy=True)
def check_secret_key_deploy(app_configs=None, **kwargs) -> list[Error]:
    """``check --deploy`` in any other settings module (production reports it above once)."""
    return [] if _strict() else secret_key_errors(settings.SECRET_KEY)


def refuse_weak_secret_key() -> None:
    """Called by the WSGI and ASGI entry points: production does not start with a weak key."""
    if _strict():
        errors = secret_key_errors(settings.SECRET_KEY)
        if errors:
            raise ImproperlyConfigured(f"{errors[0].id}: {errors[0].msg}")


SCHEDULE_WARNING_ID = "careerhub.W001"


@register()
def check_periodic_tasks(app_configs=None, **kwargs) -> list[Warning]:
    """Every ``settings.PERIODIC_TASKS`` entry names a task that exists (careerhub.core.scheduling):
    the scheduler would log an error at each due time instead of running it."""
    from careerhub.core.scheduling import task_path_problems

    return [
        Warning(
            f"Periodic task {name!r} cannot be scheduled: {problem}",
            hint="Fix its 'task' dotted path (or its 'every'/'daily') in PERIODIC_TASKS.",
            id=SCHEDULE_WARNING_ID,
        )
        for name, problem in task_path_problems()
    ]
