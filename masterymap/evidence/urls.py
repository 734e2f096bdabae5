from django.urls import path

from masterymap.evidence import views
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "evidence"

urlpatterns = [
    path("attachments/<id:attachment_id>/", views.attachment_download, name="attachment"),
]
