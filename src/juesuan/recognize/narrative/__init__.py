"""Read the figures of the 情况说明 (第三部分) and tie each to what it describes.

Steps, each printable: `without_page_numbers` (a PDF's footer `3` / `— 3 —` sits between
the lines of a sentence), `explanation_lines` (the part between `第三部分 …说明`, also
when broken over two lines, and the next part), `sections` (split at `一、…说明`
headings; sub-headings `（一）…` kept as markers), `Stream` (the lines of a section
joined with whitespace removed, so that `决\\n算`, `小\\n于` and `582.\\n36` read as one
word, each character remembering its line), `tokens` (every `X 万元`, `x%`, `N 辆/个`, a
`为 万元` with no amount and every `决算数小于预算数`), and `Ties` (catalog/narrative.yaml:
which cell, computed figure or `prior year` a figure is). Modules: `text` (part, sections,
stream, tokens), `ties` (the rules), `facts` (tokens → facts).

A figure's *label* is the words of its clause before it (`财政拨款收入` in
`其中：财政拨款收入 582.36 万元`); the *topic* is the subject of the sentence or
numbered item it sits in (`因公出国(境)费` for `…支出决算为 0 万元`), used when the label
names only a measure (`支出决算为`, `较上年减少`).
"""
from __future__ import annotations

from ...model import Disclosure, NarrativeFact, TextLine
from .facts import section_facts
from .text import clean, explanation_lines, name_of, sections, subject_words, tokens, without_page_numbers
from .ties import NONE, PRIOR, Ties

__all__ = ["NONE", "PRIOR", "Ties", "clean", "explanation_lines", "name_of", "read_facts", "sections",
           "subject_words", "tokens", "without_page_numbers"]


def read_facts(disclosure: Disclosure, lines: list[TextLine] | None = None) -> list[NarrativeFact]:
    """Every figure of the 情况说明 with its tie (the front door of this step)."""
    lines = disclosure.narrative if lines is None else lines
    ties = Ties(disclosure)
    facts: list[NarrativeFact] = []
    for section in sections(explanation_lines(lines)):
        facts.extend(section_facts(section, ties))
    return facts
