from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "simpul.demo"
    label = "demo"
    verbose_name = "Demo and generators"
