"""The acts that rules cite, by title and number, in the reader's language.

Titles as the statute book gives them (Finlex; the Swedish titles from the
Swedish statute book, the English ones as Finlex translates them). A
citation adds the chapter and section after the title, e.g. "Laki
työvoimapalveluiden järjestämisestä (380/2023) 4 luku".
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACT_916_2012 = _("Act on Public Employment and Business Service (916/2012)")
ACT_380_2023 = _("Act on Organising Employment Services (380/2023)")
ACT_189_2001 = _("Act on Rehabilitative Work Activity (189/2001)")
ACT_1369_2014 = _(
    "Act on Multi-sectoral Joint Service Promoting Employment (1369/2014)"
)
ACT_381_2023 = _("Act on Multi-sectoral Promotion of Employment (381/2023)")
ACT_1386_2010 = _("Act on the Promotion of Immigrant Integration (1386/2010)")
ACT_681_2023 = _("Act on the Promotion of Integration (681/2023)")
ACT_1269_2020 = _("Act on a Municipal Pilot to Promote Employment (1269/2020)")
