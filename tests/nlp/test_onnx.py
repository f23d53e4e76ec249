"""The ONNX batch runner: batches side by side give what one at a time gives, in order."""

from __future__ import annotations

import numpy as np

from rashomon.nlp.embed import MiniLMEmbedder

TEXTS = [
    "The council approved the budget on Tuesday.",
    "Rain fell.",
    "Rescuers searched the rubble of the collapsed school through the night for survivors.",
    "Shares rose three percent after the results.",
    "A ferry capsized off the coast, officials said, and dozens are missing.",
    "He resigned.",
    "The ministers met in Oslo to discuss the fishing quotas for the coming year.",
]


def test_batches_side_by_side_match_one_at_a_time():
    one = MiniLMEmbedder(threads=1, batch_size=2)
    two = MiniLMEmbedder(threads=2, batch_size=2)
    a, b = one.embed(TEXTS), two.embed(TEXTS)
    assert two._runner.workers == 2 and one._runner.workers == 1
    assert a.shape == (len(TEXTS), 384)
    assert np.allclose(a, b, atol=1e-5)
    # Order kept: each text is nearest to itself, not to a neighbour in its batch.
    assert (np.argmax(b @ a.T, axis=1) == np.arange(len(TEXTS))).all()
