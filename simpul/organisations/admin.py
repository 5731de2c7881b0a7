"""The Django admin as back office, scoped by roles.

Site administrators (and superusers) see and change everything. Other staff see only what their roles
cover: organisations under theirs (or in their regions), and the people employed there or holding roles
there; they may edit those organisations and grant or revoke the roles they are allowed to grant.
Every write goes through the services, so it is validated and audited like any other.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from simpul.people import services as people_services
from simpul.people.models import Education, Person, User

from . import selectors, services
from .models import Employment, Organisation, RoleAssignment
from .permissions import can_grant, can_manage_roles, is_site_admin


class ScopedAdmin(admin.ModelAdmin):
    """Permissions from Simpul's roles rather than Django's model permissions."""

    # Addresses typed without a scheme are taken as https:// (Django 6 default).
    formfield_overrides = {models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"}}

    staff_may_change = False

    def scoped(self, request, queryset, scope):
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if is_site_admin(request.user):
            return queryset
        return self.scoped(request, queryset, selectors.staff_scope(request.user))

    def _in_scope(self, request, obj) -> bool:
        return obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()

    def has_module_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return is_site_admin(user) or not selectors.staff_scope(user).is_empty

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        if is_site_admin(request.user):
            return True
        return self.staff_may_change and self.has_view_permission(request, obj)

    def has_add_permission(self, request):
        return is_site_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return False


def _changed(form, allowed) -> dict:
    return {name: form.cleaned_data[name] for name in form.changed_data if name in allowed}


def _adopt(obj, created) -> None:
    """Let the admin's response use the object a service created."""
    obj.pk = created.pk
    obj._state.adding = False


class UserAddForm(forms.ModelForm):
    full_name = forms.CharField(label=_("Full name"), max_length=150)

    class Meta:
        model = User
        fields = ["email"]


@admin.register(User)
class UserAdmin(ScopedAdmin):
    list_display = ["email", "is_active", "is_staff", "is_superuser", "date_joined", "last_login"]
    list_filter = ["is_active", "is_staff", "is_superuser"]
    search_fields = ["email"]
    ordering = ["email"]
    fields = ["email", "is_active", "is_staff", "is_superuser", "date_joined", "last_login"]
    readonly_fields = ["email", "is_superuser", "date_joined", "last_login"]

    def scoped(self, request, queryset, scope):
        return queryset.filter(pk__in=selectors.users_in_scope(scope).values("pk"))

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = UserAddForm
            kwargs["fields"] = ["email", "full_name"]
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return ["email", "full_name"] if obj is None else self.fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:
            people_services.user_update(
                actor=request.user, user=obj, **_changed(form, people_services.USER_FIELDS)
            )
        else:
            created = people_services.user_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                password=None,
                full_name=form.cleaned_data["full_name"],
            )
            _adopt(obj, created)


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["full_name", "title_prefix", "title_suffix", "user", "nik_masked", "region"]
    search_fields = ["full_name", "user__email", "nip"]
    list_select_related = ["user", "region"]
    raw_id_fields = ["user", "region"]
    fields = [
        "user",
        "full_name",
        "title_prefix",
        "title_suffix",
        "nik_masked",
        "nip",
        "phone",
        "region",
        "birth_date",
        "gender",
    ]
    # NIK is never shown in clear: only its masked form, read-only.
    readonly_fields = ["nik_masked"]

    def scoped(self, request, queryset, scope):
        return queryset.filter(pk__in=selectors.people_in_scope(scope).values("pk"))

    def get_readonly_fields(self, request, obj=None):
        return ["nik_masked", "user"] if obj else ["nik_masked"]

    def save_model(self, request, obj, form, change):
        try:
            if change:
                people_services.person_update(
                    actor=request.user, person=obj, **_changed(form, people_services.PERSON_FIELDS)
                )
            else:
                fields = _changed(form, people_services.PERSON_FIELDS - {"full_name"})
                created = people_services.person_create(
                    actor=request.user,
                    full_name=form.cleaned_data["full_name"],
                    user=form.cleaned_data.get("user"),
                    **fields,
                )
                _adopt(obj, created)
        except ValidationError as e:
            raise ValidationError(e.messages) from e


