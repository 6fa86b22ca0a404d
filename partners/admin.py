"""Administrators' editing of agreement content. The lifecycle (status) is not
editable here: it moves only through the services, so that no agreement comes
into force without every party's approval."""

from __future__ import annotations

from django.contrib import admin

from .models import (
    AgreementParty,
    CatalogueService,
    DataSharingTerm,
    EvaluationTarget,
    MoneyRule,
    PartnershipAgreement,
    Project,
    ProjectParty,
    RecordedFigure,
    Responsibility,
    SteeringGroupMember,
)


class PartyInline(admin.TabularInline[AgreementParty, PartnershipAgreement]):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organisation"]


class SharingTermInline(admin.TabularInline[DataSharingTerm, PartnershipAgreement]):
    model = DataSharingTerm
    extra = 0


class SteeringInline(admin.TabularInline[SteeringGroupMember, PartnershipAgreement]):
    model = SteeringGroupMember
    extra = 0


class TargetInline(admin.TabularInline[EvaluationTarget, PartnershipAgreement]):
    model = EvaluationTarget
    extra = 0
    autocomplete_fields = ["organisation"]


class MoneyRuleInline(admin.TabularInline[MoneyRule, PartnershipAgreement]):
    model = MoneyRule
    extra = 0


class ResponsibilityInline(admin.TabularInline[Responsibility, PartnershipAgreement]):
    model = Responsibility
    extra = 0
    autocomplete_fields = ["organiser", "producer", "may_buy_from", "serves"]


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(admin.ModelAdmin[PartnershipAgreement]):
    list_display = ("name", "status", "valid_from", "valid_until")
    list_filter = ("status",)
    search_fields = ("name",)
    readonly_fields = ("status",)
    inlines = [
        PartyInline,
        SharingTermInline,
        SteeringInline,
        ResponsibilityInline,
        MoneyRuleInline,
        TargetInline,
    ]


@admin.register(CatalogueService)
class CatalogueServiceAdmin(admin.ModelAdmin[CatalogueService]):
    list_display = ("name", "tier", "statutory", "code")
    list_filter = ("tier", "statutory")
    search_fields = ("name", "name_sv", "code")


class ProjectPartyInline(admin.TabularInline[ProjectParty, Project]):
    model = ProjectParty
    extra = 0
    autocomplete_fields = ["organisation"]


class FigureInline(admin.TabularInline[RecordedFigure, Project]):
    model = RecordedFigure
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin[Project]):
    list_display = ("name", "administrator", "starts_on", "ends_on", "total_cents")
    search_fields = ("name",)
    autocomplete_fields = ["administrator", "agreement"]
    inlines = [ProjectPartyInline, FigureInline]
