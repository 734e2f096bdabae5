"""URLs of the interventions app: each page module lists its own."""

from masterymap.interventions.views import groups, inbox, reflections, routes, tutoring
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "interventions"

urlpatterns = [
    *reflections.urlpatterns,
    *routes.urlpatterns,
    *tutoring.urlpatterns,
    *groups.urlpatterns,
    *inbox.urlpatterns,
]
