"""Training of the statistical PERSON/ORG/SYSTEM model shipped in ``ner/model``.

    python -m policy_kg.ner.train              # corpora -> build/ner-train/, train, ship to ner/model/
    python -m policy_kg.ner.train --generate   # corpora only
    python -m policy_kg.ner.train --evaluate   # score the shipped model on tests/gold (optimistic)
    python -m policy_kg.ner.train --loo        # leave-one-document-out figure (honest)

Everything is seeded: the same knowledge files and gold give the same corpora, byte for byte,
and the same model on the same machine.
"""
