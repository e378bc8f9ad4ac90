"""SOP001–SOP008: problems the loader and the schema report while reading files.

These have no check of their own; they are registered here so that their
documentation sits with every other rule's.
"""

from sopc.findings import Severity
from sopc.rules.registry import emitted

E = Severity.ERROR


@emitted("SOP001", "parse-error", E)
def parse_error() -> None:
    """The YAML or the Markdown front matter does not parse.

    Nothing else can be checked in a file that does not parse, so this is
    always an error and cannot be silenced. Common causes: a tab used for
    indentation, an unclosed quote or bracket, a second `---` document, front
    matter without its closing `---`.

    Bad:

        steps:
        →   - id: receive        # indented with a tab (→)

    Good:

        steps:
          - id: receive        # spaces
    """


@emitted("SOP002", "duplicate-key", E)
def duplicate_key() -> None:
    """A mapping repeats a key.

    Plain YAML loaders keep the last value silently, so half of what the
    author wrote is lost. The finding names both lines.

    Bad:

        - id: approve
          time_limit: 2wd
          time_limit: 3wd

    Good: keep one `time_limit`, or a per-case map `{一般: 2wd, 重大: 3wd}`.
    """


@emitted("SOP003", "encoding", E)
def encoding() -> None:
    """The file is not UTF-8 text.

    SOP files are UTF-8 (a byte-order mark is allowed). The finding names the
    encoding the bytes look like: GB18030/GBK from Windows editors in Chinese
    locales is the common case; binary files and UTF-16 are named too.

    Fix: open the file and save it as "UTF-8".
    """


@emitted("SOP004", "unsafe-yaml", E)
def unsafe_yaml() -> None:
    """The file uses YAML features sopc refuses for safety, or is not safe to read.

    SOP files hold plain data. sopc never constructs YAML tags such as
    `!!python/object/apply`, and bounds what a hostile file can cost: alias
    expansion (100,000 values), nesting (64 levels), recursive aliases, file
    size (1 MiB). A symbolic link pointing outside the project, or a file
    that is not a regular file, is not read either.

    Bad:

        title: !!python/object/apply:os.system ["rm -rf /"]

    Good:

        title: 客户投诉处理流程
    """


@emitted("SOP005", "missing-field", E)
def missing_field() -> None:
    """A required field is absent.

    An SOP needs `id`, `title`, `version` and at least one step; each step
    needs `id` and `title`; nested records have their own required fields.
    The finding points at the mapping that lacks the field.

    Bad:

        - id: receive
          role: cs-agent

    Good:

        - id: receive
          title: 接收并登记投诉
          role: cs-agent
    """


@emitted("SOP006", "unknown-field", E)
def unknown_field() -> None:
    """A field the schema does not know.

    A misspelt field would otherwise be ignored silently, so the time limit
    the author meant to set would never be checked. The finding suggests the
    closest known field.

    Bad:

        time_limt: 2h

    Good:

        time_limit: 2h
    """


@emitted("SOP007", "invalid-value", E)
def invalid_value() -> None:
    """A value has the wrong type or format.

    Durations (`30m`, `2h`, `1d`, `4wh`, `2wd`, `3个工作日`, `立即`),
    intervals (`6mo`, `1y`), dates (`YYYY-MM-DD`, and a real one), versions
    (`"1.2"`), `status`, ids and flow targets each have a form; the message
    says which one was expected.

    Bad:

        time_limit: 两天
        effective_date: 2026-13-45

    Good:

        time_limit: 2d
        effective_date: 2026-03-01
    """


@emitted("SOP008", "invalid-config", E)
def invalid_config() -> None:
    """`sopc.yaml` is wrong.

    The project configuration is read with the same loader and the same care
    as SOP files: parse errors, unknown fields, invalid values, unknown rule
    names, an invalid `id_pattern`, a missing or outside source folder. With
    an invalid configuration `sopc` stops before checking SOPs (exit 2).

    Bad:

        rules:
          vauge-term: off

    Good:

        rules:
          vague-term: off
    """
