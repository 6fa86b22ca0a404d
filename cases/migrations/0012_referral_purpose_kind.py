# A referral's purpose as a translated choice with optional details (issue
# 18: a Finnish purpose stayed Finnish in the Swedish UI and for a partner
# working in Swedish). Existing purposes were free text: known wordings map to
# a choice and the rest of the text stays as its details; anything else
# becomes "other" with the text kept as it was.

import re

from django.db import migrations, models

# (choice, words that name it in Finnish, Swedish or English), tried in order.
KNOWN = (
    ("rehabilitative_work", ("kuntouttava työtoiminta", "kuntouttava", "rehabiliteringssyfte", "rehabilitative")),
    ("work_trial", ("työkokeilu", "arbetsprövning", "work try-out", "work trial")),
    ("coaching", ("valmennus", "coachning", "coaching")),
    ("multisectoral_service", ("monialainen", "typ", "sektorsövergripande", "multi-sectoral")),
    ("work_ability_assessment", ("työkyvyn arvio", "työkyky", "arbetsförmåga", "work ability")),
)


def classify(text):
    """(choice, details) for a free-text purpose."""
    lowered = text.strip().lower()
    for kind, words in KNOWN:
        for word in words:
            # From the start of a word: Finnish adds its endings at the end.
            if re.search(r"\b" + re.escape(word), lowered):
                # "Kuntouttava työtoiminta työpajalla" -> the choice + "työpajalla".
                details = text.strip()
                rest = details[len(word) :]
                if lowered.startswith(word) and not rest[:1].isalpha():
                    details = rest.strip(" ,.:;-–")
                return kind, details
    return "other", text.strip()


def map_purposes(apps, schema_editor):
    referral = apps.get_model("cases", "Referral")
    for row in referral.objects.exclude(purpose__in=["", "-"]).only("pk", "purpose"):
        kind, details = classify(row.purpose)
        referral.objects.filter(pk=row.pk).update(purpose_kind=kind, purpose=details)


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_service_type_sources'),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='purpose_kind',
            field=models.CharField(choices=[('rehabilitative_work', 'Rehabilitative work activity'), ('work_trial', 'Work try-out'), ('coaching', 'Coaching'), ('multisectoral_service', 'Multi-sectoral service'), ('work_ability_assessment', 'Health and work ability assessment'), ('other', 'Other')], default='other', max_length=32, verbose_name='purpose'),
        ),
        migrations.AlterField(
            model_name='referral',
            name='purpose',
            field=models.CharField(blank=True, max_length=300, verbose_name='details of the purpose'),
        ),
        migrations.RunPython(map_purposes, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.CheckConstraint(condition=models.Q(('purpose_kind__in', ['rehabilitative_work', 'work_trial', 'coaching', 'multisectoral_service', 'work_ability_assessment', 'other'])), name='referral_purpose_kind_valid'),
        ),
        migrations.AddConstraint(
            model_name='referral',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('purpose_kind', 'other'), _negated=True), models.Q(('purpose', ''), _negated=True), _connector='OR'), name='referral_other_purpose_described', violation_error_message='Describe the purpose.'),
        ),
    ]
