"""URLs of simpul.events that live at the site root (e.g. /events.ics, /oai), outside /events/."""

app_name = "events_root"

urlpatterns: list = []
