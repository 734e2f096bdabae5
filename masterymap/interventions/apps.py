from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    """What happens after a score: remediation routes, retakes, reflection and error
    analysis, peer tutors, small groups, the teacher's inbox (issue 9)."""

    name = "masterymap.interventions"
    label = "interventions"
    verbose_name = "Interventions"
