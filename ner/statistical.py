"""A small trained NER model for names no list holds: PERSON, ORG, SYSTEM.

The component ``policy_kg_statistical`` runs the spaCy ``ner`` model shipped in ``ner/model``
(trained by ``python -m policy_kg.ner.train``) over the sentences of the doc that still hold a
capitalised word no gazetteer or rule has claimed, and adds what it finds as candidates of
priority 0, the lowest: the resolver lets them fill only stretches nothing else names.

The model never sees the main pipeline's vocab: each chosen sentence becomes a Doc of the
model's own vocab built from the main doc's tokens, so tokenisation is the main pipeline's
(the training data is tokenised the same way, see :mod:`policy_kg.ner.train.data`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Collection, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from policy_kg.errors import PolicyKGError

from . import rules

MODEL_DIR = Path(__file__).with_name("model")
LABELS = ("PERSON", "ORG", "SYSTEM")
PRIORITY = 0
MAX_SENTENCE_TOKENS = 80

_END_TOKENS = frozenset({".", "?", "!", ";"})
# titles and forms of address left in front of a person's name: never part of the id
_TITLES = re.compile(
    r"^(?:(?:de|het)\s+)?(?:(?:heer|mevrouw|mevr\.|dhr\.|mr\.|dr\.|drs\.|ir\.|prof\.|ing\.|minister|"
    r"staatssecretaris|premier|minister-president|lid|leden|collega|generaal|commandant|ambassadeur)\s+)+",
    re.IGNORECASE,
)
# a compound's common-noun tail: "Iron Dome-luchtafweersysteem" names "Iron Dome"
_COMPOUND_TAIL = re.compile(r"(?:-[a-zäëïöüéèç]{3,}|['’]s)$")


class ModelMissingError(PolicyKGError):
    """The trained model is not where the component looks for it."""


def model_present(path: Path = MODEL_DIR) -> bool:
    return (path / "meta.json").is_file() and (path / "ner").is_dir()


@lru_cache(maxsize=2)
def load_model(path: Path = MODEL_DIR) -> Language:
    """The trained pipeline (loaded once per process)."""
    import spacy

    if not model_present(path):
        raise ModelMissingError(f"no trained NER model in {path}", hint="run: python -m policy_kg.ner.train")
    return spacy.load(path)


def sentence_bounds(words: Sequence[str], max_len: int = MAX_SENTENCE_TOKENS) -> Iterator[tuple[int, int]]:
    """Token ranges ``[start, end)`` of the sentences of a doc's ``words``: cut after . ? ! ;
    before a capital, digit or bullet, and every ``max_len`` tokens at the latest."""
    n = len(words)
    start = 0
    for i in range(n - 1):
        if (words[i] in _END_TOKENS and _starts_sentence(words[i + 1])) or i + 1 - start >= max_len:
            yield start, i + 1
            start = i + 1
    if start < n:
        yield start, n


def _starts_sentence(word: str) -> bool:
    ch = word[0]
    return ch.isupper() or ch.isdigit() or ch in "•-–(\"'‘“"


def _stop_words() -> frozenset[str]:
    from spacy.lang.nl.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


_STOP = _stop_words()


def needs_model(words: Sequence[str], starts: Sequence[int], start: int, end: int, covered: bytearray | None) -> bool:
    """True when tokens ``start..end`` hold a capitalised word, not the first, that is no stop
    word and that nothing has claimed yet (``covered`` marks claimed characters)."""
    for i in range(start + 1, end):
        t = words[i]
        if t[0].isupper() and (covered is None or not covered[starts[i]]) and t.lower() not in _STOP:
            return True
    return False


def entity_id(label: str, text: str) -> str:
    """The canonical id a statistical mention gets: a person's name without titles,
    an organisation's or system's name as written with whitespace folded."""
    name = " ".join(text.split())
    if label == "PERSON":
        name = _TITLES.sub("", name) or name
    else:
        name = _COMPOUND_TAIL.sub("", name) or name
    return name


# ---------------------------------------------------------------- post-filters
# The model guesses; these checks keep only guesses that look like names of their label.

# never part of a name: amounts, percentages, links, layout marks
_NOT_A_NAME = re.compile(r"[%€$@…*|]|https?:|www\.|\.(?:nl|com|org)\b")
# a person's name: name words (capitalised, with lower case), initials, particles, hyphens
_NAME_WORD = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zà-öø-ÿā-žş'’]*[a-zà-öø-ÿā-žş]['’a-zà-öø-ÿā-žş]*")
_INITIALS = re.compile(r"(?:[A-Z][a-z]?\.)+")
_PARTICLES = frozenset("van de der den het ter ten te 't in op la le du da del von zu el al bin ben".split())
# words that follow a name in signatures and lists, never part of it
_TRAILING_WORDS = frozenset("adjunct adjunct-griffier griffier voorzitter minister staatssecretaris directeur "
                            "vastgesteld lid leden".split())
_ROMAN = re.compile(r"(?:I{1,3}|IV|VI{0,3}|IX|X{1,3})")
_MAX_PERSON_TOKENS = 6
# pronominal adverbs that open sentences ("Hierop", "Daarvan", "Waarmee"): never a name
_PRONOMINAL = re.compile(r"(?:hier|daar|waar|er)(?:op|van|bij|mee|door|naar|uit|in|voor|om|over|aan|tegen|na|toe|onder)",
                         re.IGNORECASE)


@dataclass(frozen=True)
class NameFilter:
    """What the knowledge files say a guess is not.

    ``other_names``: names (casefolded) of entries whose label the model does not predict (laws,
    countries, places, factions, publications ...), unless a PERSON/ORG/SYSTEM entry has the same name.
    ``non_person_words``: capitalised words of country, place, organisation, system, law and event
    names that no person's name holds; a PERSON guess with such a word is no person."""

    other_names: frozenset[str] = frozenset()
    non_person_words: frozenset[str] = frozenset()


