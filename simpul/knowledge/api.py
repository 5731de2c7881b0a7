"""/api/v1/ endpoints of simpul.knowledge."""

from ninja import Router

router = Router(tags=["knowledge"])
