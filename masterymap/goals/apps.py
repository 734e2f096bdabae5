from django.apps import AppConfig


class GoalsConfig(AppConfig):
    """Trackers students own (issue 10): the public class map and its privacy mode, goals
    with finish lines and check-ins, pace and projection, the teacher's alerts, and plots."""

    name = "masterymap.goals"
    label = "goals"
    verbose_name = "Goals"
