"""URLs of simpul.knowledge that live at the site root: the OAI-PMH base URL /oai."""

from django.urls import path

from . import views

app_name = "knowledge_root"

urlpatterns = [
    path("oai", views.oai_pmh, name="oai"),
]
