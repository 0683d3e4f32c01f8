"""The REST API and web dashboard (FastAPI), served by ``tocsin serve``.

``create_app(db=..., settings=...)`` builds the application; ``serve(...)`` runs it with
uvicorn. Every read goes through ``tocsin.query.TocsinDB``; the one write endpoint (submit
an article or URL for analysis) needs the bearer token of ``api.token``. docs/api.md lists
the endpoints; the dashboard is the static page at ``/``.
"""

from __future__ import annotations

from tocsin.api.app import create_app, serve

__all__ = ["create_app", "serve"]
