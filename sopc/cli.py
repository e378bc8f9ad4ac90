"""The command line. Thin: parse arguments, call one function, print.

Heavy modules are imported inside the commands that use them, so that
`sopc --help` and `sopc check` start fast.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from sopc import __version__

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
GraphFormat = Literal["svg", "png", "dot", "mermaid"]  # sopc.commands.graph
FORMAT_OPTION = typer.Option("--format", "-f", help="Output format.")
Language = Literal["zh-CN", "en"]  # sopc.i18n.LANGUAGES
LANG_OPTION = typer.Option(
    "--lang", help="Language of messages (default: the project's, else SOPC_LANG, else en)."
)

if TYPE_CHECKING:
    from sopc.i18n import Translator
    from sopc.model.config import Config


def _reader(lang: str | None, config: Config | None = None) -> Translator:
    """The translator for this run's messages (spec §4: `--lang`, the project's
    `language`, SOPC_LANG, English)."""
    from sopc.i18n import message_language, translator

    chosen = config.message_language if config is not None else None
    return translator(message_language(lang, chosen))


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


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date YYYY-MM-DD, got {value!r}") from None


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")


def _use_color(output: Path | None) -> bool:
    if output is not None or os.environ.get("NO_COLOR"):
        return False
    return bool(os.environ.get("FORCE_COLOR")) or sys.stdout.isatty()


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

    result = run_check(paths or [], config_file=config, today=_parse_date(today), base=base)
    for note in result.notes:
        print(f"sopc: note: {note}", file=sys.stderr)
    _emit(
        render(result, format, _reader(lang, result.project.config), color=_use_color(output)),
        output,
    )
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
        bool, typer.Option("--no-cache", help="Draw every flowchart anew.")
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
            help="Outputs, comma-separated: html,pdf,docx (default: build.formats of sopc.yaml).",
        ),
    ] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Build the manual: an offline HTML site, a PDF manual and Word files, with a
    swimlane flowchart per SOP."""
    from sopc.commands.build import build as run_build
    from sopc.commands.build import parse_formats
    from sopc.progress import stage_reporter
    from sopc.render.graphviz import GraphvizError

    with stage_reporter() as report:
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
            )
        except GraphvizError as exc:
            print(f"sopc: error: {exc}", file=sys.stderr)
            raise typer.Exit(2) from None
    if result.status and result.checked is not None:
        from sopc.report.text import render_text

        _emit(
            render_text(
                result.checked, _reader(lang, result.checked.project.config), color=_use_color(None)
            ),
            None,
        )
        if not result.checked.config_failed:
            print("sopc build: stopped; fix the findings above first", file=sys.stderr)
        raise typer.Exit(result.status)
    for note in result.notes:
        print(f"sopc: note: {note}", file=sys.stderr)
    print(result.summary())


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

    result = run_diff(arguments or [], cwd=Path.cwd(), today=_parse_date(today))
    sys.stdout.write(render(result, format, _reader(lang, result.config)))


@app.command()
def graph(
    sop: Annotated[str, typer.Argument(metavar="SOP", help="An SOP id or file.")],
    format: Annotated[GraphFormat, FORMAT_OPTION] = "svg",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Draw one SOP's swimlane flowchart (svg, png, dot) or write it as Mermaid."""
    from sopc.commands.graph import draw
    from sopc.render.graphviz import GraphvizError

    try:
        data = draw(sop, format)
    except GraphvizError as exc:
        print(f"sopc: error: {exc}", file=sys.stderr)
        raise typer.Exit(2) from None
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(data)
    elif format == "png" and sys.stdout.isatty():
        print("sopc: error: PNG is binary; give --output FILE", file=sys.stderr)
        raise typer.Exit(2)
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

    for path in write_schemas(out):
        print(f"wrote {path}")


@app.command()
def new(
    sop_id: Annotated[str, typer.Argument(metavar="ID", help="The SOP id, e.g. CS-002.")],
    title: Annotated[str, typer.Option(help="The SOP title.")],
    md: Annotated[bool, typer.Option("--md", help="Write a Markdown SOP (*.sop.md).")] = False,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Write a new SOP skeleton into the project's first source folder."""
    from sopc.commands.scaffold import new_sop

    path = new_sop(Path.cwd(), sop_id, title, markdown=md)
    print(f"wrote {path}")


@app.command()
def init(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="Project folder.")] = Path("."),
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """Start a project: sopc.yaml, an example SOP, schemas and a pre-commit sample."""
    from sopc.commands.scaffold import init_project

    for path, written in init_project(directory):
        print(f"{'wrote' if written else 'kept existing'} {path}")


@app.command()
def rules(
    code: Annotated[str | None, typer.Argument(help="A rule code or name.")] = None,
    lang: Annotated[Language | None, LANG_OPTION] = None,
) -> None:
    """List the rules, or show one rule's documentation."""
    from sopc.commands.rules import describe_rule, rule_table

    t = _reader(lang)
    print(rule_table(t) if code is None else describe_rule(code, t), end="")


def main() -> None:
    """Entry point: usage problems exit 2 with one line; so do internal errors."""
    from sopc.errors import UsageError

    try:
        app()
    except UsageError as exc:
        print(f"sopc: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as exc:
        if os.environ.get("SOPC_DEBUG"):
            raise
        print(f"sopc: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("(set SOPC_DEBUG=1 to see the traceback, and please report it)", file=sys.stderr)
        sys.exit(2)
