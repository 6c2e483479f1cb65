"""Read the figures of the 情况说明 (第三部分) and tie each to what it describes.

Steps, each printable: `explanation_lines` (the part between `第三部分 …说明` and the
next part), `sections` (split at `一、…说明` headings; sub-headings `（一）…` kept as
markers), `Stream` (the lines of a section joined with whitespace removed, so that
`决\\n算`, `小\\n于` and `582.\\n36` read as one word, each character remembering its
line), `_tokens` (every `X 万元`, `x%`, `N 辆/个`, a `为 万元` with no amount and every
`决算数小于预算数`), and `_tie` (catalog/narrative.yaml: which cell, computed figure or
`prior year` a figure is).

A figure's *label* is the words of its clause before it (`财政拨款收入` in
`其中：财政拨款收入 582.36 万元`); the *topic* is the subject of the sentence or
numbered item it sits in (`因公出国(境)费` for `…支出决算为 0 万元`), used when the label
names only a measure (`支出决算为`, `较上年减少`).
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from ..catalog import load
from ..model import Disclosure, NarrativeFact, TextLine, Where
from .normalize import squeeze, undouble

PRIOR = "prior year, not in tables"
NONE = "not in tables"

_PART = re.compile(r"^#*第[一二三四五六七八九十]+部分")
_TOC = re.compile(r"(?:\.{4,}|…{2,}|·{4,})\d*$")
_HEADING = re.compile(r"^[一二三四五六七八九十]{1,3}、")
_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]")
_MARKER = re.compile(
    r"(?:(?<=^)|(?<=[。；;：:]))(?:\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）])")
_LINE_ITEM = re.compile(r"^(?:\d{1,2}[、．](?!\d)|\d{1,2}\.(?![\d])|[（(]\d{1,2}[)）])")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_TOKEN = re.compile(
    rf"(?<![\d.,])(?P<num>{_NUMBER})(?P<unit>万元|[%％]|辆|个|人次|台[（(]套[)）])"
    rf"|(?P<blank>(?<=[为结余入出计额金费算])万元)"
    r"|(?P<cmp>决算数?(?P<rel>小于|大于|等于|低于|高于|超过)(?P<alt>[（(](?:小于|大于|等于)[)）])?(?:年初)?预算数?"
    r"|决算数?与(?:年初)?预算数?(?:基本)?(?:一致|相同|持平))"
)
_BOUNDARY = "，,；;。：:"
_SENTENCE = "。；;"
_CHANGE = re.compile(
    r"(?P<dir>增加|减少|增长|下降|上升|降低|节约|超支)(?P<alt>[（(](?:增加|减少|增长|下降)[)）])?了?[（(]?$")
_HEAD_AFTER = re.compile(r"^(?:[，,：:]?)(?:其中|主要包括|主要用于|包括|具体)")
_THRESHOLD_AFTER = re.compile(r"^(?:[（(]含[)）])?以[上下]")
_LEAD = re.compile(
    r"^(?:[、，,：:]|其中[：:]?|主要包括[：:]?|主要用于以下方面[：:]?|包括[：:]?|即|分别为|"
    r"\d{1,2}[.、．](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）]|"
    r"本(?:部门|单位)|(?:19|20)\d\d年度?)+")
_MEASURE = re.compile(
    r"(?:与(?:上年|(?:19|20)\d\d年度?)(?:决算|预算)?(?:数)?相比|[比较](?:上年|(?:19|20)\d\d年度?)(?:年初)?"
    r"(?:决算|预算)?数?|年初预算数?|全年预算数?|预算数?|支出决算数?|决算数?|执行数?|均为|为|各|共计|达到|了|"
    r"增加|减少|增长|下降|上升|降低|[（(）)]|其中|金额)")
DIRECTION = {"增加": 1, "增长": 1, "上升": 1, "超支": 1, "减少": -1, "下降": -1, "降低": -1, "节约": -1}


@dataclass
class Stream:
    """A section's text with whitespace removed; `where[i]` is the line of character i."""

    text: str = ""
    where: list[Where] = field(default_factory=list)
    lines: dict[int, TextLine] = field(default_factory=dict)  # index of first char → line
    markers: list[int] = field(default_factory=list)  # sub-heading / item starts
    sub: list[tuple[int, str]] = field(default_factory=list)  # (start, sub-heading)

    def add(self, text: str, line: TextLine, boundary: bool = False) -> None:
        if boundary and self.text and self.text[-1] not in _SENTENCE:
            self.text += "。"
            self.where.append(line.where)
        self.lines[len(self.text)] = line
        self.text += text
        self.where.extend([line.where] * len(text))

    def spans(self, start: int, end: int) -> list[dict]:
        out: list[dict] = []
        seen: set = set()
        for index in range(start, max(start + 1, end)):
            if index >= len(self.where):
                break
            where = self.where[index]
            key = (where.page, where.line, where.sheet, where.cell)
            if key in seen:
                continue
            seen.add(key)
            line_text = next((l.text.strip() for i, l in self.lines.items() if l.where == where), "")
            out.append({**where.to_dict(), "text": line_text})
        return out


