"""Indexes that only repeated another's leading column, dropped (issue 21).

Each single-column foreign key index below is covered by a composite index
whose first column is the same: PostgreSQL uses the composite one for the
same lookups (the foreign key checks of a PROTECT delete included), so
the single-column one only cost writes and space (and build time in the
national load). Checked with \\d on a migrated database:

* cases_caseevent.jobseeker_id: event_timeline_idx (jobseeker_id,
  occurred_on DESC, id DESC);
* cases_caseevent.organisation_id: event_org_kind_idx (organisation_id,
  kind, occurred_on);
* cases_case.organisation_id: case_org_status_idx (organisation_id, status);
* cases_case.caseworker_id: case_caseworker_status_idx (caseworker_id,
  status);
* cases_processstep.case_id: step_case_status_idx (case_id, status) (the
  other indexes leading with case_id are partial);
* cases_jobseeker.organisation_id: jobseeker_org_id_idx (organisation_id,
  id) and jobseeker_org_name_idx.

And the varchar_pattern_ops twin of the jobseeker's unique blind index,
which Django adds to a unique CharField for LIKE 'prefix%': a keyed hash
is only ever looked up whole (= and = ANY), never by prefix. The unique
constraint stays as it is, declared in Meta under the name PostgreSQL gave
it, so that Django no longer adds the twin.

Only the indexes are dropped: the AlterFields alone would also drop and
re-add each foreign key, re-checking every row of the largest tables
under lock.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0019_event_kinds_appointment_attendance'),
        ('organisations', '0005_reference_sources_without_seed_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX "{name}" ON "{table}" ({column})',
                )
                for name, table, column in (
                    ("cases_caseevent_jobseeker_id_6f3486ed", "cases_caseevent", "jobseeker_id"),
                    ("cases_caseevent_organisation_id_2f19db67", "cases_caseevent", "organisation_id"),
                    ("cases_case_organisation_id_dac38ff3", "cases_case", "organisation_id"),
                    ("cases_case_caseworker_id_bbbb6f54", "cases_case", "caseworker_id"),
                    ("cases_processstep_case_id_a967aef8", "cases_processstep", "case_id"),
                    ("cases_jobseeker_organisation_id_d70b7591", "cases_jobseeker", "organisation_id"),
                    (
                        "cases_jobseeker_identity_code_index_d1353710_like",
                        "cases_jobseeker",
                        "identity_code_index varchar_pattern_ops",
                    ),
                )
            ],
            state_operations=[
                migrations.AlterField(
                    model_name='case',
                    name='caseworker',
                    field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to=settings.AUTH_USER_MODEL, verbose_name='responsible caseworker'),
                ),
                migrations.AlterField(
                    model_name='case',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='organisations.organisation', verbose_name='responsible organisation'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='jobseeker',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='events', to='cases.jobseeker', verbose_name='jobseeker'),
                ),
                migrations.AlterField(
                    model_name='caseevent',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation', verbose_name='organisation'),
                ),
                migrations.AlterField(
                    model_name='jobseeker',
                    name='identity_code_index',
                    field=models.CharField(editable=False, max_length=64, verbose_name='identity code search key'),
                ),
                migrations.AlterField(
                    model_name='jobseeker',
                    name='organisation',
                    field=models.ForeignKey(db_index=False, help_text='The organisation whose staff serve this jobseeker (tenancy).', on_delete=django.db.models.deletion.PROTECT, related_name='jobseekers', to='organisations.organisation', verbose_name='responsible organisation'),
                ),
                migrations.AlterField(
                    model_name='processstep',
                    name='case',
                    field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='steps', to='cases.case', verbose_name='case'),
                ),
                migrations.AddConstraint(
                    model_name='jobseeker',
                    constraint=models.UniqueConstraint(fields=('identity_code_index',), name='cases_jobseeker_identity_code_index_key'),
                ),
            ],
        ),
    ]
