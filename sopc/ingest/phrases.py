"""What the text of a Word or Excel SOP says, read as data: a step's number, its time
limit (one, or one per case), a decision with its answers, an exception, the forms
it names, and the items of a list cell. Durations go through sopc's own grammar
(`sopc.model.duration`), so an import accepts exactly what `sopc check` does."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sopc.model.duration import STEP_UNITS, Duration, parse_duration
from sopc.model.duration_hints import nearest

_CHINESE_NUMBERS = "零一二三四五六七八九十"
_STEP_NUMBER = re.compile(
    r"^(?:步骤|第|step\s*)\s*([0-9]+|[一二三四五六七八九十]+)\s*(?:步)?\s*[.、:：)]?\s*"
    r"|^([0-9]+)(?:\s*[.、:：)]\s*|\s+|$)"
    r"|^([一二三四五六七八九十]+)\s*[.、:：)]\s*"
    r"|^[(]([0-9]+|[一二三四五六七八九十]+)[)]\s*",
    re.IGNORECASE,
)
"""A step's number: `1.`, `步骤1：`, `第三步`, `（一）`, `十二、`; a Chinese numeral alone
only with its mark after it, so that 一线受理 and 三方会签 keep their first character."""
_OPEN, _CLOSE = "（(《“‘「【[{", "）)》”’」】]}"
_ITEM_SEP = "、；;，,\n"
_FORM = re.compile(r"《([^《》]{1,60})》")
_FORM_ENDS = ("表", "单", "簿", "台账", "清单", "记录", "登记册")
_CASE_SEP = re.compile(r"[，,；;·\n]|\s{2,}")
_DECISION = re.compile(r"^(?P<ask>[^？?]{2,120}[？?])\s*(?P<rest>.+)$", re.DOTALL)
_ANSWER = re.compile(r"^\s*(?P<when>[^→>]{1,30}?)\s*(?:→|->|=>|＞|>)\s*(?P<to>.+?)\s*$")
_IF = re.compile(
    r"^(?:若|如|如果|当|凡)(?P<when>[^，,；;]{2,120})[，,]\s*(?P<action>.+)$", re.DOTALL
)
_ESCALATE = re.compile(
    r"(?:升级至|上报至|上报|升级到|提交至|转交)(?P<who>[^，,；;。、\s]{2,20}?)(?:协调|处理|审批|裁定|决定|$|[，,；;。])"
)


def step_number(text: str) -> tuple[int | None, str]:
    """`1.投诉接收` → (1, 投诉接收); `步骤1：` → (1, ""); `（一）接收` → (1, 接收)."""
    text = text.strip()
    folded = unicodedata.normalize("NFKC", text)  # １．and （一） as 1. and (一)
    match = _STEP_NUMBER.match(folded)
    if match is None or not match.group(0).strip():
        return None, text
    digits = next(group for group in match.groups() if group)
    rest = (text if len(folded) == len(text) else folded)[match.end() :].strip()
    return _number(digits), rest


def _number(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, ten, ones = text.partition("十")
    if ten:
        return (_CHINESE_NUMBERS.index(tens) if tens else 1) * 10 + (
            _CHINESE_NUMBERS.index(ones) if ones else 0
        )
    return _CHINESE_NUMBERS.index(text)


def items(text: str) -> list[str]:
    """A list cell's items: lines, and 、；， between them, never inside brackets
    (`证据包（照片、视频）` is one item)."""
    out, depth, current = [], 0, ""
    for char in text:
        if char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        if char in _ITEM_SEP and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return [i.strip().strip("。.") for i in out if i.strip().strip("。.")]


def form_name(item: str) -> str | None:
    """The form an item names: `《客户投诉登记表》` → 客户投诉登记表 (a name in 《》 ending
    in 表, 单, 记录 …); None for other text (`《投诉分类标准》` is a document)."""
    match = _FORM.fullmatch(item.strip())
    if match and match[1].strip().endswith(_FORM_ENDS):
        return match[1].strip()
    return None


def canonical(duration: Duration) -> str:
    """`30m`, `0`, `1.5wd`: the short spelling of a duration's value."""
    if duration.amount == 0:
        return "0"
    amount = duration.amount.normalize()
    return f"{amount:f}{duration.unit.value}"


@dataclass(frozen=True)
class Limit:
    """A time limit read from text: one duration, or one per case label."""

    value: str | None = None
    cases: tuple[tuple[str, str], ...] = ()
    repaired: str | None = None  # the text sopc read, when a near miss was repaired


