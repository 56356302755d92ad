"""Training data for the statistical NER: gold sentences of the seeds plus seeded synthetic sentences.

Both kinds are tokenised by the main pipeline's tokenizer and cut into sentences by
:func:`policy_kg.ner.statistical.sentence_bounds`, exactly as the component sees text at run time.
Only PERSON, ORG and SYSTEM are annotated; every other token is ``O``.

Synthetic sentences fill templates typical of parliamentary questions, answers, letters and
reports with names from the knowledge files (:func:`policy_kg.ner.knowledge.load_entries`) and
from the invented lists in :mod:`.names`. Each example records the ids of the entities it uses,
so that a leave-one-document-out run can drop every sentence that names an entity of the
held-out document.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

from policy_kg.ner.knowledge import Entry, load_entries
from policy_kg.ner.statistical import LABELS, sentence_bounds
from policy_kg.ner.textview import make_view
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from . import names as N

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "gold"
SEEDS_DIR = ROOT / "seeds"
SEED = 20250101
N_SYNTHETIC = 4000


@dataclass(frozen=True, slots=True)
class Example:
    """One training sentence: tokens, entity tags (IOB strings) and where it comes from."""

    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    ents: tuple[str, ...]
    source: str  # "gold:<file name>" or "synthetic"
    ids: frozenset[str]  # ids of the PERSON/ORG/SYSTEM entities it names

    def to_doc(self, vocab) -> Doc:
        return Doc(vocab, words=list(self.words), spaces=list(self.spaces), ents=list(self.ents))


def tokenizer_nlp() -> Language:
    """The main pipeline, for its tokenizer only (no gazetteer patterns, no model)."""
    from policy_kg.ner.pipeline import make_nlp

    return make_nlp(entries=(), statistical=False)


def _iob(doc: Doc, spans: Iterable[tuple[int, int, str]]) -> list[str] | None:
    """IOB tags for character spans; None when a span crosses another."""
    tags = ["O"] * len(doc)
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(t != "O" for t in tags[span.start:span.end]):
            return None
        tags[span.start] = f"B-{label}"
        for i in range(span.start + 1, span.end):
            tags[i] = f"I-{label}"
    return tags


def _cut(doc: Doc, tags: Sequence[str], source: str, ids_of: dict[int, str]) -> list[Example]:
    """Split a tagged doc into sentence examples (a sentence never cuts an entity)."""
    out = []
    bounds = list(sentence_bounds([t.text for t in doc]))
    # merge a cut that falls inside an entity with the next sentence
    merged: list[tuple[int, int]] = []
    for s, e in bounds:
        if merged and tags[s].startswith("I-"):
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    for s, e in merged:
        toks = doc[s:e]
        ids = frozenset(ids_of[i] for i in range(s, e) if i in ids_of)
        out.append(Example(tuple(t.text for t in toks), tuple(bool(t.whitespace_) for t in toks),
                           tuple(tags[s:e]), source, ids))
    return out


# ---------------------------------------------------------------- gold sentences

def gold_examples(nlp: Language, gold_dir: Path = GOLD_DIR, seeds_dir: Path = SEEDS_DIR) -> list[Example]:
    """Every sentence of every seed with a gold file, PERSON/ORG/SYSTEM tagged."""
    from policy_kg.readers import read_document

    out: list[Example] = []
    for gold_path in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        document = read_document(seeds_dir / gold["doc"], analyse_structure=False)
        view = make_view(document.text)
        doc = nlp.make_doc(view.clean)
        spans, ids_at = [], {}
        for ent in gold["entities"]:
            if ent["label"] not in LABELS:
                continue
            start, end = view.clean_offset(ent["start"]), view.clean_offset(ent["end"] - 1) + 1
            spans.append((start, end, ent["label"]))
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None:
                ids_at.update((i, ent["id"]) for i in range(span.start, span.end))
        tags = _iob(doc, spans)
        if tags is None:
            raise ValueError(f"{gold_path.name}: gold spans overlap after tokenisation")
        out.extend(_cut(doc, tags, f"gold:{gold['doc']}", ids_at))
    return out


# ---------------------------------------------------------------- synthetic sentences

# {P} full name, {PS} surname alone, {PI} initials and surname: PERSON
# {CO} company, {NGO} organisation, {AG} government agency, {INT} international body, {ORG} any: ORG
# {ACR} the acronym of the last ORG filled: ORG.  {S} system: SYSTEM
# {S+}/{ORG+}: the mention takes in the compound tail written right after it ("{S+}-onderdelen")
# {F} faction, {C} country, {CA} country adjective, {D} department, {G} goods, {N} number, {DT} date: not tagged
TEMPLATES = [
    # questions and answers
    "Vragen van het lid {PS} ({F}) aan de minister van {D} over {G} voor {C}.",
    "Vragen van de leden {PS} ({F}) en {PS} ({F}) aan de ministers van {D} en {D}.",
    "Het lid {PS} ({F}) vroeg de minister van {D} naar de levering van {G} aan {C}.",
    "Kunt u bevestigen dat {CO} {G} levert voor de {S}?",
    "Bent u bekend met het bericht in {NEWS} dat {CO} {G} aan {C} heeft verkocht?",
    "Is het waar dat de {S} wordt ingezet door het leger van {C}?",
    "Welke rol speelt {CO} bij de productie van de {S}?",
    "Wat is uw reactie op het rapport van {NGO} over {C}?",
    "Deelt u de mening van {NGO} dat de export van {S+}-onderdelen moet stoppen?",
    "Antwoord op vraag {N}: Het kabinet heeft kennisgenomen van het rapport van {NGO}.",
    "Ja. {CO} heeft een vergunning aangevraagd voor de uitvoer van {G} naar {C}.",
    "Nee. Er zijn geen vergunningen afgegeven voor de {S} of voor {S+}-onderdelen.",
    "Antwoorden van de minister van {D} op vragen van het lid {PS} ({F}).",
    "De leden van de {F}-fractie vragen de minister hoe {AG} toezicht houdt op {G}.",
    "Mevrouw {PS} vraagt of het kabinet met {CO} heeft gesproken.",
    "De heer {PS} ({F}) wijst op de uitspraak van minister {PS} over {C}.",
    "Zoals minister {PS} eerder heeft gemeld, valt de {S} onder de vergunningplicht.",
    "Kamerlid {PS} ({F}) wil weten of {CO} betrokken is bij de productie van de {S}.",
    "Op verzoek van het lid {PS} is toegezegd dat de {K} wordt geïnformeerd.",
    "De motie van de leden {PS} en {PS} verzoekt de regering de export naar {C} te stoppen.",
    "Uw {K} heeft de motie van het lid {PS} ({F}) aangenomen.",
    "Mevrouw {PS} ({F}) vroeg naar de positie van {C}.",
    "De heer {PI} is benoemd tot directeur van {AG}.",
    "In het debat zei {P} ({F}) dat de regels strenger moeten.",
    # letters and signatures
    "De minister van {D}, {P}",
    "De staatssecretaris van {D}, {P}",
    "DE MINISTER VAN {DU} {P}",
    "Hoogachtend, de minister van {D}, {P}",
    "De voorzitter van de commissie, {P} Adjunct-griffier van de commissie, {PS}",
    "De griffier van de commissie, {P}",
    "In deze brief informeer ik uw {K}, mede namens de minister van {D}, over de {S}.",
    "Op {DT} heeft de minister van {D}, {P}, met zijn ambtgenoot uit {C} gesproken.",
    "Namens het kabinet ondertekende {P} het contract met {CO}.",
    "De Nederlandse ambassadeur {P} heeft het standpunt toegelicht.",
    # organisations and companies
    "{CO} levert onderdelen voor de {S}.",
    "Het contract met {CO} heeft een waarde van {N} miljoen euro.",
    "Volgens {NGO} worden {G} gebruikt bij aanvallen in {C}.",
    "{NGO} publiceerde op {DT} een rapport over de wapenhandel met {C}.",
    "De {AG} ({ACR}) beoordeelt de aanvragen; de {ACR} adviseert de minister.",
    "Het {INT} ({ACR}) coördineert de aankoop van munitie voor de lidstaten.",
    "In opdracht van {AG} onderzocht {CO} de gevolgen voor de defensie-industrie.",
    "De {S} wordt ontwikkeld door {CO} in samenwerking met {CO}.",
    "{CO} uit {C} is de hoofdaannemer van het {S+}-programma.",
    "Binnen {ORG+}-verband wordt gesproken over een gezamenlijke aanpak.",
    "Het {INT} heeft in {DT} nieuwe richtlijnen vastgesteld.",
    "Vertegenwoordigers van {ORG} en {ORG} spraken over de levering aan {C}.",
    "Het {ORG}, de {ORG} en {NGO} hebben zorgen geuit over de export naar {C}.",
    "Een woordvoerder van {CO} liet weten dat de {S} niet naar {C} wordt geleverd.",
    "{P}, directeur van {NGO}, noemde het besluit onbegrijpelijk.",
    "{P}, topman van {CO}, verwacht meer orders voor de {S}.",
    "Volgens {P} van {NGO} is de export in strijd met het Gemeenschappelijk Standpunt.",
    "De rechtbank stelde {NGO} en {NGO} in het ongelijk.",
    "{NGO} en anderen hebben de Staat gedagvaard.",
    "Het bedrijf {CO} maakt deel uit van de {CA} defensie-industrie.",
    "Daarnaast werkt {AG} samen met de {INT}.",
    "Volgens {NGO} is de export in strijd met het internationaal recht.",
    "Volgens {CO} gaat het om civiele toepassingen.",
    "{NGO} stelt dat {C} de {S} inzet tegen burgers.",
    "Onderzoek van {NGO} laat zien dat onderdelen van {CO} in {C} terechtkomen.",
    "Ook {NGO} en {NGO} hebben hun zorgen geuit.",
    "Het Nederlandse bedrijf {CO} exporteert {G} naar {C}.",
    "Dochterbedrijf {CO} van {CO} produceert {S+}-componenten.",
    # systems
    "De {S} is een luchtafweersysteem dat door {C} wordt gebruikt.",
    "Het {S+}-luchtafweersysteem beschermt de bevolking tegen raketten.",
    "De levering van {S+}-onderdelen aan {C} is omstreden.",
    "De krijgsmacht van {C} zet het AI-systeem {S} in voor doelselectie.",
    "Het kabinet heeft besloten {N} {S}'s aan {C} te leveren.",
    "{DEF} schaft {N} exemplaren van de {S} aan bij {CO}.",
    "De software {S} van {CO} wordt gebruikt voor de analyse van inlichtingen.",
    "Het {S} ({ACRS}) is in {DT} in gebruik genomen.",
    "Met de {S} en de {S} beschikt de landmacht over moderne middelen.",
    "{C} gebruikt de {S} bij operaties in de regio.",
    "Onderdelen van de {S} worden in Nederland geproduceerd.",
    "De {CA} {S} zijn uitgerust met {G}.",
    "Het systeem {S} analyseert beelden van drones.",
    # negative context: laws, plans, titles and publications are no PERSON, ORG or SYSTEM
    "Op grond van de {LAW} is voor de uitvoer van {G} naar {C} een vergunning nodig.",
    "De {LAW} verplicht {CO} om de eindgebruiker te melden.",
    "Het kabinet verwijst naar de {LAW} en naar de {LAW}.",
    "Deze aanvragen worden getoetst aan de {LAW}.",
    "In het kader van de {LAW} heeft {AG} ({ACR}) nieuwe richtlijnen opgesteld.",
    "Volgens {NGO} is de export in strijd met de {LAW}.",
    "De {LAW} treedt op {DT} in werking.",
    "Met de {LAW} wil het kabinet de productie van {G} versnellen.",
    "De Verenigde Staten passen de {LAW} toe op {S+}-onderdelen.",
    "Betreft: {LAW}",
    "{LAW} en {LAW} gelden ook voor {G}.",
    "Het {LAW} is op {DT} gepubliceerd in de {TITLE}.",
    "In de {TITLE} staat dat {C} een belangrijke partner is.",
    "Zie de {TITLE}, bijlage {N}, en de {LAW}.",
    "{TITLE} {DT}",
    "{TITLE} Kamerstuk {KST}",
    "Dit blijkt uit de {TITLE} die {DEF} op {DT} aan de {K} heeft gestuurd.",
    "{CAPS} {ST} zijn de regels voor {G} aangescherpt.",
    "{CAPS} Het lid {PS} ({F}) vraagt naar de {S}.",
    "{ST} in {PL} worden {G} geproduceerd.",
    "Tijdens de oefening {EV} werkte {AG} samen met het {INT}.",
    "{CA} bedrijven leveren {G} aan {C}.",
    "{CA} autoriteiten hebben de levering aan {C} goedgekeurd.",
    "De situatie in {PL} blijft zorgelijk.",
    # English organisations, companies named after a region, systems named by their type
    "Volgens onderzoekers van de {EN} neemt de export naar {C} toe.",
    "De {EN} publiceerde een studie over de {S}.",
    "{P} van de {EN} wijst op de risico's van de {LAW}.",
    "{REG} levert {G} aan {DEF}.",
    "Het bedrijf {REG} uit {PL} ontwikkelt de {S}.",
    "{DEF} koopt {N} systemen van het type {S} bij {REG}.",
    "Het gaat om een {TYPE} van het type {S} van {CO}.",
    "De {TYPE} {S} wordt gebouwd door {CO}.",
    "{C} zet de {S} in, een {TYPE} van {CO}.",
    # persons with particles and initials, lists of members
    "De leden {PS}, {PS} en {PS} ({F}) dienen een motie in over de {S}.",
    "Mevrouw {PI} ({F}) vraagt naar de levering van de {S}.",
    "Brief van de heer {PI}, voorzitter van {NGO}.",
    "Dit antwoord is gegeven door {P}, minister van {D}.",
    "Ik informeer uw {K} hierbij over de voortgang van de {S}.",
    "Zoals uw {K} weet, is {CO} de leverancier van de {S}.",
    "{DEF} heeft {CO} gevraagd om extra {G}.",
    # plain sentences without names (negatives)
    "{ST} lidstaten hebben hun export naar {C} beperkt.",
    "{ST} de algemene vergunning {LIC} geldt voor leveringen aan {C}.",
    "Uit de {LIC}-vergunning is {C} als bestemming geschrapt (Kamerstuk {KST}).",
    "De vergunningen {LIC} en {LIC} zijn op {DT} gewijzigd.",
    "Zie ook Kamerstuk {KST} en de brief van {DT}.",
    "De {F} vraagt of {LIC} ook voor {C} gaat gelden.",
    "De minister van {D} heeft de {K} op {DT} geïnformeerd over {C}.",
    "Het kabinet blijft de situatie in {C} nauwlettend volgen.",
    "De {F}-fractie heeft met belangstelling kennisgenomen van de brief.",
    "Nederland steunt {C} met {G} ter waarde van {N} miljoen euro.",
    "Uw {K} heeft op {DT} de motie aangenomen.",
    "De vergunningaanvragen worden getoetst aan de acht criteria van het Gemeenschappelijk Standpunt.",
]

NEWS = ["NRC", "de Volkskrant", "Trouw", "Het Financieele Dagblad", "de NOS", "Follow the Money", "Reuters"]


def _capital(s: str) -> str:
    return s[:1].upper() + s[1:]


def _surname_of(name: str) -> str:
    """Surname of a full name as written without first name: "Aukje de Vries" -> "De Vries"."""
    words = name.split()
    if len(words) < 2:
        return name
    rest = words[1:]
    while len(rest) > 1 and rest[0][:1].isupper() and rest[1][:1].isupper() and "-" not in rest[0]:
        rest = rest[1:]  # second first names
    return _capital(" ".join(rest))


class _Filler:
    """Seeded choices of names; knowledge entries (id = their id) mixed with invented ones."""

    def __init__(self, rng: random.Random, entries: Sequence[Entry], p_known: float = 0.35):
        self.rng = rng
        self.p_known = p_known
        self.known = {label: sorted((e for e in entries if e.label == label), key=lambda e: e.id)
                      for label in ("PERSON", "ORG", "SYSTEM", "FACTION", "COUNTRY", "LAW", "PLACE", "EVENT")}
        self.last_org: str | None = None
        self.last_system: str | None = None

    def _pick_known(self, label: str) -> Entry | None:
        if self.known[label] and self.rng.random() < self.p_known:
            return self.rng.choice(self.known[label])
        return None

    # persons
    def _invented_person(self) -> tuple[str, str]:
        r = self.rng
        first = r.choice(N.FIRST_NAMES)
        if r.random() < 0.3:
            particle = r.choice(N.PARTICLES)
            return first, f"{particle} {r.choice(N.PARTICLE_SURNAMES)}"
        sur = r.choice(N.SURNAMES)
        if r.random() < 0.15:
            sur = f"{sur}-{r.choice(N.SURNAMES)}"
        return first, sur

    def person(self, kind: str) -> tuple[str, str]:
        e = self._pick_known("PERSON")
        if e is not None:
            full = e.name
            if kind == "PS":
                return _surname_of(full), e.id
            return (self.rng.choice(e.surface_forms) if kind == "P" else full), e.id
        first, sur = self._invented_person()
        full = f"{first} {sur}"
        if kind == "PS":
            return _capital(sur), full
        if kind == "PI":
            initials = "".join(f"{c}." for c in self.rng.sample("ABCDEFGHIJKLMNPRSTW", self.rng.choice([1, 2, 3])))
            return f"{initials} {sur}", full
        return full, full

    # organisations
    def _acronym(self, name: str) -> str:
        caps = [w[0] for w in re.findall(r"[A-ZÀ-Ý][\w-]*", name)]
        return "".join(caps) if len(caps) >= 2 else name[:4].upper()

    def org(self, kind: str) -> tuple[str, str]:
        r = self.rng
        e = self._pick_known("ORG")
        if e is not None:
            text, oid = r.choice(e.surface_forms), e.id
        elif kind == "CO":
            stem = r.choice(N.COMPANY_STEMS)
            roll = r.random()
            if roll < 0.4:
                text = f"{stem} {r.choice(N.COMPANY_TAILS)}"
            elif roll < 0.7:
                text = f"{stem} {r.choice(N.COMPANY_TAILS)} {r.choice(N.COMPANY_FORMS)}"
            elif roll < 0.85:
                text = f"{r.choice(N.SURNAMES)} {r.choice(N.COMPANY_TAILS)}"
            else:
                text = stem
            oid = text
        elif kind == "NGO":
            if r.random() < 0.5:
                text = r.choice(N.NGO_FORMS).format(r.choice(N.NGO_STEMS))
            else:
                text = r.choice(N.NGO_ENGLISH).format(r.choice(N.NGO_ENGLISH_STEMS))
            oid = text
        elif kind == "INT":
            form = r.choice(N.INTERNATIONAL_FORMS)
            english = form.split()[0] in ("International", "European", "Joint") or form.endswith("Group")
            stems = N.INTERNATIONAL_STEMS_EN if english else N.INTERNATIONAL_STEMS
            text = form.format(r.choice(stems)).replace("s Agentschap", "sagentschap")
            oid = text
        else:  # AG and ORG
            text = r.choice(N.AGENCY_FORMS).format(r.choice(N.AGENCY_TOPICS))
            oid = text
        self.last_org = text
        return text, oid

    def acronym(self, of_system: bool = False) -> tuple[str, str]:
        acr = self._acronym((self.last_system if of_system else self.last_org) or "Onbekende Naam")
        return acr, acr

    def system(self) -> tuple[str, str]:
        text, sid = self._system()
        self.last_system = text
        return text, sid

    def _system(self) -> tuple[str, str]:
        r = self.rng
        e = self._pick_known("SYSTEM")
        if e is not None:
            return r.choice(e.surface_forms), e.id
        roll = r.random()
        if roll < 0.1:
            text = f"{r.choice(N.SYSTEM_WORDS)}-{r.randint(1, 99)}"
        elif roll < 0.2:
            text = f"{r.choice(N.SYSTEM_WORDS)} {r.choice(N.SYSTEM_MARKS)}"
        elif roll < 0.3:
            text = f"{r.choice(N.SYSTEM_CODE_PREFIXES)}-{r.randint(2, 990)}"
        elif roll < 0.5:
            text = f"{r.choice(N.SYSTEM_WORDS)} {r.choice(N.SYSTEM_TAILS)}"
        elif roll < 0.65:
            text = f"{r.choice(N.SYSTEM_WORDS)} {r.choice(N.SYSTEM_SOFTWARE)}"
        elif roll < 0.85:
            text = f"{r.choice(N.SYSTEM_WORDS)} {r.randint(1, 9)}"
        else:
            text = r.choice(N.SYSTEM_WORDS)
        return text, text

    # context (untagged)
    def country(self, adjective: bool = False) -> str:
        r = self.rng
        entries = self.known["COUNTRY"]
        if adjective:
            adj = [a for e in entries for a in e.data.get("adjectives") or [] if a.endswith("e")]
            return r.choice(adj) if adj else "buitenlandse"
        return r.choice(entries).name if entries else "Duitsland"

    def law(self) -> tuple[str, str | None]:
        """A law, plan or programme (untagged context); the id when it comes from the knowledge files."""
        r = self.rng
        e = self._pick_known("LAW")
        if e is not None:
            return r.choice(e.surface_forms), e.id
        if r.random() < 0.55:
            return r.choice(N.LAW_FORMS_NL).format(r.choice(N.LAW_TOPICS)), None
        return r.choice(N.LAW_FORMS_EN).format(r.choice(N.LAW_TOPICS_EN)), None

    def known_name(self, label: str, fallback: Sequence[str]) -> tuple[str, str | None]:
        """A place or event of the knowledge files (untagged context), else one of ``fallback``."""
        entries = self.known[label]
        if entries:
            e = self.rng.choice(entries)
            return self.rng.choice(e.surface_forms), e.id
        return self.rng.choice(fallback), None

    def english_org(self) -> tuple[str, str]:
        r = self.rng
        text = r.choice(N.EN_ORG_FORMS).format(city=r.choice(N.EN_ORG_CITIES), field=r.choice(N.EN_ORG_FIELDS))
        self.last_org = text
        return text, text

    def regional_company(self) -> tuple[str, str]:
        text = f"{self.rng.choice(N.COMPANY_STEMS)} {self.rng.choice(N.REGIONS)}"
        self.last_org = text
        return text, text

    def faction(self) -> str:
        facs = self.known["FACTION"]
        return self.rng.choice(facs).name if facs else "VVD"


_SLOT = re.compile(r"\{(\w+)(\+?)\}")


def render(template: str, fill: _Filler) -> tuple[str, list[tuple[int, int, str]], set[str]]:
    """Fill a template: the text, its tagged character spans and the ids used."""
    r = fill.rng
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    ids: set[str] = set()
    pos = 0
    length = 0
    for m in _SLOT.finditer(template):
        lit = template[pos:m.start()]
        out.append(lit)
        length += len(lit)
        kind, extend = m.group(1), bool(m.group(2))
        label = None
        if kind in ("P", "PS", "PI"):
            text, eid = fill.person(kind)
            label = "PERSON"
        elif kind in ("CO", "NGO", "AG", "INT", "ORG"):
            text, eid = fill.org(kind)
            label = "ORG"
        elif kind in ("ACR", "ACRS"):
            text, eid = fill.acronym(of_system=kind == "ACRS")
            label = "ORG" if kind == "ACR" else "SYSTEM"
        elif kind == "S":
            text, eid = fill.system()
            label = "SYSTEM"
        elif kind == "EN":
            text, eid = fill.english_org()
            label = "ORG"
        elif kind == "REG":
            text, eid = fill.regional_company()
            label = "ORG"
        elif kind == "K":  # "uw Kamer", "de Kamer": the house addressed (gold README)
            text, eid, label = "Kamer", "Tweede Kamer der Staten-Generaal", "ORG"
        elif kind == "DEF":  # "Defensie" as the acting ministry
            text, eid, label = "Defensie", "Ministerie van Defensie", "ORG"
        elif kind in ("LAW", "PL", "EV"):  # untagged names; their ids let LOO drop the sentence
            if kind == "LAW":
                text, known_id = fill.law()
            elif kind == "PL":
                text, known_id = fill.known_name("PLACE", ["Twente", "Brabant", "Gaza"])
            else:
                text, known_id = fill.known_name("EVENT", ["Trident Juncture"])
            if known_id:
                ids.add(known_id)
        elif kind == "TITLE":
            text = r.choice(N.TITLES).format(y=r.randint(2019, 2027))
        elif kind == "CAPS":
            text = r.choice(N.CAPS_HEADINGS)
        elif kind == "TYPE":
            text = r.choice(N.SYSTEM_TYPES)
        elif kind == "F":
            text = fill.faction()
        elif kind == "C":
            text = fill.country()
        elif kind == "CA":
            text = fill.country(adjective=True)
        elif kind == "D":
            text = r.choice(N.DEPARTMENTS)
        elif kind == "DU":
            text = r.choice(N.DEPARTMENTS).upper()
        elif kind == "G":
            text = r.choice(N.GOODS)
        elif kind == "N":
            text = str(r.choice([2, 3, 4, 6, 8, 12, 18, 24, 35, 50, 120]))
        elif kind == "DT":
            text = f"{r.randint(1, 28)} {r.choice(['januari', 'maart', 'mei', 'juni', 'september', 'november'])} {r.randint(2019, 2026)}"
        elif kind == "ST":
            text = r.choice(N.STARTERS)
        elif kind == "LIC":
            text = f"{r.choice(['NL', 'NL', 'EU'])}{r.randint(1, 12):03d}"
        elif kind == "KST":
            text = f"{r.randint(21000, 36999)}, nr. {r.randint(1, 499)}"
        elif kind == "NEWS":
            text = r.choice(NEWS)
        else:
            raise ValueError(f"unknown slot {{{kind}}} in template {template!r}")
        start = length
        out.append(text)
        length += len(text)
        if label:
            end = length
            if extend:
                tail = re.match(r"-\w+|['’]s", template[m.end():])
                if tail:
                    end += len(tail.group(0))
            spans.append((start, end, label))
            ids.add(eid)
        pos = m.end()
    out.append(template[pos:])
    return "".join(out), spans, ids


def synthetic_examples(nlp: Language, n: int = N_SYNTHETIC, seed: int = SEED,
                       entries: Sequence[Entry] | None = None) -> list[Example]:
    """``n`` synthetic sentences, the same for the same seed and knowledge files."""
    rng = random.Random(seed)
    fill = _Filler(rng, load_entries() if entries is None else entries)
    out: list[Example] = []
    for i in range(n):
        template = TEMPLATES[i % len(TEMPLATES)] if i < len(TEMPLATES) else rng.choice(TEMPLATES)
        text, spans, ids = render(template, fill)
        roll = rng.random()
        if roll < 0.15:  # a heading run into the sentence, as in text extracted from PDF
            head = rng.choice(N.HEADINGS).format(n=rng.randint(1, 60), m=rng.randint(1, 9))
            text, spans = f"{head} {text}", [(s + len(head) + 1, e + len(head) + 1, lab) for s, e, lab in spans]
        elif roll < 0.3:  # two sentences without the full stop between them (lists, table cells)
            text2, spans2, ids2 = render(rng.choice(TEMPLATES), fill)
            text = text.rstrip(".?") + " "
            spans = spans + [(s + len(text), e + len(text), lab) for s, e, lab in spans2]
            text, ids = text + text2, ids | ids2
        doc = nlp.make_doc(text)
        tags = _iob(doc, spans)
        if tags is None:
            continue
        out.append(Example(tuple(t.text for t in doc), tuple(bool(t.whitespace_) for t in doc),
                           tuple(tags), "synthetic", frozenset(ids)))
    return out


def all_examples(nlp: Language | None = None, n_synthetic: int = N_SYNTHETIC, seed: int = SEED) -> list[Example]:
    nlp = nlp or tokenizer_nlp()
    return gold_examples(nlp) + synthetic_examples(nlp, n_synthetic, seed)


def docbin_bytes(examples: Iterable[Example], nlp: Language) -> bytes:
    db = DocBin(attrs=["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for ex in examples:
        db.add(ex.to_doc(nlp.vocab))
    return db.to_bytes()


def split_dev(examples: Sequence[Example], every: int = 20) -> tuple[list[Example], list[Example]]:
    """Every ``every``-th synthetic sentence goes to a small dev set (for the training log only)."""
    train, dev = [], []
    k = 0
    for ex in examples:
        if ex.source == "synthetic":
            k += 1
            if k % every == 0:
                dev.append(ex)
                continue
        train.append(ex)
    return train, dev
