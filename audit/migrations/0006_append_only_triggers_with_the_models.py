"""The append-only triggers move from hand-written SQL to the models' Meta.

The triggers of 0002-0004 and their function are dropped in the same
transaction that installs the pgtrigger ones, so the tables are never
unprotected and no row is touched. Same rules as before: UPDATE and DELETE
refused (the retention run may still blank a change's values), TRUNCATE
refused unless the session sets polku.allow_audit_truncate. New: the
triggers cannot be skipped with pgtrigger's session variable
(core.triggers).
"""

import core.triggers
import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

# The state 0004 left, for a migration backwards.
RESTORE_HAND_WRITTEN = """
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

DROP_HAND_WRITTEN = """
DROP TRIGGER audit_accesslog_no_update_delete ON audit_accesslog;
DROP TRIGGER audit_accesslog_no_truncate ON audit_accesslog;
DROP TRIGGER audit_changerecord_no_update_delete ON audit_changerecord;
DROP TRIGGER audit_changerecord_no_truncate ON audit_changerecord;
DROP FUNCTION audit_refuse_change();
"""


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0005_access_purpose_labels'),
    ]

    operations = [
        migrations.RunSQL(DROP_HAND_WRITTEN, RESTORE_HAND_WRITTEN),
        pgtrigger.migrations.AddTrigger(
            model_name='accesslog',
            trigger=pgtrigger.compiler.Trigger(name='access_log_append_only', sql=core.triggers.UnskippableTriggerSql(func="RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';", hash='4dc4895793e8ee147721fbbad83da476ca068369', operation='UPDATE OR DELETE', pgid='pgtrigger_access_log_append_only_d3c16', table='audit_accesslog', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='accesslog',
            trigger=pgtrigger.compiler.Trigger(name='access_log_no_truncate', sql=core.triggers.UnskippableTriggerSql(condition="WHEN (current_setting('polku.allow_audit_truncate', true) IS DISTINCT FROM 'on')", func="RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';", hash='136cea9adba4fa8809829ab263adfd1cab3a6a1a', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_access_log_no_truncate_40da7', table='audit_accesslog', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='changerecord',
            trigger=pgtrigger.compiler.Trigger(name='change_no_delete', sql=core.triggers.UnskippableTriggerSql(func="RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';", hash='5dc350d589d8fea48c818760df3a2ee13e4eaecd', operation='DELETE', pgid='pgtrigger_change_no_delete_04ffd', table='audit_changerecord', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='changerecord',
            trigger=pgtrigger.compiler.Trigger(name='change_append_only', sql=core.triggers.UnskippableTriggerSql(condition="WHEN (NOT COALESCE(\n        current_setting('polku.audit_anonymise', true) = 'on'\n        AND NEW.old_value = '' AND NEW.new_value = ''\n        AND (NEW.id, NEW.occurred_at, NEW.user_id, NEW.username,\n             NEW.organisation_id, NEW.jobseeker_id, NEW.object_type,\n             NEW.object_id, NEW.field)\n            IS NOT DISTINCT FROM\n            (OLD.id, OLD.occurred_at, OLD.user_id, OLD.username,\n             OLD.organisation_id, OLD.jobseeker_id, OLD.object_type,\n             OLD.object_id, OLD.field),\n        false))", func="RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';", hash='4fc6162c1eca28b55bfe178a8e925c452beb7b5d', operation='UPDATE', pgid='pgtrigger_change_append_only_74dae', table='audit_changerecord', when='BEFORE')),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name='changerecord',
            trigger=pgtrigger.compiler.Trigger(name='change_no_truncate', sql=core.triggers.UnskippableTriggerSql(condition="WHEN (current_setting('polku.allow_audit_truncate', true) IS DISTINCT FROM 'on')", func="RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';", hash='b8fc2dabc6211684e5b7ff8b31b815119912a8a8', level='STATEMENT', operation='TRUNCATE', pgid='pgtrigger_change_no_truncate_eabc8', table='audit_changerecord', when='BEFORE')),
        ),
    ]
