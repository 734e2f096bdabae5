from django.urls import path

from masterymap.mastery import views

app_name = "mastery"

urlpatterns = [
    path("classes/<int:classroom_id>/", views.classroom_grid, name="grid"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/standards/<int:standard_id>/",
        views.mastery_cell,
        name="cell",
    ),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/tracker/",
        views.tracker_page,
        name="tracker",
    ),
    path("classes/<int:classroom_id>/map/", views.student_map, name="student-map"),
]
