"""Closed word classes of English news language: reporting verbs, hedges, negation, honorifics.

These are general linguistic lists (the kind a style guide or a grammar lists), not lists
of the people or outlets of any particular story.
"""

from __future__ import annotations

import re


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: word lists stay readable in the source."""
    return frozenset(text.split())


_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def words(text: str) -> list[str]:
    """The lowercased words of ``text``: runs of letters, with inner apostrophes ("don't",
    "o'brien"); digits and punctuation split them. (Claims keep numbers whole with
    ``compare.conflict.tokens``; near-duplicate shingles use ``ingest.dedup``'s own tokens.)"""
    return [m.group().lower() for m in _WORD.finditer(text)]


# Verbs that introduce what someone said, wrote, thought or reported.
REPORTING_VERBS = wordset("""say tell report add state claim announce warn insist note explain
    confirm deny reveal accuse argue write cite declare assert maintain acknowledge admit allege
    contend suggest indicate predict estimate testify stress emphasize emphasise reiterate repeat
    complain concede disclose charge inform brief hear learn believe think fear expect suspect
    speculate understand recall remark comment answer reply respond tweet post signal vow pledge
    promise threaten urge demand ask question doubt agree disagree conclude observe find show
    continue""")
# Verbs whose complement is the speaker's belief, not a report: their content is hedged.
BELIEF_VERBS = wordset(
    "believe think fear expect suspect speculate guess doubt hope feel assume estimate predict"
)
# Passive or perception verbs through which a speaker relays what others told them.
HEARSAY_VERBS = wordset("tell inform brief hear learn")
# Verbs that deny the content they govern.
DENIAL_VERBS = wordset("deny dismiss refute reject rebut disprove contradict dispute")
# Words that make a statement less than certain.
HEDGES = wordset("""may might could possibly perhaps probably likely unlikely apparently reportedly
    allegedly seemingly presumably supposedly purportedly rumored rumoured speculation
    appear seem suggest expected believed thought""")
HEARSAY_ADVERBS = wordset("reportedly allegedly supposedly purportedly")
NEGATORS = wordset("not n't never no none nothing nobody neither nor without cannot")

# Honorifics and titles that may precede a name and are not part of it.
HONORIFICS = wordset("""mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev
    rev. gen gen. col col. lt lt. capt capt. sgt sgt. adm adm. sen sen. rep rep. gov gov. pres pres.
    president prime minister secretary chancellor king queen prince princess chairman leader general
    senator governor ambassador envoy director judge justice mayor pope bishop cardinal rabbi imam
    sheikh""")

# The courtesy and rank titles before a name of any kind; HONORIFICS above adds the offices
# ("president", "general") that come before a person's name only ("General Motors").
COURTESY_TITLES = wordset("mr mrs ms miss dr sir dame lord lady prof rev gen col capt sgt")

# Pairs of words whose swap turns a statement into its opposite.
ANTONYM_PAIRS = (
    ("increase", "decrease"),
    ("rise", "fall"),
    ("rise", "drop"),
    ("gain", "loss"),
    ("win", "lose"),
    ("won", "lost"),
    ("accept", "reject"),
    ("approve", "reject"),
    ("confirm", "deny"),
    ("succeed", "fail"),
    ("success", "failure"),
    ("open", "close"),
    ("allow", "ban"),
    ("allow", "forbid"),
    ("support", "oppose"),
    ("agree", "disagree"),
    ("agree", "refuse"),
    ("guilty", "innocent"),
    ("alive", "dead"),
    ("survive", "die"),
    ("arrest", "release"),
    ("start", "end"),
    ("begin", "end"),
    ("resume", "suspend"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("up", "down"),
    ("true", "false"),
    ("legal", "illegal"),
    ("present", "absent"),
    ("attend", "skip"),
    ("expand", "cut"),
    ("raise", "cut"),
    ("strengthen", "weaken"),
    ("before", "after"),
    ("first", "last"),
    ("include", "exclude"),
    ("public", "private"),
    ("formal", "informal"),
    ("substantive", "cursory"),
)

# Adjectives that, under negation ("no formal talks"), deny a characterisation rather
# than the event itself.
CHARACTERISING_ADJECTIVES = wordset("""formal informal substantial substantive serious real
    official direct proper full major significant meaningful official structured detailed lengthy
    long extended high-level working-level face-to-face one-on-one bilateral private public""")

FIRST_PERSON = wordset("i we me us my our")
THIRD_PERSON = wordset("he she him her his they them")

# Verbs that attribute content to a source beyond saying it: stances, findings, demands.
# Used to find reported speech (nlp/attributions.py); claims peel only REPORTING_VERBS.
ATTRIBUTION_VERBS = wordset("""call describe criticize criticise attack blast slam condemn
    praise blame propose recommend demand urge ask plead pledge vow promise threaten boast brag
    complain concede counter dismiss reject rebut refute dispute contradict caution advise recount
    describe testify mention point joke quip muse wonder shout chant sing scream yell write publish
    broadcast announce declare proclaim forecast project calculate estimate show find reveal suggest
    indicate conclude determine prove demonstrate document assert allege charge accuse decline
    refuse agree insist acknowledge recognize recognise admit confess apologize apologise question
    challenge emphasize emphasise stress underline highlight echo liken compare characterize
    characterise label brand dub deem consider regard view see know realize realise notice recall
    remember believe think feel fear worry hope expect predict warn tweet post""")
# Prepositions that introduce a cue's content: "warned of", "accused X of", "called for".
CUE_PREPOSITIONS: dict[str, frozenset[str]] = {
    lemma: frozenset(preps.split())
    for lemma, preps in {
        "warn": "of about against",
        "accuse": "of",
        "call": "for on",
        "complain": "about of",
        "talk": "about",
        "speak": "about of",
        "argue": "for against",
        "ask": "about for",
        "criticize": "for",
        "criticise": "for",
        "blame": "for on",
        "praise": "for",
        "attack": "for over",
        "point": "to",
        "insist": "on",
        "comment": "on",
        "boast": "about of",
        "brag": "about",
        "worry": "about",
        "joke": "about",
        "testify": "about to",
        "hint": "at",
        "apologize": "for",
        "apologise": "for",
        "plead": "for",
        "charge": "with",
        "liken": "to",
        "compare": "to with",
        "agree": "on with",
        "press": "for",
        "push": "for",
        "tweet": "about",
        "write": "about of",
        "report": "on",
        "vow": "to",
    }.items()
}
# Cues whose content may be an infinitive: "urged Congress to act", "vowed to veto".
INFINITIVE_CUES = wordset("""urge ask tell promise vow pledge threaten call warn demand refuse
    decline agree encourage advise beg plead order instruct direct invite challenge dare propose""")
# Cues whose object is what the source stands for or against: "cited a poll", "attacked Y".
OBJECT_CUES = wordset("""cite call describe criticize criticise attack blast slam condemn praise
    blame propose recommend demand mention discuss endorse support oppose question challenge reject
    deny dismiss dispute welcome applaud decry denounce lament rate rule defend tout hail
    acknowledge admit announce reveal disclose confirm predict forecast estimate report document
    highlight emphasize emphasise stress note promise pledge vow threaten urge want seek""")
# Cues whose infinitive is the source's stated intention: "wants to cut", "plans to run".
INTENTION_CUES = wordset("""want plan hope seek intend aim expect decide refuse decline vow
    pledge promise threaten agree offer try""")
# Nouns that attribute what follows them: "the claim that", "concerns about", "calls for".
NOUN_CUES = wordset("""claim statement assertion allegation accusation warning criticism concern
    question call demand support opposition promise pledge plan proposal argument suggestion belief
    view fear hope charge remark comment denial insistence admission announcement complaint praise
    attack threat vow prediction estimate finding conclusion insistence suspicion doubt worry
    message speech testimony""")
NOUN_CUE_PREPOSITIONS = wordset("about of for on against over")

# Words that carry no content of their own, for measuring how much two texts share. The claim
# tier (the overlap features of compare.align and compare.conflict, the aligner was trained on
# them: factbench) keeps the negators and quantifiers ("not", "no", "all", "only", "two"),
# which change what a claim says; the broad tier (evidence sentences, story terms, the ECB+
# baseline) drops them too.
CLAIM_STOP_WORDS = wordset("""a about after also an and are as at be been before but by during
    for from had has have he her his i in is it its less more of on or over she than that the their
    these they this those to under was we were with you""")
STOP_WORDS = CLAIM_STOP_WORDS | wordset("""according again all any being both can could did do does
    down each few here him how if into it's just may me might most must my new no nor not off
    one only onto other our out own said same say says shall should so some such them then
    there told too two up us very what when where which while who whom whose why will would
    your""")

# Nouns a tally ("a 7-2 vote", "a 5-4 decision", "an 11-2 victory") is told of: two numbers
# that are one result, not a range ("10-15 people"). Chosen on the tallies in factbench's stories
# (5-4 decisions, 97-1 vote, 52-48 split, 396-9 vote, 11-2 victory).
TALLY_NOUNS = wordset("""vote votes decision decisions ruling rulings verdict margin majority split
    win wins victory victories loss losses defeat defeats score scoreline tally count lead""")
