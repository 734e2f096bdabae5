"""Pages of the interventions app: reflections (issue 9)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
