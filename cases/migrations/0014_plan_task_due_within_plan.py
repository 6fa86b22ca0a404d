"""A plan task's due date within its plan version, in the database itself.

The rule of cases.rules.records.task_due_problem, which forms, the API and
services check first: not after the version's valid_until; while the task
is still to be done, not before the version is agreed; never before the
plan's first version was agreed. A CHECK cannot read the version's row, so
a trigger does. Rows written before this rule are not touched (the trigger
checks inserts and changes of the dates it reads).
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION cases_plan_task_due_within_plan() RETURNS trigger AS $$
DECLARE
    agreed date;
    until date;
    first_agreed date;
BEGIN
    IF NEW.due_on IS NULL THEN
        RETURN NEW;
    END IF;
    SELECT v.agreed_on, v.valid_until,
           (SELECT min(f.agreed_on) FROM cases_planversion f WHERE f.plan_id = v.plan_id)
      INTO agreed, until, first_agreed
      FROM cases_planversion v
     WHERE v.id = NEW.version_id;
    IF (until IS NOT NULL AND NEW.due_on > until)
       OR NEW.due_on < first_agreed
       OR (NOT NEW.is_done AND NEW.due_on < agreed) THEN
        RAISE EXCEPTION 'plan task due % outside plan version % (agreed %, valid until %)',
            NEW.due_on, NEW.version_id, agreed, until
            USING ERRCODE = 'check_violation',
                  CONSTRAINT = 'plan_task_due_within_plan';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER plan_task_due_within_plan
    BEFORE INSERT OR UPDATE OF due_on, is_done, version_id ON cases_plantask
    FOR EACH ROW EXECUTE FUNCTION cases_plan_task_due_within_plan();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS plan_task_due_within_plan ON cases_plantask;
DROP FUNCTION IF EXISTS cases_plan_task_due_within_plan();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_record_limits_and_dates")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
