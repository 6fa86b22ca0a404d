"""A step kind for the multi-sectoral service-needs assessment (issue 18)."""

from django.conf import settings
from django.db import migrations, models

import core.db


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0014_plan_task_due_within_plan'),
        ('organisations', '0004_organisation_group'),
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
            field=models.CharField(choices=[('initial_interview', 'Initial interview'), ('supplementary_discussion', 'Supplementary job search discussion'), ('job_search_discussion', 'Job search discussion'), ('activation_plan', 'Activation plan'), ('multisectoral_assessment', 'Multi-sectoral service assessment'), ('multisectoral_plan', 'Multi-sectoral employment plan'), ('multisectoral_review', 'Multi-sectoral plan review'), ('integration_plan', 'Integration plan')], max_length=32, verbose_name='step'),
        ),
        # Wider than the constraint it replaces: every row already passes, and
        # the steps table is one of the largest (no validating scan under lock).
        core.db.AddConstraintNotValid(
            model_name='processstep',
            constraint=models.CheckConstraint(condition=models.Q(('kind__in', ['initial_interview', 'supplementary_discussion', 'job_search_discussion', 'activation_plan', 'multisectoral_assessment', 'multisectoral_plan', 'multisectoral_review', 'integration_plan'])), name='process_step_kind_valid'),
        ),
    ]
