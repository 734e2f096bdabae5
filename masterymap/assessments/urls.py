from django.urls import path

from masterymap.assessments import views
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "assessments"

urlpatterns = [
    path("standards/<id:standard_id>/", views.standard_bank, name="standard-bank"),
    path("standards/<id:standard_id>/items/new/", views.item_create, name="item-create"),
    path("items/<id:item_id>/edit/", views.item_edit, name="item-edit"),
    path("standards/<id:standard_id>/forms/new/", views.form_create, name="form-create"),
    path("standards/<id:standard_id>/forms/generate/", views.form_generate, name="form-generate"),
    path(
        "forms/<id:form_id>/items/<id:item_id>/swap/", views.form_item_swap, name="form-item-swap"
    ),
    path("forms/<id:form_id>/print/", views.form_print, name="form-print"),
    path("items/<id:item_id>/picture/", views.item_picture_file, name="item-picture"),
    path("choices/<id:choice_id>/picture/", views.choice_picture_file, name="choice-picture"),
    path("responses/<id:response_id>/photo/", views.photo_file, name="photo"),
]
