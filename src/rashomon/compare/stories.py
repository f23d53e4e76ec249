"""Story clustering: which articles report the same event, online (one by one) and in batch."""

from __future__ import annotations

import datetime as dt
import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from rashomon.lexicon import COURTESY_TITLES, STOP_WORDS
from rashomon.model import Analysis, Article, make_id
from rashomon.nlp.embed import Embedder
from rashomon.nlp.speakers import name_key

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class StoryDoc:
    """What clustering needs of one article: its text vector, entities and dates."""

    id: str
    title: str | None
    text: str
    published: str | None  # YYYY-MM-DD
    vector: np.ndarray  # float32, L2-normalised
    entities: frozenset[str]  # normalised entity keys: "per:hughjackman", "loc:losangeles"
    dates: frozenset[str] = frozenset()  # resolved dates the text mentions, YYYY-MM(-DD)
    terms: frozenset[str] = frozenset()  # content words, numbers (#) and capitalised names (^)


@dataclass(frozen=True, slots=True, kw_only=True)
class ClusterParams:
    """Thresholds and weights of the story similarity.

    The similarity of two docs is a weighted mean of three cosines: of their IDF-weighted
    word sets (the specifics: names, places, numbers, rare words), of their IDF-weighted
    entity sets, and of their text vectors; it decays with the gap between publication dates
    beyond ``time_window_days``. Stories are groups whose average link is at least
    ``threshold``.
    """

    threshold: float = 0.095  # batch: average-link similarity at which stories merge
    online_threshold: float = 0.145  # online: a doc joins (and bridges) stories scoring this
    term_weight: float = 1.0
    entity_weight: float = 1.0
    vector_weight: float = 0.0  # the vectors blur near-miss events (ECB+ dev): they gate instead
    min_vector: float = 0.3  # docs whose text vectors are further apart are never one story
    time_window_days: float = 3.0  # publication gap within which time says nothing
    prior_docs: int = 20  # IDF smoothing: docs assumed seen before, holding none of the keys
    neighbours: int = 48  # candidate docs scored per doc
    link_members: int = 8  # online: a story is scored by its (at most) this many closest members
    rare_keys: int = 32  # a doc's rarest terms and entities used to find candidates
    max_posting: int = 256  # keys in more docs than this are too common to find candidates
    lsh_tables: int = 6
    lsh_bits: int = 12


# -- building docs -------------------------------------------------------------

_ENTITY_PREFIX = {
    "PERSON": "per",
    "GPE": "loc",
    "LOC": "loc",
    "FAC": "loc",
    "ORG": "org",
    "NORP": "grp",
    "EVENT": "evt",
}
_CAPS = re.compile(r"(?<![\w.])([A-Z][a-z]+(?:[ \-][A-Z][a-z]+)*)")
_CAPS_STOP_WORDS = (
    "The A An In On At For And But Or If He She It They We I You This That These Those His "
    "Her Their Its Our My Mr Mrs Ms Dr Monday Tuesday Wednesday Thursday Friday Saturday "
    "Sunday January February March April May June July August September October November "
    "December After Before When While As By With From To Of Not No Yes So Then There Here "
    "What Who"
)
_CAPS_STOP = frozenset(_CAPS_STOP_WORDS.split())


# An entity's key drops courtesy titles and a leading "the" ("the United States"), not the
# offices a person's key drops ("General Motors" is not "Motors"). Chosen on ECB+ train.
_ENTITY_TITLES = COURTESY_TITLES | {"the"}


def entity_key(name: str) -> str:
    """A key equal for spelling variants of an entity: "Park Ji-won", "Park Ji Won" ->
    "parkjiwon"; "the United States" -> "unitedstates"."""
    return name_key(name, titles=_ENTITY_TITLES)


