"""The refusal trigger names the refused change on every audit table again.

0003 tested NEW.old_value in the same condition as the table name, but
PL/pgSQL resolves every field of the expression, so on audit_accesslog (no
such column) and for TRUNCATE (no NEW row) the trigger failed with "record
new has no field" instead of raising its own "append-only" refusal. The
change was still refused, with a misleading message. The table and the
operation are now checked before the row's fields are read.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        IF current_setting('polku.allow_audit_truncate', true) = 'on' THEN
            RETURN NULL;
        END IF;
    ELSIF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_changerecord'
          AND current_setting('polku.audit_anonymise', true) = 'on' THEN
        IF NEW.old_value = '' AND NEW.new_value = ''
           AND (NEW.id, NEW.occurred_at, NEW.user_id, NEW.username,
                NEW.organisation_id, NEW.jobseeker_id, NEW.object_type,
                NEW.object_id, NEW.field)
               IS NOT DISTINCT FROM
               (OLD.id, OLD.occurred_at, OLD.user_id, OLD.username,
                OLD.organisation_id, OLD.jobseeker_id, OLD.object_type,
                OLD.object_id, OLD.field) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_allow_anonymising_change_values")]

    operations = [migrations.RunSQL(FORWARD, migrations.RunSQL.noop)]
