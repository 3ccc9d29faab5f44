"""Every router of the API, mounted by ``careerhub.api.api`` in this order.

Each entry is ``(prefix, "module path")``; the module defines ``router``. A new area adds one
line here.
"""

ROUTERS: tuple[tuple[str, str], ...] = (("/", "careerhub.api.routers.me"),)
