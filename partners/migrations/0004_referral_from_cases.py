"""Referral moves from cases to partners (it refers to partnership agreements,
and cases sits below partners). The rows stay where they are: the model keeps
the table cases_referral (Meta.db_table), so only Django's state changes, and
the content type is renamed so that permissions and object permissions that
point to it keep pointing to referrals."""

import django.contrib.postgres.fields
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def content_type_to_partners(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    old = ContentType.objects.filter(app_label="cases", model="referral")
    if old.exists():
        # A content type created for the new label before this ran has no
        # rows of its own yet; the old one carries the permissions.
        ContentType.objects.filter(app_label="partners", model="referral").delete()
        old.update(app_label="partners")


def content_type_to_cases(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    new = ContentType.objects.filter(app_label="partners", model="referral")
    if new.exists():
        ContentType.objects.filter(app_label="cases", model="referral").delete()
        new.update(app_label="cases")


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0015_step_kind_multisectoral_assessment"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("organisations", "0005_reference_sources_without_seed_numbers"),
        ("partners", "0003_seed_texts_and_figure_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Referral',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='created at')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                        ('purpose_kind', models.CharField(choices=[('rehabilitative_work', 'Rehabilitative work activity'), ('work_trial', 'Work try-out'), ('coaching', 'Coaching'), ('multisectoral_service', 'Multi-sectoral service'), ('work_ability_assessment', 'Health and work ability assessment'), ('other', 'Other')], default='other', max_length=32, verbose_name='purpose')),
                        ('purpose', models.CharField(blank=True, max_length=300, verbose_name='details of the purpose')),
                        ('consent_given_on', models.DateField(verbose_name='consent given on')),
                        ('consent_scope', django.contrib.postgres.fields.ArrayField(base_field=models.CharField(choices=[('contact', 'Contact details'), ('identity_code', 'Personal identity code'), ('assessment', 'Service needs assessment'), ('health', 'Health and work-ability information'), ('plans', 'Plans'), ('services', 'Services and job offers')], max_length=32), blank=True, default=list, size=None, verbose_name='consent covers')),
                        ('consent_withdrawn_on', models.DateField(blank=True, null=True, verbose_name='consent withdrawn on')),
                        ('valid_from', models.DateField(verbose_name='valid from')),
                        ('valid_until', models.DateField(verbose_name='valid until')),
                        ('ended_on', models.DateField(blank=True, null=True, verbose_name='ended on')),
                        ('end_reason', models.CharField(blank=True, choices=[('ended', 'Ended by the caseworker'), ('consent_withdrawn', 'Consent withdrawn'), ('agreement_ended', 'Partnership agreement no longer in force'), ('expired', 'Referral period ended'), ('case_closed', 'Case closed')], max_length=32, verbose_name='reason for ending')),
                        ('agreement', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='partners.partnershipagreement', verbose_name='partnership agreement')),
                        ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals', to='cases.case', verbose_name='case')),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='referred by')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.organisation', verbose_name='organisation')),
                        ('partner', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='referrals_received', to='organisations.organisation', verbose_name='partner organisation')),
                    ],
                    options={
                        'verbose_name': 'referral',
                        'verbose_name_plural': 'referrals',
                        'db_table': 'cases_referral',
                        'indexes': [models.Index(condition=models.Q(('consent_withdrawn_on__isnull', True), ('ended_on__isnull', True)), fields=['partner', 'valid_until'], name='referral_partner_active_idx'), models.Index(fields=['case'], name='referral_case_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('valid_until__gte', models.F('valid_from'))), name='referral_valid_period', violation_error_message='The end date cannot be before the start date.'), models.CheckConstraint(condition=models.Q(('consent_scope__contained_by', ['contact', 'identity_code', 'assessment', 'health', 'plans', 'services'])), name='referral_consent_scope_valid'), models.CheckConstraint(condition=models.Q(('end_reason', ''), ('end_reason__in', ['ended', 'consent_withdrawn', 'agreement_ended', 'expired', 'case_closed']), _connector='OR'), name='referral_end_reason_valid'), models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), models.Q(('end_reason', ''), _negated=True), _connector='OR'), name='referral_ended_has_reason'), models.CheckConstraint(condition=models.Q(('purpose_kind__in', ['rehabilitative_work', 'work_trial', 'coaching', 'multisectoral_service', 'work_ability_assessment', 'other'])), name='referral_purpose_kind_valid'), models.CheckConstraint(condition=models.Q(models.Q(('purpose_kind', 'other'), _negated=True), models.Q(('purpose', ''), _negated=True), _connector='OR'), name='referral_other_purpose_described', violation_error_message='Describe the purpose.')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_type_to_partners, content_type_to_cases),
    ]
