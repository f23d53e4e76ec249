"""A hand-built Report of the founding pair (VOA vs The Washington Times), the renderers' input.

The renderers are the unit under test; this Report is their boundary, built by hand so the
tests know every offset, verdict and date without running the NLP or compare stages.
"""

from __future__ import annotations

import pytest

from rashomon.model import (
    Article,
    Attribution,
    CertaintyCounts,
    Claim,
    DiffOp,
    Entity,
    Fact,
    Mention,
    Quote,
    QuoteGroup,
    QuoteVariant,
    Relation,
    Report,
    Side,
    SourceCount,
    Sourcing,
    Span,
    TimeExpr,
)

HOSTILE = (
    "# > Critics wrote <script>alert(1)</script> and <img src=x onerror=alert(1)> "
    "| [bold red]x[/] online."
)

VOA_TEXT = (
    "US-North Korean Officials Meet at Moscow Nonproliferation Conference\n"
    "\n"
    "U.S. and North Korean officials held a meeting at a nonproliferation conference in "
    "Moscow, a former U.S. official who attended the conference told VOA’s Korean Service.\n"
    "\n"
    "“I was told that there was such a meeting between the U.S. and North Korean officials,” "
    "Thomas Countryman said after the conference that ended Saturday.\n"
    "\n"
    "FILE - U.S. Assistant Secretary Thomas Countryman talks to the media in Skopje, "
    "Macedonia, February 2011.\n"
    "\n"
    "About 250 participants from 40 countries also attended.\n"
    "\n"
    "The Stockholm talks in early October broke down when North Korea walked away from the "
    "negotiating table.\n"
    "\n"
    "“We’ve given the United States quite a lot of time, and we’re waiting for an answer by "
    "the end of this year,” said Jo Chol Su, head of the North Korean Foreign Ministry’s "
    "North American department.\n"
    "{hostile}"
    "\n"
    "by via Voice of America - English"
)

WT_TEXT = (
    "There was no substantial meeting between U.S. and North Korean officials at a key "
    "nuclear nonproliferation conference in Moscow over the weekend, but talks could resume "
    "in coming weeks.\n"
    "Yonhap reported Sunday that no formal talks had occurred between the two men in Moscow, "
    "but they did have a five-minute conversation during a reception.\n"
    "The Kim regime agreed to talks last month in Stockholm, Sweden, but negotiations broke "
    "down after less than a day.\n"
    "“We have given considerably much time to the U.S., and we will wait for some results "
    "until the end of this year,” Mr. Jo said.\n"
    "Mr. Trump and Mr. Kim held an impromptu handshake meeting at the Demilitarized Zone "
    "(DMZ) in June.\n"
    "Please read our comment policy before commenting."
)

VOA_JO = (
    "We’ve given the United States quite a lot of time, and we’re waiting for an answer by "
    "the end of this year"
)
WT_JO = (
    "We have given considerably much time to the U.S., and we will wait for some results "
    "until the end of this year"
)
JO_DIFF = (
    DiffOp(op="replace", a="We’ve", b="We have"),
    DiffOp(op="equal", a="given", b="given"),
    DiffOp(
        op="replace",
        a="the United States quite a lot of time,",
        b="considerably much time to the U.S.,",
    ),
    DiffOp(op="equal", a="and", b="and"),
    DiffOp(
        op="replace", a="we’re waiting for an answer by", b="we will wait for some results until"
    ),
    DiffOp(op="equal", a="the end of this year", b="the end of this year"),
)


class Text:
    """Offsets into one article text, found by the words themselves."""

    def __init__(self, article: str, text: str) -> None:
        self.article = article
        self.text = text

    def span(self, needle: str, after: int = 0) -> tuple[int, int]:
        start = self.text.index(needle, after)
        return start, start + len(needle)

    def claim(
        self,
        cid: str,
        needle: str,
        sentence: int,
        attribution: Attribution,
        certainty: str,
        polarity: str = "positive",
        times: tuple[str, ...] = (),
        quote: str | None = None,
    ) -> Claim:
        start, end = self.span(needle)
        return Claim(
            id=cid,
            article=self.article,
            start=start,
            end=end,
            text=needle,
            sentence=sentence,
            attribution=attribution,
            certainty=certainty,  # type: ignore[arg-type]
            polarity=polarity,  # type: ignore[arg-type]
            times=times,
            quote=quote,
        )

    def time(
        self,
        tid: str,
        needle: str,
        value: str | None,
        granularity: str | None,
        base: str,
        qualifier: str | None = None,
        after: int = 0,
    ) -> TimeExpr:
        start, end = self.span(needle, after)
        return TimeExpr(
            id=tid,
            article=self.article,
            start=start,
            end=end,
            text=needle,
            value=value,
            granularity=granularity,
            qualifier=qualifier,
            base=base,
        )

    def mention(self, needle: str, label: str, after: int = 0) -> Mention:
        start, end = self.span(needle, after)
        return Mention(article=self.article, start=start, end=end, text=needle, label=label)


