"""Turn the hand-annotated sources in src/ into docs/*.txt and gold/*.json.

src/<name>.ann   document text with inline annotations [[surface|LABEL|id]]
src/<name>.facts one JSON fact per line (blank lines and lines starting with # ignored);
                 "QUESTION:#n" is expanded to "QUESTION:<name>.txt#n".
Offsets are computed here, then checked (text == doc[start:end], sorted, no overlap,
every LABEL:id used in a fact is mentioned in the document).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
MARK = re.compile(r"\[\[(.+?)\|([A-Z]+)\|([^\]\|]+)\]\]", re.S)
LABELS = {"LICENCE", "PERSON", "FACTION", "COUNTRY", "PLACE", "ORG", "SYSTEM", "RULING",
          "DOCUMENT", "LAW", "MOTION", "EVENT", "MONEY", "DATE"}


def convert(name: str) -> None:
    src = (HERE / "src" / f"{name}.ann").read_text(encoding="utf-8")
    out, ents, pos = [], [], 0
    length = 0
    for m in MARK.finditer(src):
        before = src[pos:m.start()]
        out.append(before)
        length += len(before)
        surface, label, ident = m.group(1), m.group(2), m.group(3)
        assert label in LABELS, (name, label)
        ents.append({"start": length, "end": length + len(surface), "text": surface,
                     "label": label, "id": ident})
        out.append(surface)
        length += len(surface)
        pos = m.end()
    out.append(src[pos:])
    doc = "".join(out)
    assert "[[" not in doc and "]]" not in doc, name
    for a, b in zip(ents, ents[1:]):
        assert a["end"] <= b["start"], (a, b)
    for e in ents:
        assert doc[e["start"]:e["end"]] == e["text"]
        assert e["text"] == e["text"].strip(), e
    fname = f"{name}.txt"
    facts = []
    ff = HERE / "src" / f"{name}.facts"
    for line in ff.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        f = json.loads(line)
        for k in ("subject", "object"):
            if f[k].startswith("QUESTION:#"):
                f[k] = f"QUESTION:{fname}#" + f[k][len("QUESTION:#"):]
        facts.append(f)
    mentioned = {f"{e['label']}:{e['id']}" for e in ents}
    seen = set()
    for f in facts:
        key = json.dumps(f, sort_keys=True)
        assert key not in seen, ("duplicate fact", f)
        seen.add(key)
        for k in ("subject", "object"):
            v = f[k]
            lab = v.split(":", 1)[0]
            if lab in LABELS:
                assert v in mentioned, (name, "not mentioned", v)
    (HERE / "docs" / fname).write_text(doc, encoding="utf-8")
    gold = {"doc": fname, "entities": ents, "facts": facts}
    (HERE / "gold" / f"{name}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{name}: {len(doc.split())} words, {len(ents)} mentions, {len(facts)} facts")


if __name__ == "__main__":
    names = sys.argv[1:] or sorted(p.stem for p in (HERE / "src").glob("*.ann"))
    for n in names:
        convert(n)
