from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "masterymap.demo"
    label = "demo"
    verbose_name = "Demo school"
