from django.urls import path

from masterymap.standards import views

app_name = "standards"

urlpatterns = [
    path("maps/", views.map_list, name="map-list"),
    path("maps/<int:map_id>/", views.map_detail, name="map-detail"),
    path("maps/<int:map_id>/units/new/", views.unit_create, name="unit-create"),
    path("maps/<int:map_id>/standards/new/", views.standard_create, name="standard-create"),
    path("standards/<int:standard_id>/edit/", views.standard_edit, name="standard-edit"),
]
