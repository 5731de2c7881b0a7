"""/api/v1/ endpoints of simpul.certification."""

from ninja import Router

router = Router(tags=["certification"])
