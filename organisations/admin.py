from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Membership, Organisation, OrganisationRelation, Team


class MembershipInline(admin.TabularInline[Membership, Organisation]):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ("organisation", "role", "team", "valid_from", "valid_until")


class RelationInline(admin.TabularInline[OrganisationRelation, Organisation]):
    model = OrganisationRelation
    fk_name = "parent"
    extra = 0
    autocomplete_fields = ["child"]
    fields = ("child", "kind", "is_responsible", "valid_from", "valid_until", "source")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = (
        "name",
        "kind",
        "municipality_code",
        "business_id",
        "region",
        "population",
        "valid_from",
        "valid_until",
    )
    list_filter = ("kind", "region")
    search_fields = ("name", "name_sv", "name_en", "municipality_code", "business_id")
    inlines = [RelationInline]
    fieldsets = (
        (None, {"fields": ("kind", "name", "name_sv", "name_en")}),
        (_("Identifiers"), {"fields": ("municipality_code", "business_id")}),
        (
            _("Geography"),
            {"fields": ("region", "sub_region", "population", "population_year")},
        ),
        (_("Validity"), {"fields": ("valid_from", "valid_until", "source")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ("user", "organisation", "role", "valid_from", "valid_until")
    list_filter = ("role", "organisation__kind")
    search_fields = ("user__username", "user__last_name", "organisation__name")
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ("user", "organisation")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin[Team]):
    list_display = ("name", "organisation")
    search_fields = ("name", "organisation__name")
    autocomplete_fields = ["organisation"]