def entity_keys(analysis: Analysis) -> frozenset[str]:
    """Normalised keys of an analysis' entities; a surname resolves to the article's full name."""
    full: dict[str, str] = {}
    for m in analysis.mentions:
        if m.label == "PERSON":
            key = entity_key(m.text)
            parts = m.text.split()
            if len(parts) >= 2 and key:
                full.setdefault(entity_key(parts[-1]), key)
    keys = set()
    for m in analysis.mentions:
        prefix = _ENTITY_PREFIX.get(m.label)
        if prefix is None:
            continue
        key = entity_key(m.text)
        if not key:
            continue
        if prefix == "per":
            key = full.get(key, key)
        keys.add(f"{prefix}:{key}")
    return frozenset(keys)


def quick_entities(text: str) -> frozenset[str]:
    """Without a parse: capitalised word runs not at a sentence start, as ``cap:`` keys."""
    keys = set()
    for m in _CAPS.finditer(text):
        words = [w for w in re.split(r"[ \-]", m.group(1)) if w not in _CAPS_STOP]
        before = text[max(0, m.start() - 2) : m.start()]
        if not words or (
            len(words) == 1 and (m.start() == 0 or before.strip() in {".", "!", "?", ""})
        ):
            continue
        keys.add("cap:" + entity_key(" ".join(words)))
    return frozenset(keys)


def _dates(analysis: Analysis) -> frozenset[str]:
    out = set()
    for t in analysis.times:
        if t.value and t.granularity in {"day", "month"} and re.match(r"\d{4}-\d{2}", t.value):
            out.add(t.value[:10])
    return frozenset(out)


_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][a-z]+)?")
_SENTENCE_END = frozenset(".!?\"“”'`‘’:")


def doc_terms(text: str) -> frozenset[str]:
    """The words a story vector of specifics is made of: lower-cased content words, numbers
    (``#2013``) and capitalised words inside a sentence (``^jackman``: names, places)."""
    out: set[str] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        low = word.lower()
        if len(low) < 2 or low in STOP_WORDS:
            continue
        if any(ch.isdigit() for ch in word):
            out.add("#" + low)
            continue
        out.add(low)
        if word[0].isupper() and m.start() > 0:
            before = text[max(0, m.start() - 3) : m.start()].rstrip(" ")
            if before and before[-1] != "\n" and before[-1] not in _SENTENCE_END:
                out.add("^" + low)
    return frozenset(out)


def doc_text(article: Article, *, max_chars: int = 2000) -> str:
    """The part of an article its story vector is made from: title and lead."""
    head = f"{article.title}\n" if article.title else ""
    return (head + article.text)[:max_chars]


def story_docs(
    articles: Sequence[Article],
    analyses: Sequence[Analysis] | None,
    embedder: Embedder,
) -> list[StoryDoc]:
    """One :class:`StoryDoc` per article; ``analyses`` (same order) give entities and dates."""
    if analyses is not None and len(analyses) != len(articles):
        raise ValueError(f"{len(analyses)} analyses for {len(articles)} articles")
    vectors = embedder.embed([doc_text(a) for a in articles]).astype(np.float32, copy=False)
    docs = []
    for i, a in enumerate(articles):
        an = analyses[i] if analyses is not None else None
        docs.append(
            StoryDoc(
                id=a.id,
                title=a.title,
                text=a.text,
                published=a.published,
                vector=vectors[i],
                entities=entity_keys(an) if an is not None else quick_entities(doc_text(a)),
                dates=_dates(an) if an is not None else frozenset(),
                terms=doc_terms(f"{a.title}\n{a.text}" if a.title else a.text),
            )
        )
    return docs


# -- the index -----------------------------------------------------------------


def _day(published: str | None) -> int | None:
    if not published:
        return None
    try:
        return dt.date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


