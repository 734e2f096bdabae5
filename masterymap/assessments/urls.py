from django.urls import path

from masterymap.assessments import editing_views, views
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
    # Editing after the fact (assessments.editing): a form's page, archive, delete, print.
    path("forms/<id:form_id>/", editing_views.form_edit, name="form-edit"),
    path("forms/<id:form_id>/order/", editing_views.form_reorder, name="form-reorder"),
    path("forms/<id:form_id>/settings/", editing_views.form_settings, name="form-settings"),
    path(
        "forms/<id:form_id>/items/<id:item_id>/add/",
        editing_views.form_item_add,
        name="form-item-add",
    ),
    path(
        "forms/<id:form_id>/items/<id:item_id>/remove/",
        editing_views.form_item_remove,
        name="form-item-remove",
    ),
    path("forms/<id:form_id>/archive/", editing_views.form_archive, name="form-archive"),
    path("forms/<id:form_id>/restore/", editing_views.form_restore, name="form-restore"),
    path("forms/<id:form_id>/delete/", editing_views.form_delete, name="form-delete"),
    path(
        "forms/<id:form_id>/answer-sheet/",
        editing_views.form_answer_sheet,
        name="form-answer-sheet",
    ),
    path("items/<id:item_id>/archive/", editing_views.item_archive, name="item-archive"),
    path("items/<id:item_id>/restore/", editing_views.item_restore, name="item-restore"),
    path("items/<id:item_id>/delete/", editing_views.item_delete, name="item-delete"),
]
