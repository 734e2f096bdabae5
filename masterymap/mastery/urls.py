from django.urls import path

from masterymap.mastery import scale_urls, views

app_name = "mastery"

CELL = "classes/<int:classroom_id>/students/<int:student_id>/standards/<int:standard_id>/"

urlpatterns = [
    path("classes/<int:classroom_id>/", views.classroom_grid, name="grid"),
    path(CELL, views.mastery_cell, name="cell"),
    path(CELL + "what-if/", views.cell_what_if, name="what-if"),
    path(CELL + "override/", views.cell_override, name="override"),
    path(CELL + "override/clear/", views.cell_override_clear, name="override-clear"),
    path(
        "classes/<int:classroom_id>/students/<int:student_id>/tracker/",
        views.tracker_page,
        name="tracker",
    ),
    path("classes/<int:classroom_id>/map/", views.student_map, name="student-map"),
    path("classes/<int:classroom_id>/policy/", views.policy_page, name="policy"),
    path("classes/<int:classroom_id>/policy/preview/", views.policy_preview, name="policy-preview"),
    path(
        "classes/<int:classroom_id>/policy/standards/<int:standard_id>/clear/",
        views.policy_clear,
        name="policy-clear",
    ),
    *scale_urls.urlpatterns,
]
