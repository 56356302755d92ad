"""One base exception and a few subclasses. Messages name the bad value and give a hint."""

from __future__ import annotations


class PolicyKGError(Exception):
    """Base class of every error policy-kg raises on purpose."""

    def __init__(self, message: str, *, hint: str | None = None):
        self.message = message
        self.hint = hint
        super().__init__(f"{message} (hint: {hint})" if hint else message)

    def one_line(self) -> str:
        """The error as one line, for the terminal and for logs."""
        return " ".join(str(self).split())


class DocumentError(PolicyKGError):
    """An input document cannot be read: missing, empty, binary, undecodable, corrupt."""

    def __init__(self, path: object, problem: str, *, hint: str | None = None):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}", hint=hint)


class ExtractionError(PolicyKGError):
    """The extractor could not process a document that was read."""


class KnowledgeError(PolicyKGError):
    """A knowledge (gazetteer/pattern) file under ner/data is malformed."""


class GoldError(PolicyKGError):
    """A gold annotation file is malformed or does not match its document."""


class OutputError(PolicyKGError):
    """An output could not be written."""
