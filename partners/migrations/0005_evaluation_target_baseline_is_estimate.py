# Issue 23: a target's baseline can be an estimate, shown as such. The
# Heinola application's targets loaded before (partners.seed_data) get its
# own words as their source, and its estimated baselines the mark; the texts
# are frozen here, as seed_data writes the same ones into new data.

from django.db import migrations, models

APPLICATION = "Heinolan hakemus työllisyyden kuntakokeiluun"
AGREEMENT = "Heinolan työllisyyden kuntakokeilu: yhteistyömalli (hakemus)"
ACTIVATION = (
    f"{APPLICATION}, kohta 3: ”Tällä hetkellä aktivointiaste on noin "
    "25%, ja tavoitetaso kokeilun loppuun mennessä on yli 40%.”"
)
SUBSIDY = (
    f"{APPLICATION}, kohta 4 (arvio): ”työmarkkinatuen kuntaosuudet "
    "voisivat laskea nykytasosta jopa 30% (pienennystä nykyiseen yli "
    "500 000€/v)”"
)
# indicator: (source, whether the baseline is an estimate)
TARGETS = {
    "activation_rate": (ACTIVATION, True),
    "labour_market_subsidy_municipal_share": (SUBSIDY, False),
    "municipal_share_euros": (SUBSIDY, True),
}


def cite_heinola(apps, schema_editor):  # noqa: ANN001, ARG001 - migration API
    target = apps.get_model("partners", "EvaluationTarget")
    for indicator, (source, estimate) in TARGETS.items():
        target.objects.filter(
            agreement__name=AGREEMENT, indicator=indicator, source=APPLICATION
        ).update(source=source, baseline_is_estimate=estimate)


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0004_referral_from_cases'),
    ]

    operations = [
        migrations.AddField(
            model_name='evaluationtarget',
            name='baseline_is_estimate',
            field=models.BooleanField(default=False, help_text="The source gives the baseline only approximately, or it is worked out from the source's figures.", verbose_name='baseline is an estimate'),
        ),
        migrations.RunPython(cite_heinola, migrations.RunPython.noop),
    ]
