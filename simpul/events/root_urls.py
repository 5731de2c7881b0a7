"""URLs of simpul.events that live at the site root (e.g. /events.ics, /oai), outside /events/."""

from django.urls import path

from .views import public

app_name = "events_root"

urlpatterns: list = [path("events.ics", public.feed_ics, name="feed")]
