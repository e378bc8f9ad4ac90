"""One module per command; each reads as its whole pipeline (like MkDocs' commands)."""
