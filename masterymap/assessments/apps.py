from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "masterymap.assessments"
    label = "assessments"
    verbose_name = "Items, forms and attempts"
