"""English messages of the commands: reports of a check (text, CI formats), build, new,
init, rules, usage errors."""

LABELS: dict[str, str] = {
    # -- counts: English says one and many apart, Chinese the same way for both ---------
    "count.file.one": "{n} file",
    "count.file.many": "{n} files",
    "count.sop.one": "{n} SOP",
    "count.sop.many": "{n} SOPs",
    "count.error.one": "{n} error",
    "count.error.many": "{n} errors",
    "count.warning.one": "{n} warning",
    "count.warning.many": "{n} warnings",
    "count.info.one": "{n} info",
    "count.info.many": "{n} infos",
    "count.finding.one": "{n} finding",
    "count.finding.many": "{n} findings",
    "count.notice.one": "{n} notice",
    "count.notice.many": "{n} notices",
    "count.pdf.one": "{n} PDF",
    "count.pdf.many": "{n} PDFs",
    "count.word_file.one": "{n} Word file",
    "count.word_file.many": "{n} Word files",
    "count.bpmn_file.one": "{n} BPMN file",
    "count.bpmn_file.many": "{n} BPMN files",
    # -- sopc check: the summary line, files skipped --------------------------------------
    "check.clean": "All clean:",
    "check.summary_clean": "{verdict} {scope} checked in {seconds:.2f}s",
    "check.found": "Found {errors}, {warnings}",
    "check.found_infos": "Found {errors}, {warnings}, {infos}",
    "check.summary_found": "{verdict} in {scope} in {seconds:.2f}s",
    "check.scope": "{files} ({sops})",
    "check.config_invalid": "sopc.yaml is invalid: {errors}; nothing else was checked",
    "check.skipped": "skipped (not SOP files): {files}",
    # -- the github format's closing line (after "sopc: ") --------------------------------
    "github.closing": "{findings} ({errors}, {warnings}, {notices})",
    "github.beyond_caps": (
        "; {beyond} beyond GitHub's annotation caps ({cap} errors, {cap} warnings and "
        "{cap} notices per step) are listed above as plain lines"
    ),
    # -- sopc build: its summary, progress, refusals --------------------------------------
    "build.summary": (
        "Built {made} for {sops} SOPs into {out} in {seconds:.2f}s "
        "({changed} files written, {removed} removed){open}"
    ),
    "build.pages": "{n} pages",
    "build.open": "; open {index}",
    "build.up_to_date": "Up to date: {out} was built from these exact inputs ({seconds:.2f}s)",
    "serve.broken_template": "a template does not compile: {where}: {why}",
    "serve.unreadable": "a file could not be read: {why}",
    "serve.built": "built {pages} pages ({changed} files changed) in {seconds:.2f}s",
    "serve.listening": "previewing at {url} (Ctrl-C stops; saving a file rebuilds the site)",
    "serve.exposed": "--host {host}: anyone who can reach this machine can read these SOPs",
    "serve.port_busy": "port {port} is taken; choose another with --port (0 picks a free one)",
    "serve.cannot_listen": "cannot listen on {address}: {why}",
    "serve.stopped": "preview stopped",
    "serve.failed": "The build failed: the site is still the last one that built",
    "serve.failed_hint": "Fix these and save: the page reloads by itself.",
    "build.stopped": "stopped; fix the findings above first",
    "build.chart_small": (
        "{sop}'s flowchart prints at {pt} pt, below the {floor} pt floor: it has more lanes"
        " than an A4 page holds legibly; consider splitting the SOP"
    ),
    "build.no_cache": "{path} cannot be written: built without the cache, so nothing is reused",
    "build.chart_too_large": (
        "{sop}'s flowchart is not drawn: {nodes} boxes, more than the {most} a legible chart"
        " holds (and than Graphviz lays out in reasonable time); consider splitting the SOP"
    ),
    "build.unknown_format": (
        "--format: unknown format {names}; expected a comma-separated list of {formats}"
    ),
    "output.not_folder": "{path} is not a folder sopc can build into",
    "output.not_ours": (
        "{path} is not empty and was not made by sopc build (no {marker}); "
        "refusing to write into it — choose another --out"
    ),
    "output.waiting": "another sopc build is writing {path}; waiting for it to finish",
    "write.disk_full": (
        "no space left to write {path}: nothing already built was replaced; "
        "free some space and build again"
    ),
    "write.read_only": "cannot write {path}: the disk is read-only; choose another --out",
    "write.no_permission": "cannot write {path}: permission denied; choose another --out",
    "write.failed": "cannot write {path}: {reason}",
    "progress.checking": "checking",
    "progress.history": "reading the SOPs' history from git",
    "progress.flowcharts": "drawing {n} flowcharts",
    "progress.pages": "rendering pages",
    "progress.documents": "laying out {formats} ({n} files)",
    "progress.binding": "binding {n} PDFs",
    "progress.parts": "SOPs laid out",
    # -- sopc new, init, schema -------------------------------------------------------------
    "files.wrote": "wrote {path}",
    "files.kept": "kept existing {path}",
    "init.added": "added to {path}: {lines}",
    "init.existing": (
        "{folder} is already a project (it has sopc.yaml), so nothing was written; "
        "add an SOP with `sopc new ID --title TITLE` there, "
        "refresh the schemas with `sopc schema --out {schemas}`"
    ),
    "init.ignore_advice": "{path} does not keep sopc's output out of git; add: {lines}",
    "init.not_folder": "{path} is not a folder",
    "new.invalid_id": "{id!r} is not a valid SOP id (letters, digits, '-', '_', '.')",
    "new.empty_title": "--title must not be empty",
    "new.id_pattern": "{id!r} does not match the project's id_pattern {pattern!r}",
    "new.exists": "{path} exists; not overwritten",
    "new.id_taken": "{id!r} is already the id of the SOP in {path}; choose another id",
    # -- sopc graph, and Graphviz for graph and build ---------------------------------------
    "graph.unknown_format": "unknown graph format {format!r}: expected one of {formats}",
    "usage.config_invalid": "sopc.yaml is invalid: run sopc check",
    "graph.invalid_sop": "{path} does not validate: run sopc check {path}",
    "graph.unknown_sop": "no SOP {key!r} in {root}{hint}",
    "graph.png_binary": "PNG is binary; give --output FILE",
    "graphviz.missing": (
        "Graphviz `dot` was not found on PATH: install Graphviz (e.g. apt install graphviz)"
    ),
    "graphviz.timeout": "dot took longer than {seconds:.0f} s on {graph}",
    "graphviz.not_started": "dot could not be started: {error}",
    "graphviz.failed": "dot failed on {graph}: {reason}",
    "graphviz.signal": "killed by signal {signal}",
    "graphviz.exit_status": "exit status {code}",
    # -- the command line itself ------------------------------------------------------------
    "cli.bad_date": "expected a date YYYY-MM-DD, got {value!r}",
    "cli.internal_hint": "(set SOPC_DEBUG=1 to see the traceback, and please report it)",
    # -- sopc rules: the rule table, one rule's page, docs/rules.md ---------------------
    "rules.severity_error": "error",
    "rules.severity_warning": "warning",
    "rules.severity_info": "info",
    "rules.table_hint": "sopc rules CODE shows a rule's documentation.",
    "rules.heading": "{code} {name} (default: {severity})",
    "rules.unknown": "no rule {key!r}{hint}",
    "rules.doc_title": "Rules",
    "rules.doc_language": "English",
    "rules.doc_generated": "Generated from the rule docstrings by `{command}`.",
    "rules.doc_intro": (
        "Severities are defaults; set them per code or name in `sopc.yaml` under `rules:`\n"
        "(`error`, `warning`, `info`, `off`). `sopc rules CODE` prints one of these pages."
    ),
    "rules.column_code": "code",
    "rules.column_name": "name",
    "rules.column_default": "default",
    "rules.column_summary": "what",
    "rules.doc_default": "**{name}** — default severity: {severity}",
}
