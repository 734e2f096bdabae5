from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Benchmarks beside the short standard-based checks: building, opening, taking (online
    or on paper), scoring per standard, the report, and the contradictions with mastery."""

    name = "masterymap.benchmarks"
    label = "benchmarks"
    verbose_name = "Benchmarks"