def build_filter(entries: Iterable, exclude_ids: Collection[str] = ()) -> NameFilter:
    """The filter from knowledge entries, leaving out entries whose id is in ``exclude_ids``
    (the leave-one-document-out evaluation excludes the held-out document's entities)."""
    entries = [e for e in entries if e.id not in exclude_ids]
    own = {f.casefold() for e in entries if e.label in LABELS for f in e.surface_forms}
    other = {f.casefold() for e in entries if e.label not in LABELS for f in e.surface_forms} - own
    person_words = {w.casefold() for e in entries if e.label == "PERSON" for f in e.surface_forms
                    for w in re.split(r"[\s-]+", f)}
    thing_words = {w.casefold() for e in entries if e.label not in ("PERSON", "FACTION", "DOCUMENT", "LICENCE")
                   for f in e.surface_forms for w in re.split(r"[\s-]+", f)
                   if len(w) >= 3 and w[0].isupper() and any(ch.islower() for ch in w)}
    return NameFilter(frozenset(other), frozenset(thing_words - person_words - _PARTICLES))


@lru_cache(maxsize=1)
def default_filter() -> NameFilter:
    from .knowledge import load_entries

    return build_filter(load_entries())


def accept(label: str, words: Sequence[str], name_filter: NameFilter) -> tuple[int, int] | None:
    """The token range ``[i, j)`` of ``words`` (a predicted span) that is kept, or None to drop it."""
    i, j = 0, len(words)
    if label == "PERSON":
        # drop trailing signature words and initials after a surname ("Van der Graaf I.")
        while j - i > 1 and (words[j - 1].casefold() in _TRAILING_WORDS or _INITIALS.fullmatch(words[j - 1])):
            j -= 1
    toks = words[i:j]
    name = " ".join(toks)
    # a name starts with a letter or digit and holds a capital or digit: not "’s", "/821"
    if not name[0].isalnum() or not any(ch.isupper() or ch.isdigit() for ch in name):
        return None
    if len(name) < 2 or _ROMAN.fullmatch(name) or not any(ch.isalpha() for ch in name) or _NOT_A_NAME.search(name):
        return None
    if name.casefold() in name_filter.other_names:
        return None
    if label == "PERSON":
        if len(toks) > _MAX_PERSON_TOKENS or not _NAME_WORD.fullmatch(toks[-1]):
            return None
        for k, t in enumerate(toks):
            if t.casefold() in name_filter.non_person_words or _ROMAN.fullmatch(t):
                return None
            if not (_NAME_WORD.fullmatch(t) or _INITIALS.fullmatch(t) or t == "-"
                    or (t.casefold() in _PARTICLES and (k > 0 or t[0].isupper()))):
                return None
        return i, j
    # an organisation or system: not a sentence-opening function word ("Hierop", "Als Nederland"),
    # and it ends in a capitalised word, a number or a compound's tail ("EU-landen", "F-16's")
    if toks[0].casefold() in _STOP or _PRONOMINAL.fullmatch(toks[0]) or (len(toks) == 1 and toks[0].islower()):
        return None
    last = toks[-1]
    if not (any(ch.isupper() or ch.isdigit() for ch in last) or last in ("'s", "’s")
            or (len(toks) > 1 and toks[-2] == "-")):
        return None
    # an organisation named only as the head of a compound ("EU-landen", "NAVO-partners") is one the
    # gazetteers know; a guessed one is mostly a common noun's prefix ("IT-goederen")
    if label == "ORG" and len(toks) == 3 and toks[1] == "-" and toks[2].islower():
        return None
    return i, j


