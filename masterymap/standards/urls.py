from django.urls import path

from masterymap.lib.converters import register_id_converter
from masterymap.standards import views

register_id_converter()

app_name = "standards"

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    path("maps/<id:map_id>/", views.map_detail, name="map-detail"),
    path("maps/<id:map_id>/rename/", views.map_rename, name="map-rename"),
    path("maps/<id:map_id>/archive/", views.map_archive, name="map-archive"),
    path("maps/<id:map_id>/restore/", views.map_restore, name="map-restore"),
    path("maps/<id:map_id>/delete/", views.map_delete, name="map-delete"),
    path("maps/<id:map_id>/units/new/", views.unit_create, name="unit-create"),
    path("maps/<id:map_id>/units/order/", views.units_reorder, name="units-reorder"),
    path("maps/<id:map_id>/standards/new/", views.standard_create, name="standard-create"),
    path("units/<id:unit_id>/rename/", views.unit_rename, name="unit-rename"),
    path("units/<id:unit_id>/move/", views.unit_move, name="unit-move"),
    path("units/<id:unit_id>/delete/", views.unit_delete, name="unit-delete"),
    path("units/<id:unit_id>/standards/order/", views.standards_reorder, name="standards-reorder"),
    path("standards/<id:standard_id>/edit/", views.standard_edit, name="standard-edit"),
    path("standards/<id:standard_id>/move/", views.standard_move, name="standard-move"),
    path("standards/<id:standard_id>/archive/", views.standard_archive, name="standard-archive"),
    path("standards/<id:standard_id>/restore/", views.standard_restore, name="standard-restore"),
    path("standards/<id:standard_id>/delete/", views.standard_delete, name="standard-delete"),
]
