"""A step kind for booking again after a missed or cancelled appointment
(issue 22)."""

from django.conf import settings
from django.db import migrations, models

import core.db


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_referral_to_partners'),
        ('organisations', '0005_reference_sources_without_seed_numbers'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='processstep',
            name='process_step_kind_valid',
        ),
        migrations.AlterField(
            model_name='processstep',
            name='kind',
            field=models.CharField(choices=[('initial_interview', 'Initial interview'), ('supplementary_discussion', 'Supplementary job search discussion'), ('job_search_discussion', 'Job search discussion'), ('activation_plan', 'Activation plan'), ('multisectoral_assessment', 'Multi-sectoral service assessment'), ('multisectoral_plan', 'Multi-sectoral employment plan'), ('multisectoral_review', 'Multi-sectoral plan review'), ('integration_plan', 'Integration plan'), ('rebooking', 'New appointment after a missed one')], max_length=32, verbose_name='step'),
        ),
        # Wider than the constraint it replaces: no validating scan under lock.
        core.db.AddConstraintNotValid(
            model_name='processstep',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['initial_interview', 'supplementary_discussion', 'job_search_discussion', 'activation_plan', 'multisectoral_assessment', 'multisectoral_plan', 'multisectoral_review', 'integration_plan', 'rebooking'])), name='process_step_kind_valid'),
        ),
    ]
