"""The proficiency scale page's URLs, included in `mastery.urls` (namespace `mastery`)."""

from django.urls import path

from masterymap.mastery import scale_views

urlpatterns = [
    path("classes/<int:classroom_id>/scale/", scale_views.scale_page, name="scale"),
    path("classes/<int:classroom_id>/scale/clear/", scale_views.scale_clear, name="scale-clear"),
    path("classes/<int:classroom_id>/scale/school/", scale_views.scale_school, name="scale-school"),
]
