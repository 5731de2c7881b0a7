"""One NinjaAPI for /api/v1/; each app contributes a router."""

from ninja import NinjaAPI

from simpul.associations.api import router as associations_router
from simpul.certification.api import router as certification_router
from simpul.credentials.api import router as credentials_router
from simpul.events.api import router as events_router
from simpul.knowledge.api import router as knowledge_router
from simpul.libraries.api import router as libraries_router
from simpul.programs.api import router as programs_router
from simpul.regions.api import router as regions_router

api = NinjaAPI(
    title="Simpul API",
    version="1",
    description="Public and authenticated endpoints of Simpul. Lists are paginated (limit/offset).",
    urls_namespace="api",
)
api.add_router("/regions", regions_router)
api.add_router("/libraries", libraries_router)
api.add_router("/associations", associations_router)
api.add_router("/credentials", credentials_router)
api.add_router("/events", events_router)
api.add_router("/certification", certification_router)
api.add_router("/programs", programs_router)
api.add_router("/repository", knowledge_router)
