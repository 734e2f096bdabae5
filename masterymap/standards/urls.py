from django.urls import path

from masterymap.lib.converters import register_id_converter
from masterymap.standards import views

register_id_converter()

app_name = "standards"

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    path("maps/<id:map_id>/", views.map_detail, name="map-detail"),
    path("maps/<id:map_id>/units/new/", views.unit_create, name="unit-create"),
    path("maps/<id:map_id>/standards/new/", views.standard_create, name="standard-create"),
    path("standards/<id:standard_id>/edit/", views.standard_edit, name="standard-edit"),
]
