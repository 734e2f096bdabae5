from django.urls import path

from masterymap.workflows.views import attempts, classes, corrections, station

app_name = "workflows"

urlpatterns = [
    path("classes/", classes.classroom_list, name="classroom-list"),
    path(
        "classes/<int:classroom_id>/standards/<int:standard_id>/ready/",
        attempts.attempt_start,
        name="attempt-start",
    ),
    path("attempts/<int:attempt_id>/", attempts.attempt_page, name="attempt"),
    path("attempts/<int:attempt_id>/autosave/", attempts.attempt_autosave, name="attempt-autosave"),
    path("attempts/<int:attempt_id>/submit/", attempts.attempt_submit, name="attempt-submit"),
    path("classes/<int:classroom_id>/station/", station.station_page, name="station"),
    path("classes/<int:classroom_id>/station/check/", station.station_check, name="station-check"),
    path(
        "classes/<int:classroom_id>/station/evidence/",
        station.station_evidence,
        name="station-evidence",
    ),
    path("evidence/<int:evidence_id>/correct/", corrections.evidence_correct, name="correct"),
]
