from django.urls import path

from masterymap.lib.converters import register_id_converter
from masterymap.mastery.views import cell, grid, policy, scale

register_id_converter()

app_name = "mastery"

CELL = "classes/<id:classroom_id>/students/<id:student_id>/standards/<id:standard_id>/"

urlpatterns = [
    path("classes/<id:classroom_id>/", grid.classroom_grid, name="grid"),
    path(CELL, cell.mastery_cell, name="cell"),
    path(CELL + "what-if/", cell.cell_what_if, name="what-if"),
    path(CELL + "override/", cell.cell_override, name="override"),
    path(CELL + "override/clear/", cell.cell_override_clear, name="override-clear"),
    path("classes/<id:classroom_id>/policy/", policy.policy_page, name="policy"),
    path("classes/<id:classroom_id>/policy/preview/", policy.policy_preview, name="policy-preview"),
    path(
        "classes/<id:classroom_id>/policy/standards/<id:standard_id>/clear/",
        policy.policy_clear,
        name="policy-clear",
    ),
    path("classes/<id:classroom_id>/scale/", scale.scale_page, name="scale"),
    path("classes/<id:classroom_id>/scale/clear/", scale.scale_clear, name="scale-clear"),
    path("classes/<id:classroom_id>/scale/school/", scale.scale_school, name="scale-school"),
]
