from django.urls import path

from masterymap.lib.converters import register_id_converter
from masterymap.workflows.views import (
    attempts,
    classes,
    corrections,
    links,
    maps,
    roster,
    scoring,
    station,
)

register_id_converter()

app_name = "workflows"

urlpatterns = [
    path("classes/", classes.classroom_list, name="classroom-list"),
    path("classes/<id:classroom_id>/students/move/", roster.student_move, name="student-move"),
    path("classes/<id:classroom_id>/map/", maps.student_map, name="student-map"),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/tracker/",
        maps.tracker_page,
        name="tracker",
    ),
    path(
        "classes/<id:classroom_id>/standards/<id:standard_id>/ready/",
        attempts.attempt_start,
        name="attempt-start",
    ),
    path("attempts/<id:attempt_id>/", attempts.attempt_page, name="attempt"),
    path("attempts/<id:attempt_id>/autosave/", attempts.attempt_autosave, name="attempt-autosave"),
    path("attempts/<id:attempt_id>/submit/", attempts.attempt_submit, name="attempt-submit"),
    path(
        "attempts/<id:attempt_id>/items/<id:item_id>/photo/",
        attempts.attempt_photo,
        name="attempt-photo",
    ),
    path("classes/<id:classroom_id>/station/", station.station_page, name="station"),
    path("classes/<id:classroom_id>/station/check/", station.station_check, name="station-check"),
    path(
        "classes/<id:classroom_id>/station/evidence/",
        station.station_evidence,
        name="station-evidence",
    ),
    path("evidence/<id:evidence_id>/correct/", corrections.evidence_correct, name="correct"),
    # Short links (printed as QR codes) to a class's map and to each of its standards.
    path("r/<id:classroom_id>/", links.go_map, name="go-map"),
    path("r/<id:classroom_id>/<id:standard_id>/", links.go_standard, name="go-standard"),
    path("classes/<id:classroom_id>/links/", links.qr_sheet, name="qr-sheet"),
    path("classes/<id:classroom_id>/to-score/", scoring.queue_page, name="scoring-queue"),
    path(
        "classes/<id:classroom_id>/to-score/<id:response_id>/",
        scoring.score_response,
        name="score-response",
    ),
]
