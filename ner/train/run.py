"""Generate the corpora, train the model, score it (see the package docstring for the commands)."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

from policy_kg.ner.knowledge import load_entries
from policy_kg.ner.statistical import (
    LABELS,
    MODEL_DIR,
    NameFilter,
    build_filter,
    predict,
    sentence_bounds,
)
from policy_kg.ner.textview import make_view
from spacy.language import Language

from . import data

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "config.cfg"
CORPUS_DIR = data.ROOT / "build" / "ner-train"  # ignored by git; the corpora are rebuilt by the command


def write_corpora(examples: Sequence[data.Example], out_dir: Path, nlp: Language) -> tuple[Path, Path]:
    train, dev = data.split_dev(examples)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = out_dir / "train.spacy", out_dir / "dev.spacy"
    for path, part in zip(paths, (train, dev)):
        path.write_bytes(data.docbin_bytes(part, nlp))
    return paths


def train_model(train_path: Path, dev_path: Path, output: Path, epochs: int | None = None) -> Path:
    """Train with config.cfg; returns the folder of the last model."""
    from spacy.cli.train import train as spacy_train

    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path)}
    if epochs:
        overrides["training.max_epochs"] = epochs
    with contextlib.redirect_stdout(sys.stderr):  # spaCy's training log; stdout keeps the figures
        spacy_train(CONFIG, output, use_gpu=-1, overrides=overrides)
    return output / "model-last"


def ship(model_dir: Path, target: Path = MODEL_DIR) -> None:
    """Replace ner/model by ``model_dir``."""
    tmp = target.with_name(target.name + ".new")
    if tmp.exists():
        shutil.rmtree(tmp)
    shutil.copytree(model_dir, tmp)
    if target.exists():
        shutil.rmtree(target)
    tmp.rename(target)


# ---------------------------------------------------------------- scoring

def gold_mentions(doc_name: str) -> set[tuple[int, int, str]]:
    gold = json.loads((data.GOLD_DIR / doc_name.replace(".txt", ".json")).read_text(encoding="utf-8"))
    return {(e["start"], e["end"], e["label"]) for e in gold["entities"] if e["label"] in LABELS}


def predicted_mentions(doc_name: str, model: Language, nlp: Language,
                       name_filter: NameFilter | None = None) -> set[tuple[int, int, str]]:
    """The model alone (with its post-filters) over every sentence of a seed, as spans of the text as read."""
    from policy_kg.readers import read_document

    document = read_document(data.SEEDS_DIR / doc_name, analyse_structure=False)
    view = make_view(document.text)
    doc = nlp.make_doc(view.clean)
    out = set()
    for c in predict(doc, sentence_bounds([t.text for t in doc]), model, name_filter):
        start, end = view.raw_span(c.start, c.end)
        out.add((start, end, c.label))
    return out


def score(pairs: Sequence[tuple[set, set]]) -> dict[str, tuple[int, int, int]]:
    """tp, fp, fn per label and for all (``"micro"``)."""
    counts: dict[str, Counter] = {lab: Counter() for lab in (*LABELS, "micro")}
    for gold, pred in pairs:
        for lab in LABELS:
            g = {m for m in gold if m[2] == lab}
            p = {m for m in pred if m[2] == lab}
            for key, n in (("tp", len(g & p)), ("fp", len(p - g)), ("fn", len(g - p))):
                counts[lab][key] += n
                counts["micro"][key] += n
    return {lab: (c["tp"], c["fp"], c["fn"]) for lab, c in counts.items()}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def table(rows: Sequence[tuple[str, dict[str, tuple[int, int, int]]]]) -> str:
    cols = (*LABELS, "micro")
    lines = ["| held out | " + " | ".join(f"{c} P/R/F1 (gold n)" for c in cols) + " |",
             "|---|" + "---|" * len(cols)]
    for name, counts in rows:
        cells = []
        for c in cols:
            tp, fp, fn = counts[c]
            p, r, f = prf(tp, fp, fn)
            cells.append(f"{p:.2f}/{r:.2f}/{f:.2f} ({tp + fn})")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _sum(rows):
    total = {lab: [0, 0, 0] for lab in (*LABELS, "micro")}
    for _, counts in rows:
        for lab, vals in counts.items():
            for i, v in enumerate(vals):
                total[lab][i] += v
    return {lab: tuple(v) for lab, v in total.items()}


# ---------------------------------------------------------------- commands

def cmd_generate(nlp: Language) -> list[data.Example]:
    examples = data.all_examples(nlp)
    train_path, dev_path = write_corpora(examples, CORPUS_DIR, nlp)
    kinds = Counter(ex.source.split(":")[0] for ex in examples)
    ents = Counter(t[2:] for ex in examples for t in ex.ents if t.startswith("B-"))
    print(f"corpora: {train_path} and {dev_path.name}: {dict(kinds)} sentences, entities {dict(ents)}")
    return examples


def cmd_evaluate(nlp: Language, model_dir: Path = MODEL_DIR) -> None:
    import spacy

    model = spacy.load(model_dir)
    docs = sorted(p.name.replace(".json", ".txt") for p in data.GOLD_DIR.glob("*.json"))
    rows = [(d[:3], score([(gold_mentions(d), predicted_mentions(d, model, nlp))])) for d in docs]
    rows.append(("all", _sum(rows)))
    print("statistical model alone, trained on everything (optimistic: the gold sentences are in its training data)")
    print(table(rows))


def _print_errors(doc_name: str, gold: set, pred: set) -> None:
    text = (data.SEEDS_DIR / doc_name).read_text(encoding="utf-8")
    for kind, spans in (("missed", gold - pred), ("spurious", pred - gold)):
        for s, e, lab in sorted(spans):
            print(f"  {doc_name[:3]} {kind:8} {lab:6} {' '.join(text[s:e].split())!r}", file=sys.stderr)


def cmd_loo(nlp: Language, epochs: int | None, only: Sequence[str] = (), errors: bool = False,
            keep: Path | None = None) -> None:
    """Train without one seed (its gold sentences, and synthetic sentences naming any entity of its
    gold, of any label), score on it; the post-filters' knowledge leaves out its entities too.
    ``keep``: save each fold's model under keep/<doc> and reuse it when there (re-scoring only)."""
    import spacy

    examples = data.all_examples(nlp)
    entries = load_entries()
    keep_dir = keep
    docs = sorted(p.name.replace(".json", ".txt") for p in data.GOLD_DIR.glob("*.json"))
    rows = []
    for held in docs:
        if only and held[:3] not in only:
            continue
        gold = json.loads((data.GOLD_DIR / held.replace(".txt", ".json")).read_text(encoding="utf-8"))
        gold_doc = gold
        held_ids = {e["id"] for e in gold["entities"]}
        kept = [ex for ex in examples
                if ex.source != f"gold:{held}" and not (ex.source == "synthetic" and ex.ids & held_ids)]
        dropped = sum(1 for ex in examples if ex.source == "synthetic") - sum(1 for ex in kept if ex.source == "synthetic")
        t0 = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            saved = keep_dir / held[:3] if keep_dir else None
            if saved and (saved / "meta.json").is_file():
                model_dir = saved
            else:
                train_path, dev_path = write_corpora(kept, Path(tmp) / "corpus", nlp)
                model_dir = train_model(train_path, dev_path, Path(tmp) / "out", epochs)
                if saved:
                    saved.parent.mkdir(parents=True, exist_ok=True)
                    ship(model_dir, saved)
            model = spacy.load(model_dir)
            # the country list is complete by construction (ISO 3166): only other entries of the held-out doc go
            name_filter = build_filter(entries, exclude_ids={e["id"] for e in gold_doc["entities"] if e["label"] != "COUNTRY"})
            gold, pred = gold_mentions(held), predicted_mentions(held, model, nlp, name_filter)
            counts = score([(gold, pred)])
            if errors:
                _print_errors(held, gold, pred)
        print(f"# held out {held}: dropped {dropped} synthetic sentences naming its entities; "
              f"trained in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        rows.append((held[:3], counts))
    rows.append(("all (micro over docs)", _sum(rows)))
    print(f"leave-one-document-out, statistical model alone, strict spans"
          f"{f', {epochs} epochs' if epochs else ''}")
    print(table(rows))


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m policy_kg.ner.train", description=__doc__)
    parser.add_argument("--generate", action="store_true", help="write the corpora only")
    parser.add_argument("--evaluate", action="store_true", help="score the shipped model on the gold")
    parser.add_argument("--loo", action="store_true", help="leave-one-document-out evaluation")
    parser.add_argument("--only", nargs="*", default=(), help="LOO: hold out only these documents (000 ...)")
    parser.add_argument("--errors", action="store_true", help="LOO: list missed and spurious spans on stderr")
    parser.add_argument("--keep", type=Path, default=None,
                        help="LOO: save fold models in this folder and reuse them on the next run (re-scoring only)")
    parser.add_argument("--epochs", type=int, default=None, help="override training.max_epochs")
    args = parser.parse_args(argv)
    nlp = data.tokenizer_nlp()
    if args.evaluate:
        cmd_evaluate(nlp)
        return
    if args.loo:
        cmd_loo(nlp, args.epochs, args.only, args.errors, args.keep)
        return
    cmd_generate(nlp)
    if args.generate:
        return
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = train_model(CORPUS_DIR / "train.spacy", CORPUS_DIR / "dev.spacy", Path(tmp), args.epochs)
        ship(model_dir)
    print(f"model written to {MODEL_DIR}")
    cmd_evaluate(nlp)
