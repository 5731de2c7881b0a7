"""URLs of simpul.knowledge that live at the site root (e.g. /events.ics, /oai), outside /knowledge/."""

app_name = "knowledge_root"

urlpatterns: list = []
