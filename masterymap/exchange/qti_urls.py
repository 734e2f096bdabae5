"""Questions out as QTI 3.0 packages, and the QTI import page for one standard. Included at
`exchange/questions/` in the `exchange` namespace; the import itself goes through the shared
import pages (importer "qti")."""

from django.urls import URLPattern, URLResolver, path

from masterymap.exchange.views import qti
from masterymap.lib.converters import register_id_converter

register_id_converter()

urlpatterns: list[URLPattern | URLResolver] = [
    path("forms/<id:form_id>/qti.zip", qti.form_qti, name="qti-form"),
    path("standards/<id:standard_id>/qti.zip", qti.standard_qti, name="qti-standard"),
    path("standards/<id:standard_id>/import/", qti.standard_import, name="qti-import"),
]
