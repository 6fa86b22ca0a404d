from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo data (`manage.py demo_data`): the top layer, it may use any
    app's services and nothing but `config` refers to it."""

    name = "demo"
