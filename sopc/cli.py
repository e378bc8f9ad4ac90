"""The command line. Thin: parse arguments, call one function, print.

Heavy modules are imported inside the commands that use them, so that
`sopc --help` and `sopc check` start fast.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

import typer

from sopc import __version__
from sopc.readers import emit as _emit
from sopc.readers import invocation_reader, reader
from sopc.readers import use_color as _use_color

app = typer.Typer(
    name="sopc",
    help="sopc compiles Standard Operating Procedures written as YAML or Markdown: "
    "check them, build the manual, diff their revisions.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# The writers' own FORMATS, repeated here so that `sopc --help` imports none of them
# (tests/test_cli.py keeps the copies equal).
CheckFormat = Literal["text", "json", "sarif", "github", "gitlab"]  # sopc.report
DiffFormat = Literal["text", "markdown", "json", "html"]  # sopc.diff.report
GraphFormat = Literal["svg", "png", "dot", "mermaid", "bpmn"]  # sopc.commands.graph
FORMAT_OPTION = typer.Option("--format", "-f", help="Output format.")
Language = Literal["zh-CN", "en"]  # sopc.i18n.LANGUAGES
LANG_OPTION = typer.Option(
    "--lang", help="Language of messages (default: the project's, else SOPC_LANG, else en)."
)

# what begins the lines sopc writes on stderr: tags for people and CI logs to find, the
# same in every language (what follows them is said in the reader's)
ERROR = "sopc: error: "
NOTE = "sopc: note: "


def _version(value: bool) -> None:
    if value:
        print(f"sopc {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """sopc: SOPs as source code."""


def _parse_date(value: str | None, lang: str | None, places: Sequence[Path] = ()) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        from sopc.i18n import Message

        words = reader(lang, places=places).say(Message("cli.bad_date", value=value))
        raise typer.BadParameter(words) from None


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Files or folders to report on (default: the whole project)."),
    ] = None,
    format: Annotated[CheckFormat, FORMAT_OPTION] = "text",
    strict: Annotated[bool, typer.Option(help="Fail on warnings too.")] = False,
    today: Annotated[
        str | None, typer.Option(help="The date to check review dates against (YYYY-MM-DD).")
    ] = None,
    config: Annotated[Path | None, typer.Option(help="The sopc.yaml to use.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    base: Annotated[
        str | None,
        typer.Option(
            help="Git revision to check change control against (SOP501–SOP504), e.g. origin/main."
        ),
    ] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Validate SOPs: schema, document control, roles, steps, forms, references."""
    from sopc.commands.check import check as run_check
    from sopc.report import render

    when = _parse_date(today, lang, paths or [])
    result = run_check(paths or [], config_file=config, today=when, base=base)
    known = None if result.config_failed else result.project.config
    t = reader(lang, known, paths or [], config)
    for note in result.notes:
        print(NOTE + t.say(note), file=sys.stderr)
    _emit(render(result, format, t, color=_use_color(output)), output)
    raise typer.Exit(result.exit_code(strict))


