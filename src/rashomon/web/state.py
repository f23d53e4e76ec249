"""What the routes share: :class:`WebState` on ``app.state.rashomon``, and the templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from fastapi import Request

from rashomon.settings import Settings
from rashomon.version import __version__
from rashomon.web.worker import Worker


@dataclass(frozen=True, slots=True)
class WebState:
    """What the routes need, kept on ``app.state.rashomon``."""

    settings: Settings
    worker: Worker
    env: jinja2.Environment

    def render(self, template: str, **context: Any) -> str:
        context.setdefault("twin", None)
        return self.env.get_template(template).render(version=__version__, **context)


def environment() -> jinja2.Environment:
    """The page templates (``web/templates``), every one autoescaped."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon", "web/templates"),
        autoescape=True,  # every template, whatever its name: article text is untrusted HTML
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def state(request: Request) -> WebState:
    """The app's WebState, as a route sees it."""
    result: WebState = request.app.state.rashomon
    return result
