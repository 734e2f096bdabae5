from typing import Any

from django.contrib import admin

from masterymap.assessments.models import Attempt, Choice, Form, FormItem, Item, Response


class ChoiceInline(admin.TabularInline[Choice, Any]):
    model = Choice
    extra = 0


@admin.register(Item)
class ItemAdmin(admin.ModelAdmin[Item]):
    list_display = ["id", "standard", "kind", "points"]
    list_filter = ["kind", "standard__mastery_map"]
    search_fields = ["stem", "standard__code"]
    inlines = [ChoiceInline]


class FormItemInline(admin.TabularInline[FormItem, Any]):
    model = FormItem
    raw_id_fields = ["item"]
    extra = 0


@admin.register(Form)
class FormAdmin(admin.ModelAdmin[Form]):
    list_display = ["standard", "label", "threshold"]
    list_filter = ["standard__mastery_map"]
    inlines = [FormItemInline]


class ResponseInline(admin.TabularInline[Response, Any]):
    model = Response
    raw_id_fields = ["item"]
    extra = 0


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin[Attempt]):
    list_display = ["student", "form", "status", "percent", "mastered", "submitted_at"]
    list_filter = ["status", "mastered"]
    search_fields = ["student__username", "student__last_name", "form__standard__code"]
    raw_id_fields = ["student"]
    inlines = [ResponseInline]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin[Choice]):
    list_display = ["item", "text", "is_correct"]
    raw_id_fields = ["item"]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin[Response]):
    list_display = ["attempt", "item", "is_correct", "points", "updated_at"]
    raw_id_fields = ["attempt", "item"]


@admin.register(FormItem)
class FormItemAdmin(admin.ModelAdmin[FormItem]):
    list_display = ["form", "item", "position"]
    raw_id_fields = ["form", "item"]
