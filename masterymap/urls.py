"""The project's URLs: the top of the layers, so it may include every app's."""

from django.contrib import admin
from django.urls import include, path

from masterymap.accounts import views as account_views
from masterymap.lib.converters import register_id_converter
from masterymap.workflows.views import classes

# Before the includes: every app's `<id:…>` needs it (lib.converters).
register_id_converter()

urlpatterns = [
    path("", classes.home, name="home"),
    path("healthz/", account_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Django tries the patterns in order: the student's pages (the map, a sitting, its
    # autosaves) first, asked for ten times as often as any other and otherwise 170
    # patterns down, then the class grid. No two apps share a pattern
    # (lib/tests/test_urls.py), so the order decides nothing else.
    path("", include("masterymap.workflows.urls")),
    path("", include("masterymap.mastery.urls")),
    path("", include("masterymap.accounts.urls")),
    path("", include("masterymap.accounts.people_urls")),
    path("", include("masterymap.standards.urls")),
    path("", include("masterymap.assessments.urls")),
    path("", include("masterymap.evidence.urls")),
    path("", include("masterymap.interventions.urls")),
    path("", include("masterymap.goals.urls")),
    path("", include("masterymap.benchmarks.urls")),
    path("exchange/", include("masterymap.exchange.urls")),
]
