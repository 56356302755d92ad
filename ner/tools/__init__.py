"""Maintenance tools for the knowledge files under ner/data (run as modules, not imported at run time)."""
