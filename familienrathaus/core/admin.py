from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from familienrathaus.core.models import AllianceMembership, AuditEntry, OutboxMessage, User


class AllianceMembershipInline(admin.TabularInline):
    """The account's role in each alliance it belongs to (the active one's, unless an
    operator looks: the admin's lists are scoped like every page)."""

    model = AllianceMembership
    fields = ["role", "joined_at"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_active", "date_joined"]
    list_filter = ["is_active"]
    search_fields = ["email", "name"]
    inlines = [AllianceMembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("name", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    filter_horizontal = ()


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_label", "action", "object_type", "object_repr"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status"]
