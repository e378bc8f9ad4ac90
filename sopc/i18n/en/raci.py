"""English labels of the raci area (see sopc/i18n/__init__.py): the responsibility
matrix (sopc/render/raci.py) on the SOP page, in the PDF and Word, and the
manual-wide page."""

LABELS: dict[str, str] = {
    "raci": "Responsibilities",
    # the letters of a cell, and what joins two in one cell (R/A)
    "raci_r": "R",
    "raci_a": "A",
    "raci_c": "C",
    "raci_i": "I",
    "raci_join": "/",
    # the one-line key under each matrix's heading
    "raci_key": "R responsible: does the step · A accountable: the owner, on a decision "
    "the role deciding (R/A) · C consulted: supports · I informed of its exceptions",
    "raci_corner": "Step / role",  # the corner cell of an SOP's matrix
    # the manual-wide page: roles × SOPs
    "raci_roles_sops": "Role / procedure",  # its corner cell
    "raci_manual_note": "Each cell holds the letters a role has anywhere in the procedure; "
    "each procedure's page has its matrix step by step.",
    "raci_empty": "No roles defined.",
}
