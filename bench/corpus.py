"""Synthetic corpus for the scale benchmarks: Dutch parliamentary documents of the four genres.

    python bench/corpus.py --n 10000 --out /tmp/corpus-10k --seed 1 [--jobs 2]

Writes ``--n`` plain-text documents into ``--out`` (``000000_brief.txt``, ...), a quarter of each
genre in turn: Kamerbrief (``brief``), antwoorden op Kamervragen (``antwoorden``), verslag van
een schriftelijk overleg (``vso``) and nota naar aanleiding van het verslag (``nota``). Each has
the structure of its genre as the seeds and the held-out documents show it: letterhead with
Datum/Betreft/kenmerk/Onze referentie and a signature block; numbered ``Vraag N``/``Antwoord``
pairs; ``Inbreng leden van de X-fractie`` sections with ``N. Antwoord van het kabinet:``;
numbered faction questions with answers; Kamerstuk citations, footnotes with rulings (ECLI),
licence exclusions with dates, amounts of money, spending tables, goods, systems and makers.

Entities come from the knowledge files (``ner/data/*.jsonl``: persons with their party and
offices, factions, countries with their adjectives, places, organisations, systems with their
makers, laws, rulings, licences, events). The sentences are templates written for this
benchmark; no text is copied from any document.

Lengths vary per document (log-normal, clipped to 300-3,000 words, mean about 1,000 words).
Document ``i`` depends only on ``--seed`` and ``i`` (its own random generator), so the first
1,000 documents of a 10,000-document corpus are the 1,000-document corpus of the same seed,
and ``--jobs`` does not change a byte. Documents are written one at a time (nothing is held
in memory); 100,000 documents take a few minutes.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "ner" / "data"

GENRES = ("brief", "antwoorden", "vso", "nota")
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# licences with national exclusion lists (NL002 withdrawn in April 2025) and EU general licences
EXCLUDING = ("NL002", "NL007", "NL009", "NL010")
DOSSIERS = (("22 054", "Wapenexportbeleid"), ("36 600 X", "Vaststelling van de begrotingsstaat van het Ministerie van Defensie"),
            ("36 800 K", "Vaststelling van de begrotingsstaat van het Defensiematerieelbegrotingsfonds"),
            ("21 501-02", "Raad Algemene Zaken en Raad Buitenlandse Zaken"), ("23 432", "De situatie in het Midden-Oosten"),
            ("36 874", "Wijziging van de In- en uitvoerwet"), ("27 830", "Materieelprojecten"))
GOODS = ("nachtzichtkijkers", "warmtebeeldcamera's", "radaronderdelen", "cryptografische apparatuur",
         "munitieonderdelen", "stuurautomaten", "communicatieapparatuur", "pantserplaten", "dronemotoren",
         "scheepsonderdelen", "sensoren", "explosievendetectoren", "beschermende vesten", "lasersystemen")
TOPICS = ("het wapenexportbeleid", "de uitvoer van militaire goederen", "de algemene vergunningen",
          "de ondersteuning van Oekraïne", "de materieelprojecten van Defensie", "de situatie in het Midden-Oosten",
          "de Europese samenwerking op het gebied van defensie-industrie", "de controle op dual-use goederen",
          "de naleving van sancties", "de aankoop van militair materieel")

_FILLER = (
    "Het kabinet weegt elke aanvraag zorgvuldig en per geval af aan de hand van de geldende criteria.",
    "Daarbij wordt gekeken naar de aard van de goederen, de eindgebruiker en het risico op omleiding.",
    "Het kabinet blijft de ontwikkelingen in de regio nauwlettend volgen en zal uw Kamer informeren wanneer daar aanleiding toe is.",
    "Deze afweging wordt in nauw overleg met de betrokken ministeries gemaakt.",
    "Over individuele vergunningaanvragen worden in verband met bedrijfsvertrouwelijkheid geen uitspraken gedaan.",
    "Dat neemt niet weg dat het kabinet het belang van transparantie onderschrijft.",
    "Het beleid is erop gericht de veiligheid van onze militairen en de gereedheid van de krijgsmacht te waarborgen.",
    "In algemene zin geldt dat de toets per transactie meer tijd kost dan het gebruik van een algemene vergunning.",
    "Het kabinet acht het van belang dat bedrijven tijdig duidelijkheid hebben over de gevolgen van deze maatregelen.",
    "De uitvoering ligt bij de daartoe aangewezen diensten, die hierover periodiek rapporteren.",
    "Een volledig overzicht is niet te geven, omdat de gegevens niet op die wijze worden geregistreerd.",
    "Het kabinet ziet op dit moment geen aanleiding het beleid op dit punt aan te passen.",
    "Dit sluit aan bij de afspraken die in Europees verband zijn gemaakt.",
    "Bij de beoordeling wordt ook het risico betrokken dat goederen bijdragen aan schendingen van het humanitair oorlogsrecht.",
    "De gevraagde informatie wordt meegenomen in de eerstvolgende voortgangsrapportage.",
    "Het gaat hier om een zorgvuldige afweging tussen veiligheidsbelangen, economische belangen en mensenrechten.",
    "Het is niet mogelijk om op voorhand uit te sluiten dat onderdelen via derde landen alsnog hun weg vinden.",
    "Het kabinet zal de effecten van deze wijziging na een jaar evalueren.",
    "De leveringszekerheid van kritieke onderdelen is voor de krijgsmacht van groot belang.",
    "Daarnaast wordt ingezet op het versterken van de Europese defensie-industriële basis.",
)
_QUESTION_OPENERS = (
    "Kunt u aangeven", "Kunt u toelichten", "Bent u bereid uit te zoeken", "Kunt u bevestigen",
    "Hoe beoordeelt u", "Wat is uw reactie op het bericht", "Kunt u een overzicht geven van",
)


def dutch_date(y: int, m: int, d: int) -> str:
    return f"{d} {MONTHS[m - 1]} {y}"


class Knowledge:
    """The entity pools the templates draw from, read once from ner/data."""

    def __init__(self, data: Path = DATA):
        def load(name: str) -> list[dict]:
            with open(data / f"{name}.jsonl", encoding="utf-8") as f:
                return [json.loads(line) for line in f if line.strip()]

        persons = load("persons")
        self.members = [(p["id"], p.get("surname") or p["id"].split()[-1], m["faction"])
                        for p in persons for m in p.get("tk_member", []) if m.get("faction")]
        self.officials = [(p["id"], o["office"]) for p in persons for o in p.get("offices", [])
                          if o["office"].startswith(("minister", "staatssecretaris"))]
        defence = [x for x in self.officials if "Defensie" in x[1] or "Buitenlandse" in x[1]]
        self.signers = defence or self.officials
        self.factions = [f["id"] for f in load("factions") if not f["id"].startswith(("Lid ", "Groep ", "Fractie "))]
        countries = load("countries")
        self.countries = [(c["name"], next((a for a in c.get("adjectives", []) if a.endswith("e")), None)) for c in countries]
        self.adj_countries = [c for c in self.countries if c[1]]
        self.by_code = {c["id"]: c["name"] for c in countries}
        self.places = [p["name"] for p in load("places") if p["kind"] in ("city", "region", "sea", "territory")]
        orgs = load("organisations")
        self.companies = [(o["id"], o.get("country")) for o in orgs if o["kind"] == "company"]
        self.agencies = [o["id"] for o in orgs if o["kind"] in ("agency", "ministry", "armed-forces", "international", "eu-body")]
        self.ngos = [o["id"] for o in orgs if o["kind"] in ("ngo", "media")]
        self.committees = [o["id"] for o in orgs if o["kind"] == "committee" and o["id"].startswith("vaste commissie")] or [
            "vaste commissie voor Defensie", "vaste commissie voor Buitenlandse Handel en Ontwikkelingshulp"]
        company_names = {o["id"] for o in orgs}
        systems = load("systems")
        self.systems = [s["name"] for s in systems if not s.get("context_aliases")]
        self.made = [(s["name"], s["developer"]) for s in systems
                     if s.get("developer") and s["developer"] in company_names and not s.get("context_aliases")]
        self.laws = [a for law in load("laws") for a in law.get("aliases", [])[:1] if len(a) > 6]
        self.rulings = [(r["id"], r["court"], r["date"], (r.get("case_names") or [""])[0]) for r in load("rulings")
                        if r["id"].startswith("ECLI:")]
        self.events = [e["name"] for e in load("events")]
        adjectives = {c["id"]: next((a for a in c.get("adjectives", []) if a.endswith("e")), None) for c in countries}
        self.maker_adjective = {o["id"]: adjectives.get(o.get("country") or "") for o in orgs}

    def adjective(self, maker: str) -> str:
        return self.maker_adjective.get(maker) or "buitenlandse"


def _d(rng: random.Random, lo: int = 2021, hi: int = 2026) -> tuple[int, int, int]:
    return rng.randint(lo, hi), rng.randint(1, 12), rng.randint(1, 28)


def _date(rng: random.Random, lo: int = 2021, hi: int = 2026) -> str:
    return dutch_date(*_d(rng, lo, hi))


def _kamerstuk(rng: random.Random) -> str:
    dossier, _ = rng.choice(DOSSIERS)
    return f"Kamerstuk {dossier}, nr. {rng.randint(1, 499)}"


def _money(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.4:
        return f"€ {rng.randint(1, 950)},{rng.randint(1, 9)} miljoen"
    if r < 0.7:
        return f"€ {rng.randint(1, 99)},{rng.randint(1, 9)} M"
    if r < 0.85:
        return f"€ {rng.randint(1, 12)},{rng.randint(1, 9)} miljard"
    return f"€ {rng.randint(10, 999)}.{rng.randint(100, 999)}.000"


class Writer:
    """Sentence and paragraph templates over the knowledge pools."""

    def __init__(self, kb: Knowledge):
        self.kb = kb

    # --- single sentences that carry entities and facts ---------------------------------
    def s_exclusion(self, r: random.Random) -> str:
        lic = r.choice(EXCLUDING)
        name, _ = r.choice(self.kb.countries)
        d = _date(r, 2022, 2026)
        return r.choice((
            f"Onder de algemene vergunning {lic} is {name} sinds {d} uitgesloten als eindbestemming.",
            f"De algemene uitvoervergunning {lic} wordt niet stopgezet: {name} wordt met ingang van {d} uitgesloten als bestemming.",
            f"Met ingang van {d} is {name} uitgesloten als land van bestemming onder de vergunning {lic}.",
        ))

    def s_withdrawn(self, r: random.Random) -> str:
        return f"De algemene vergunning NL002 is per {dutch_date(2025, 4, 8)} ingetrokken; tot en met {dutch_date(2025, 4, 7)} kon er nog gebruik van worden gemaakt."

    def s_developer(self, r: random.Random) -> str:
        system, maker = r.choice(self.kb.made)
        return r.choice((
            f"De {system} wordt ontwikkeld en geproduceerd door {maker}.",
            f"Het gaat om de {system}, ontwikkeld door {maker}.",
            f"Defensie heeft aanvullende {system}-systemen besteld, die worden gebouwd door {maker}.",
            f"Het gaat om de {system} van het {self.kb.adjective(maker)} bedrijf {maker}.",
        ))

    def s_export(self, r: random.Random) -> str:
        name, _ = r.choice(self.kb.countries)
        goods = r.choice(GOODS) if r.random() < 0.5 else f"onderdelen voor de {r.choice(self.kb.systems)}"
        status = r.choice(("afgegeven", "geweigerd", "verleend", "afgewezen"))
        return r.choice((
            f"In {MONTHS[r.randint(0, 11)]} {r.randint(2021, 2026)} is een vergunning voor de uitvoer van {goods} naar {name} {status}.",
            f"Een aanvraag voor de uitvoer van {goods} naar {name} is op {_date(r)} {status}.",
        ))

    def s_spending(self, r: random.Random) -> str:
        name, _ = r.choice(self.kb.adj_countries)
        y = r.randint(2021, 2025)
        return (f"In de periode van 1 januari {y} tot en met 31 december {y} heeft Defensie {_money(r)} uitgegeven "
                f"aan materieel van in {name} gevestigde bedrijven, {r.randint(1, 9)},{r.randint(0, 9)}% van de totale uitgaven.")

    def s_official(self, r: random.Random) -> str:
        person, office = r.choice(self.kb.officials)
        return r.choice((
            f"De {office}, {person}, heeft op {_date(r)} met zijn ambtgenoten over {r.choice(TOPICS)} gesproken.",
            f"Op {_date(r)} heeft {person}, {office}, uw Kamer hierover geïnformeerd ({_kamerstuk(r)}).",
        ))

    def s_member(self, r: random.Random) -> str:
        _, surname, faction = r.choice(self.kb.members)
        return r.choice((
            f"Het lid {surname} ({faction}) heeft hierover op {_date(r)} schriftelijke vragen gesteld.",
            f"De motie van het lid {surname} c.s. ({_kamerstuk(r)}) verzoekt de regering {r.choice(TOPICS)} te heroverwegen.",
        ))

    def s_ruling(self, r: random.Random, notes: list[str]) -> str:
        ecli, court, date, case = r.choice(self.kb.rulings)
        y, m, d = (int(x) for x in date.split("-"))
        when = dutch_date(y, m, d)
        case = f" in de zaak {case}" if case else ""
        if r.random() < 0.5:
            notes.append(f"{court} {when}, {ecli}.")
            return (f"Dat is bevestigd in de uitspraak van {when}{case}, waarin de {court}{len(notes)} oordeelde dat "
                    f"de Staat het besluit opnieuw moest bezien.")
        return f"Het kabinet voert de uitspraak van de {court} van {when}{case} ({ecli}) uit."

    def s_concerns(self, r: random.Random) -> str:
        if r.random() < 0.5:
            system = r.choice(self.kb.systems)
            return (f"De uitvoer van goederen in het kader van het {system}-programma viel onder de algemene vergunning "
                    f"{r.choice(EXCLUDING)}, die van toepassing is op overdracht, doorvoer en uitvoer.")
        _, surname, _ = r.choice(self.kb.members)
        dossier, _ = r.choice(DOSSIERS)
        return (f"In lijn met motie {surname} ({dossier}, nr. {r.randint(10, 2999)}) vraagt het kabinet de "
                f"{r.choice(self.kb.agencies)} om een analyse van de gevolgen voor {r.choice(self.kb.countries)[0]}.")

    def s_geo(self, r: random.Random) -> str:
        name, adj = r.choice(self.kb.adj_countries)
        place = r.choice(self.kb.places)
        return r.choice((
            f"De {adj} autoriteiten hebben bevestigd dat de goederen in {place} zijn aangekomen.",
            f"Er is overleg gevoerd met {name} over de situatie in {place}.",
            f"De krijgsmacht heeft in {place} deelgenomen aan de oefening {r.choice(self.kb.events)}.",
        ))

    def s_org(self, r: random.Random) -> str:
        a = r.choice(self.kb.agencies)
        return r.choice((
            f"De {a} heeft hierover op {_date(r)} gerapporteerd.",
            f"Ook {r.choice(self.kb.ngos)} heeft aandacht gevraagd voor de uitvoer naar {r.choice(self.kb.countries)[0]}.",
            f"De toetsing gebeurt aan de hand van {r.choice(self.kb.laws)} en het beleid van de {a}.",
        ))

    def s_company(self, r: random.Random) -> str:
        company, code = r.choice(self.kb.companies)
        country = self.kb.by_code.get(code or "", "Nederland")
        return (f"Het bedrijf {company} uit {country} levert onder meer {r.choice(GOODS)} aan de krijgsmacht; "
                f"het contract heeft een waarde van {_money(r)}.")

    def s_reference(self, r: random.Random) -> str:
        return f"Ik verwijs u daarvoor naar de brief van {_date(r)} ({_kamerstuk(r)})."

    def sentence(self, r: random.Random, notes: list[str]) -> str:
        x = r.random()
        if x < 0.5:
            return r.choice(_FILLER)
        kinds = (self.s_exclusion, self.s_developer, self.s_export, self.s_spending, self.s_official, self.s_member,
                 self.s_geo, self.s_org, self.s_company, self.s_reference, self.s_geo, self.s_org, self.s_concerns)
        if x < 0.52:
            return self.s_ruling(r, notes)
        if x < 0.525:
            return self.s_withdrawn(r)
        return r.choice(kinds)(r)

    def paragraph(self, r: random.Random, notes: list[str], lo: int = 2, hi: int = 5) -> str:
        return wrap(" ".join(self.sentence(r, notes) for _ in range(r.randint(lo, hi))))

    def question(self, r: random.Random) -> str:
        subject = r.choice((
            lambda: f"de uitvoer van {r.choice(GOODS)} naar {r.choice(self.kb.countries)[0]}",
            lambda: f"de levering van de {r.choice(self.kb.systems)}",
            lambda: f"de rol van {r.choice(self.kb.companies)[0]}",
            lambda: f"de algemene vergunning {r.choice(EXCLUDING)}",
            lambda: f"de samenwerking met {r.choice(self.kb.countries)[0]} in {r.choice(self.kb.places)}",
        ))()
        return f"{r.choice(_QUESTION_OPENERS)} wat de stand van zaken is rond {subject}?"


def spending_table(r: random.Random, kb: Knowledge) -> str:
    """A table of spending per period with a country in the header, as in answers on purchases."""
    name, _ = r.choice(kb.adj_countries)
    rows = [f"Periode* Uitgaven {name} Percentage op totaal"]
    for y in sorted(r.sample(range(2019, 2026), r.randint(2, 4))):
        rows.append(f"1 januari {y} - 31 december {y} € {r.randint(1, 700)},{r.randint(0, 9)} M {r.randint(0, 6)},{r.randint(0, 9)}%")
    rows.append("*Perioden zijn bij facturen geregistreerd per maand en jaar.")
    return "\n".join(rows)


def wrap(text: str, width: int = 95) -> str:
    """Break a paragraph into lines of at most ``width`` characters, as the converted PDFs do."""
    lines, cur, n = [], [], 0
    for w in text.split(" "):
        if cur and n + 1 + len(w) > width:
            lines.append(" ".join(cur))
            cur, n = [w], len(w)
        else:
            n += len(w) + (1 if cur else 0)
            cur.append(w)
    if cur:
        lines.append(" ".join(cur))
    return "\n".join(lines)


def target_words(r: random.Random) -> int:
    """Log-normal length, median ~850 words, mean ~1,000 after clipping to 300-3,000."""
    return max(300, min(3000, int(r.lognormvariate(math.log(850), 0.55))))


def _footnotes(notes: list[str]) -> str:
    return "\n".join(f"{i} {n}" for i, n in enumerate(notes, 1))


def _signature(r: random.Random, kb: Knowledge) -> tuple[str, str]:
    person, office = r.choice(kb.signers)
    return person, office


LETTERHEAD = ("> Retouradres Postbus 20701 2500 ES Den Haag\n\nde Voorzitter van de Tweede Kamer\nder Staten-Generaal\n"
              "Prinses Irenestraat 6\n2595 BD Den Haag")


def doc_brief(r: random.Random, w: Writer, words: int) -> str:
    kb = w.kb
    person, office = _signature(r, kb)
    y, m, d = _d(r, 2022, 2026)
    ref = f"{'BZ' if 'Buitenlandse' in office else 'MINDEF'}{y}{r.randint(1000000, 9999999):07d}"
    notes: list[str] = []
    parts = [
        LETTERHEAD,
        f"Datum {dutch_date(y, m, d)}\nBetreft {r.choice(TOPICS)[0].upper()}{r.choice(TOPICS)[1:]}",
        "Geachte voorzitter,",
        wrap(f"Met deze brief informeer ik uw Kamer, mede namens de {r.choice(kb.officials)[1]}, over {r.choice(TOPICS)}. "
             f"Hiermee geef ik invulling aan het verzoek van de {r.choice(kb.committees)} van {_date(r)} "
             f"(kenmerk {y}Z{r.randint(1000, 25000):05d})."),
        f"Onze referentie\n{ref}",
    ]
    n = sum(len(p.split()) for p in parts)
    while n < words:
        heading = r.choice(TOPICS)
        para = w.paragraph(r, notes)
        parts.append(f"{heading[0].upper()}{heading[1:]}\n{para}")
        n += len(para.split()) + len(heading.split())
    parts.append(f"Hoogachtend,\n\nDE {office.upper()},\n\n{person}")
    if notes:
        parts.append(_footnotes(notes))
    return "\n\n".join(parts) + "\n"


def doc_antwoorden(r: random.Random, w: Writer, words: int) -> str:
    kb = w.kb
    person, office = _signature(r, kb)
    _, surname, faction = r.choice(kb.members)
    y, m, d = _d(r, 2022, 2026)
    kenmerk = f"{y}Z{r.randint(1000, 25000):05d}"
    topic = r.choice(TOPICS)
    notes: list[str] = []
    parts = [
        LETTERHEAD,
        f"Datum {dutch_date(y, m, d)}\n\n" + wrap(f"Betreft Beantwoording vragen van het lid {surname} ({faction}) over {topic}"),
        "Geachte voorzitter,",
        wrap(f"Hierbij bied ik u de antwoorden aan op de schriftelijke vragen gesteld door het lid {surname} ({faction}) "
             f"aan de {office} over {topic}. Deze vragen werden ingezonden op {_date(r, y, y)} met kenmerk {kenmerk}."),
        f"Onze referentie\nMINDEF{y}{r.randint(1000000, 9999999):07d}",
        f"Hoogachtend,\n\nDE {office.upper()}\n\n{person}",
        wrap(f"Antwoorden van de {office} op vragen van het lid {surname} ({faction}) over {topic}."),
    ]
    n, q = sum(len(p.split()) for p in parts), 0
    while n < words:
        q += 1
        qt = wrap(w.question(r) + (" " + w.sentence(r, notes) if r.random() < 0.5 else ""))
        at = w.paragraph(r, notes, 1, 5)
        if r.random() < 0.08:
            at += "\n\n" + spending_table(r, kb)
        parts.append(f"Vraag {q}\n\n{qt}\n\nAntwoord\n\n{at}")
        n += len(qt.split()) + len(at.split()) + 3
    if notes:
        parts.append(_footnotes(notes))
    return "\n\n".join(parts) + "\n"


def doc_vso(r: random.Random, w: Writer, words: int) -> str:
    kb = w.kb
    dossier, title = r.choice(DOSSIERS)
    y, m, d = _d(r, 2022, 2026)
    committee = r.choice(kb.committees)
    chair = r.choice(kb.members)
    notes: list[str] = []
    parts = [
        f"Tweede Kamer der Staten-Generaal 2\nVergaderjaar {y - 1}–{y}",
        f"{dossier} {title}",
        f"Nr. {r.randint(100, 499)} VERSLAG VAN EEN SCHRIFTELIJK OVERLEG\nVastgesteld {dutch_date(y, m, d)}",
        wrap(f"De {committee} heeft een aantal vragen en opmerkingen voorgelegd aan de {r.choice(kb.officials)[1]} "
             f"over de brief van {_date(r, y - 1, y)} over {r.choice(TOPICS)} ({_kamerstuk(r)})."),
        f"De voorzitter van de commissie,\n{chair[0]}\n\nDe griffier van de commissie,\n{r.choice(kb.members)[1]}",
        "I. Vragen en opmerkingen vanuit de fracties",
    ]
    n, q = sum(len(p.split()) for p in parts), 0
    factions = r.sample(kb.factions, k=min(len(kb.factions), r.randint(2, 8)))
    while n < words:
        for faction in factions:
            if n >= words:
                break
            parts.append(f"Inbreng leden van de {faction}-fractie")
            for _ in range(r.randint(1, 3)):
                q += 1
                qt = wrap(f"De leden van de {faction}-fractie vragen de regering {w.question(r)[0].lower()}{w.question(r)[1:]} "
                          + w.sentence(r, notes))
                at = w.paragraph(r, notes, 2, 5)
                parts.append(f"{qt}\n\n{q}. Antwoord van het kabinet:\n{at}")
                n += len(qt.split()) + len(at.split()) + 4
    if notes:
        parts.append(_footnotes(notes))
    return "\n\n".join(parts) + "\n"


def doc_nota(r: random.Random, w: Writer, words: int) -> str:
    kb = w.kb
    dossier, title = r.choice(DOSSIERS)
    y, m, d = _d(r, 2022, 2026)
    person, office = _signature(r, kb)
    notes: list[str] = []
    parts = [
        f"Tweede Kamer der Staten-Generaal 2\nVergaderjaar {y - 1}–{y}",
        f"{dossier} {title}",
        f"Nr. {r.randint(3, 12)} NOTA NAAR AANLEIDING VAN HET VERSLAG\nOntvangen {dutch_date(y, m, d)}",
        wrap(f"De regering dankt de leden van de {r.choice(kb.committees)} voor hun inbreng in het verslag "
             f"({_kamerstuk(r)}). In deze nota worden de vragen beantwoord in de volgorde van het verslag."),
    ]
    n, q = sum(len(p.split()) for p in parts), 0
    while n < words:
        if r.random() < 0.25:
            heading = r.choice(TOPICS)
            parts.append(heading[0].upper() + heading[1:])
        q += 1
        faction = r.choice(kb.factions)
        qt = wrap(f"{q}. De leden van de {faction}-fractie vragen {w.question(r)[0].lower()}{w.question(r)[1:]}")
        at = w.paragraph(r, notes, 2, 6)
        parts.append(f"{qt}\n\n{at}")
        n += len(qt.split()) + len(at.split())
    parts.append(f"De {office},\n\n{person}")
    if notes:
        parts.append(_footnotes(notes))
    return "\n\n".join(parts) + "\n"


MAKERS = {"brief": doc_brief, "antwoorden": doc_antwoorden, "vso": doc_vso, "nota": doc_nota}

_WRITER: Writer | None = None


def _writer() -> Writer:
    global _WRITER
    if _WRITER is None:
        _WRITER = Writer(Knowledge())
    return _WRITER


def file_name(i: int) -> str:
    return f"{i:06d}_{GENRES[i % 4]}.txt"


def make_document(i: int, seed: int) -> str:
    """The text of document ``i`` of the corpus of ``seed`` (independent of the corpus size)."""
    r = random.Random(f"policy-kg-bench:{seed}:{i}")
    genre = GENRES[i % 4]
    return MAKERS[genre](r, _writer(), target_words(r))


def write_range(out: str, seed: int, start: int, stop: int) -> tuple[int, int]:
    """Write documents ``start..stop-1``; (documents, words) written."""
    words = 0
    for i in range(start, stop):
        text = make_document(i, seed)
        words += len(text.split())
        with open(os.path.join(out, file_name(i)), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    return stop - start, words


def generate(n: int, out: str | Path, seed: int = 1, jobs: int = 1, chunk: int = 500) -> tuple[int, int]:
    """Write ``n`` documents into ``out``; (documents, words)."""
    out = str(out)
    os.makedirs(out, exist_ok=True)
    ranges = [(s, min(n, s + chunk)) for s in range(0, n, chunk)]
    if jobs <= 1:
        totals = [write_range(out, seed, a, b) for a, b in ranges]
    else:
        with ProcessPoolExecutor(jobs) as pool:
            totals = list(pool.map(write_range, [out] * len(ranges), [seed] * len(ranges),
                                   [a for a, _ in ranges], [b for _, b in ranges]))
    return sum(t[0] for t in totals), sum(t[1] for t in totals)


def sample_indices(n: int, step: int) -> list[int]:
    """Every ``step``-th document, shifted by one within each step in turn, so that the four
    genres are all sampled whatever ``step`` is (every 100th alone would be only letters)."""
    return sorted({min(n - 1, j * step + (j % 4)) for j in range(max(1, n // step))})


def profile(paths: list[Path]) -> dict:
    """Run ``extract`` on ``paths``: per-document mentions and facts, failures, predicates, labels."""
    from collections import Counter

    from policy_kg.ner.pipeline import default_nlp

    from policy_kg.extract import extract
    from policy_kg.readers import read_document

    nlp = default_nlp()
    out = {"docs": 0, "words": 0, "mentions": 0, "facts": 0, "failed": [], "no_mentions": 0, "no_facts": 0,
           "predicates": Counter(), "labels": Counter()}
    for path in paths:
        try:
            x = extract(read_document(path), nlp)
        except Exception as exc:  # noqa: BLE001 - a benchmark report, not a library
            out["failed"].append(f"{path.name}: {type(exc).__name__}: {exc}")
            continue
        out["docs"] += 1
        out["words"] += len(x.document.text.split())
        out["mentions"] += len(x.mentions)
        out["facts"] += len(x.facts)
        out["no_mentions"] += not x.mentions
        out["no_facts"] += not x.facts
        out["predicates"].update(f.predicate for f in x.facts)
        out["labels"].update(m.label for m in x.mentions)
    return out


def print_profile(name: str, p: dict) -> None:
    n, w = max(p["docs"], 1), max(p["words"], 1)
    print(f"{name}: {p['docs']} documents, {p['words'] / n:,.0f} words/doc, {p['mentions'] / n:.1f} mentions/doc, "
          f"{p['facts'] / n:.1f} facts/doc ({1000 * p['mentions'] / w:.1f} mentions and {1000 * p['facts'] / w:.1f} facts "
          f"per 1,000 words); failed {len(p['failed'])}, without mentions {p['no_mentions']}, without facts {p['no_facts']}")
    print("   facts: " + ", ".join(f"{k} {v}" for k, v in p["predicates"].most_common()))
    print("   mentions: " + ", ".join(f"{k} {v}" for k, v in p["labels"].most_common()))
    for line in p["failed"][:10]:
        print("   FAILED " + line)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, required=True, help="number of documents")
    p.add_argument("--out", required=True, help="output folder (created)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1, help="processes (the output does not depend on it)")
    p.add_argument("--check", type=int, default=0, metavar="K",
                   help="then run extract on every K-th document and compare mentions/facts per document with the seeds")
    a = p.parse_args(argv)
    if a.n < 1:
        p.error("--n must be at least 1")
    t0 = time.perf_counter()
    docs, words = generate(a.n, a.out, a.seed, a.jobs)
    dt = time.perf_counter() - t0
    print(f"{docs} documents, {words:,} words (mean {words / docs:,.0f} words/document) in {a.out} "
          f"in {dt:.1f} s", file=sys.stderr)
    if a.check:
        sample = [Path(a.out) / file_name(i) for i in sample_indices(a.n, a.check)]
        print_profile("seeds", profile(sorted((ROOT / "seeds").glob("*.txt"))))
        print_profile(f"sample (every {a.check}th)", profile(sample))


if __name__ == "__main__":
    main()
