"""Let the retention run blank old and new values of anonymised people.

Everything else stays refused: the change history may be emptied of personal
data only inside a transaction that sets polku.audit_anonymise = 'on' (only
cases.services.retention does), and then only the two value columns.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_setting('polku.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_changerecord'
       AND current_setting('polku.audit_anonymise', true) = 'on'
       AND NEW.old_value = '' AND NEW.new_value = ''
       AND (NEW.id, NEW.occurred_at, NEW.user_id, NEW.username, NEW.organisation_id,
            NEW.jobseeker_id, NEW.object_type, NEW.object_id, NEW.field)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.occurred_at, OLD.user_id, OLD.username, OLD.organisation_id,
            OLD.jobseeker_id, OLD.object_type, OLD.object_id, OLD.field) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""

BACKWARD = """
CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'TRUNCATE'
       AND current_setting('polku.allow_audit_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$ LANGUAGE plpgsql;
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_access_log")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
