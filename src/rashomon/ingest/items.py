"""What a reader of many sources yields: an :class:`Article`, or a :class:`Skipped` (source and
reason) for what could not be read, so one bad page, feed entry or record never stops the rest."""

from __future__ import annotations

from dataclasses import dataclass

from rashomon.model import Article


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something that was not ingested, and why (one line)."""

    source: str
    reason: str


Item = Article | Skipped