def predict(doc: Doc, bounds: Iterable[tuple[int, int]], nlp: Language | None = None,
            name_filter: NameFilter | None = None) -> list[rules.Candidate]:
    """Run the model over the given token ranges of ``doc``; candidates as character spans of doc.text
    that pass :func:`accept` (``name_filter``: by default from the knowledge files)."""
    nlp = nlp or load_model()
    name_filter = default_filter() if name_filter is None else name_filter
    ner = nlp.get_pipe("ner")
    bounds = list(bounds)
    words = [t.text for t in doc]
    spaces = [bool(t.whitespace_) for t in doc]
    starts = [t.idx for t in doc]
    text = doc.text  # built anew on each access: once here
    docs = [Doc(nlp.vocab, words=words[s:e], spaces=spaces[s:e]) for s, e in bounds]
    out: list[rules.Candidate] = []
    for (start, _), sdoc in zip(bounds, ner.pipe(docs, batch_size=64)):
        for ent in sdoc.ents:
            if ent.label_ not in LABELS:
                continue
            kept = accept(ent.label_, words[start + ent.start:start + ent.end], name_filter)
            if kept is None:
                continue
            s = starts[start + ent.start + kept[0]]
            last = start + ent.start + kept[1] - 1
            e = starts[last] + len(words[last])
            if ent.label_ != "PERSON":
                tail = _compound_end(text, e)
                if ent.label_ == "ORG" and tail != e and kept[1] - kept[0] == 1:
                    continue  # a guessed organisation that only heads a compound (see accept)
                e = tail
            out.append(rules.Candidate(s, e, ent.label_, entity_id(ent.label_, text[s:e]), PRIORITY))
    return out


_TAIL = re.compile(r"-[a-zäëïöüéèç][\w-]*|['’]s\b")


def _compound_end(text: str, end: int) -> int:
    """CONTRACT section 1: a name glued to a common noun or 's is one mention (``F-35-onderdelen``)."""
    m = _TAIL.match(text, end)
    return m.end() if m else end


def _covered(doc: Doc) -> bytearray:
    from .pipeline import RULER_KEY, _candidate_list

    last = doc[-1]
    mask = bytearray(last.idx + len(last.text) + 1)
    for c in _candidate_list(doc):
        mask[c.start:c.end] = b"\x01" * (c.end - c.start)
    for span in doc.spans.get(RULER_KEY, []):
        mask[span.start_char:span.end_char] = b"\x01" * (span.end_char - span.start_char)
    return mask


class StatisticalNER:
    def __init__(self, model_path: Path, skip_claimed: bool):
        self.model_path = model_path
        self.skip_claimed = skip_claimed

    def __call__(self, doc: Doc) -> Doc:
        from .pipeline import _candidate_list

        if not len(doc):
            return doc
        covered = _covered(doc)
        words = [t.text for t in doc]
        starts = [t.idx for t in doc]
        bounds = [(s, e) for s, e in sentence_bounds(words) if needs_model(words, starts, s, e, covered)]
        if not bounds:
            return doc
        found = predict(doc, bounds, load_model(self.model_path))
        if self.skip_claimed:
            found = [c for c in found if not any(covered[c.start:c.end])]
        _candidate_list(doc).extend(found)
        return doc


@Language.factory(
    "policy_kg_statistical",
    default_config={"model_path": None, "skip_claimed": True},
)
def make_statistical(nlp: Language, name: str, model_path: str | None, skip_claimed: bool) -> StatisticalNER:
    """``skip_claimed``: drop predictions that overlap a span a gazetteer or rule already names."""
    return StatisticalNER(Path(model_path) if model_path else MODEL_DIR, skip_claimed)
