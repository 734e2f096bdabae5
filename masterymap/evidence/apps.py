from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "masterymap.evidence"
    label = "evidence"
    verbose_name = "Evidence"