class _Keys:
    """Document frequencies and postings of terms and entities, for IDF weights and candidates."""

    def __init__(self, prior: int = 0) -> None:
        self.prior = prior
        self.n = 0
        self.df: Counter[str] = Counter()
        self.postings: dict[str, list[int]] = defaultdict(list)

    def count(self, keys: Iterable[str]) -> None:
        self.n += 1
        self.df.update(keys)

    def idf(self, key: str) -> float:
        # As if `prior_docs` more docs had been seen without the key: a stream's first docs
        # (online) still weigh the words they share, and a big corpus is barely changed.
        return math.log((1.0 + self.n + self.prior) / (1.0 + self.df[key]))


def _keys_of(doc: StoryDoc) -> tuple[frozenset[str], frozenset[str]]:
    return doc.terms, frozenset("@" + e for e in doc.entities)


class _Similarity:
    """Pairwise doc similarity with IDF weights from `keys`; a doc's norms are fixed when added."""

    def __init__(self, params: ClusterParams, keys: _Keys) -> None:
        self.p = params
        self.keys = keys
        self.docs: list[StoryDoc] = []
        self.norms: list[tuple[float, float]] = []
        self.normed_at: list[int] = []  # corpus size the norms were computed at
        self.days: list[int | None] = []

    def norms_of(self, doc: StoryDoc) -> tuple[float, float]:
        idf = self.keys.idf
        terms, ents = _keys_of(doc)
        return (
            math.sqrt(sum(idf(k) ** 2 for k in terms)),
            math.sqrt(sum(idf(k) ** 2 for k in ents)),
        )

    def add(self, doc: StoryDoc) -> int:
        self.docs.append(doc)
        self.norms.append(self.norms_of(doc))
        self.normed_at.append(self.keys.n)
        self.days.append(_day(doc.published))
        return len(self.docs) - 1

    def between(self, doc: StoryDoc, norms: tuple[float, float], day: int | None, j: int) -> float:
        p, other = self.p, self.docs[j]
        idf = self.keys.idf
        if self.keys.n > 1.2 * self.normed_at[j] + 2:
            # IDF weights drift as docs arrive (online): refresh a stored doc's norms now and then.
            self.norms[j] = self.norms_of(other)
            self.normed_at[j] = self.keys.n
        total = p.term_weight + p.entity_weight + p.vector_weight
        cos = float(doc.vector @ other.vector)
        if cos < p.min_vector:
            return 0.0  # a different topic, whatever words they share
        sim = 0.0
        nt, ne = norms[0] * self.norms[j][0], norms[1] * self.norms[j][1]
        if p.term_weight and nt:
            sim += p.term_weight * sum(idf(k) ** 2 for k in doc.terms & other.terms) / nt
        if p.entity_weight and ne:
            shared = doc.entities & other.entities
            sim += p.entity_weight * sum(idf("@" + k) ** 2 for k in shared) / ne
        if p.vector_weight:
            sim += p.vector_weight * max(0.0, cos)
        sim /= total or 1.0
        other_day = self.days[j]
        if day is not None and other_day is not None:
            over = abs(day - other_day) - p.time_window_days
            if over > 0:
                sim /= 1.0 + over / max(p.time_window_days, 1.0)
        return sim