@admin.register(Education)
class EducationAdmin(ScopedAdmin):
    list_display = ["person", "level", "institution", "major", "is_library_science", "graduation_year"]
    list_filter = ["level", "is_library_science"]
    search_fields = ["person__full_name", "institution", "major"]
    raw_id_fields = ["person"]
    list_select_related = ["person"]

    def scoped(self, request, queryset, scope):
        return queryset.filter(person__in=selectors.people_in_scope(scope).values("pk"))

    def has_delete_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def save_model(self, request, obj, form, change):
        fields = {
            k: form.cleaned_data[k]
            for k in ["level", "institution", "major", "is_library_science", "graduation_year"]
        }
        if change:
            people_services.education_update(
                actor=request.user, education=Education.objects.get(pk=obj.pk), **fields
            )
        else:
            _adopt(
                obj,
                people_services.education_add(
                    actor=request.user, person=form.cleaned_data["person"], **fields
                ),
            )

    def delete_model(self, request, obj):
        people_services.education_remove(actor=request.user, education=obj)

    def delete_queryset(self, request, queryset):
        for education in queryset:
            people_services.education_remove(actor=request.user, education=education)


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdmin):
    staff_may_change = True
    list_display = ["name", "short_name", "kind", "parent", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    list_select_related = ["parent", "region"]
    raw_id_fields = ["parent", "region"]
    fields = [
        "kind",
        "name",
        "short_name",
        "slug",
        "parent",
        "region",
        "address",
        "website",
        "email",
        "phone",
        "description",
        "is_active",
        "path",
        "depth",
    ]
    readonly_fields = ["path", "depth"]
    editable_fields = {
        "kind",
        "name",
        "short_name",
        "slug",
        "parent",
        "region",
        "address",
        "website",
        "email",
        "phone",
        "description",
        "is_active",
    }

    def scoped(self, request, queryset, scope):
        return selectors.organisations_in_scope(scope).filter(pk__in=queryset.values("pk"))

    def get_readonly_fields(self, request, obj=None):
        # Staff who are not site administrators cannot move an organisation out of their tree.
        if is_site_admin(request.user):
            return self.readonly_fields
        return [*self.readonly_fields, "parent", "kind", "slug"]

    def save_model(self, request, obj, form, change):
        if change:
            services.organisation_update(
                actor=request.user, organisation=obj, **_changed(form, self.editable_fields)
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in self.editable_fields}
            _adopt(obj, services.organisation_create(actor=request.user, **data))


@admin.register(Employment)
class EmploymentAdmin(ScopedAdmin):
    list_display = ["person", "position", "employer_name", "start_date", "end_date"]
    search_fields = ["person__full_name", "position", "organisation__name", "organisation_name"]
    raw_id_fields = ["person", "organisation"]
    list_select_related = ["person", "organisation"]
    editable_fields = {"organisation", "organisation_name", "position", "start_date", "end_date"}

    def scoped(self, request, queryset, scope):
        return queryset.filter(person__in=selectors.people_in_scope(scope).values("pk"))

    def has_delete_permission(self, request, obj=None):
        return is_site_admin(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            services.employment_update(
                actor=request.user,
                employment=Employment.objects.get(pk=obj.pk),
                **_changed(form, self.editable_fields),
            )
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k in self.editable_fields}
            _adopt(
                obj, services.employment_add(actor=request.user, person=form.cleaned_data["person"], **data)
            )

    def delete_model(self, request, obj):
        services.employment_remove(actor=request.user, employment=obj)

    def delete_queryset(self, request, queryset):
        for employment in queryset:
            services.employment_remove(actor=request.user, employment=employment)


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedAdmin):
    """Roles are granted and revoked, never edited: revoke and grant again to change one."""

    list_display = ["person", "role", "organisation", "region", "start_date", "end_date", "granted_by"]
    list_filter = ["role"]
    search_fields = ["person__full_name", "person__user__email", "organisation__name"]
    raw_id_fields = ["person", "organisation", "region"]
    list_select_related = ["person", "organisation", "region", "granted_by"]
    fields = ["person", "role", "organisation", "region", "start_date", "end_date"]

    def get_queryset(self, request):
        if is_site_admin(request.user):
            return super().get_queryset(request)
        return selectors.role_assignments_manageable_by(request.user)

    def has_module_permission(self, request):
        return super().has_module_permission(request) and can_manage_roles(request.user)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return request.user.is_staff and can_manage_roles(request.user)

    def has_delete_permission(self, request, obj=None):
        return self.has_add_permission(request) and self._in_scope(request, obj)

    def get_form(self, request, obj=None, **kwargs):
        base = super().get_form(request, obj, **kwargs)

        class GrantForm(base):
            def clean(self):
                data = super().clean()
                role = data.get("role")
                if role and not can_grant(
                    request.user, role, organisation=data.get("organisation"), region=data.get("region")
                ):
                    raise ValidationError(_("You may not grant this role there."))
                return data

        return GrantForm

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        _adopt(
            obj,
            services.role_grant(
                actor=request.user,
                person=data["person"],
                role=data["role"],
                organisation=data.get("organisation"),
                region=data.get("region"),
                start_date=data.get("start_date"),
                end_date=data.get("end_date"),
            ),
        )

    def delete_model(self, request, obj):
        services.role_revoke(actor=request.user, assignment=obj)

    def delete_queryset(self, request, queryset):
        for assignment in queryset:
            services.role_revoke(actor=request.user, assignment=assignment)
