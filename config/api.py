"""The API under /api/v1/: each app contributes one router."""

from config.api_errors import install as install_translated_errors
from familienrathaus.concerns.api import router as concerns_router
from familienrathaus.core.api import FamilienrathausAPI
from familienrathaus.core.api import router as core_router
from familienrathaus.employers.api import router as employers_router
from familienrathaus.events.api import router as events_router
from familienrathaus.holidays.api import router as holidays_router
from familienrathaus.ideas.api import router as ideas_router
from familienrathaus.network.api import router as network_router
from familienrathaus.news.api import router as news_router
from familienrathaus.offers.api import router as offers_router
from familienrathaus.partners.api import router as partners_router
from familienrathaus.places.api import router as places_router
from familienrathaus.reports.api import router as reports_router
from familienrathaus.surveys.api import router as surveys_router
from familienrathaus.welcome.api import router as welcome_router

api = FamilienrathausAPI(
    title="Familienrathaus API",
    version="1",
    description=(
        "Public read access to the alliance's data, and write access for partner staff "
        "with a personal API token (Authorization: Bearer …)."
    ),
    urls_namespace="api",
)
install_translated_errors(api)
api.add_router("/", core_router)
api.add_router("/partners", partners_router)
api.add_router("/offers", offers_router)
api.add_router("/events", events_router)
api.add_router("/holidays", holidays_router)
api.add_router("/places", places_router)
api.add_router("/news", news_router)
api.add_router("/surveys", surveys_router)
api.add_router("/ideas", ideas_router)
api.add_router("/concerns", concerns_router)
api.add_router("/employers", employers_router)
api.add_router("/welcome", welcome_router)
api.add_router("/network", network_router)
api.add_router("/reports", reports_router)
