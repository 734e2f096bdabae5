from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "masterymap.standards"
    label = "standards"
    verbose_name = "Mastery maps and standards"
