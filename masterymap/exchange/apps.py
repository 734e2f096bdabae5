from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    """Data in and out: exports, and the importers of standards, rosters and questions."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "masterymap.exchange"
    label = "exchange"