class _Candidates:
    """Finds a doc's likely neighbours: docs sharing its rarest keys, and LSH vector buckets."""

    def __init__(self, params: ClusterParams, keys: _Keys) -> None:
        self.p = params
        self.keys = keys
        self._planes: np.ndarray | None = None
        self._buckets: list[dict[int, list[int]]] = [
            defaultdict(list) for _ in range(params.lsh_tables)
        ]

    def _lsh(self, vector: np.ndarray) -> list[int]:
        p = self.p
        if self._planes is None:
            rng = np.random.default_rng(20240601)
            self._planes = rng.standard_normal((p.lsh_tables, p.lsh_bits, vector.shape[0])).astype(
                np.float32
            )
        bits = (self._planes @ vector.astype(np.float32)) > 0
        return [int(k) for k in (bits * (1 << np.arange(p.lsh_bits))).sum(axis=1)]

    def index(self, doc: StoryDoc, i: int) -> None:
        terms, ents = _keys_of(doc)
        for k in terms | ents:
            self.keys.postings[k].append(i)
        if self.p.lsh_tables:
            for table, key in zip(self._buckets, self._lsh(doc.vector), strict=True):
                table[key].append(i)

    def find(self, doc: StoryDoc, *, exclude: int | None = None) -> list[int]:
        p, keys = self.p, self.keys
        terms, ents = _keys_of(doc)
        # A key must lead to some other doc: in batch every posting already holds the doc.
        least = 1 if exclude is None else 2
        usable = [
            k for k in terms | ents if least <= len(keys.postings.get(k, ())) <= p.max_posting
        ]
        usable.sort(key=lambda k: (len(keys.postings[k]), k))
        hits: dict[int, float] = defaultdict(float)
        for k in usable[: p.rare_keys]:
            w = keys.idf(k) ** 2
            for j in keys.postings[k]:
                hits[j] += w
        if exclude is not None:
            hits.pop(exclude, None)
        found = [j for j, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[: p.neighbours]]
        if p.lsh_tables:
            seen = set(found)
            near: Counter[int] = Counter()
            for table, key in zip(self._buckets, self._lsh(doc.vector), strict=True):
                near.update(table.get(key, ()))
            for j, _ in sorted(near.items(), key=lambda kv: (-kv[1], kv[0]))[: p.neighbours]:
                if j != exclude and j not in seen:
                    found.append(j)
        return found


class StoryIndex:
    """Online clustering: each added doc joins its best story or opens a new one.

    A story's score is the mean similarity of the doc to its (at most ``link_members``)
    closest members among the doc's candidates, missing members counting 0: average link
    for small stories, a k-nearest link for big ones. Candidates come from inverted indexes
    of rare terms and entities and from LSH buckets of the vectors, so adding a doc costs
    O(neighbours), not O(docs).
    """

    def __init__(self, params: ClusterParams | None = None) -> None:
        self.params = params or ClusterParams()
        self._keys = _Keys(self.params.prior_docs)
        self._sim = _Similarity(self.params, self._keys)
        self._cand = _Candidates(self.params, self._keys)
        self._story_of: list[str] = []  # doc index -> story id
        self._size: Counter[str] = Counter()
        self._opened: dict[str, int] = {}  # story id -> order it was opened in
        self._members: dict[str, list[int]] = {}
        self._index_of: dict[str, int] = {}  # doc id -> doc index

    def add(self, doc: StoryDoc) -> str:
        """Add one doc; returns the id of the story it joined or opened."""
        if doc.id in self._index_of:
            return self._story_of[self._index_of[doc.id]]
        self._index_of[doc.id] = len(self._story_of)
        terms, ents = _keys_of(doc)
        self._keys.count(terms | ents)
        norms, day = self._sim.norms_of(doc), _day(doc.published)
        by_story: dict[str, list[float]] = defaultdict(list)
        for j in self._cand.find(doc):
            s = self._sim.between(doc, norms, day, j)
            if s > 0:
                by_story[self._story_of[j]].append(s)
        k = self.params.link_members
        scored = sorted(
            (
                (sum(sorted(sims, reverse=True)[:k]) / min(self._size[sid], k), sid)
                for sid, sims in by_story.items()
            ),
            key=lambda x: (-x[0], self._opened[x[1]]),
        )
        joined = [sid for score, sid in scored if score >= self.params.online_threshold]
        if joined:
            # A doc close enough to two stories bridges them: they were one story all along.
            # The earliest-opened id survives, so ids stay stable.
            best = min(joined, key=self._opened.__getitem__)
            for sid in joined:
                if sid != best:
                    self._merge(sid, into=best)
        else:
            best = make_id("s", doc.id)
            self._opened[best] = len(self._opened)
            self._members[best] = []
        i = self._sim.add(doc)
        self._cand.index(doc, i)
        self._story_of.append(best)
        self._size[best] += 1
        self._members[best].append(i)
        return best

    def _merge(self, sid: str, *, into: str) -> None:
        for i in self._members.pop(sid):
            self._story_of[i] = into
            self._members[into].append(i)
        self._size[into] += self._size.pop(sid)
        log.debug("story %s merged into %s", sid, into)

    def assignments(self) -> dict[str, str]:
        """doc id -> story id, for every doc added (after any merges since it was added)."""
        return {d: self._story_of[i] for d, i in self._index_of.items()}

    def stories(self) -> dict[str, list[str]]:
        """story id -> its member doc ids, in the order they were added."""
        docs = self._sim.docs
        return {sid: [docs[i].id for i in sorted(m)] for sid, m in self._members.items()}

    def __len__(self) -> int:
        return len(self._story_of)


