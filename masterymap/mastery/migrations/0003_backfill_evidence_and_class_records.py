"""Data: submitted attempts become assessment evidence; status records become per class.

Helpers are copied here (not imported) so this migration keeps working when the app's code
changes. Levels use the default scale (1–4, cut scores 50/80/95 %, mastered at 3) and the
rule that a form's own threshold wins at the mastery line.
"""

from django.db import migrations

_CUTS = ((95, 4), (80, 3), (50, 2), (0, 1))
_LABELS = {1: "Beginning", 2: "Approaching", 3: "Mastered", 4: "Exceeds"}


def _attempt_level(percent, met_threshold):
    level = next(value for cut, value in _CUTS if (percent or 0) >= cut)
    return max(level, 3) if met_threshold else min(level, 2)


def forwards(apps, schema_editor):
    Attempt = apps.get_model("assessments", "Attempt")
    Evidence = apps.get_model("evidence", "Evidence")
    Record = apps.get_model("mastery", "MasteryRecord")
    Classroom = apps.get_model("accounts", "Classroom")

    submitted = Attempt.objects.filter(status="submitted", evidence__isnull=True).select_related(
        "form"
    )
    latest_level = {}
    batch = []
    for attempt in submitted.order_by("submitted_at", "id").iterator():
        level = _attempt_level(attempt.percent, bool(attempt.mastered))
        latest_level[(attempt.student_id, attempt.form.standard_id)] = level
        batch.append(
            Evidence(
                student_id=attempt.student_id,
                standard_id=attempt.form.standard_id,
                kind="assessment",
                level=level,
                raw_score=attempt.percent,
                assessed_on=attempt.submitted_at.date(),
                recorded_at=attempt.submitted_at,
                recorded_by_id=attempt.student_id,
                note=f"Form {attempt.form.label}: {attempt.points}/{attempt.max_points}",
                attempt_id=attempt.pk,
            )
        )
    Evidence.objects.bulk_create(batch, batch_size=500)

    classes_of = {}
    for classroom in Classroom.objects.prefetch_related("enrollments"):
        for enrollment in classroom.enrollments.all():
            classes_of.setdefault(enrollment.student_id, []).append(classroom)
    copies = []
    for record in Record.objects.filter(classroom__isnull=True).select_related("standard"):
        level = latest_level.get((record.student_id, record.standard_id))
        for classroom in classes_of.get(record.student_id, []):
            if classroom.mastery_map_id != record.standard.mastery_map_id:
                continue
            copies.append(
                Record(
                    classroom_id=classroom.pk,
                    student_id=record.student_id,
                    standard_id=record.standard_id,
                    status=record.status,
                    attempts_count=record.attempts_count,
                    latest_percent=record.latest_percent,
                    level=level,
                    level_label=_LABELS.get(level, ""),
                    explanation=(
                        f"{_LABELS[level]}: the most recent evidence decides."
                        if level
                        else ""
                    ),
                    evidence_count=record.attempts_count,
                    updated_at=record.updated_at,
                )
            )
    Record.objects.filter(classroom__isnull=True).delete()
    Record.objects.bulk_create(copies, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("mastery", "0002_scales_policies_levels_and_history"),
        ("evidence", "0001_evidence_ledger_and_attachments"),
        ("accounts", "0002_classroom_mastery_map"),
        ("assessments", "0001_initial"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
