"""The audit trail at the top level (/audit/): include with path("audit/", include("simpul.organisations.audit_urls"))."""

from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("", views.audit_list, name="list"),
]
