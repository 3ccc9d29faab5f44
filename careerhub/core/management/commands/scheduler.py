"""Run the periodic tasks of settings.PERIODIC_TASKS (careerhub.core.scheduling).

Long-running: looks every SCHEDULER_TICK_SECONDS (or sooner when a task is due sooner),
enqueues each due task on the task queue and logs it. Several schedulers (one per machine)
may run at once: each due time is enqueued by exactly one of them. Stops cleanly on SIGTERM
or Ctrl+C; survives a database that goes away for a while (logs and tries again).
``--once`` does one pass and exits (tests, cron).
"""

from __future__ import annotations

import logging
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection
from django.utils import timezone

from careerhub.core import scheduling

logger = logging.getLogger("careerhub.scheduler")


class Command(BaseCommand):
    help = "Enqueue the periodic tasks (settings.PERIODIC_TASKS) when they are due."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")

    def handle(self, *args, **options):
        schedules = scheduling.schedules_from_settings()
        if options["once"]:
            scheduling.jobs_sync(schedules, now=timezone.now())
            for done in scheduling.scheduler_tick(schedules):
                self.stdout.write(f"enqueued {done.name} (due {done.due_at.isoformat()})")
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            logger.info("scheduler: stopping (signal %s)", signum)
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        tick = float(getattr(settings, "SCHEDULER_TICK_SECONDS", 5.0))
        logger.info(
            "scheduler: started with %s", ", ".join(s.name for s in schedules) or "no tasks"
        )
        synced = False
        while not stop.is_set():
            wait = tick
            try:
                close_old_connections()
                now = timezone.now()
                if not synced:
                    scheduling.jobs_sync(schedules, now=now)
                    synced = True
                scheduling.scheduler_tick(schedules, now=now)
                until = scheduling.seconds_until_next(schedules, now=timezone.now())
                if until is not None:
                    wait = min(tick, max(0.2, until))
            except Exception:
                # A database restart or a network hiccup: drop the connection, try again.
                logger.exception("scheduler: pass failed, trying again in %s s", tick)
                connection.close()
            stop.wait(wait)
        connection.close()
