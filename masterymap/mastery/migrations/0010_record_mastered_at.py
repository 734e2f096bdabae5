from django.db import migrations, models

MASTERED, REVIEW = "mastered", "needs_review"


def backfill(apps, schema_editor):
    """Each record mastered now (or needing review) gets the day of the last change that made
    it mastered, as the pages read it from the history until now: the record's own time
    when no such change was logged."""
    record = apps.get_model("mastery", "MasteryRecord")
    change = apps.get_model("mastery", "LevelChange")
    qn = schema_editor.connection.ops.quote_name
    r, c = qn(record._meta.db_table), qn(change._meta.db_table)
    schema_editor.execute(
        f"""UPDATE {r} SET mastered_at = COALESCE(
              (SELECT MAX(c.at) FROM {c} c WHERE c.record_id = {r}.id
                 AND c.to_status = %s AND c.from_status NOT IN (%s, %s)),
              {r}.updated_at)
            WHERE {r}.status IN (%s, %s)""",
        [MASTERED, MASTERED, REVIEW, MASTERED, REVIEW],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("mastery", "0009_partial_user_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="masteryrecord",
            name="mastered_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
