"""The web app and REST API (FastAPI): ``create_app(settings)``; ``rashomon serve`` runs it.

Importing ``rashomon`` does not import this package (nor FastAPI).
"""

from rashomon.web.app import create_app

__all__ = ["create_app"]
