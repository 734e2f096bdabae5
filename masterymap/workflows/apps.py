from django.apps import AppConfig


class WorkflowsConfig(AppConfig):
    name = "masterymap.workflows"
    label = "workflows"
    verbose_name = "Workflows"
