from __future__ import annotations

from django.contrib import admin

from .models import AgreementParty, DataSharingTerm, PartnershipAgreement


class PartyInline(admin.TabularInline[AgreementParty, PartnershipAgreement]):
    model = AgreementParty
    extra = 0
    autocomplete_fields = ["organisation"]


class SharingTermInline(admin.TabularInline[DataSharingTerm, PartnershipAgreement]):
    model = DataSharingTerm
    extra = 0


@admin.register(PartnershipAgreement)
class PartnershipAgreementAdmin(admin.ModelAdmin[PartnershipAgreement]):
    list_display = ("name", "status", "valid_from", "valid_until")
    list_filter = ("status",)
    search_fields = ("name",)
    inlines = [PartyInline, SharingTermInline]
