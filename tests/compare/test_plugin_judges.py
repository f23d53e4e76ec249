"""Plug-in judges: a Hugging Face NLI model by path, and an OpenAI-compatible endpoint served
by a stand-in server on 127.0.0.1 that this test starts (the unit boundary we fake)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from typing import ClassVar

import pytest

from rashomon.compare.judge import Pair
from rashomon.compare.plugin_judges import ChatJudge, HFJudge, map_label
from rashomon.errors import ConfigError, JudgeError, ModelError, StageError
from rashomon.service import make_judge
from rashomon.settings import load_settings


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("ENTAILMENT", "agree"),
        ("contradiction", "contradict"),
        ("Neutral", "neutral"),
        ("not enough info", "neutral"),
        ("REFUTES", "contradict"),
        ("unrelated", "unrelated"),
    ],
)
def test_map_label(name, label):
    assert map_label(name) == label


def test_map_label_refuses_anonymous_classes():
    with pytest.raises(ModelError, match="LABEL_1"):
        map_label("LABEL_1")


@pytest.fixture(scope="module")
def tiny_nli(tmp_path_factory):
    """A real (tiny, untrained) BERT sequence classifier saved as a local model directory,
    its classifier biased so that the answer is known: class 2, named CONTRADICTION."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    d = tmp_path_factory.mktemp("tiny-nli")
    tok = transformers.PreTrainedTokenizerFast(
        tokenizer_file=str(resources.files("rashomon") / "resources" / "minilm" / "tokenizer.json"),
        unk_token="[UNK]",
        sep_token="[SEP]",
        pad_token="[PAD]",
        cls_token="[CLS]",
        mask_token="[MASK]",
    )
    tok.save_pretrained(d)
    config = transformers.BertConfig(
        vocab_size=tok.vocab_size,
        hidden_size=32,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=64,
        num_labels=3,
        id2label={0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"},
        label2id={"ENTAILMENT": 0, "NEUTRAL": 1, "CONTRADICTION": 2},
    )
    model = transformers.BertForSequenceClassification(config)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.copy_(torch.tensor([0.0, 0.0, 8.0]))
    model.save_pretrained(d)
    return d


def test_hf_judge_maps_the_model_classes(tiny_nli):
    judge = make_judge(load_settings(judge=f"hf:{tiny_nli}", config=None, env={}), embedder=None)  # type: ignore[arg-type]
    assert isinstance(judge, HFJudge)
    a, b = judge.judge([Pair(a="Rain fell.", b="It was dry."), Pair(a="Snow.", b="x " * 3000)])
    assert a.label == b.label == "contradict"
    assert a.scores["contradict"] > 0.99 and a.scores["unrelated"] == 0.0
    assert a.reason.startswith(f"hf:{tiny_nli}")


def test_hf_judge_missing_model_is_a_model_error(tmp_path):
    pytest.importorskip("transformers")
    with pytest.raises(ModelError):
        HFJudge(str(tmp_path / "nothing-here")).judge([Pair(a="a", b="b")])


class _StandIn(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict]] = []
    mode = "json"

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(
            {"path": self.path, "auth": self.headers.get("Authorization"), "body": body}
        )
        if type(self).mode == "error":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"overloaded")
            return
        user = body["messages"][-1]["content"]
        label = "contradict" if " not " in user else "agree"
        content = {
            "json": json.dumps({"label": label, "reason": "stand-in"}),
            "word": f"I think they {label}.",
            "junk": "no idea",
        }[type(self).mode]
        out = json.dumps(
            {"choices": [{"message": {"role": "assistant", "content": content}}]}
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    _StandIn.requests = []
    _StandIn.mode = "json"
    server = ThreadingHTTPServer(("127.0.0.1", 0), _StandIn)
    t = threading.Thread(target=server.serve_forever, daemon=True)
    t.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


def test_chat_judge_asks_the_endpoint_and_caches(endpoint, monkeypatch):
    monkeypatch.setenv("RASHOMON_JUDGE_API_KEY", "sk-test")
    judge = make_judge(
        load_settings(judge="chat", judge_url=endpoint, judge_model="m1", config=None, env={}),
        embedder=None,
    )  # type: ignore[arg-type]
    pairs = [
        Pair(a="The plant is open.", b="The plant is not open today."),
        Pair(a="It rained.", b="There was rain."),
    ]
    labels = [j.label for j in judge.judge(pairs)]
    assert labels == ["contradict", "agree"]
    assert len(_StandIn.requests) == 2
    req = _StandIn.requests[0]
    assert req["path"] == "/v1/chat/completions" and req["auth"] == "Bearer sk-test"
    assert req["body"]["model"] == "m1" and req["body"]["temperature"] == 0
    judge.judge(pairs)
    assert len(_StandIn.requests) == 2  # the re-run came from the cache


def test_chat_judge_reads_a_bare_label_word(endpoint):
    _StandIn.mode = "word"
    (j,) = ChatJudge(endpoint, "m").judge([Pair(a="It rained.", b="There was rain.")])
    assert j.label == "agree"


@pytest.mark.parametrize(("mode", "match"), [("error", "HTTP 500"), ("junk", "no label")])
def test_chat_judge_failures_are_stage_errors(endpoint, mode, match):
    _StandIn.mode = mode
    with pytest.raises(JudgeError, match=match) as info:
        ChatJudge(endpoint, "m").judge([Pair(a="It rained.", b="There was rain.")])
    assert isinstance(info.value, StageError)  # the CLI maps it to exit 5


def test_chat_judge_unreachable_endpoint_is_a_stage_error():
    with pytest.raises(JudgeError, match="judge endpoint"):
        ChatJudge("http://127.0.0.1:9/v1", "m", timeout=2).judge([Pair(a="a", b="b")])


def test_chat_judge_needs_url_and_model():
    with pytest.raises(ConfigError, match="judge_url"):
        make_judge(load_settings(judge="chat", config=None, env={}), embedder=None)  # type: ignore[arg-type]
