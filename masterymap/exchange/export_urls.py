"""The exports' URLs, included under `exports/` in the `exchange` namespace."""

from django.urls import URLPattern, URLResolver, path

from masterymap.exchange.views import exports
from masterymap.lib.converters import register_id_converter

register_id_converter()

urlpatterns: list[URLPattern | URLResolver] = [
    path("classes/<id:classroom_id>/", exports.class_exports, name="exports-class"),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/",
        exports.tracker_exports,
        name="exports-tracker",
    ),
    # "grid.xlsx?classroom=7": the parameters in the query string.
    path("<slug:exporter_key>.<slug:fmt>", exports.export_download, name="export-download"),
]
