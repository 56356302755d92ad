"""Named queries, safe parameters, refusal of updates and SERVICE, and the output formats."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
from policy_kg.graph import query as q
from policy_kg.graph.rdf import build_dataset
from policy_kg.graph.store import load_dataset
from typer.testing import CliRunner

from policy_kg.cli import app
from policy_kg.model import Document, Extraction, Mention, Question, make_fact

# ---------------------------------------------------------------------------
# a small research sample: questions and answers, rulings on appeal, two documents on one licence

QA = "010_vragen.txt"
QA_TEXT = (
    "Vragen van het lid Dobbe (SP) over de NL007.\n"
    "1. Geldt de NL007 nog voor Israël?\n"
    "Antwoord 1: Nee. De NL007 geldt sinds 2024 niet meer voor Israël.\n"
    "2. Hoe zit het met Turkije en de NL007?\n"
    "Antwoord 2: Zie het antwoord op vraag 1.\n"
    "3. Waarom niet?\n"
    "Antwoord 3: Zie het antwoord op vraag 1. Daarnaast speelt de F-35 een rol.\n"
)
RUL = "011_rulings.txt"
RUL_TEXT = (
    "De rechtbank Den Haag wees de vordering af (ECLI:NL:RBDHA:2023:100).\n"
    "In hoger beroep oordeelde het Gerechtshof Den Haag op 12 februari 2024 anders (ECLI:NL:GHDHA:2024:191).\n"
    "De Hoge Raad verwierp het cassatieberoep (ECLI:NL:HR:2025:200).\n"
    "Het Maven Smart System is ontwikkeld door Palantir Technologies.\n"
)
OLD = "012_oud.txt"
OLD_TEXT = "De NL007 geldt niet voor Israël en Turkije.\n"
NEW = "013_nieuw.txt"
NEW_TEXT = "De NL007 geldt niet voor Israël en Egypte (sinds 2025-04-08).\n"


def _span(text: str, s: str, occ: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(occ + 1):
        i = text.index(s, i + 1)
    return i, i + len(s)


def _line(text: str, s: str) -> tuple[int, int]:
    i = text.index(s)
    return text.rfind("\n", 0, i) + 1, text.index("\n", i)


def _m(doc: str, text: str, s: str, label: str, id: str, occ: int = 0) -> Mention:  # noqa: A002
    a, b = _span(text, s, occ)
    return Mention(doc, a, b, s, label, id)


def qa_extraction() -> Extraction:
    t = QA_TEXT
    lines = {k: _line(t, k) for k in ("1. Geldt", "Antwoord 1", "2. Hoe", "Antwoord 2", "3. Waarom", "Antwoord 3")}
    qs = [
        Question("1", "1", *lines["1. Geldt"], *lines["Antwoord 1"], asker="PERSON:Dobbe"),
        Question("2", "2", *lines["2. Hoe"], *lines["Antwoord 2"], asker="PERSON:Dobbe", answer_refers_to=("1",)),
        Question("3", "3", *lines["3. Waarom"], *lines["Antwoord 3"], asker="PERSON:Dobbe", answer_refers_to=("1",)),
    ]
    doc = Document(id=QA, text=t, date="2025-06-16", genre="antwoorden-kamervragen", questions=qs)
    mentions = [_m(QA, t, "Dobbe", "PERSON", "Dobbe"), _m(QA, t, "SP", "FACTION", "SP"),
                _m(QA, t, "NL007", "LICENCE", "NL007", 1), _m(QA, t, "Israël", "COUNTRY", "IL"),
                _m(QA, t, "Turkije", "COUNTRY", "TR"), _m(QA, t, "NL007", "LICENCE", "NL007", 3),
                _m(QA, t, "F-35", "SYSTEM", "F-35")]
    head = _line(t, "Vragen van")
    facts = [make_fact(QA, "PERSON:Dobbe", "memberOf", "FACTION:SP", *head)]
    facts += [make_fact(QA, f"QUESTION:{QA}#{n}", "askedBy", "PERSON:Dobbe", *head) for n in ("1", "2", "3")]
    return Extraction(doc, mentions, facts)


def rulings_extraction() -> Extraction:
    t = RUL_TEXT
    doc = Document(id=RUL, text=t, date="2025-03-01", genre="brief")
    r1, r2, r3 = "RULING:ECLI:NL:RBDHA:2023:100", "RULING:ECLI:NL:GHDHA:2024:191", "RULING:ECLI:NL:HR:2025:200"
    s1, s2, s3, s4 = (_line(t, k) for k in ("De rechtbank", "In hoger", "De Hoge Raad", "Het Maven"))
    mentions = [_m(RUL, t, "ECLI:NL:RBDHA:2023:100", "RULING", r1[7:]), _m(RUL, t, "ECLI:NL:GHDHA:2024:191", "RULING", r2[7:]),
                _m(RUL, t, "ECLI:NL:HR:2025:200", "RULING", r3[7:]), _m(RUL, t, "Gerechtshof Den Haag", "ORG", "Gerechtshof Den Haag"),
                _m(RUL, t, "12 februari 2024", "DATE", "2024-02-12"), _m(RUL, t, "Maven Smart System", "SYSTEM", "Maven Smart System"),
                _m(RUL, t, "Palantir Technologies", "ORG", "Palantir Technologies")]
    facts = [
        make_fact(RUL, r2, "decidedBy", "ORG:Gerechtshof Den Haag", *s2),
        make_fact(RUL, r2, "decisionDate", "DATE:2024-02-12", *s2),
        make_fact(RUL, r2, "concerns", r1, *s2),
        make_fact(RUL, r3, "concerns", r2, *s3),
        make_fact(RUL, "SYSTEM:Maven Smart System", "developedBy", "ORG:Palantir Technologies", *s4),
    ]
    return Extraction(doc, mentions, facts)


def licence_extraction(doc_id: str, text: str, date: str, countries: dict[str, str | None]) -> Extraction:
    doc = Document(id=doc_id, text=text, date=date, genre="brief")
    sentence = (0, len(text) - 1)
    mentions = [_m(doc_id, text, "NL007", "LICENCE", "NL007")]
    facts = []
    for code, since in countries.items():
        quals = {"valid_from": since} if since else {}
        facts.append(make_fact(doc_id, "LICENCE:NL007", "excludesDestination", f"COUNTRY:{code}", *sentence, **quals))
    return Extraction(doc, mentions, facts)


def research_extractions(sample) -> list[Extraction]:
    return [sample.make_a(), sample.make_b(), qa_extraction(), rulings_extraction(),
            licence_extraction(OLD, OLD_TEXT, "2025-01-10", {"IL": None, "TR": None}),
            licence_extraction(NEW, NEW_TEXT, "2025-05-20", {"IL": None, "EG": "2025-04-08"})]


@pytest.fixture
def research_store(sample):
    store = ox.Store()
    load_dataset(store, build_dataset(research_extractions(sample)))
    return store


def run(store, name: str, **params) -> list[dict[str, str]]:
    nq = q.named_queries()[name]
    result = q.execute(store, nq.text, q.bind_params(nq, params))
    return [{v: q.display_value(t) for v, t in zip(result.variables, row, strict=True)} for row in result.rows]


# ---------------------------------------------------------------------------
# the shipped queries

REQUIRED = {"entity-mentions": {"entity": "COUNTRY:IL"},
            "licence-changes": {"licence": "NL007", "older": OLD, "newer": NEW}}


def test_query_named_at_least_twelve_with_title_and_description():
    queries = q.named_queries()
    assert len(queries) >= 12
    for name, nq in queries.items():
        assert nq.title and nq.title != name, name
        assert len(nq.description) > 40, name
        assert "ORDER BY" in nq.text, f"{name}: output order must be fixed"


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_query_named_runs_and_is_deterministic(research_store, name):
    first = run(research_store, name, **REQUIRED.get(name, {}))
    again = run(research_store, name, **REQUIRED.get(name, {}))
    assert first == again
    assert first, f"{name} returns no rows on the research sample"


@pytest.mark.parametrize("name", sorted(q.named_queries()))
def test_query_named_params_are_projected(name):
    """Oxigraph binds parameters by substitution, which needs the variable among the results."""
    nq = q.named_queries()[name]
    for p in nq.params:
        select = nq.text.split("WHERE")[0]
        assert f"?{p.name}" in select, f"{name}: parameter {p.name} is not a result column"


@pytest.mark.parametrize("day, expected", [
    ("2025-01-09", []),  # before any document states an exclusion
    ("2025-01-10", [("licence:NL007", "country:IL"), ("licence:NL007", "country:TR")]),  # the older document's date
    ("2025-04-07", [("licence:NL007", "country:IL"), ("licence:NL007", "country:TR")]),  # EG from 2025-04-08
    ("2025-05-20", [("licence:NL007", "country:EG"), ("licence:NL007", "country:IL"), ("licence:NL007", "country:TR")]),
])
def test_query_exclusions_in_force_on_a_date(research_store, day, expected):
    rows = run(research_store, "exclusions-in-force", date=day)
    assert [(r["licence"], r["country"]) for r in rows] == expected
    assert all(r["date"] == day for r in rows)


def test_query_licence_exclusions_since(research_store):
    rows = {r["country"]: r for r in run(research_store, "licence-exclusions", licence="nl007")}
    assert set(rows) == {"country:IL", "country:TR", "country:EG"}
    assert rows["country:IL"]["since"] == "2025-04-08" and rows["country:IL"]["statements"] == "3"
    assert rows["country:EG"]["since"] == "2025-04-08" and rows["country:EG"]["firstStated"] == "2025-05-20"
    assert rows["country:IL"]["countryName"] == "Israël"


def test_query_licence_changes_between_documents(research_store):
    rows = run(research_store, "licence-changes", licence="NL007", older=OLD, newer=NEW)
    assert [(r["country"], r["change"]) for r in rows] == [
        ("country:EG", "added"), ("country:TR", "removed"), ("country:IL", "unchanged")]
    assert rows[0]["newerSince"] == "2025-04-08"


def test_query_statements_with_sentence_and_document(research_store, sample):
    rows = run(research_store, "statements", predicate="holdsOffice")
    assert len(rows) == 1
    r = rows[0]
    assert (r["subject"], r["object"], r["document"]) == ("person:Ruben%20Brekelmans", "minister van Defensie", sample.DOC_A)
    assert r["sentence"] == "Ruben Brekelmans is minister van Defensie."
    assert sample.TEXT_A[int(r["start"]):int(r["end"])] == r["sentence"]
    (spend,) = run(research_store, "statements", subject="COUNTRY:US")
    assert set(spend["qualifiers"].split("; ")) == {"measure=uitgaven", "periodStart=2022-01-01", "periodEnd=2022-12-31", "share=1.6"}


def test_query_spending_by_year_and_measure(research_store):
    (row,) = run(research_store, "spending")
    assert (row["year"], row["measure"], row["country"], row["euro"], row["share"]) == ("2022", "uitgaven", "country:US", "68500000", "1.6")
    assert run(research_store, "spending", country="IL") == []


def test_query_people_offices_parties(research_store):
    rows = {r["name"]: r for r in run(research_store, "people")}
    assert rows["Ruben Brekelmans"]["office"] == "minister van Defensie"
    assert rows["Ruben Brekelmans"]["documentsSigned"] == "1"
    assert rows["Dobbe"]["parties"] == "SP"


def test_query_questions_about_country_and_licence(research_store):
    rows = run(research_store, "questions-about", about="COUNTRY:TR")
    assert [(r["faction"], r["asker"], r["questions"]) for r in rows] == [("faction:SP", "person:Dobbe", "1")]
    licence = run(research_store, "questions-about", about="LICENCE:NL007")
    assert licence[0]["questions"] == "2"
    assert run(research_store, "questions-about", about="COUNTRY:EG") == []


def test_query_answers_only_by_reference(research_store):
    rows = run(research_store, "answers-by-reference")
    # answer 3 refers to answer 1 but says more: only question 2 counts
    assert [(r["document"], r["number"], r["seeAnswerTo"]) for r in rows] == [(QA, "2", "1")]
    assert rows[0]["answerText"] == "Zie het antwoord op vraag 1."


def test_query_rulings_chain_of_appeal(research_store):
    """Chains of appeal come from the background knowledge (pkg:appealOf, ner/data/rulings.jsonl), nearest first."""
    rows = {r["rulingId"]: r for r in run(research_store, "rulings")}
    hof = rows["ECLI:NL:GHDHA:2024:191"]
    assert hof["court"] == "Gerechtshof Den Haag" and hof["date"] == "2024-02-12"  # as the document states them
    assert hof["appealOf"] == "ECLI:NL:RBDHA:2023:19744" and hof["appealedIn"] == "ECLI:NL:HR:2025:1435"
    # the rulings of the chain that no document names: court and date from the knowledge file
    hr = rows["ECLI:NL:HR:2025:1435"]
    assert (hr["court"], hr["date"]) == ("Hoge Raad der Nederlanden", "2025-10-03")
    assert hr["appealOf"] == "ECLI:NL:GHDHA:2024:191 <- ECLI:NL:RBDHA:2023:19744" and hr["appealedIn"] == ""
    first = rows["ECLI:NL:RBDHA:2023:19744"]
    assert (first["court"], first["date"], first["appealOf"]) == ("Rechtbank Den Haag", "2023-12-15", "")
    assert first["appealedIn"] == "ECLI:NL:GHDHA:2024:191, ECLI:NL:HR:2025:1435"
    # a ruling that concerns another ruling is not taken for an appeal: the knowledge file does not say so
    other = rows["ECLI:NL:HR:2025:200"]
    assert (other["appealOf"], other["appealedIn"], other["court"], other["date"]) == ("", "", "", "")
    assert other["concerns"] == "arrest Gerechtshof Den Haag 12 februari 2024 (F-35-onderdelen)"
    assert set(hof["concerns"].split(", ")) == {"F-35", "ECLI:NL:RBDHA:2023:100"}
    assert rows["ECLI:NL:RBDHA:2023:100"]["appealedIn"] == ""
    dated = [r["date"] for r in run(research_store, "rulings") if r["date"]]
    assert dated == sorted(dated)


def test_query_rulings_chain_step_is_not_a_topic(sample):
    """A document that says the hof ruled on the first-instance ruling: the step is in appealOf, not in concerns."""
    ex = rulings_extraction()
    ex.facts.append(make_fact(RUL, "RULING:ECLI:NL:GHDHA:2024:191", "concerns", "RULING:ECLI:NL:RBDHA:2023:19744",
                              *_line(RUL_TEXT, "In hoger")))
    store = ox.Store()
    load_dataset(store, build_dataset([ex]))
    hof = next(r for r in run(store, "rulings") if r["rulingId"] == "ECLI:NL:GHDHA:2024:191")
    assert hof["appealOf"] == "ECLI:NL:RBDHA:2023:19744"
    assert set(hof["concerns"].split(", ")) == {"ECLI:NL:RBDHA:2023:100"}


def test_query_rulings_without_knowledge_have_no_chain(sample):
    store = ox.Store()
    load_dataset(store, build_dataset(research_extractions(sample), knowledge=False))
    rows = {r["rulingId"]: r for r in run(store, "rulings")}
    assert "ECLI:NL:HR:2025:1435" not in rows
    assert all(r["appealOf"] == "" and r["appealedIn"] == "" for r in rows.values())


def test_query_documents_citing_a_kamerstuk(research_store, sample):
    for spelling in ("kst-22054-454", "22054-454", "Kamerstuk 22054, nr. 454"):
        rows = run(research_store, "documents-citing", cited=spelling)
        assert [r["document"] for r in rows] == [sample.DOC_A], spelling
    assert run(research_store, "documents-citing", cited="kst-1-1") == []


def test_query_systems_and_export_decisions(research_store):
    systems = {r["name"]: r for r in run(research_store, "systems")}
    assert systems["Maven Smart System"]["developerName"] == "Palantir Technologies"
    (decision,) = run(research_store, "export-decisions", country="IL")
    assert (decision["itemName"], decision["status"]) == ("nachtzichtkijkers", "refused")


# ---------------------------------------------------------------------------
# parameters


@pytest.mark.parametrize("ptype, value, expected", [
    ("date", "2025-05-01", ox.Literal("2025-05-01", datatype=ox.NamedNode(q.XSD + "date"))),
    ("licence", "nl007", ox.NamedNode("https://w3id.org/policy-kg/id/licence/NL007")),
    ("country", "il", ox.NamedNode("https://w3id.org/policy-kg/id/country/IL")),
    ("document", "Kamerstuk 22054, nr. 454", ox.NamedNode("https://w3id.org/policy-kg/id/document/kst-22054-454")),
    ("entity", "PERSON:Ruben Brekelmans", ox.NamedNode("https://w3id.org/policy-kg/id/person/Ruben%20Brekelmans")),
    ("predicate", "excludesDestination", ox.NamedNode("https://w3id.org/policy-kg/def#excludesDestination")),
    ("integer", "+12", ox.Literal("12", datatype=ox.NamedNode(q.XSD + "integer"))),
    ("string", 'x" } ; DROP ALL ; SELECT * { "', ox.Literal('x" } ; DROP ALL ; SELECT * { "')),
])
def test_query_param_becomes_one_typed_term(ptype, value, expected):
    assert q.param_term(q.Param("p", ptype), value) == expected


@pytest.mark.parametrize("ptype, value", [
    ("date", "2025-13-01"), ("date", '2025-05-01"^^xsd:string } UNION { ?s ?p ?o'), ("integer", "1 || true"),
    ("iri", "http://x> } <http://y"), ("iri", "not an iri"), ("entity", "NL007"), ("entity", "QUESTION:a#1"),
    ("predicate", "pkg:x> ?p ?o"),
])
def test_query_param_bad_value_refused(ptype, value):
    with pytest.raises(q.QueryError):
        q.param_term(q.Param("p", ptype), value)


def test_query_param_injection_stays_a_literal(research_store):
    """A hostile string value is one literal: the query runs, finds nothing, changes nothing."""
    nq = q.parse_query_file("# title: t\n# param: older (string) x\n# param: newer (string) y\n"
                            "SELECT ?older ?newer ?d WHERE { ?s dcterms:identifier ?d FILTER(?d = ?older || ?d = ?newer) }",
                            "t")
    before = len(research_store)
    result = q.execute(research_store, nq.text, q.bind_params(nq, {"older": '" || true || "', "newer": OLD}))
    assert [q.display_value(r[2]) for r in result.rows] == [OLD]
    assert len(research_store) == before


def test_query_param_unknown_and_missing_refused():
    nq = q.named_queries()["licence-changes"]
    with pytest.raises(q.QueryError, match="no parameter 'colour'"):
        q.bind_params(nq, {"colour": "red", "licence": "NL007", "older": "a", "newer": "b"})
    with pytest.raises(q.QueryError, match="needs --param older"):
        q.bind_params(nq, {"licence": "NL007", "newer": "b"})


def test_query_header_parsed():
    nq = q.parse_query_file(
        "# title: T\n# description: one\n# description: two\n# param: day (date, today) the day\n"
        "# param: who (entity, required) someone\n# param: n (integer, 5)\nSELECT * {}\n# param: late (string)\n", "t")
    assert (nq.title, nq.description) == ("T", "one two")
    assert [(p.name, p.type, p.default, p.required) for p in nq.params] == [
        ("day", "date", "today", False), ("who", "entity", None, True), ("n", "integer", "5", False)]
    with pytest.raises(q.QueryError, match="unknown type"):
        q.parse_query_file("# param: x (colour) bad\nSELECT * {}", "t")


# ---------------------------------------------------------------------------
# refusing updates and SERVICE


@pytest.mark.parametrize("text, form", [
    ("SELECT * { ?s ?p ?o }", "SELECT"),
    ("PREFIX ex: <http://ex/> ASK { ex:a ?p ?o }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
    ("DESCRIBE <http://ex/a>", "DESCRIBE"),
    ('SELECT * { ?s ?p "SERVICE" . ?s ex:service ?o . ?service ?p ?o } # SERVICE <x>', "SELECT"),
    ("SELECT * { ?s ex:a.SERVICE ?o }", "SELECT"),  # one prefixed name
])
def test_query_check_allows_reads(text, form):
    assert q.check_query(text) == form


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX ex: <http://ex/> DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <http://a>",
    "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * { service silent ?x { ?s ?p ?o } }",
    "SELECT * { ?s ?p ?o.SERVICE <http://x> {} }",
    "SELECT * { ?s ?p 5.SERVICE <http://x> {} }",
    "SELECT * { ?s ex:a\\# SERVICE <http://x> {} }",  # an escaped # is part of the name, not a comment
    "SELECT * { ?s ?p 'it''s' . SERVICE <http://x> {} }",
    'SELECT * { ?s ?p "a\\"" . SERVICE <http://x> {} }',
    "SELECT * { FILTER(?a<?b) SERVICE <http://x> {} }",
    "SELECT * { \\u0053ERVICE <http://x> {} }",
])
def test_query_check_refuses_updates_and_service(text):
    with pytest.raises(q.QueryRefused):
        q.check_query(text)


def test_query_execute_refuses_service_before_running():
    with pytest.raises(q.QueryRefused):
        q.execute(ox.Store(), "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }")


def test_query_syntax_error_is_query_error():
    with pytest.raises(q.QueryError, match="syntax error"):
        q.execute(ox.Store(), "SELECT ?x WHERE { ?x ")


# ---------------------------------------------------------------------------
# resolving the argument of `policy-kg query`


def test_query_resolve_name_file_text(tmp_path):
    assert q.resolve_query("people").origin == "named"
    rq = tmp_path / "mine.rq"
    rq.write_text("# title: Mine\n# param: c (country) a country\nSELECT ?c WHERE { ?l pkg:excludesDestination ?c }\n")
    resolved = q.resolve_query(str(rq))
    assert resolved.origin == "file" and resolved.named.params[0].type == "country"
    assert q.resolve_query("SELECT * { ?s ?p ?o }").origin == "text"
    with pytest.raises(q.QueryError, match="--list"):
        q.resolve_query("no-such-query")
    with pytest.raises(q.QueryError, match="no such query file"):
        q.resolve_query(str(tmp_path / "missing.rq"))


# ---------------------------------------------------------------------------
# output formats


def _select(store, max_rows=None):
    return q.execute(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o", max_rows=max_rows)


@pytest.mark.parametrize("fmt, ox_fmt", [("json", ox.QueryResultsFormat.JSON), ("xml", ox.QueryResultsFormat.XML),
                                         ("tsv", ox.QueryResultsFormat.TSV)])
def test_query_results_parse_back_to_the_same_terms(research_store, fmt, ox_fmt):
    result = _select(research_store)
    parsed = ox.parse_query_results(q.serialise(result, fmt), format=ox_fmt)
    assert [v.value for v in parsed.variables] == ["s", "p", "o"]
    assert [[sol[v] for v in ("s", "p", "o")] for sol in parsed] == result.rows


def test_query_results_json_matches_oxigraph(research_store):
    text = "SELECT ?s ?o WHERE { ?s skos:prefLabel ?o } ORDER BY ?s ?o"
    ours = json.loads(q.serialise(q.execute(research_store, text), "json"))
    theirs = json.loads(research_store.query(text, prefixes=q.default_prefixes())  # the merged default graph
                        .serialize(format=ox.QueryResultsFormat.JSON))
    assert ours == theirs


def test_query_results_csv_values(research_store):
    result = q.execute(research_store, "SELECT ?country ?name WHERE { ?country a pkg:Country ; skos:prefLabel ?name } "
                                       "ORDER BY ?country")
    rows = list(csv.reader(io.StringIO(q.serialise(result, "csv").decode("utf-8"))))
    assert rows[0] == ["country", "name"]
    assert ["https://w3id.org/policy-kg/id/country/IL", "Israël"] in rows
    assert q.serialise(result, "csv").count(b"\r\n") == len(rows)


def test_query_results_xml_survives_control_characters():
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://ex/a"), ox.NamedNode("http://ex/p"), ox.Literal("page\x0c break <&>")))
    body = q.serialise(q.execute(store, "SELECT ?o { ?s ?p ?o }"), "xml")
    lit = ET.fromstring(body).find(".//{http://www.w3.org/2005/sparql-results#}literal")
    assert lit.text == "page\ufffd break <&>"


def test_query_ask_and_construct(research_store):
    assert json.loads(q.serialise(q.execute(research_store, "ASK { ?s a pkg:Licence }"), "json")) == {"head": {}, "boolean": True}
    result = q.execute(research_store, "CONSTRUCT { ?l pkg:excludesDestination ?c } WHERE { ?l pkg:excludesDestination ?c }")
    turtle = q.serialise(result, "turtle")
    g = ox.Dataset(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    assert len(g) == 3 and b"@prefix licence:" in turtle
    jsonld = json.loads(q.serialise(result, "jsonld"))
    assert len(ox.Dataset(ox.parse(json.dumps(jsonld), format=ox.RdfFormat.JSON_LD))) == 3
    with pytest.raises(q.QueryError):
        q.serialise(result, "csv")


def test_query_max_rows_truncates(research_store):
    full = _select(research_store)
    cut = _select(research_store, max_rows=5)
    assert len(cut) == 5 and cut.truncated and cut.rows == full.rows[:5] and not full.truncated


# ---------------------------------------------------------------------------
# the command


@pytest.fixture
def data_dir(written):
    return written[0]


def _cli(args):
    result = CliRunner().invoke(app, args)
    return result


def test_query_cli_list():
    result = _cli(["query", "--list"])
    assert result.exit_code == 0
    for name in ("exclusions-in-force", "licence-exclusions", "statements"):
        assert name in result.stdout


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json"])
def test_query_cli_named_with_param(data_dir, fmt):
    result = _cli(["query", "exclusions-in-force", "--param", "date=2025-05-01", "--format", fmt, "--data", str(data_dir)])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        (binding,) = json.loads(result.stdout)["results"]["bindings"]
        assert binding["country"]["value"] == "https://w3id.org/policy-kg/id/country/IL"
    else:
        lines = result.stdout.strip().splitlines()
        assert len(lines) == 2 and "country/IL" in lines[1]


def test_query_cli_table_and_text(data_dir):
    result = _cli(["query", "SELECT ?c WHERE { licence:NL007 pkg:excludesDestination ?c }", "--data", str(data_dir)])
    assert result.exit_code == 0 and "country:IL" in result.stdout
    assert "1 rows" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["query", "exclusions-in-force", "--param", "date=gisteren"], "not a date"),
    (["query", "exclusions-in-force", "--param", "colour=red"], "no parameter"),
    (["query", "no-such-query"], "no named query"),
    (["query", "INSERT DATA { <http://a> <http://b> <http://c> }"], "read-only"),
])
def test_query_cli_bad_input(data_dir, args, message):
    result = _cli(args + ["--data", str(data_dir)])
    assert result.exit_code != 0
    assert isinstance(result.exception, q.QueryError) and message in str(result.exception)


def test_query_cli_out_file(data_dir, tmp_path):
    out = tmp_path / "r.csv"
    result = _cli(["query", "people", "--format", "csv", "--data", str(data_dir), "--out", str(out)])
    assert result.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("person,name,office")
