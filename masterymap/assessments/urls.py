from django.urls import path

from masterymap.assessments import views

app_name = "assessments"

urlpatterns = [
    path("standards/<int:standard_id>/", views.standard_bank, name="standard-bank"),
    path("standards/<int:standard_id>/items/new/", views.item_create, name="item-create"),
    path("items/<int:item_id>/edit/", views.item_edit, name="item-edit"),
    path("standards/<int:standard_id>/forms/new/", views.form_create, name="form-create"),
]
