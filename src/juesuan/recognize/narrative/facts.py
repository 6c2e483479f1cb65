"""A section's tokens become NarrativeFacts: each amount tied by `Ties`, each share to
part / whole, each change to the current figure, each completion rate to the item's
budget and actual, each comparison word to their difference. The *topic* (the subject
of the sentence or numbered item, `因公出国(境)费` for `…支出决算为 0 万元`) stands in
when a label names only a measure (`支出决算为`, `较上年减少`)."""
from __future__ import annotations

import re
from decimal import Decimal

from ...catalog.subjects import function_path
from ...checks.formula import is_expression, single_cell
from ...model import NarrativeFact
from .text import CHANGE, MARKER, SENTENCE, Section, Stream, Token, name_of, subject_words
from .text import tokens as find_tokens
from .ties import PRIOR, Ties


def _literal_or_ref(fact: NarrativeFact | None) -> str | None:
    """A fact as an operand: its tie when it is an expression (bracketed if compound),
    else its printed value (a figure no table carries, e.g. a stated 年初预算)."""
    if fact is None:
        return None
    if is_expression(fact.refers_to):
        return fact.refers_to if " " not in fact.refers_to else f"({fact.refers_to})"
    if fact.value is not None:
        return _plain(fact.value)
    return None


def _plain(value: Decimal) -> str:
    return format(value, "f")


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
    for match in MARKER.finditer(text, 0, position):
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


def section_facts(section: Section, tier: Ties) -> list[NarrativeFact]:
    stream = section.stream
    text = stream.text
    tokens = find_tokens(stream)
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
        if token.kind == "blank" and token.unit == "%":
            pass  # `占本年支出%`: a rate left blank, no figure to tie
        elif token.kind in ("amount", "blank"):
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
    ends = [i for i in (text.find(ch, position) for ch in SENTENCE) if i >= 0]
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
            cell = single_cell(later.refers_to)
            if cell:
                if run and cell[0] != single_cell(run[0].refers_to)[0]:
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
    start = max(text.rfind(ch, 0, sentence_start - 1) for ch in SENTENCE) + 1
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


def _tie_change(fact: NarrativeFact, token: Token, previous: list[Token], tier: Ties,
                heading: str, topic: str) -> None:
    """An amount change is a prior-year figure; a percent change is X / (current ∓ X) × 100."""
    label = token.label[: CHANGE.search(token.label).start()]
    current, _also = tier.resolve(heading, label, topic)
    fact.subject = name_of(label) if subject_words(label) else topic
    if token.unit == "万元":
        stated_prior = [t for t in previous if t.fact and t.fact.measure == "上年" and t.unit == "万元"]
        if stated_prior and is_expression(current) and token.direction is not None:
            prior = _plain(stated_prior[-1].value)
            fact.refers_to = f"{current} - {prior}" if token.direction > 0 else f"{prior} - {current}"
        else:
            fact.refers_to = PRIOR
        fact.current = current if is_expression(current) else None
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
               tier: Ties, heading: str, head: NarrativeFact | None) -> None:
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
        ref, _also = tier.resolve(heading, whole_name, "", whole=True)
        if is_expression(ref):
            whole = ref if " " not in ref else f"({ref})"
        else:
            stated = [f for f in facts if f.kind == "amount" and whole_name in f.label and f.value is not None]
            if stated:
                whole = _literal_or_ref(stated[-1])
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
