"""A worker process for the fault tests: it takes up a run, keeps its heartbeat and works
until it is killed (``python -m careerhub.core.tests.run_child <model label> <pk> <interval>``).

The test passes its database (the test database) as JSON in ``CAREERHUB_CHILD_DB``; the
child uses it instead of the one the settings name. It prints ``ready`` once the run is
claimed and the first beat is written, then sleeps — the test sends SIGKILL, as an out-of-
memory killer or a lost machine would: no ``finally`` runs, the heartbeat thread dies with
the process.
"""

from __future__ import annotations

import json
import os
import sys
import time


def main(label: str, pk: int, interval: float) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerhub.settings.test")
    from django.conf import settings

    settings.DATABASES["default"].update(json.loads(os.environ["CAREERHUB_CHILD_DB"]))
    import django

    django.setup()
    from django.apps import apps

    from careerhub.core import runs

    model = apps.get_model(label)
    if not runs.run_claim(model, pk):
        print("not claimed", flush=True)
        return
    with runs.run_heartbeat(model, pk, interval=interval) as beat:
        beat.progress(5, "working")
        deadline = time.monotonic() + 10
        while beat.beats < 2 and time.monotonic() < deadline:
            time.sleep(interval / 4)
        print("ready", flush=True)
        time.sleep(600)  # the work; the test kills the process long before


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]))
