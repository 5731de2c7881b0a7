from django.urls import path

from . import views

app_name = "organisations"

# Fixed paths come before <slug>/; their names are reserved slugs (services.RESERVED_SLUGS).
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("search/", views.organisation_suggestions, name="search"),
    path("employment/add/", views.employment_add, name="employment_add"),
    path("employment/<int:pk>/edit/", views.employment_edit, name="employment_edit"),
    path("employment/<int:pk>/remove/", views.employment_remove, name="employment_remove"),
    path("roles/", views.role_list, name="roles"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
    path("audit/", views.audit_list, name="audit"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