@app.command()
def build(
    root: Annotated[Path | None, typer.Argument(help="The project (default: here).")] = None,
    out: Annotated[
        Path | None, typer.Option(help="Output folder (default: `out` of sopc.yaml).")
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(min=1, help="Processes for Graphviz, PDF and Word (default: cores)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Use nothing kept in .sopc-cache/.")
    ] = False,
    strict: Annotated[bool, typer.Option(help="Stop on warnings too.")] = False,
    history: Annotated[
        bool,
        typer.Option(help="Add each SOP's history from git (commits, versions, what changed)."),
    ] = False,
    format_: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="Outputs, comma-separated: html,pdf,docx,bpmn (default: build.formats).",
        ),
    ] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Build the manual: an offline HTML site, a PDF manual and Word files, with a
    swimlane flowchart per SOP."""
    from sopc.commands.build import build as run_build
    from sopc.commands.build import parse_formats
    from sopc.i18n import Message
    from sopc.progress import stage_reporter
    from sopc.render.dot import GraphvizError

    t = reader(lang, places=[root] if root else [])
    with stage_reporter(t) as (report, count):
        try:
            result = run_build(
                [root] if root else [],
                out=out,
                formats=parse_formats(format_) if format_ is not None else None,
                history=history,
                jobs=jobs,
                use_cache=not no_cache,
                strict=strict,
                report=report,
                count=count,
            )
        except GraphvizError as exc:
            print(ERROR + t.say(exc.message), file=sys.stderr)
            raise typer.Exit(2) from None
    for note in result.notes:
        print(NOTE + t.say(note), file=sys.stderr)
    if result.status and result.checked is not None:
        from sopc.report.text import render_text

        _emit(render_text(result.checked, t, color=_use_color(None)), None)
        if not result.checked.config_failed:
            print("sopc build: " + t.say(Message("build.stopped")), file=sys.stderr)
        raise typer.Exit(result.status)
    print(t.say(result.summary()))


@app.command()
def serve(
    root: Annotated[Path | None, typer.Argument(help="The project (default: here).")] = None,
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port (0: any free one).")] = 8000,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; anything but 127.0.0.1 shows the site to others."),
    ] = "127.0.0.1",
    open_: Annotated[bool, typer.Option("--open", help="Open the site in a browser.")] = False,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Preview the site while writing: rebuild on every save, reload the pages, show
    the findings of a broken file on every open page."""
    from sopc.commands.serve import Address
    from sopc.commands.serve import serve as run_serve
    from sopc.i18n import Message
    from sopc.results import BuildResult

    t = reader(lang, places=[root] if root else [])

    def shown(result: BuildResult) -> None:
        if result.status and result.checked is not None:
            from sopc.report.text import render_text

            _emit(render_text(result.checked, t, color=_use_color(None)), None)
        else:
            built = Message(
                "serve.built", pages=result.pages, changed=result.changed, seconds=result.elapsed
            )
            print(t.say(built), flush=True)

    def opened(url: str) -> None:
        if open_:
            import webbrowser

            webbrowser.open(url)

    run_serve(
        [root] if root else [],
        Address(host, port),
        t,
        say=lambda message: print(NOTE + t.say(message), file=sys.stderr, flush=True),
        shown=shown,
        ready=opened,
    )


@app.command()
def diff(
    arguments: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[BASE [HEAD]] [PATHS]...",
            help="Revisions (none: the work tree against HEAD; one: the work tree against "
            "it; two, or BASE..HEAD: between them), then files or folders to limit it to.",
        ),
    ] = None,
    format: Annotated[DiffFormat, FORMAT_OPTION] = "text",
    today: Annotated[
        str | None, typer.Option(help="Date for the suggested revisions entry (YYYY-MM-DD).")
    ] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """What changed in the procedures between two revisions, the version each change
    needs, and a ready-to-paste revisions entry."""
    from sopc.commands.diff import diff as run_diff
    from sopc.diff.report import render

    result = run_diff(arguments or [], cwd=Path.cwd(), today=_parse_date(today, lang))
    sys.stdout.write(render(result, format, reader(lang, result.config)))


