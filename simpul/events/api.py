"""/api/v1/ endpoints of simpul.events."""

from ninja import Router

router = Router(tags=["events"])
