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


def test_a_short_list_is_cut_into_one_batch_per_worker():
    emb = MiniLMEmbedder(threads=2, batch_size=8)
    emb.embed(["warm up"])
    seen = []
    run = emb._runner.run
    emb._runner.run = lambda feeds: (
        seen.append([f["input_ids"].shape[0] for f in feeds]) or run(feeds)
    )  # type: ignore[method-assign]
    emb.embed(TEXTS[:5])
    emb.embed(TEXTS * 4)  # 28 texts: batches of 8 at most
    assert seen == [[3, 2], [8, 8, 8, 4]]


def test_the_shipped_embedder_runs_integer_matmuls_and_keeps_meaning(tmp_path):
    import json

    import onnxruntime as ort

    from rashomon.nlp.embed import _default_model_path

    opts = ort.SessionOptions()
    opts.enable_profiling = True
    opts.profile_file_prefix = str(tmp_path / "prof")
    emb = MiniLMEmbedder(threads=1)
    emb._load()
    emb._runner.session = emb._session = ort.InferenceSession(
        str(_default_model_path()), opts, providers=["CPUExecutionProvider"]
    )
    v = emb.embed(
        [
            "The council approved the budget on Tuesday.",
            "On Tuesday the city council passed the budget.",
            "Rescuers searched the rubble for survivors.",
        ]
    )
    with open(emb._session.end_profiling(), encoding="utf-8") as fh:
        ops = {e["args"].get("op_name") for e in json.load(fh) if e.get("cat") == "Node"}
    assert ops & {"MatMulInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat"}, ops
    assert v[0] @ v[1] > 0.8 > 0.3 > v[0] @ v[2]