def build_report(*, hostile: bool = False) -> Report:
    """Two articles, two outlets: one disputed fact (WT's side negated), one corroborated,
    one unique fact each (two on VOA's side when ``hostile`` adds the hostile paragraph) and
    one unique fact that both carry (one speaker quoted by both outlets)."""
    voa = Text("a-voa", VOA_TEXT.format(hostile=f"\n{HOSTILE}\n" if hostile else ""))
    wt = Text("a-wt", WT_TEXT)

    countryman = Attribution(
        kind="named",
        source="a former U.S. official who attended the conference",
        speaker="Thomas Countryman",
        cue="told",
    )
    jo_voa = Attribution(kind="named", source="Jo Chol Su", speaker="Jo Chol-su", cue="said")
    jo_wt = Attribution(kind="named", source="Mr. Jo", speaker="Jo Chol-su", cue="said")
    outlet = Attribution(kind="outlet")
    yonhap = Attribution(kind="media", source="Yonhap", cue="reported")

    times = (
        voa.time("t-voa-sat", "Saturday", "2019-11-09", "day", "2019-11-14"),
        voa.time("t-voa-oct", "early October", "2019-10", "month", "2019-11-14", "early"),
        voa.time("t-voa-eoy", "the end of this year", "2019", "year", "2019-11-14", "end"),
        wt.time("t-wt-weekend", "the weekend", "2019-W45", "week", "2019-11-11"),
        wt.time("t-wt-weeks", "in coming weeks", None, None, "2019-11-11"),
        wt.time("t-wt-sun", "Sunday", "2019-11-10", "day", "2019-11-11"),
        wt.time("t-wt-month", "last month", "2019-10", "month", "2019-11-11"),
        wt.time("t-wt-eoy", "the end of this year", "2019", "year", "2019-11-11", "end"),
        wt.time("t-wt-june", "June", "2019-06", "month", "2019-11-11"),
    )

    countryman_words = (
        "I was told that there was such a meeting between the U.S. and North Korean officials"
    )
    q_countryman = Quote(
        id="q-voa-countryman",
        article=voa.article,
        start=voa.span(countryman_words)[0],
        end=voa.span(countryman_words)[1],
        text=countryman_words,
        kind="direct",
        speaker="Thomas Countryman",
        cue="said",
    )
    q_jo_voa = Quote(
        id="q-voa-jo",
        article=voa.article,
        start=voa.span(VOA_JO)[0],
        end=voa.span(VOA_JO)[1],
        text=VOA_JO,
        kind="direct",
        speaker="Jo Chol-su",
        cue="said",
    )
    q_jo_wt = Quote(
        id="q-wt-jo",
        article=wt.article,
        start=wt.span(WT_JO)[0],
        end=wt.span(WT_JO)[1],
        text=WT_JO,
        kind="direct",
        speaker="Jo Chol-su",
        cue="said",
    )

    claims = [
        voa.claim(
            "c-voa-meeting",
            "U.S. and North Korean officials held a meeting at a nonproliferation conference "
            "in Moscow",
            1,
            countryman,
            "hearsay",
        ),
        voa.claim(
            "c-voa-told",
            "“I was told that there was such a meeting between the U.S. and North Korean "
            "officials,” Thomas Countryman said after the conference that ended Saturday.",
            2,
            countryman,
            "hearsay",
            times=("t-voa-sat",),
            quote="q-voa-countryman",
        ),
        voa.claim(
            "c-voa-250",
            "About 250 participants from 40 countries also attended.",
            4,
            outlet,
            "asserted",
        ),
        voa.claim(
            "c-voa-stockholm",
            "The Stockholm talks in early October broke down when North Korea walked away from "
            "the negotiating table.",
            5,
            outlet,
            "asserted",
            times=("t-voa-oct",),
        ),
        voa.claim(
            "c-voa-jo",
            f"“{VOA_JO},” said Jo Chol Su",
            6,
            jo_voa,
            "reported",
            times=("t-voa-eoy",),
            quote="q-voa-jo",
        ),
        wt.claim(
            "c-wt-no-meeting",
            "There was no substantial meeting between U.S. and North Korean officials at a key "
            "nuclear nonproliferation conference in Moscow over the weekend",
            0,
            outlet,
            "asserted",
            "negated",
            times=("t-wt-weekend",),
        ),
        wt.claim(
            "c-wt-yonhap",
            "Yonhap reported Sunday that no formal talks had occurred between the two men in "
            "Moscow, but they did have a five-minute conversation during a reception.",
            1,
            yonhap,
            "reported",
            "negated",
            times=("t-wt-sun",),
        ),
        wt.claim(
            "c-wt-stockholm",
            "The Kim regime agreed to talks last month in Stockholm, Sweden, but negotiations "
            "broke down after less than a day.",
            2,
            outlet,
            "asserted",
            times=("t-wt-month",),
        ),
        wt.claim(
            "c-wt-jo",
            f"“{WT_JO},” Mr. Jo said.",
            3,
            jo_wt,
            "reported",
            times=("t-wt-eoy",),
            quote="q-wt-jo",
        ),
        wt.claim(
            "c-wt-dmz",
            "Mr. Trump and Mr. Kim held an impromptu handshake meeting at the Demilitarized "
            "Zone (DMZ) in June.",
            4,
            outlet,
            "asserted",
            times=("t-wt-june",),
        ),
    ]
    relations = [
        Relation(
            a="c-voa-meeting",
            b="c-wt-no-meeting",
            label="contradict",
            score=0.81,
            reason="negation: 'no substantial meeting' against 'held a meeting'",
            cues=("no",),
            similarity=0.81,
            confidence=0.91,
            alignment=0.96,
        ),
        Relation(
            a="c-voa-told",
            b="c-wt-yonhap",
            label="contradict",
            score=0.78,
            reason="'no formal talks' against 'such a meeting'",
            cues=("no formal talks",),
        ),
        Relation(
            a="c-voa-stockholm",
            b="c-wt-stockholm",
            label="agree",
            score=0.84,
            reason="same talks, same breakdown; 'early October' and 'last month' both 2019-10",
        ),
        Relation(
            a="c-voa-jo",
            b="c-wt-jo",
            label="agree",
            score=0.88,
            reason="one quote, two translations",
        ),
    ]
    facts = [
        Fact(
            id="f-meeting",
            verdict="disputed",
            grade="contradicted",
            claims=("c-voa-meeting", "c-voa-told", "c-wt-no-meeting", "c-wt-yonhap"),
            sources=2,
            outlets=("VOA", "The Washington Times"),
            summary="Whether U.S. and North Korean officials met at the Moscow conference",
            relations=(0, 1),
            sides=(
                Side(claims=("c-voa-meeting", "c-voa-told"), outlets=("VOA",)),
                Side(claims=("c-wt-no-meeting", "c-wt-yonhap"), outlets=("The Washington Times",)),
            ),
            reason="'held a meeting' vs 'no substantial meeting'",
        ),
        Fact(
            id="f-stockholm",
            verdict="corroborated",
            grade=None,
            claims=("c-voa-stockholm", "c-wt-stockholm"),
            sources=2,
            outlets=("VOA", "The Washington Times"),
            summary="The Stockholm working-level talks broke down in October",
            relations=(2,),
        ),
        Fact(  # two outlets, one speaker: one source, so unique
            id="f-deadline",
            verdict="unique",
            grade=None,
            claims=("c-voa-jo", "c-wt-jo"),
            sources=1,
            outlets=("VOA", "The Washington Times"),
            summary="North Korea waits for a U.S. answer until the end of the year",
            relations=(3,),
        ),
        Fact(
            id="f-250",
            verdict="unique",
            grade=None,
            claims=("c-voa-250",),
            sources=1,
            outlets=("VOA",),
            summary="About 250 participants from 40 countries attended",
        ),
        Fact(
            id="f-dmz",
            verdict="unique",
            grade=None,
            claims=("c-wt-dmz",),
            sources=1,
            outlets=("The Washington Times",),
            summary="Trump and Kim shook hands at the DMZ in June",
        ),
    ]
    if hostile:
        claims.append(voa.claim("c-voa-hostile", HOSTILE, 7, outlet, "asserted"))
        facts.append(
            Fact(
                id="f-hostile",
                verdict="unique",
                grade=None,
                claims=("c-voa-hostile",),
                sources=1,
                outlets=("VOA",),
                summary=HOSTILE,
            )
        )

    entities = [
        Entity(
            id="e-jo",
            name="Jo Chol-su",
            label="PERSON",
            aliases=("Jo Chol Su", "Mr. Jo") + ((HOSTILE,) if hostile else ()),
            titles=(
                "head of the North Korean Foreign Ministry’s North American department",
                "the North Korean Foreign Ministry’s director general for North America",
            ),
            mentions=(voa.mention("Jo Chol Su", "PERSON"), wt.mention("Mr. Jo", "PERSON")),
        ),
        Entity(
            id="e-countryman",
            name="Thomas Countryman",
            label="PERSON",
            aliases=(),
            titles=("U.S. Assistant Secretary",),
            mentions=(voa.mention("Thomas Countryman", "PERSON"),),
        ),
        Entity(
            id="e-nk",
            name="North Korea",
            label="GPE",
            aliases=("the Kim regime",),
            titles=(),
            mentions=(
                voa.mention("North Korea", "GPE", voa.span("Stockholm")[0]),
                wt.mention("The Kim regime", "NORP"),
            ),
        ),
        Entity(
            id="e-moscow",
            name="Moscow",
            label="GPE",
            aliases=(),
            titles=(),
            mentions=(voa.mention("Moscow", "GPE"), wt.mention("Moscow", "GPE")),
        ),
    ]
    articles = (
        Article(
            id=voa.article,
            text=voa.text,
            outlet="VOA",
            title="US-North Korean Officials Meet at Moscow Nonproliferation Conference",
            published="2019-11-14",
            url="javascript:alert(1)" if hostile else "https://www.voanews.com/a/example",
            authors=("Baik Sung-won", "Christy Lee"),
            source="seeds/000_7f752ea312c1a10c.txt",
            skip=(
                Span(
                    start=voa.span("FILE - ")[0],
                    end=voa.span("February 2011.")[1],
                    label="caption",
                ),
                Span(
                    start=voa.span("by via Voice of America")[0],
                    end=len(voa.text),
                    label="byline",
                ),
            ),
        ),
        Article(
            id=wt.article,
            text=wt.text,
            outlet="The Washington Times",
            title=None,
            published="2019-11-11",
            url=None,
            authors=("Guy Taylor",),
            source="seeds/001_0f23a78d9893c12c.txt",
            skip=(
                Span(
                    start=wt.span("Please read our comment policy")[0],
                    end=len(wt.text),
                    label="boilerplate",
                ),
            ),
        ),
    )
    sourcing = (
        Sourcing(
            article=voa.article,
            certainty=CertaintyCounts(asserted=2 + int(hostile), reported=1, hearsay=2),
            sources=(
                SourceCount(source="Thomas Countryman", kind="named", claims=2),
                SourceCount(source="VOA", kind="outlet", claims=2 + int(hostile)),
                SourceCount(source="Jo Chol Su", kind="named", claims=1),
            ),
        ),
        Sourcing(
            article=wt.article,
            certainty=CertaintyCounts(asserted=3, reported=2),
            sources=(
                SourceCount(source="The Washington Times", kind="outlet", claims=3),
                SourceCount(source="Yonhap", kind="media", claims=1),
                SourceCount(source="Mr. Jo", kind="named", claims=1),
            ),
        ),
    )
    return Report(
        articles=articles,
        entities=tuple(entities),
        claims=tuple(claims),
        quotes=(q_countryman, q_jo_voa, q_jo_wt),
        times=times,
        facts=tuple(facts),
        quote_groups=(
            QuoteGroup(
                id="g-jo",
                quotes=("q-voa-jo", "q-wt-jo"),
                speaker="Jo Chol-su",
                speaker_conflict=False,
                variants=(
                    QuoteVariant(article=voa.article, quotes=("q-voa-jo",), text=VOA_JO),
                    QuoteVariant(article=wt.article, quotes=("q-wt-jo",), text=WT_JO, diff=JO_DIFF),
                ),
            ),
        ),
        relations=tuple(relations),
        sourcing=sourcing,
        notes=("VOA's publication date was given on the command line.",),
    )


@pytest.fixture
def report() -> Report:
    return build_report()


@pytest.fixture
def hostile_report() -> Report:
    """The same report with hostile text in an article, a claim, a fact, an alias and a URL."""
    return build_report(hostile=True)
