"""Scale-out: the per-batch analyse-and-embed function, run in process or on Ray Data.

Importing this package imports neither Ray nor a model; ``run_batch(engine="ray")`` needs the
``[ray]`` extra.
"""

from __future__ import annotations

from rashomon.scale.batch import ENGINES, ArticleBatch, BatchSummary, run_batch

__all__ = ["ENGINES", "ArticleBatch", "BatchSummary", "run_batch"]