@app.command()
def graph(
    sop: Annotated[str, typer.Argument(metavar="SOP", help="An SOP id or file.")],
    format: Annotated[GraphFormat, FORMAT_OPTION] = "svg",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Draw one SOP's swimlane flowchart (svg, png, dot) or write it as Mermaid."""
    from sopc.commands.graph import draw
    from sopc.errors import UsageError
    from sopc.i18n import Message
    from sopc.render.dot import GraphvizError

    if format == "png" and output is None and sys.stdout.isatty():
        raise UsageError(Message("graph.png_binary"))
    try:
        data = draw(sop, format)
    except GraphvizError as exc:
        t = reader(lang, places=[Path(sop)])  # an id is no file: the current folder's
        print(ERROR + t.say(exc.message), file=sys.stderr)
        raise typer.Exit(2) from None
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@app.command()
def schema(
    out: Annotated[Path, typer.Option(help="Folder to write the schemas to.")] = Path("schemas"),
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Write sop.schema.json and sopc.schema.json (JSON Schema for editors)."""
    from sopc.commands.schema import write_schemas
    from sopc.i18n import Message

    t = reader(lang)
    for path in write_schemas(out):
        print(t.say(Message("files.wrote", path=str(path))))


@app.command()
def new(
    sop_id: Annotated[str, typer.Argument(metavar="ID", help="The SOP id, e.g. CS-002.")],
    title: Annotated[str, typer.Option(help="The SOP title.")],
    md: Annotated[bool, typer.Option("--md", help="Write a Markdown SOP (*.sop.md).")] = False,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Write a new SOP skeleton into the project's first source folder. Refused when
    an SOP of the project already has that id (in any file), and when the file exists:
    nothing is ever overwritten."""
    from sopc.commands.scaffold import new_sop
    from sopc.i18n import Message

    path = new_sop(Path.cwd(), sop_id, title, markdown=md)
    print(reader(lang, places=[path]).say(Message("files.wrote", path=str(path))))


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Project folder.")] = Path("."),
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Start a project: sopc.yaml, an example SOP, schemas, a pre-commit sample and a
    .gitignore for the output folder and .sopc-cache/.

    Only a new folder (or one with nothing in it but hidden entries such as .git) gets
    the example SOP; another folder without sopc.yaml gets the rest. A folder with
    sopc.yaml is a project already: nothing is written there, so files deleted from
    it stay deleted. No file is ever overwritten: an existing .gitignore only gets
    the lines it lacks added at its end."""
    from sopc.commands.scaffold import init_project

    said = init_project(directory)
    t = reader(lang, places=[directory])
    print("\n".join(t.say(message) for message in said))


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help=".docx or .xlsx files.")],
    out: Annotated[
        Path | None,
        typer.Option(help="Folder to write into (default: the project's first source folder)."),
    ] = None,
    id_prefix: Annotated[
        str, typer.Option(help="Prefix of ids for SOPs without 编号: P-001, P-002 …")
    ] = "SOP",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would be written; write nothing.")
    ] = False,
    format: Annotated[Literal["text", "json"], FORMAT_OPTION] = "text",
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Import Word and Excel SOPs: one .sop.yaml per SOP found, never over an existing
    file, and a report of what was mapped, kept in notes or not understood, with each
    piece's place in the file, then the check's findings on the result."""
    from sopc.commands.imports import import_files
    from sopc.report.imports import render_import

    result = import_files(files, out=out, id_prefix=id_prefix, dry_run=dry_run)
    print(render_import(result, format, reader(lang, places=[out or Path.cwd()])), end="")
    raise typer.Exit(result.exit_code())


@app.command()
def lsp(
    lang: Annotated[Language | None, LANG_OPTION] = None,
    _stdio: Annotated[bool, typer.Option("--stdio", hidden=True)] = False,  # editors add it
) -> None:
    """Language server for editors (stdio): findings as you type (docs/editors.md)."""
    from sopc.commands.lsp import lsp as serve_lsp

    serve_lsp(lang)


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name.")] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """List the rules, or show one rule's documentation."""
    from sopc.commands.rules import describe_rule, rule_table

    t = reader(lang)
    print(rule_table(t) if code is None else describe_rule(code, t), end="")


def main() -> None:
    """Entry point: usage problems exit 2 with one line; so do internal errors. Both
    are said in the reader's language (see `_invocation_reader`)."""
    from sopc.errors import UsageError

    try:
        app()
    except UsageError as exc:
        print(ERROR + invocation_reader().say(exc.message), file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SOPC_DEBUG"):
            raise
        from sopc.i18n import Message

        print(f"sopc: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(invocation_reader().say(Message("cli.internal_hint")), file=sys.stderr)
        sys.exit(2)
