"""Is this text English? A cheap check by script and function-word share."""

from __future__ import annotations

import unicodedata
from types import MappingProxyType

from rashomon.lexicon import words, wordset

# Below this share of English function words among word tokens, a text of at
# least MIN_WORDS words is not English. English news runs at 35-50 %; German,
# French or Spanish news at 1-5 % (cognates such as "in", "a", "so").
MIN_ENGLISH_SHARE = 0.08
MIN_WORDS = 30
# Below this share of Latin letters among all letters, the text is in another script.
MIN_LATIN_SHARE = 0.5
# The check reads at most this many characters: enough to tell, cheap on huge inputs.
SAMPLE_CHARS = 20_000


ENGLISH_FUNCTION_WORDS = wordset(
    """
    a about after against all also an and any are as at be because been before being
    between both but by can could did do does during each for from had has have he her
    here him his how i if in into is it its itself just many may me might more most must
    my no nor not now of off on once only or other our out over own said says she should
    so some such than that the their them then there these they this those through to
    too under until up very was we were what when where which while who whom why will
    with would you your
    """
)

# A few dozen of the most frequent words of languages often met in news, to name
# what a non-English text looks like. Words shared with English are left out.
_OTHER_LANGUAGES: MappingProxyType[str, frozenset[str]] = MappingProxyType(
    {
        "German": wordset(
            "der die das und ist nicht ein eine einen dem den des mit sich auf für von zu "
            "auch es wird werden wurde sind hat haben bei nach aus oder wie noch nur über"
        ),
        "French": wordset(
            "le la les et est un une des du que qui dans pour pas sur au aux avec ce cette "
            "il elle ils sont ont été par plus mais ou leur selon"
        ),
        "Spanish": wordset(
            "el la los las y es un una del que en por para con se su sus al lo como más "
            "pero fue ha han está según este esta"
        ),
        "Italian": wordset(
            "il lo la gli le e è un una del della che di per con non si sono ha nel alla "
            "anche come più ma questo questa"
        ),
        "Portuguese": wordset(
            "o os e é um uma do da dos das que em para com não se por mais foi são "
            "ao na como mas também"
        ),
        "Dutch": wordset(
            "de het een en van niet dat die op te zijn met voor er ook als bij aan maar "
            "om heeft werd worden naar"
        ),
    }
)

_SCRIPT_NAMES: MappingProxyType[str, str] = MappingProxyType(
    {
        "CYRILLIC": "Cyrillic script (Russian, Ukrainian...)",
        "ARABIC": "Arabic script",
        "HEBREW": "Hebrew",
        "GREEK": "Greek",
        "CJK": "Chinese or Japanese",
        "HIRAGANA": "Japanese",
        "KATAKANA": "Japanese",
        "HANGUL": "Korean",
        "DEVANAGARI": "Devanagari script (Hindi...)",
        "THAI": "Thai",
    }
)


def is_english(text: str) -> bool:
    """True unless ``text`` is clearly not English: another script, or too few English
    function words in a text long enough to tell (``MIN_WORDS`` words)."""
    return _non_english_reason(text) is None


def guess_language(text: str) -> str:
    """What a non-English text looks like: a language or script name, else ``"not English"``."""
    return _non_english_reason(text) or "not English"


def _non_english_reason(text: str) -> str | None:
    text = text[:SAMPLE_CHARS]
    script = _dominant_foreign_script(text)
    if script is not None:
        return script
    tokens = words(text)
    share = sum(1 for t in tokens if t in ENGLISH_FUNCTION_WORDS) / max(len(tokens), 1)
    scores = {
        name: sum(1 for t in tokens if t in vocabulary)
        for name, vocabulary in _OTHER_LANGUAGES.items()
    }
    name, hits = max(scores.items(), key=lambda item: item[1])
    if len(tokens) < MIN_WORDS:
        # Too short to judge by English words alone: refuse only when another language's
        # function words clearly outnumber English ones.
        english = share * len(tokens)
        return name if len(tokens) >= 8 and hits >= 3 and hits > 2 * english else None
    if share >= MIN_ENGLISH_SHARE:
        return None
    return name if hits / len(tokens) >= MIN_ENGLISH_SHARE else "not English"


def _dominant_foreign_script(text: str) -> str | None:
    """The name of the script most letters are in, when that is not Latin."""
    latin = 0
    other: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        if ch.isascii():
            latin += 1
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            latin += 1
        else:
            script = name.split(" ", 1)[0]
            other[script] = other.get(script, 0) + 1
    total = latin + sum(other.values())
    if not total or latin / total >= MIN_LATIN_SHARE:
        return None
    script = max(other, key=lambda key: other[key])
    return _SCRIPT_NAMES.get(script, f"{script.title()} script")
