"""What the public calendar answers visitors and people who organise nothing, cached until an event is
written (see `simpul.core.publiccache`). `event_create` and `event_update` mark it changed; the key
also moves every minute, since "coming up" drops events as they end."""

from simpul.core.publiccache import PublicAnswers

CALENDAR = PublicAnswers("events.calendar", timeout=120, bucket=60)
