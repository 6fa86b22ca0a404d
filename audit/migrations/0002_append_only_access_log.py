"""Make the access log append-only in the database itself.

UPDATE and DELETE are always refused. TRUNCATE is refused unless the session
sets polku.allow_audit_truncate = 'on', which only the test settings do
(Django's test flush truncates every table between transactional tests).
"""

from django.db import migrations

FORWARD = """
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

CREATE TRIGGER audit_accesslog_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_accesslog_no_truncate
    BEFORE TRUNCATE ON audit_accesslog
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_changerecord_no_update_delete
    BEFORE UPDATE OR DELETE ON audit_changerecord
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_changerecord_no_truncate
    BEFORE TRUNCATE ON audit_changerecord
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS audit_accesslog_no_update_delete ON audit_accesslog;
DROP TRIGGER IF EXISTS audit_accesslog_no_truncate ON audit_accesslog;
DROP TRIGGER IF EXISTS audit_changerecord_no_update_delete ON audit_changerecord;
DROP TRIGGER IF EXISTS audit_changerecord_no_truncate ON audit_changerecord;
DROP FUNCTION IF EXISTS audit_refuse_change();
"""


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
