"""Bulk booking runs with their results, and the API's paging index (issue 22)."""

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('appointments', '0001_initial'),
        ('cases', '0017_attendance'),
        ('organisations', '0005_reference_sources_without_seed_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BulkBookingResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('outcome', models.CharField(choices=[('booked', 'Booked'), ('no_free_time', 'No free time before the due date'), ('due_date_passed', 'The due date has passed'), ('already_booked', 'Already booked'), ('not_open', 'No longer waiting for an initial interview'), ('taken', 'The time was booked by someone else meanwhile')], max_length=16, verbose_name='outcome')),
            ],
            options={
                'verbose_name': 'bulk booking result',
                'verbose_name_plural': 'bulk booking results',
                'ordering': ['run', 'id'],
            },
        ),
        migrations.CreateModel(
            name='BulkBookingRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('done', 'Done'), ('failed', 'Failed')], default='queued', max_length=16, verbose_name='status')),
                ('progress_done', models.PositiveIntegerField(default=0, verbose_name='done')),
                ('progress_total', models.PositiveIntegerField(default=0, verbose_name='in all')),
                ('attempts', models.PositiveSmallIntegerField(default=0, verbose_name='attempts')),
                ('error', models.TextField(blank=True, verbose_name='error')),
                ('queued_at', models.DateTimeField(blank=True, default=django.utils.timezone.now, null=True, verbose_name='queued at')),
                ('sent_at', models.DateTimeField(blank=True, null=True, verbose_name='sent to the queue at')),
                ('started_at', models.DateTimeField(blank=True, null=True, verbose_name='started at')),
                ('heartbeat_at', models.DateTimeField(blank=True, null=True, verbose_name='last sign of life')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished at')),
                ('uses_team', models.BooleanField(default=False, verbose_name="the team's free times")),
                ('length_minutes', models.PositiveSmallIntegerField(verbose_name='length (minutes)')),
                ('step_ids', django.contrib.postgres.fields.ArrayField(base_field=models.BigIntegerField(), default=list, size=None, verbose_name='steps')),
                ('booked', models.PositiveIntegerField(default=0, verbose_name='booked')),
                ('not_booked', models.PositiveIntegerField(default=0, verbose_name='not booked')),
            ],
            options={
                'verbose_name': 'bulk booking',
                'verbose_name_plural': 'bulk bookings',
                'abstract': False,
            },
        ),
        migrations.AddIndex(
            model_name='appointment',
            index=models.Index(fields=['organisation', 'id'], name='appointment_org_id_idx'),
        ),
        migrations.AddField(
            model_name='bulkbookingresult',
            name='appointment',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='appointments.appointment', verbose_name='appointment'),
        ),
        migrations.AddField(
            model_name='bulkbookingresult',
            name='step',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='cases.processstep', verbose_name='step'),
        ),
        migrations.AddField(
            model_name='bulkbookingrun',
            name='organisation',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation', verbose_name='organisation'),
        ),
        migrations.AddField(
            model_name='bulkbookingrun',
            name='requested_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='requested by'),
        ),
        migrations.AddField(
            model_name='bulkbookingresult',
            name='run',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='appointments.bulkbookingrun', verbose_name='bulk booking'),
        ),
        migrations.AddConstraint(
            model_name='bulkbookingrun',
            constraint=models.CheckConstraint(condition=models.Q(('progress_done__lte', models.F('progress_total'))), name='appointments_bulkbookingrun_progress_within_total'),
        ),
        migrations.AddConstraint(
            model_name='bulkbookingrun',
            constraint=models.CheckConstraint(condition=models.Q(('status__in', ['queued', 'running', 'done', 'failed'])), name='bulk_booking_run_status_valid'),
        ),
        migrations.AddConstraint(
            model_name='bulkbookingresult',
            constraint=models.CheckConstraint(condition=models.Q(('outcome__in', ['booked', 'no_free_time', 'due_date_passed', 'already_booked', 'not_open', 'taken'])), name='bulk_booking_result_outcome_valid'),
        ),
        migrations.AddConstraint(
            model_name='bulkbookingresult',
            constraint=models.UniqueConstraint(fields=('run', 'step'), name='bulk_booking_result_once_per_step'),
        ),
    ]
