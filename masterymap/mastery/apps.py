from django.apps import AppConfig


class MasteryConfig(AppConfig):
    name = "masterymap.mastery"
    label = "mastery"
    verbose_name = "Mastery status"
