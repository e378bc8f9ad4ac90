"""English labels of the language server (`sopc lsp`, sopc/lsp/): what hovers,
completions and code actions say in an editor."""

LABELS: dict[str, str] = {
    # -- hover: what a name stands for --------------------------------------------------
    "lsp.role": "Role",
    "lsp.form": "Form",
    "lsp.step": "Step",
    "lsp.sop": "SOP",
    "lsp.department": "Department: {department}",
    "lsp.performed_by": "Performed by: {role}",
    "lsp.status": "Status: {status}",
    "lsp.version": "Version: {version}",
    "lsp.retention": "Kept: {retention}",
    "lsp.defined_in": "Defined in {file}",
    "lsp.undefined": "{word} is not defined in this project.",
    # -- hover: a duration in words and in working time ----------------------------------
    "lsp.working_time": "{hours} of working time; at most {days} on the project calendar",
    "lsp.calendar_time": "Calendar time; at most {hours} of working time",
    "lsp.per_case": "{case}: {words}",
    # -- code actions --------------------------------------------------------------------
    "lsp.ignore_line": "Ignore {code} on this line",
    "lsp.add_revision": "Add the revisions entry for version {version}",
    "lsp.replace": "Change to '{word}'",
    # -- completion: what a value means ----------------------------------------------------
    "lsp.level_off": "off",
    "lsp.end": "the end of the procedure",
}
