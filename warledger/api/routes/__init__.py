"""One module of routes per resource; ``ROUTERS`` is what ``create_app`` mounts."""

from warledger.api.routes import articles, events, export, stats

ROUTERS = [events.router, articles.router, stats.router, export.router]
