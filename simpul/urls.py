from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from simpul.api import api

urlpatterns = [
    path("", include("simpul.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("regions/", include("simpul.regions.urls")),
    path("", include("simpul.people.urls")),
    path("organisations/", include("simpul.organisations.urls")),
    path("audit/", include("simpul.organisations.audit_urls")),
    path("libraries/", include("simpul.libraries.urls")),
    path("associations/", include("simpul.associations.urls")),
    path("", include("simpul.credentials.urls")),
    path("events/", include("simpul.events.urls")),
    path("", include("simpul.events.root_urls")),
    path("certification/", include("simpul.certification.urls")),
    path("programmes/", include("simpul.programs.urls")),
    path("repository/", include("simpul.knowledge.urls")),
    path("", include("simpul.knowledge.root_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
