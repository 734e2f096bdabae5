"""Standards out (the CSV template; a map as CASE, Canvas outcomes or our CSV). Included at
`exchange/standards/` in the `exchange` namespace; importing goes through the shared import
pages (importers "standards-csv" and "case")."""

from django.urls import URLPattern, URLResolver, path

from masterymap.exchange.views import standards
from masterymap.lib.converters import register_id_converter

register_id_converter()

urlpatterns: list[URLPattern | URLResolver] = [
    path("template.csv", standards.csv_template, name="standards-csv-template"),
    path("maps/<id:map_id>/case.json", standards.map_case, name="standards-map-case"),
    path("maps/<id:map_id>/canvas.csv", standards.map_canvas, name="standards-map-canvas"),
    path("maps/<id:map_id>/standards.csv", standards.map_csv, name="standards-map-csv"),
]
