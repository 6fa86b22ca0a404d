"""Timeline event kinds for an appointment's attendance: held, not come,
cancelled (issue 22)."""

from django.conf import settings
from django.db import migrations, models

import core.db


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0018_merge_0017_attendance_0017_reminders'),
        ('organisations', '0005_reference_sources_without_seed_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='caseevent',
            name='case_event_kind_valid',
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(choices=[('registered', 'Registered as a jobseeker'), ('case_opened', 'Case opened'), ('case_status_changed', 'Case status changed'), ('case_assigned', 'Caseworker assigned'), ('case_closed', 'Case closed'), ('jobseeker_updated', 'Jobseeker details updated'), ('meeting_held', 'Meeting held'), ('assessment_recorded', 'Service needs assessed'), ('plan_version_created', 'Plan version created'), ('service_started', 'Service started'), ('service_ended', 'Service ended'), ('job_offer_made', 'Job offer made'), ('job_offer_outcome', 'Job offer outcome recorded'), ('benefit_notice_sent', 'Information sent for benefit decision'), ('note_added', 'Note added'), ('referral_made', 'Shared with a partner'), ('referral_ended', 'Sharing with a partner ended'), ('step_paused', 'Deadline paused'), ('step_resumed', 'Deadline resumed'), ('step_overdue', 'Deadline passed'), ('decision_made', 'Appropriation decision made'), ('decision_changed', 'Appropriation decision shortened'), ('decision_cancelled', 'Appropriation decision cancelled'), ('message_sent', 'Message sent to the jobseeker'), ('message_failed', 'Message to the jobseeker failed'), ('appointment_held', 'Appointment marked held'), ('appointment_no_show', 'Did not come to the appointment'), ('appointment_cancelled', 'Appointment cancelled')], max_length=32, verbose_name='kind'),
        ),
        # Wider than the constraint it replaces, on the largest table: no
        # validating scan under lock.
        core.db.AddConstraintNotValid(
            model_name='caseevent',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['registered', 'case_opened', 'case_status_changed', 'case_assigned', 'case_closed', 'jobseeker_updated', 'meeting_held', 'assessment_recorded', 'plan_version_created', 'service_started', 'service_ended', 'job_offer_made', 'job_offer_outcome', 'benefit_notice_sent', 'note_added', 'referral_made', 'referral_ended', 'step_paused', 'step_resumed', 'step_overdue', 'decision_made', 'decision_changed', 'decision_cancelled', 'message_sent', 'message_failed', 'appointment_held', 'appointment_no_show', 'appointment_cancelled'])), name='case_event_kind_valid'),
        ),
    ]
