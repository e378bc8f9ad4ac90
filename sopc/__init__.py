"""sopc: a docs-as-code compiler for Standard Operating Procedures.

The package is a pipeline in layers; a module imports only its own layer or
a lower one, with no cycle (docs/architecture.md; tests/test_architecture.py):

    base → load → model → sources/project → flow/change → rules/pipeline
         → results → render/diff/report → commands → cli
"""

__version__ = "0.1.0"
