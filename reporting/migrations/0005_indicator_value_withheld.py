# Complementary suppression: a stored decision per figure, taken when a month
# is computed; the months computed before it get theirs here.

import calendar
from collections import defaultdict

from django.db import migrations, models
from django.db.models import Q


def withhold_computed_months(apps, schema_editor):
    # The pure functions the service uses (core.privacy, reporting.rules):
    # the decision must be the one a recomputation would take.
    from core.privacy import withheld_figures
    from reporting.rules import roll_up_parts

    run_model = apps.get_model("reporting", "IndicatorRun")
    value_model = apps.get_model("reporting", "IndicatorValue")
    relation_model = apps.get_model("organisations", "OrganisationRelation")
    for run in run_model.objects.all().iterator():
        last = run.month.replace(
            day=calendar.monthrange(run.month.year, run.month.month)[1]
        )
        members = defaultdict(set)
        for parent, child in relation_model.objects.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=last),
            kind="member",
            valid_from__lte=last,
        ).values_list("parent_id", "child_id"):
            members[parent].add(child)
        counts = defaultdict(dict)
        for definition_id, organisation_id, numerator in value_model.objects.filter(
            run=run, definition__unit="count"
        ).values_list("definition_id", "organisation_id", "numerator"):
            counts[definition_id][organisation_id] = numerator
        for definition_id, published in counts.items():
            parts = roll_up_parts(published, members)
            withheld = withheld_figures(
                parts.values, parts.groups, unpublished=parts.unpublished
            )
            organisations = [k for k in withheld if k is None or isinstance(k, int)]
            ids = [k for k in organisations if k is not None]
            condition = Q(organisation_id__in=ids)
            if None in organisations:
                condition |= Q(organisation__isnull=True)
            if organisations:
                value_model.objects.filter(
                    condition, run=run, definition_id=definition_id
                ).update(is_withheld=True)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0004_organisation_group"),
        ("reporting", "0004_definition_texts_fi_sv"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicatorvalue",
            name="is_withheld",
            field=models.BooleanField(
                default=False,
                help_text="Hidden so that a figure of fewer than five people cannot be worked out from a total.",
                verbose_name="withheld",
            ),
        ),
        migrations.RunPython(withhold_computed_months, migrations.RunPython.noop),
    ]