@dataclass
class Section:
    heading: str
    stream: Stream


def clean(text: str) -> str:
    """A narrative line as comparable text: markup, list bullets, whitespace and doubling removed."""
    text = re.sub(r"</?[a-zA-Z][^>]*>", "", text)
    text = re.sub(r"^\s*#+\s*", "", text)
    text = re.sub(r"^\s*[-*]\s+", "", text)
    return undouble(squeeze(text))


def explanation_lines(lines: list[TextLine]) -> list[TextLine]:
    """The lines of the 情况说明 part; all lines when the document prints no part headings."""
    out: list[TextLine] = []
    inside = False
    found = False
    for line in lines:
        text = clean(line.text)
        if _PART.match(text) and not _TOC.search(text):
            inside = "说明" in text
            found = found or inside
            continue
        if inside:
            out.append(line)
    return out if found else list(lines)


def is_heading(text: str) -> bool:
    return bool(_HEADING.match(text)) and len(text) <= 45 and not re.search(r"\d万元|\d[%％]", text)


def is_subheading(text: str) -> bool:
    return bool(_SUBHEADING.match(text)) and len(text) <= 40 and not re.search(r"\d万元|\d[%％]", text)


def sections(lines: list[TextLine]) -> list[Section]:
    """Split the part at its `一、…` headings (text before the first heading is section '')."""
    out = [Section("", Stream())]
    for line in lines:
        text = clean(line.text)
        if not text:
            continue
        if is_heading(text):
            out.append(Section(text.rstrip("。."), Stream()))
            continue
        stream = out[-1].stream
        if is_subheading(text):
            stream.add("", line, boundary=True)
            stream.markers.append(len(stream.text))
            stream.sub.append((len(stream.text), text.rstrip("。.")))
            stream.add(text, line)
            stream.add("", line, boundary=True)
            continue
        if _LINE_ITEM.match(text):
            stream.add("", line, boundary=True)  # a numbered item starts a new sentence
        stream.add(text, line)
    return [s for s in out if s.stream.text]


# ---------------------------------------------------------------- catalog helpers


