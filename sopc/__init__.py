"""sopc: a docs-as-code compiler for Standard Operating Procedures."""

__version__ = "0.1.0"
