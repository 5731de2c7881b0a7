"""The back office for associations: read-only, scoped. Site administrators see every association;
association officers see the chapters they look after (and all under them). Writes happen on the
officers' workspace pages, through the services."""

from django.contrib import admin

from simpul.core.admin import ScopedAdmin
from simpul.organisations.permissions import is_site_admin

from . import selectors
from .models import (
    Announcement,
    AnnouncementDelivery,
    ApplicationDocument,
    AssociationSettings,
    BoardPosition,
    BoardTerm,
    ChapterCount,
    DuesPayment,
    Membership,
    MembershipEvent,
    MemberType,
)
from .permissions import is_officer


class AssociationAdmin(ScopedAdmin):
    # The organisation (or membership) each row belongs to, for `scoped`.
    organisation_field = ""
    membership_field = ""

    def may_open(self, user) -> bool:
        return is_site_admin(user) or is_officer(user)

    def scoped(self, user):
        rows = self.model._default_manager.all()
        if self.membership_field:
            return rows.filter(
                **{f"{self.membership_field}__in": selectors.memberships_manageable_by(user).values("pk")}
            )
        return rows.filter(
            **{f"{self.organisation_field}__in": selectors.chapters_manageable_by(user).values("pk")}
        )


@admin.register(AssociationSettings)
class AssociationSettingsAdmin(AssociationAdmin):
    organisation_field = "association"
    list_display = ["association", "joining_fee", "dues_amount", "grace_days", "member_number_format"]
    list_select_related = ["association"]


@admin.register(MemberType)
class MemberTypeAdmin(AssociationAdmin):
    organisation_field = "association"
    list_display = ["name", "code", "association", "may_vote", "pays_dues"]
    list_select_related = ["association"]


@admin.register(Membership)
class MembershipAdmin(AssociationAdmin):
    membership_field = "pk"
    list_display = ["number", "person", "chapter", "member_type", "status", "applied_at"]
    list_filter = ["status"]
    search_fields = ["number", "sort_name"]
    list_select_related = ["person", "chapter", "member_type"]
    raw_id_fields = ["person", "association", "chapter", "member_type", "decided_by", "card"]

    def scoped(self, user):
        return selectors.memberships_manageable_by(user)


@admin.register(MembershipEvent)
class MembershipEventAdmin(AssociationAdmin):
    membership_field = "membership"
    list_display = ["membership", "kind", "from_status", "to_status", "at", "actor"]
    list_filter = ["kind"]
    list_select_related = ["membership", "actor"]


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(AssociationAdmin):
    membership_field = "membership"
    list_display = ["membership", "kind", "original_name", "size", "uploaded_at"]
    list_select_related = ["membership"]


@admin.register(DuesPayment)
class DuesPaymentAdmin(AssociationAdmin):
    membership_field = "membership"
    list_display = ["membership", "year", "amount", "paid_on", "status"]
    list_filter = ["status", "year"]
    list_select_related = ["membership"]


@admin.register(ChapterCount)
class ChapterCountAdmin(AssociationAdmin):
    organisation_field = "organisation"
    list_display = ["organisation", "pending", "active", "grace", "expired"]
    list_select_related = ["organisation"]


@admin.register(BoardTerm)
class BoardTermAdmin(AssociationAdmin):
    organisation_field = "organisation"
    list_display = ["organisation", "starts_on", "ends_on", "decree"]
    list_select_related = ["organisation"]


@admin.register(BoardPosition)
class BoardPositionAdmin(AssociationAdmin):
    organisation_field = "term__organisation"
    list_display = ["term", "position", "person", "division"]
    list_select_related = ["term__organisation", "person"]


@admin.register(Announcement)
class AnnouncementAdmin(AssociationAdmin):
    organisation_field = "organisation"
    list_display = ["subject", "organisation", "status", "recipients", "created_at"]
    list_filter = ["status"]
    list_select_related = ["organisation"]


@admin.register(AnnouncementDelivery)
class AnnouncementDeliveryAdmin(AssociationAdmin):
    organisation_field = "announcement__organisation"
    list_display = ["announcement", "email", "sent_at", "error"]
    list_select_related = ["announcement"]
