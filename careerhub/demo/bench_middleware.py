"""Counts each request's database queries and the CPU time its thread spent on it, for
``manage.py bench_load`` (bench settings only): the per-page table then says what each page
costs the server, apart from the time it waited for a core under load."""

from __future__ import annotations

import time

from django.db import connections


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.thread_time()  # this thread's CPU only: the other threads' work is not in it
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connections["default"].execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(count)
        response["X-Bench-CPU-ms"] = f"{(time.thread_time() - started) * 1000:.2f}"
        return response
