from django.contrib.auth import views as auth_views
from django.urls import path

from masterymap.accounts import views
from masterymap.lib.converters import register_card_key_converter, register_id_converter

register_id_converter()
register_card_key_converter()

app_name = "accounts"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login_page.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # A login card's QR code and link: the key is a credential (docs/deploy.md).
    path("card/<card_key:card_key>/", views.card_sign_in, name="card"),
    path("password/", views.OwnPasswordChangeView.as_view(), name="password-change"),
    path("language/", views.language_set, name="language"),
    path("school/sign-in-events/", views.sign_in_events_page, name="sign-in-events"),
    path("join/", views.join_page, name="join"),
    path("join/code/", views.join_code_page, name="join-code"),
    path("classes/<id:classroom_id>/roster/", views.roster_page, name="roster"),
    path("classes/<id:classroom_id>/login-cards/", views.login_cards_reset, name="login-cards"),
    path("classes/<id:classroom_id>/joining/", views.joining_set, name="joining"),
    path("classes/<id:classroom_id>/join-code/", views.join_code_rotate, name="join-code-rotate"),
    path(
        "classes/<id:classroom_id>/join-requests/",
        views.join_requests_decide,
        name="join-requests",
    ),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/password/",
        views.student_password_set,
        name="student-password",
    ),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/unlock/",
        views.student_unlock,
        name="student-unlock",
    ),
    path(
        "classes/<id:classroom_id>/students/<id:student_id>/remove/",
        views.student_remove,
        name="student-remove",
    ),
    path("classes/<id:classroom_id>/archive/", views.classroom_archive, name="classroom-archive"),
    path("classes/<id:classroom_id>/restore/", views.classroom_restore, name="classroom-restore"),
    path("classes/<id:classroom_id>/delete/", views.classroom_delete, name="classroom-delete"),
]
