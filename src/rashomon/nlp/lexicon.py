"""Closed word classes of English news language: reporting verbs, hedges, negation, honorifics.

These are general linguistic lists (the kind a style guide or a grammar lists), not lists
of the people or outlets of any particular story.
"""

from __future__ import annotations

# Verbs that introduce what someone said, wrote, thought or reported.
REPORTING_VERBS = frozenset(
    """say tell report add state claim announce warn insist note explain confirm deny reveal
    accuse argue write cite declare assert maintain acknowledge admit allege contend
    suggest indicate predict estimate testify stress emphasize emphasise reiterate repeat
    complain concede disclose charge inform brief hear learn believe think fear expect
    suspect speculate understand recall remark comment answer reply respond tweet post
    signal vow pledge promise threaten urge demand ask question doubt agree disagree
    conclude observe find show""".split()
)
# Verbs whose complement is the speaker's belief, not a report: their content is hedged.
BELIEF_VERBS = frozenset(
    "believe think fear expect suspect speculate guess doubt hope feel assume estimate predict".split()
)
# Passive or perception verbs through which a speaker relays what others told them.
HEARSAY_VERBS = frozenset("tell inform brief hear learn".split())
# Verbs that deny the content they govern.
DENIAL_VERBS = frozenset("deny dismiss refute reject rebut disprove contradict dispute".split())
# Words that make a statement less than certain.
HEDGES = frozenset(
    """may might could possibly perhaps probably likely unlikely apparently reportedly
    allegedly seemingly presumably supposedly purportedly rumored rumoured speculation
    appear seem suggest expected believed thought""".split()
)
HEARSAY_ADVERBS = frozenset("reportedly allegedly supposedly purportedly".split())
NEGATORS = frozenset("not n't never no none nothing nobody neither nor without".split())

# Honorifics and titles that may precede a name and are not part of it.
HONORIFICS = frozenset(
    """mr mr. mrs mrs. ms ms. miss dr dr. prof prof. sir dame lord lady rev rev. gen gen.
    col col. lt lt. capt capt. sgt sgt. adm adm. sen sen. rep rep. gov gov. pres pres.
    president prime minister secretary chancellor king queen prince princess chairman
    leader general senator governor ambassador envoy director judge justice mayor
    pope bishop cardinal rabbi imam sheikh""".split()
)

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
CHARACTERISING_ADJECTIVES = frozenset(
    """formal informal substantial substantive serious real official direct proper full
    major significant meaningful official structured detailed lengthy long extended
    high-level working-level face-to-face one-on-one bilateral private public""".split()
)

FIRST_PERSON = frozenset("i we me us my our".split())
THIRD_PERSON = frozenset("he she him her his they them".split())
