from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo program (``manage.py seed_demo``): the top layer, it may use every app."""

    name = "careerhub.demo"
    verbose_name = "demo"
