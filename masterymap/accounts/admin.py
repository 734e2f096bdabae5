from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from masterymap.accounts.models import Classroom, Enrollment, JoinRequest, School, User


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin[School]):
    list_display = ["name", "language"]
    search_fields = ["name"]


@admin.register(User)
class MasteryUserAdmin(UserAdmin[User]):
    list_display = ["username", "first_name", "last_name", "role", "school", "is_active"]
    list_filter = ["role", "school", "is_active", "is_staff"]
    fieldsets = [
        *(UserAdmin.fieldsets or ()),
        ("Mastery Map", {"fields": ["role", "school", "language"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        ("Mastery Map", {"fields": ["role", "school", "language"]}),
    ]


class EnrollmentInline(admin.TabularInline[Enrollment, Any]):
    model = Enrollment
    raw_id_fields = ["student"]
    extra = 0


@admin.register(Classroom)
class ClassroomAdmin(admin.ModelAdmin[Classroom]):
    list_display = [
        "name",
        "school",
        "mastery_map",
        "join_code",
        "join_open",
        "join_needs_approval",
    ]
    list_filter = ["school"]
    search_fields = ["name", "join_code"]
    filter_horizontal = ["teachers"]
    inlines = [EnrollmentInline]


@admin.register(Enrollment)
class EnrollmentAdmin(admin.ModelAdmin[Enrollment]):
    list_display = ["student", "classroom", "created_at"]
    list_filter = ["classroom"]
    raw_id_fields = ["student"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin[JoinRequest]):
    list_display = ["student", "classroom", "created_at"]
    list_filter = ["classroom"]
    raw_id_fields = ["student"]
