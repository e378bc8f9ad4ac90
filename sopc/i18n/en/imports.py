"""English messages of `sopc import`: refused files, the import report, and why a
piece was kept or not understood."""

LABELS: dict[str, str] = {
    # -- files refused before a byte of them is read ------------------------------------
    "import.no_file": "{path}: no such file",
    "import.bad_prefix": "--id-prefix {prefix}: not the start of an id (letters, digits, . and -)",
    "import.unknown_type": "{path}: not a Word (.docx) or Excel (.xlsx) file",
    "import.macros": (
        "{path}: a file with macros is not imported; save it as .docx or .xlsx without macros"
    ),
    "import.old_format": (
        "{path}: a Word 97-2003 (.doc) or Excel 97-2003 (.xls) file; open it and save it as "
        ".docx or .xlsx"
    ),
    "import.not_office": "{path}: not a Word or Excel file (it is not an Office Open XML zip)",
    "import.too_big": "{path}: larger than {mb} MB, too large to be an SOP",
    "import.bomb": "{path}: unpacks to more than {mb} MB; refused as a zip bomb",
    "import.too_long": (
        "{path}: table {table} has {rows} rows; an SOP has at most {most} steps. Split it"
    ),
    "import.too_wide": (
        "{path}: table {table} is {columns} columns wide; a step table has at most {most}"
    ),
    "import.unreadable": "{path}: cannot be read ({reason})",
    "import.no_steps": (
        "{path}: no step table found (a table with columns such as 步骤, 操作说明, 责任岗位, 时限)"
    ),
    "import.header": "Imported by sopc import from {source}; check it, then remove this line",
    # -- the report ------------------------------------------------------------------------
    "import.sop": "{source} → {path} ({id})",
    "import.sop_exists": "{source} → {path} ({id}): the file exists; not overwritten",
    "import.sop_taken": (
        "{source}: {id} is in the project already ({path}); not written. Edit that file, "
        "or give this one another 编号"
    ),
    "import.sop_dry": "{source} → {path} ({id}) (dry run: not written)",
    "import.counts": (
        "  {mapped} mapped, {kept} kept in notes, {unknown} not understood, {assumed} assumed"
    ),
    "import.status.mapped": "mapped",
    "import.status.kept": "kept",
    "import.status.unknown": "not understood",
    "import.status.assumed": "assumed",
    "import.status.derived": "derived",
    "import.at_paragraph": "paragraph {paragraph}",
    "import.at_header": "page header, paragraph {paragraph}",
    "import.at_footer": "page footer, paragraph {paragraph}",
    "import.at_cell": "table {table}, row {row}, column {column}",
    "import.at_row": "table {table}, row {row}",
    "import.at_table": "table {table}",
    "import.at_sheet": "sheet {sheet}, ",
    "import.findings": "  check: {findings}",
    "import.clean": "  check: no findings",
    "import.refused": "refused: {reason}",
    "import.summary": "{sops} imported from {files}, {refused} refused, in {seconds:.2f} s",
    # -- why a piece was kept or not understood -------------------------------------------
    "import.why.unrecognised": "fits no part of an SOP",
    "import.why.row_without_title": "a step row without a title",
    "import.why.description": "the action text (the table has its own standard column)",
    "import.why.column": "a column sopc does not know",
    "import.why.time_limit": "not a time sopc can read",
    "import.why.repaired": "read as the nearest time sopc accepts",
    "import.why.decision": "a decision whose answers lead to no known step",
    "import.why.flow": "a flow to no known step",
    "import.why.step_name": "names no step of the table",
    "import.why.situation": "not a situation of the form 若…，需…",
    "import.why.retention": "not a retention period sopc can read",
    "import.why.deadline": "a deadline whose steps or time cannot be read",
    "import.why.revision": "a revision without a version and date sopc can read",
    "import.why.second_step_table": "a second step table: import it as an SOP of its own",
    "import.why.table_kind": "a table of no kind sopc knows",
    "import.why.control_id": "not an id",
    "import.why.control_title": "not a title",
    "import.why.control_version": "not a version such as 2.1",
    "import.why.control_status": "not a status (草稿, 审核中, 生效, 已废止)",
    "import.why.control_effective_date": "not a date",
    "import.why.control_owner": "not a role",
    "import.why.control_departments": "not a list of departments",
    "import.why.control_review": "not a review cycle such as 每 6 个月",
    "import.why.control_case": "not cases such as 严重程度: 一般 / 严重 / 重大",
    "import.why.cases": "the time limits name cases the file does not declare: named as here",
    "import.why.formula": "a formula Excel never computed: open the file in Excel and save it",
    "import.why.error_value": "an error value of Excel",
    "import.why.reordered": "revisions put newest first, as the format has them",
    "import.why.outside_sops": "in a file of several SOPs, part of none of them",
    "import.why.id": "the file gives no usable id (编号)",
    "import.why.title": "the file has no title",
    "import.why.version": "the file has no version",
    "import.why.status": "the file has no status: an imported SOP is a draft until approved",
}
