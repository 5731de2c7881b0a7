"""/api/v1/ endpoints of simpul.programs."""

from ninja import Router

router = Router(tags=["programs"])
