"""Gender-coded wording: masculine (agentic) and feminine (communal) word stems, where research has lists.

English: Gaucher, Friesen & Kay (2011), "Evidence that gendered wording in job advertisements exists
and sustains gender inequality", J. Personality and Social Psychology 101(1), 109-128, appendix: 42
masculine and 40 feminine stems (the open-source gender-decoder reproduces them).

German: the FührMINT Gender Decoder of TU München (genderdecoder.wi.tum.de; its word-list page names
Gaucher et al. 2011 and Hentschel, Braun, Peus & Frey 2021, Human Resource Management 60(4), as its
basis) publishes agentic and communal examples (ambitioniert, durchsetzungsstark,
wettbewerbsorientiert, analytisch / unterstützend, fürsorglich, verantwortungsbewusst, empathisch,
sozial kompetent). The stems below are those examples and German renderings of Gaucher et al.'s
stems; they are not the decoder's full list, which it does not publish as a file.

No validated list exists for the other label languages (DOMAIN.md); their ads get no such count.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MASCULINE_STEMS: tuple[str, ...] = tuple("""
    active adventurous aggress ambitio analy assert athlet autonom boast challeng compet confident
    courag decid decisive decision determin dominant domina force greedy headstrong hierarch hostil
    impulsive independen individual intellect lead logic masculine objective opinion outspoken persist
    principle reckless stubborn superior self-confiden self-sufficien self-relian""".split())
# The paper's "respon*" is narrowed to "responsiv": as a prefix it flags "responsibilities",
# which every job ad contains, a false positive the gender-decoder is known for.
FEMININE_STEMS: tuple[str, ...] = tuple("""
    affectionate child cheer commit communal compassion connect considerate cooperat depend emotiona
    empath feminine flatterable gentle honest interpersonal interdependen interpersona kind kinship
    loyal modesty nag nurtur pleasant polite quiet responsiv sensitiv submissive support sympath tender
    together trust understand warm whin yield""".split())
# Words a stem reaches whose everyday sense is not the coded one ("all kinds of", "it depends").
NOT_CODED = frozenset({"kinds", "depends", "depending", "objectives", "competency", "competencies",
                       "connector", "connectors"})

GERMAN_AGENTIC: tuple[str, ...] = tuple("""
    ambitio analytisch durchsetzung durchsetzungs ehrgeiz wettbewerb konkurr dominan selbstbewusst
    selbstsicher entscheidungsfreudig entscheidungsstark führungsstark zielstrebig risikobereit
    unabhängig offensiv kämpf hartnäckig aggressiv""".split())
GERMAN_COMMUNAL: tuple[str, ...] = tuple("""
    unterstütz fürsorg verantwortungsbewusst empath einfühlsam sozial kooperativ teamfähig hilfsbereit
    verständnisvoll zuverlässig kommunikativ freundlich herzlich gewissenhaft loyal""".split())

# What may follow an English stem: the rest of a cut stem ("analy|se"), up to two derivations
# ("compet|it|ive|ness") and one inflection. "committee" or "nagoya" do not parse, so they are not coded.
_COMPLETION = ("e|y|t|n|l|s|z|se|ze|it|ren|ce|cy|nt|nce|te|ty|ties|th|tic|tion|ation|eous|etic|ous|us|sis|ses|st"
               "|ual|ate|ic|ical")
_DERIVATION = ("ive|ion|ity|ness|ment|ship|ful|able|ably|ability|al|ist|ism|istic|ise|ize|ish|hood|worthy|or|er"
               "|ant|ent|ence|ous")
_INFLECTION = "s|es|ed|d|ing|ly|er|ers|est|ies"
_ENDING = re.compile(f"(?:{_COMPLETION})?(?:{_DERIVATION}){{0,2}}(?:{_INFLECTION})?")
# German compounds and endings are too many to parse: a stem codes a word it begins, or one it ends
# ("teamfähig", "Kommunikationsstärke" aside), and a few everyday words are excepted.
_GERMAN_NOT_CODED = frozenset({"sozialversicherung", "sozialversicherungspflichtig", "sozialleistungen",
                               "sozialabgaben", "wettbewerbsrecht"})
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(frozen=True)
class CodedLists:
    """A language's two stem lists and the paper they come from."""

    language: str
    masculine: tuple[str, ...]
    feminine: tuple[str, ...]
    source: str


CODED_LISTS: dict[str, CodedLists] = {
    "en": CodedLists("en", MASCULINE_STEMS, FEMININE_STEMS, "Gaucher et al. 2011"),
    "de": CodedLists("de", GERMAN_AGENTIC, GERMAN_COMMUNAL, "FührMINT Gender Decoder, after Gaucher et al. 2011"),
}


def coded_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The English stem ``word`` is a form of, or None; the rest after the stem must be an English ending."""
    word = word.lower().removesuffix("'s").removesuffix("’s")
    if word in NOT_CODED or not word.isascii():
        return None
    for candidate in dict.fromkeys([word, word.replace("-", ""), *word.split("-")]):
        for stem in stems:
            if candidate.startswith(stem) and _is_ending(stem, candidate[len(stem):]):
                return stem
    return None


def german_stem(word: str, stems: tuple[str, ...]) -> str | None:
    """The German stem ``word`` begins with, or None."""
    lowered = word.lower()
    if lowered in _GERMAN_NOT_CODED:
        return None
    return next((stem for stem in stems if lowered.startswith(stem)), None)


def _is_ending(stem: str, rest: str) -> bool:
    # A doubled final consonant ("commit|ted", "nag|ging") belongs to the ending.
    undoubled = rest[1:] if rest[:1] == stem[-1:] and stem[-1] not in "aeiou" else rest
    return any(_ENDING.fullmatch(option) for option in (rest, undoubled))


def coded_words(text: str, lists: CodedLists) -> list[tuple[str, str, str]]:
    """Each coded word of ``text``: (word, "masculine" or "feminine", the stem)."""
    match_stem = coded_stem if lists.language == "en" else german_stem
    found = []
    for word in WORD.findall(text):
        for kind, stems in (("masculine", lists.masculine), ("feminine", lists.feminine)):
            stem = match_stem(word, stems)
            if stem is not None:
                found.append((word, kind, stem))
    return found
