# The seed agreements' sources as users read them (issue 18): the documents'
# own names in Finnish, the language of the agreements, instead of seed
# numbers and English notes; figure keys as choices with labels. The texts
# are frozen here: partners.seed_data writes the same ones into new data.

from django.db import migrations, models

SEED_000 = "Seed 000 (Haapajärvi KHALL minutes 2019-2021)"
SEED_001 = "Seed 001 (Tahtotilasta tulokseen project summary)"
SEED_002 = "Seed 002 (Pohjois-Pohjanmaa regional employment area model)"
SEED_003 = "Seed 003 (Heinola pilot application)"
KHALL_149 = "Haapajärven kaupunginhallitus 11.8.2020 § 149"
PROJECT_SUMMARY = "Tahtotilasta tulokseen -hankkeen tiivistelmä"
REGIONAL_MODEL = "Maakunnallinen työllisyysaluemalli (Pohjois-Pohjanmaa)"
HEINOLA_APPLICATION = "Heinolan hakemus työllisyyden kuntakokeiluun"

AGREEMENT_SOURCES = {
    f"{SEED_000}: KHALL 17.12.2019 § 228 decided to prepare a written "
    "partnership agreement between the municipalities, the TE office and the "
    "ELY centre. The minutes record no approval of the agreement itself.": (
        "Haapajärven kaupunginhallitus 17.12.2019 § 228: päätettiin "
        "valmistella kirjallinen kumppanuussopimus kuntien, TE-toimiston ja "
        "ELY-keskuksen välille. Pöytäkirjoissa ei ole päätöstä itse sopimuksen "
        "hyväksymisestä."
    ),
    f"{SEED_002}: Oulu organises the statutory services for the whole "
    "region and delegates their production to area-responsible municipalities "
    "(KuntaL 54 §); a proposal, not yet an agreement.": (
        f"{REGIONAL_MODEL}: Oulu järjestää lakisääteiset palvelut koko "
        "maakunnassa ja delegoi niiden tuottamisen aluevastuukunnille (KuntaL "
        "54 §); ehdotus, ei vielä sopimus."
    ),
    f"{SEED_003}: the co-located model the application describes, "
    "for the pilot period of act 1269/2020. Whether Heinola was selected is "
    "not confirmed (domain.md), so this stays a draft.": (
        f"{HEINOLA_APPLICATION}: hakemuksessa kuvattu yhteisten tilojen "
        "toimintamalli kuntakokeilulain (1269/2020) kokeilukaudelle. Luonnos: "
        "tietoa Heinolan valinnasta kokeiluun ei ole."
    ),
}
FIGURE_SOURCES = {
    f"{SEED_000}, KHALL 11.08.2020 § 149": KHALL_149,
    f"{SEED_001} (cost estimate approved by the ELY)": (
        f"{PROJECT_SUMMARY} (ELY-keskuksen hyväksymä kustannusarvio)"
    ),
    SEED_001: PROJECT_SUMMARY,
}


def rewrite(apps, schema_editor):
    """Only rows that still read exactly as the seeds wrote them."""
    partners = {
        name: apps.get_model("partners", name)
        for name in (
            "PartnershipAgreement",
            "RecordedFigure",
            "EvaluationTarget",
            "CatalogueService",
        )
    }
    for old, new in AGREEMENT_SOURCES.items():
        partners["PartnershipAgreement"].objects.filter(source=old).update(source=new)
    for old, new in FIGURE_SOURCES.items():
        partners["RecordedFigure"].objects.filter(source=old).update(source=new)
    partners["EvaluationTarget"].objects.filter(source=SEED_003).update(
        source=HEINOLA_APPLICATION
    )
    partners["CatalogueService"].objects.filter(source__in=[SEED_002, "Seed 002"]).update(
        source=REGIONAL_MODEL
    )


class Migration(migrations.Migration):

    dependencies = [
        ('partners', '0002_lifecycle_matrix_money'),
    ]

    operations = [
        migrations.AlterField(
            model_name='catalogueservice',
            name='source',
            field=models.CharField(blank=True, max_length=200, verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='recordedfigure',
            name='key',
            field=models.CharField(choices=[('total_cost', 'Total cost'), ('external_funding', 'External funding'), ('municipal_share_total', "Municipalities' share"), ('municipal_share_per_municipality', 'Share per municipality'), ('other_external_funding', 'Other external funding')], max_length=64, verbose_name='figure'),
        ),
        migrations.RunPython(rewrite, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='recordedfigure',
            constraint=models.CheckConstraint(condition=models.Q(('key__in', ['total_cost', 'external_funding', 'municipal_share_total', 'municipal_share_per_municipality', 'other_external_funding'])), name='recorded_figure_key_valid'),
        ),
    ]