def cluster(docs: Sequence[StoryDoc], params: ClusterParams | None = None) -> list[str]:
    """Batch clustering: the story id of each doc, in input order.

    Average-link agglomeration over the sparse graph of each doc's candidate neighbours
    (pairs never found count as 0), with IDF weights from the whole batch: O(n·neighbours)
    similarities. A story's id is derived from its earliest member (by publication date,
    then id), so it does not depend on the input order.
    """
    p = params or ClusterParams()
    keys = _Keys(p.prior_docs)
    for d in docs:
        keys.count(set().union(*_keys_of(d)))
    sim = _Similarity(p, keys)
    cand = _Candidates(p, keys)
    for i, d in enumerate(docs):
        sim.add(d)
        cand.index(d, i)
    edges: dict[tuple[int, int], float] = {}
    for i, d in enumerate(docs):
        for j in cand.find(d, exclude=i):
            a, b = (i, j) if i < j else (j, i)
            if (a, b) not in edges:
                s = sim.between(docs[a], sim.norms[a], sim.days[a], b)
                if s > 0:
                    edges[(a, b)] = s
    labels = average_link(len(docs), edges, p.threshold)
    members: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        members[lab].append(i)
    story = [""] * len(docs)
    for group in members.values():
        first = min(group, key=lambda i: (docs[i].published or "9999", docs[i].id))
        sid = make_id("s", docs[first].id)
        for i in group:
            story[i] = sid
    return story


def average_link(n: int, edges: dict[tuple[int, int], float], threshold: float) -> list[int]:
    """Agglomerative clustering with average linkage over a sparse similarity graph.

    Merges the pair of clusters with the highest mean pairwise similarity (absent pairs
    count 0) while it is at least ``threshold``; returns a cluster label per node.
    """
    size = [1] * n
    parent = list(range(n))
    links: list[dict[int, float]] = [{} for _ in range(n)]  # cluster -> neighbour -> sum
    for (a, b), s in edges.items():
        links[a][b] = links[a].get(b, 0.0) + s
        links[b][a] = links[b].get(a, 0.0) + s
    heap = [(-s, a, b) for (a, b), s in edges.items() if s >= threshold]
    heapq.heapify(heap)
    alive = [True] * n
    while heap:
        neg, a, b = heapq.heappop(heap)
        if not (alive[a] and alive[b]) or b not in links[a]:
            continue
        avg = links[a][b] / (size[a] * size[b])
        if abs(avg + neg) > 1e-12:
            continue  # stale: a fresher entry for this pair is in the heap
        if avg < threshold:
            break
        if len(links[a]) < len(links[b]):
            a, b = b, a
        alive[b] = False
        parent[b] = a
        size[a] += size[b]
        del links[a][b]
        for c, s in links[b].items():
            if c == a:
                continue
            links[a][c] = links[a].get(c, 0.0) + s
            del links[c][b]
            links[c][a] = links[a][c]
        links[b] = {}
        for c, s in links[a].items():
            avg_c = s / (size[a] * size[c])
            if avg_c >= threshold:
                heapq.heappush(heap, (-avg_c, min(a, c), max(a, c)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    return [root(i) for i in range(n)]
