"""The holiday programme in the Django admin (administrators only). Health notes are
left out of the lists; coordinators work in the back office, not here."""

from __future__ import annotations

from django.contrib import admin

from familienrathaus.holidays.models import (
    Activity,
    Booking,
    Child,
    Invoice,
    Occasion,
    OccasionDate,
    Period,
    ReductionClaim,
    ReductionKind,
)


class ReductionKindInline(admin.TabularInline):
    model = ReductionKind
    extra = 0


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["name", "holiday_start", "holiday_end", "booking_opens", "is_archived"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ReductionKindInline]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "period", "organisation", "category", "status"]
    list_filter = ["period", "status", "category"]
    search_fields = ["title"]


class OccasionDateInline(admin.TabularInline):
    model = OccasionDate
    extra = 0


@admin.register(Occasion)
class OccasionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "max_places", "min_places", "cancelled_at"]
    list_filter = ["activity__period"]
    inlines = [OccasionDateInline]


@admin.register(Child)
class ChildAdmin(admin.ModelAdmin):
    list_display = ["first_name", "last_name", "birth_date", "family"]
    search_fields = ["last_name", "family__email"]
    exclude = ["health_notes", "emergency_contact"]


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["child", "occasion", "status", "source", "queued_at"]
    list_filter = ["status", "source"]
    raw_id_fields = ["child", "occasion"]


@admin.register(Invoice)
class InvoiceAdmin(admin.ModelAdmin):
    list_display = ["number", "period", "payer_email", "total", "paid_amount", "status"]
    list_filter = ["period", "status"]


@admin.register(ReductionClaim)
class ReductionClaimAdmin(admin.ModelAdmin):
    list_display = ["family", "kind", "period", "status"]
    list_filter = ["status", "period"]
