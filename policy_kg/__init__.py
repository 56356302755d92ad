"""policy-kg: Dutch parliamentary documents on arms exports -> knowledge graph."""

__version__ = "0.1.0"
