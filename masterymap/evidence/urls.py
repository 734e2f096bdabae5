from django.urls import path

app_name = "evidence"

urlpatterns: list = []
