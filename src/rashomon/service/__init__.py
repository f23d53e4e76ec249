"""The service layer: the one place that wires the stages together; the CLI, the web app and the
batch jobs call only this.

:class:`Service` holds the models (each loaded on first use) and runs analyze / compare / judge;
:class:`Library` is a store plus a Service: ingest with progress, the story list, a story's
report, search. Importing this package loads no model (nor spaCy).
"""

from __future__ import annotations

from rashomon.compare.stories import ClusterParams, StoryDoc
from rashomon.service.core import Service, make_judge, report_key
from rashomon.service.library import IngestSummary, Library, Progress, ProgressCallback
from rashomon.store import SearchHit, StorySummary

# ClusterParams and StoryDoc (what a shell gives Service.cluster; the batch jobs build docs from
# stored columns), StorySummary and SearchHit (what a Library returns): re-exported so that the
# shells (cli, web, scale) import the service layer only.
__all__ = [
    "ClusterParams",
    "IngestSummary",
    "Library",
    "Progress",
    "ProgressCallback",
    "SearchHit",
    "Service",
    "StoryDoc",
    "StorySummary",
    "make_judge",
    "report_key",
]
