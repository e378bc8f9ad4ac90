"""Two SOP models compared by meaning, and the version the difference needs.

Below the rules (SOP501–SOP504 read it) and below `sopc diff` and the history,
which format its changes: a change is data (SOP, step, field, key, old, new),
never a sentence to be read back.
"""
