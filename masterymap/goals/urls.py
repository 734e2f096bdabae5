from django.urls import path

from masterymap.goals.views import attention, goals, public_map
from masterymap.lib.converters import register_id_converter

register_id_converter()

app_name = "goals"

CLASS = "classes/<id:classroom_id>/"

urlpatterns = [
    # The public class map (projector view) and its settings.
    path(CLASS + "public-map/", public_map.public_map, name="public-map"),
    path(CLASS + "public-map/board/", public_map.public_map_board, name="public-map-board"),
    path(
        CLASS + "public-map/settings/", public_map.public_map_settings, name="public-map-settings"
    ),
    path(CLASS + "public-map/me/", public_map.public_profile, name="public-profile"),
    # The teacher's alerts.
    path(CLASS + "attention/", attention.attention_page, name="attention"),
    path(CLASS + "attention/strip/", attention.grid_attention, name="grid-attention"),
    path(CLASS + "attention/dismiss/", attention.dismiss, name="dismiss"),
    # Goals.
    path(CLASS + "goals/", goals.class_goals_page, name="class-goals"),
    path(CLASS + "students/<id:student_id>/goals/new/", goals.goal_new, name="goal-new"),
    path("goals/<id:goal_id>/accept/", goals.goal_accept, name="goal-accept"),
    path("goals/<id:goal_id>/decline/", goals.goal_decline, name="goal-decline"),
    path("goals/<id:goal_id>/withdraw/", goals.goal_withdraw, name="goal-withdraw"),
    path("goals/<id:goal_id>/check-in/", goals.check_in, name="check-in"),
    path("check-ins/<id:check_in_id>/confirm/", goals.check_in_confirm, name="check-in-confirm"),
    path(CLASS + "practice-run/", goals.practice_run, name="practice-run"),
]
