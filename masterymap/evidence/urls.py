from django.urls import path

from masterymap.evidence import views

app_name = "evidence"

urlpatterns = [
    path("classes/<int:classroom_id>/station/", views.station_page, name="station"),
    path("classes/<int:classroom_id>/station/check/", views.station_check, name="station-check"),
    path(
        "classes/<int:classroom_id>/station/evidence/",
        views.station_evidence,
        name="station-evidence",
    ),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("evidence/<int:evidence_id>/correct/", views.evidence_correct, name="correct"),
]