def time_limit(text: str) -> Limit | None:
    """`即时` → 0; `接收后30分钟内` → 30m; `一般投诉2个工作日，严重投诉3个工作日` → per case;
    None when the text says no time sopc can read."""
    text = text.strip()
    if one := _duration(text):
        return Limit(canonical(one[0]), repaired=one[1])
    parts = [p.strip() for p in _CASE_SEP.split(text) if p.strip()]
    cases: list[tuple[str, str]] = []
    for part in parts:
        found = _labelled(part)
        if found is None:
            return None
        cases.append(found)
    if len(cases) < 2 or len({label for label, _ in cases}) < len(cases):
        return None
    return Limit(cases=_shortened(cases))


_DUE = re.compile("[每前号底]")
"""A due date (`每月5日前`, `月底`), not a time a step may take."""


def _duration(text: str) -> tuple[Duration, str | None] | None:
    """A step's time: never months or years (a step takes no such time; the check
    refuses them), and a near miss repaired only when it is not a due date."""
    found = parse_duration(text)
    if found is None and not _DUE.search(text):
        near = nearest(text, lambda t: parse_duration(t) is not None)
        found = parse_duration(near) if near else None
        if found is None or found.unit not in STEP_UNITS:
            return None
        return found, near
    return (found, None) if found is not None and found.unit in STEP_UNITS else None


def _labelled(part: str) -> tuple[str, str] | None:
    """`一般投诉2个工作日` → (一般投诉, 2wd): the shortest ending that is a duration."""
    for start in range(1, len(part)):
        label, rest = part[:start].strip(" ：:"), part[start:].strip()
        if part[start - 1].isdigit() and part[start].isdigit():
            continue  # inside a number
        found = parse_duration(rest)
        if found is not None and label and found.unit in STEP_UNITS:
            return label, canonical(found)
    return None


def _shortened(cases: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Labels less a word they all end in: 一般投诉, 严重投诉 → 一般, 严重 (two characters
    or more: 小额, 大额 stay as they are)."""
    labels = [label for label, _ in cases]
    common = 0
    while (
        all(len(lab) > common + 1 for lab in labels)
        and len({lab[-common - 1] for lab in labels}) == 1
    ):
        common += 1
    if common >= 2:
        labels = [lab[:-common] for lab in labels]
    return tuple(zip(labels, (value for _, value in cases), strict=True))


@dataclass(frozen=True)
class Decision:
    question: str
    answers: tuple[tuple[str, str], ...]  # (answer, the target's text)


def decision(text: str) -> Decision | None:
    """`是否涉及赔偿？是→走赔偿审批流程；否→直接回复客户`, in one line or several."""
    match = _DECISION.match(normalise_arrows(text.strip()))
    if match is None:
        return None
    answers = []
    for part in re.split(r"[；;，,\n]", match["rest"]):
        if not part.strip():
            continue
        answer = _ANSWER.match(part)
        if answer is None:
            return None
        answers.append((answer["when"].strip(), answer["to"].strip().strip("。")))
    if len(answers) < 2:
        return None
    ask = match["ask"].strip()
    for prefix in ("判断", "决策", "decision"):
        ask = re.sub(rf"^{prefix}\s*[:：]\s*", "", ask, flags=re.IGNORECASE)
    return Decision(ask, tuple(answers))


def normalise_arrows(text: str) -> str:
    return text.replace("－>", "→").replace("—>", "→").replace("➔", "→").replace("⇒", "→")


@dataclass(frozen=True)
class Situation:
    when: str
    action: str
    escalate_to: str | None


def situation(text: str) -> Situation | None:
    """`若客户拒绝方案，需重新评估；升级至运营总监协调` → when, action, whom it goes up to."""
    match = _IF.match(text.strip())
    if match is None:
        return None
    action = match["action"].strip()
    action = re.sub(r"^(?:则|需|应|须)\s*", "", action)
    escalated = _ESCALATE.search(action)
    return Situation(
        match["when"].strip(), action.rstrip("。"), escalated["who"] if escalated else None
    )


def labelled(line: str) -> tuple[str, str]:
    """`协助: 品控经理` → (协助, 品控经理); a line without a short label → (line, "")."""
    match = re.match(r"^([^:：]{1,12})[:：]\s*(.*)$", line.strip())
    return (match[1].strip(), match[2].strip()) if match else (line.strip(), "")