@lru_cache(maxsize=None)
def _subjects() -> dict[str, list[tuple[str, str, str]]]:
    """system (功能/经济) → [(code, level, name)] from catalog/subject_codes.csv."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    text = resources.files("juesuan.catalog").joinpath("subject_codes.csv").read_text(encoding="utf-8")
    rows = [r for r in csv.reader(line for line in text.splitlines() if line and not line.startswith("#"))]
    for row in rows[1:]:
        if len(row) >= 4:
            out.setdefault(row[0], []).append((row[1], row[2], row[3]))
    return out


def bare(name: str) -> str:
    """Compare names without brackets, the words 支出/费 at the end, and bracket style."""
    name = re.sub(r"[（(][^）)]*[)）]", "", name)
    return name.replace("“", "").replace("”", "").replace('"', "")


def function_classes() -> list[tuple[str, str]]:
    """(code, name) of every 功能分类 类, longest name first."""
    items = [(c, n) for c, level, n in _subjects().get("功能", []) if level == "类"]
    return sorted(items, key=lambda item: -len(item[1]))


def function_path(text: str) -> list[str]:
    """`卫生健康支出（类）医疗保障管理事务（款）事业运行（项）` → the names of 类, 款, 项."""
    parts = re.findall(r"([^（()）]+?)[（(](类|款|项)[)）]", text)
    return [name for name, _ in parts]


def economic_code(label: str, printed_rows: list[str] | tuple = ()) -> str | None:
    """The 经济分类 code a label names (`维修(护)费`, `维修费` → 30213), or None. A name
    printed under two 类 (办公设备购置 in 309 and 310) is the one the table prints."""
    name = bare(label)
    if not name:
        return None
    exact: list[str] = []
    best = None
    for code, _level, printed in _subjects().get("经济", []):
        candidate = bare(printed)
        if name == candidate or name == printed:
            exact.append(code)
        elif name.endswith(candidate) and len(candidate) >= 3 and (best is None or len(candidate) > best[1]):
            best = (code, len(candidate))
    if exact:
        present = [code for code in exact if code in printed_rows]
        return (present or exact)[0]
    return best[0] if best else None


# ---------------------------------------------------------------- tokens


@dataclass
class Token:
    kind: str
    start: int
    end: int
    value: Decimal | None
    unit: str
    printed: str
    label: str
    clause_start: int
    sentence_start: int
    head: bool = False  # followed by 其中 / 主要包括: the whole of a breakdown
    direction: int | None = None
    relation: int | None = None
    fact: NarrativeFact | None = None


def _tokens(stream: Stream) -> list[Token]:
    text = stream.text
    out: list[Token] = []
    previous_end = 0
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        clause = max(text.rfind(ch, 0, start) for ch in _BOUNDARY) + 1
        clause = max(clause, previous_end)
        sentence = max(text.rfind(ch, 0, start) for ch in _SENTENCE) + 1
        label = text[clause:start]
        if not label and clause > 0 and text[clause - 1] in "：:" and clause - 1 > previous_end:
            # `（1）某项目：420.9万元`: the name is the clause before the colon
            before = max(text.rfind(ch, 0, clause - 1) for ch in _BOUNDARY) + 1
            label = text[max(before, previous_end):clause - 1]
        if match.group("cmp"):
            relation = {"小于": -1, "低于": -1, "大于": 1, "高于": 1, "超过": 1, "等于": 0}.get(
                match.group("rel") or "", 0)
            if match.group("alt"):
                relation = None
            out.append(Token("comparison", start, end, None, "", match.group(0), label, clause,
                             sentence, relation=relation))
            previous_end = end
            continue
        if match.group("blank"):
            out.append(Token("blank", start, end, None, "万元", "", label, clause, sentence))
            previous_end = end
            continue
        printed = match.group("num")
        unit = match.group("unit").replace("％", "%").replace("(", "（").replace(")", "）")
        after = text[end:end + 12]
        if unit == "万元" and _THRESHOLD_AFTER.match(after):
            previous_end = end
            continue
        value = Decimal(printed.replace(",", ""))
        kind = "amount" if unit == "万元" else "percent" if unit == "%" else "count"
        token = Token(kind, start, end, value, unit, printed, label, clause, sentence)
        change = _CHANGE.search(label)
        if change and kind in ("amount", "percent"):
            token.kind = "change"
            token.direction = None if change.group("alt") else DIRECTION[change.group("dir")]
        elif kind == "percent":
            if "完成" in label:
                token.kind = "completion"
            elif "占" in label:
                token.kind = "share"
            else:
                token.kind = "percent"
        if token.kind == "amount" and _HEAD_AFTER.match(after):
            token.head = True
        out.append(token)
        previous_end = end
    return out


def name_of(label: str) -> str:
    """The naming words of a label: leading connectives, years and ordinals removed."""
    label = _LEAD.sub("", label)
    return label.strip("、，,：:（(")


def subject_words(label: str) -> str:
    """What is left of a label when its measure words are removed (`支出决算为` → '')."""
    return _MEASURE.sub("", name_of(label))


def topic_subject(topic: str) -> str:
    """A topic without the measure words it ends in (`…支出年初预算为` → `…支出`)."""
    return re.sub(r"(?:年初预算|全年预算|预算|支出决算|决算|执行|数|均为|为|是)+$", "", name_of(topic))


# ---------------------------------------------------------------- tying


class _Tier:
    """Resolve a figure's words to an expression, with the disclosure's rows at hand."""

    def __init__(self, disclosure: Disclosure):
        self.disclosure = disclosure
        self.kind = disclosure.kind if disclosure.kind in ("final_accounts", "budget") else None
        self.catalog = load("narrative.yaml")
        self.rows: dict[str, list[str]] = {}
        for table in disclosure.tables:
            seen = self.rows.setdefault(table.kind, [])
            for cell in table.cells:
                if cell.row not in seen:
                    seen.append(cell.row)
        self.present = {t.kind for t in disclosure.tables}

    def section_rules(self, heading: str) -> list[dict]:
        if not self.kind:
            return []
        for entry in self.catalog[self.kind]["sections"]:
            if re.search(entry["section"], heading):
                return list(entry["rules"])
        return []

    def resolve(self, heading: str, label: str, topic: str) -> tuple[str | None, list[str]]:
        """(refers_to, also) for a figure named `label` in `topic` under `heading`."""
        if not self.kind:
            return None, []
        own = name_of(label)
        has_subject = bool(subject_words(label))
        text = own if has_subject else f"{topic_subject(topic)}|{own}"
        rules = self.section_rules(heading) + list(self.catalog[self.kind].get("global", []))
        for rule in rules:
            pattern = rule.get("label") or ""
            if pattern and not re.search(pattern, text):
                continue
            if rule.get("topic") and not re.search(rule["topic"], topic + own):
                continue
            ref = rule["ref"]
            if ref == "none":
                return NONE, []
            if ref == "prior":
                return PRIOR, []
            if rule.get("requires") and rule["requires"] not in self.present:
                return NONE, []
            if ref.startswith("@"):
                raw = re.sub(r"^(?:[、，,：:]|\d{1,2}[.、．](?!\d)|[（(][\d一二三四五六七八九十]{1,3}[)）])+", "", label)
                resolved = self._resolver(ref, own, topic if not has_subject else "", raw)
                if resolved is None:
                    continue
                return resolved, []
            return ref, list(rule.get("also", []))
        return None, []

    def _resolver(self, ref: str, own: str, topic: str, raw: str = "") -> str | None:
        parts = ref[1:].split(":")
        if parts[0] == "function":
            return self._function(parts[1], parts[2], own) or (self._function(parts[1], parts[2], topic) if topic else None)
        if parts[0] == "economic":
            code = economic_code(own, self.rows.get(parts[1], []))
            return f"{{{parts[1]}:{code}:{parts[2]}}}" if code else None
        if parts[0] == "row":
            return self._row(parts[1], parts[2], raw)
        if parts[0] == "three_public":
            return self._three_public(own, topic)
        return None

    def _function(self, table: str, col: str, text: str) -> str | None:
        if not text:
            return None
        path = function_path(text)
        classes = function_classes()
        code = None
        for class_code, name in classes:
            short = name[:-2] if name.endswith("支出") else name
            head = path[0] if path else text
            if bare(head).startswith(name) or bare(head).startswith(short) and len(short) >= 2:
                code = class_code
                break
        if code is None:
            return None
        subjects = _subjects().get("功能", [])
        for depth, name in enumerate(path[1:], start=1):
            length = 3 + 2 * depth
            candidates = [c for c, _lvl, n in subjects if len(c) == length and c.startswith(code) and bare(n) == bare(name)]
            rows = [r for r in self.rows.get(table, []) if len(r) == length and r.startswith(code)]
            if not candidates:
                # 项 names repeat across 款 (行政运行, 事业运行): take the printed row of
                # this 款 whose code ends as the national suffix does.
                suffix = {"行政运行": "01", "一般行政管理事务": "02", "机关服务": "03", "事业运行": "50"}.get(bare(name))
                candidates = [r for r in rows if suffix and r.endswith(suffix)]
            if len(candidates) != 1:
                return None
            code = candidates[0]
        return f"{{{table}:{code}:{col}}}"

    def _row(self, table: str, col: str, text: str) -> str | None:
        name = bare(text).rstrip("：:")
        if len(name) < 2:
            return None
        rows = self.rows.get(table, [])
        exact = [r for r in rows if bare(r) == name]
        if not exact:
            exact = [r for r in rows if bare(r).startswith(name) and len(name) >= 6]
        if len(exact) != 1:
            return None
        return f"{{{table}:{exact[0]}:{col}}}"

    def _three_public(self, own: str, topic: str) -> str | None:
        entry = self.catalog[self.kind]
        items = entry.get("three_public", [])
        measure_budget = "预算" in own and "决算" not in own
        for item in items:
            pattern = item["name"]
            if pattern and not (re.search(pattern, own) or (topic and re.search(pattern, topic) and not subject_words(own))):
                continue
            col = item["budget"] if measure_budget else item["actual"]
            if col is None:
                return NONE
            return f"{{{entry['table']}:{entry['row']}:{col}}}"
        return None


def _literal_or_ref(fact: NarrativeFact | None) -> str | None:
    if fact is None:
        return None
    if fact.refers_to and fact.refers_to.startswith("{") or fact.refers_to and "{" in fact.refers_to:
        return fact.refers_to if " " not in fact.refers_to else f"({fact.refers_to})"
    if fact.value is not None:
        return _plain(fact.value)
    return None


def _plain(value: Decimal) -> str:
    return format(value, "f")


def read_facts(disclosure: Disclosure, lines: list[TextLine] | None = None) -> list[NarrativeFact]:
    """Every figure of the 情况说明 with its tie (the front door of this step)."""
    lines = disclosure.narrative if lines is None else lines
    tier = _Tier(disclosure)
    facts: list[NarrativeFact] = []
    for section in sections(explanation_lines(lines)):
        facts.extend(_section_facts(section, tier))
    return facts


def _sub_heading(stream: Stream, position: int) -> str:
    current = ""
    for start, heading in stream.sub:
        if start <= position:
            current = heading
    return current


def _item_topic(stream: Stream, position: int) -> tuple[int, str]:
    """The start of the numbered item holding `position`, and its words up to a number or `。`."""
    text = stream.text
    start = -1
    for match in _MARKER.finditer(text, 0, position):
        start = match.end()
    if start < 0:
        return -1, ""
    end = len(text)
    number = re.search(r"\d", text[start:position] or "")
    stop = text.find("。", start, position)
    if number:
        end = start + number.start()
    if stop >= 0:
        end = min(end, stop)
    return start, text[start:min(end, position)]


def _section_facts(section: Section, tier: _Tier) -> list[NarrativeFact]:
    stream = section.stream
    text = stream.text
    tokens = _tokens(stream)
    facts: list[NarrativeFact] = []
    topic = ""
    topic_item = -2
    last_sentence = -1
    head: NarrativeFact | None = None
    for index, token in enumerate(tokens):
        heading = section.heading
        sub = _sub_heading(stream, token.start)
        where_heading = f"{heading}|{sub}" if sub else heading
        item_start, item_words = _item_topic(stream, token.start)
        if token.sentence_start != last_sentence:
            last_sentence = token.sentence_start
            if subject_words(token.label) and token.kind in ("amount", "change", "blank", "count"):
                topic = name_of(token.label)
                topic_item = item_start
            elif item_start != topic_item and item_start >= 0 and subject_words(item_words):
                topic, topic_item = name_of(item_words), item_start
            else:
                lead = _figureless_sentence(text, token.sentence_start, tokens[index - 1].end if index else 0)
                if lead:
                    topic = lead
        elif item_start != topic_item and item_start >= 0 and item_start > token.sentence_start - 1 \
                and subject_words(item_words) and token.clause_start <= item_start:
            topic, topic_item = name_of(item_words), item_start
        fact = NarrativeFact(
            kind=token.kind, value=token.value, unit=token.unit, printed=token.printed,
            label=name_of(token.label), section=section.heading,
            text=text[token.clause_start:token.end], where=stream.where[token.start],
            direction=token.direction if token.kind != "comparison" else token.relation,
            subject=topic if not subject_words(token.label) else name_of(token.label),
            spans=stream.spans(token.clause_start, token.end),
            sentence=text[token.sentence_start:_sentence_end(text, token.end)],
        )
        token.fact = fact
        previous = [t for t in tokens[:index] if t.sentence_start == token.sentence_start and t.fact]
        if token.kind in ("amount", "blank"):
            fact.measure = _measure(token.label)
            ref, also = tier.resolve(where_heading, token.label, topic)
            if ref is None and re.match(r"^[比较](上年|(19|20)\d\d年)", name_of(token.label) or token.label.lstrip("，,")):
                ref = PRIOR
            if re.match(r"^[，,]?[比较](上年|(19|20)\d\d年)", token.label):
                ref, also = PRIOR, []
                fact.measure = "上年"
            fact.refers_to, fact.also = ref, also
            if token.head:
                head = fact
        elif token.kind == "change":
            fact.measure = "变动"
            _tie_change(fact, token, previous, tier, where_heading, topic)
        elif token.kind == "share":
            _tie_share(fact, token, previous, facts, tier, where_heading, head)
        elif token.kind == "completion":
            _tie_completion(fact, previous)
        elif token.kind == "comparison":
            _tie_comparison(fact, facts, topic)
        facts.append(fact)
    _tie_listed_total(facts)
    return facts


def _sentence_end(text: str, position: int) -> int:
    ends = [i for i in (text.find(ch, position) for ch in _SENTENCE) if i >= 0]
    return min(ends) + 1 if ends else len(text)


def _tie_listed_total(facts: list[NarrativeFact]) -> None:
    """`项目3个，涉及…909.45万元` followed by the projects one by one: an untied amount
    whose later siblings are single cells of one table column adding up to it is their sum."""
    for index, fact in enumerate(facts):
        if fact.kind != "amount" or fact.refers_to is not None or fact.value is None:
            continue
        run: list[NarrativeFact] = []
        for later in facts[index + 1:]:
            if later.kind != "amount":
                continue
            if later.refers_to and re.fullmatch(r"\{[^{}]+\}", later.refers_to):
                if run and later.refers_to.split(":")[0] != run[0].refers_to.split(":")[0]:
                    break
                run.append(later)
            elif run:
                break
        if len(run) >= 2 and sum(f.value for f in run) == fact.value:
            fact.refers_to = " + ".join(f.refers_to for f in run)


def _figureless_sentence(text: str, sentence_start: int, floor: int) -> str:
    """The sentence just before `sentence_start` when it states no figure but names a
    subject (`卫生健康支出（类）…事业运行（项）。年初预算为…`)."""
    if sentence_start < 2:
        return ""
    start = max(text.rfind(ch, 0, sentence_start - 1) for ch in _SENTENCE) + 1
    if start < floor:
        return ""
    sentence = text[start:sentence_start - 1]
    if re.search(r"\d", sentence) or not function_path(sentence) and not subject_words(sentence):
        return ""
    return name_of(sentence)


def _measure(label: str) -> str:
    if re.search(r"年初预算|全年预算|预算数?为|预算$", label) and "决算" not in label:
        return "预算"
    if re.search(r"决算|执行|支出", label):
        return "决算"
    return ""


def _tie_change(fact: NarrativeFact, token: Token, previous: list[Token], tier: _Tier,
                heading: str, topic: str) -> None:
    """An amount change is a prior-year figure; a percent change is X / (current ∓ X) × 100."""
    label = token.label[: _CHANGE.search(token.label).start()]
    current, _also = tier.resolve(heading, label, topic)
    fact.subject = name_of(label) if subject_words(label) else topic
    if token.unit == "万元":
        stated_prior = [t for t in previous if t.fact and t.fact.measure == "上年" and t.unit == "万元"]
        if stated_prior and current and "{" in current and token.direction is not None:
            prior = _plain(stated_prior[-1].value)
            fact.refers_to = f"{current} - {prior}" if token.direction > 0 else f"{prior} - {current}"
        else:
            fact.refers_to = PRIOR
        fact.current = current if current and "{" in current else None
        return
    amounts = [t for t in previous if t.kind == "change" and t.unit == "万元"]
    if not amounts:
        fact.refers_to = PRIOR
        return
    amount = amounts[-1]
    if amount.value == 0:
        fact.refers_to = PRIOR
        return
    base = amount.fact.current if amount.fact else None
    if base is None:
        fact.refers_to = PRIOR
        return
    direction = amount.direction if amount.direction is not None else token.direction
    x = _plain(amount.value)
    sign = "+" if direction is not None and direction < 0 else "-"
    if direction is None:
        fact.refers_to = PRIOR
        return
    fact.refers_to = f"{x} / ({base} {sign} {x}) * 100"


def _tie_share(fact: NarrativeFact, token: Token, previous: list[Token], facts: list[NarrativeFact],
               tier: _Tier, heading: str, head: NarrativeFact | None) -> None:
    label = token.label
    whole_name = label[label.find("占") + 1:]
    whole_name = re.sub(r"^比|的$", "", whole_name)
    numerator_fact = None
    if label.find("占") == 0 or not subject_words(label[: label.find("占")]):
        amounts = [t for t in previous if t.kind == "amount"]
        numerator_fact = amounts[-1].fact if amounts else None
    fact.subject = numerator_fact.label if numerator_fact else name_of(label[: label.find("占")])
    whole = None
    if whole_name:
        ref, _also = tier.resolve(heading, whole_name, "")
        if ref and "{" in ref:
            whole = ref if " " not in ref else f"({ref})"
        else:
            stated = [f for f in facts if f.kind == "amount" and whole_name in f.label and f.value is not None]
            if stated:
                whole = _literal_or_ref(stated[-1]) if stated[-1].refers_to and "{" in stated[-1].refers_to \
                    else _plain(stated[-1].value)
    elif head is not None:
        whole = _literal_or_ref(head)
    fact.measure = whole_name or (head.label if head else "")
    numerator = _literal_or_ref(numerator_fact)
    if numerator is not None and whole is not None:
        fact.refers_to = f"{numerator} / {whole} * 100"


def _tie_completion(fact: NarrativeFact, previous: list[Token]) -> None:
    amounts = [t.fact for t in previous if t.kind in ("amount", "blank") and t.fact]
    budget = next((f for f in reversed(amounts) if f.measure == "预算"), None)
    actual = next((f for f in reversed(amounts) if f.measure == "决算"), None)
    fact.subject = (actual or budget).subject if (actual or budget) else ""
    if budget is None or actual is None:
        return
    numerator, whole = _literal_or_ref(actual), _literal_or_ref(budget)
    if numerator and whole:
        fact.refers_to = f"{numerator} / {whole} * 100"


def _tie_comparison(fact: NarrativeFact, facts: list[NarrativeFact], topic: str) -> None:
    """`决算数小于预算数`: the sign of (actual − budget) of the item's last two figures."""
    recent = [f for f in facts[-8:] if f.kind == "amount" and f.measure in ("预算", "决算")]
    budget = next((f for f in reversed(recent) if f.measure == "预算"), None)
    actual = next((f for f in reversed(recent) if f.measure == "决算"), None)
    fact.subject = topic
    if budget is not None and actual is not None:
        fact.refers_to = f"{_literal_or_ref(actual)} - {_literal_or_ref(budget)}"
