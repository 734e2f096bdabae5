"""The People page's URLs, included from masterymap/urls.py under the "people" namespace."""

from django.urls import path

from masterymap.accounts import people_views
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "people"

urlpatterns = [
    path("school/people/", people_views.people_page, name="page"),
    path("school/people/teachers/new/", people_views.teacher_add, name="teacher-add"),
    path("school/people/students/new/", people_views.student_add, name="student-add"),
    path(
        "school/people/<id:person_id>/deactivate/",
        people_views.person_deactivate,
        name="deactivate",
    ),
    path(
        "school/people/<id:person_id>/reactivate/",
        people_views.person_reactivate,
        name="reactivate",
    ),
    path(
        "school/people/<id:person_id>/password/",
        people_views.person_password_reset,
        name="password-reset",
    ),
]
