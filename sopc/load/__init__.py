"""Stage 1: files on disk → positioned YAML trees (and Markdown bodies).

Nothing here constructs Python objects from YAML tags or follows links out of
the project: a source file is untrusted input.
"""
