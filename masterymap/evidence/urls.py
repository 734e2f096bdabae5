from django.urls import path

from masterymap.evidence import views

app_name = "evidence"

urlpatterns = [
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
