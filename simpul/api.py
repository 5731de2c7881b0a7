"""One NinjaAPI for /api/v1/; each app contributes a router."""

from ninja import NinjaAPI

from simpul.regions.api import router as regions_router

api = NinjaAPI(
    title="Simpul API",
    version="1",
    description="Public and authenticated endpoints of Simpul. Lists are paginated (limit/offset).",
    urls_namespace="api",
)
api.add_router("/regions", regions_router)
