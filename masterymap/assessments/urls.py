from django.urls import path

from masterymap.assessments import views

app_name = "assessments"

urlpatterns = [
    path("standards/<int:standard_id>/", views.standard_bank, name="standard-bank"),
    path("standards/<int:standard_id>/items/new/", views.item_create, name="item-create"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("standards/<int:standard_id>/forms/new/", views.form_create, name="form-create"),
    path(
        "classes/<int:classroom_id>/standards/<int:standard_id>/ready/",
        views.attempt_start,
        name="attempt-start",
    ),
    path("attempts/<int:attempt_id>/", views.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/autosave/", views.attempt_autosave, name="attempt-autosave"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit, name="attempt-submit"),
]
