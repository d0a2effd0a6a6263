"""Sentences with exact offsets, and the quotations and statement blocks they sit in.

Offsets matter more than elegance here: every statement is quoted exactly, so
`text[s.start:s.end] == s.text` must hold for every sentence returned.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "inc", "ltd", "co", "corp", "jr", "sr", "st", "vs", "etc",
    "e.g", "i.e", "u.s", "u.k", "u.s.a", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "gen", "gov", "sen", "rep", "n.c", "d.c", "approx",
}
QUOTE_CHARS = "\"“”"
# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before
# whitespace and a capital, digit, quote or bullet; or at a line break; or at "; ".
_END = re.compile(r"([.!?…]+[\"”’')\]]*)(\s+)(?=[\"“‘'(\[]?[A-Z0-9•#@]|[\"“”])|;\s+|\n")
_BULLET = re.compile(r"^[\s•\-*·–]+")
_BLOCK_INTRO = re.compile(
    r"(?:statement|response|reply|email|message|post|note|letter|memo)\s+(?:reads|read|says|said|"
    r"stated|states|follows)\s*:\s*$|(?:said|says|wrote|writes|stated|states|added|explained|"
    r"reads)\s*:\s*$|(?:full statement|statement in full|statement below|"
    r"following statement)\s*:?\s*$",
    re.I)


@dataclass
class Sentence:
    text: str
    start: int
    end: int
    paragraph: int
    in_block: int | None = None      # index of the statement block it belongs to
    quote_spans: tuple[tuple[int, int], ...] = ()  # absolute spans of quotations inside it
    inside_quote: int | None = None  # index of the quotation the whole sentence lies in


@dataclass
class Quotation:
    start: int
    end: int                         # absolute offsets of the quoted text (without marks)
    paragraph: int


@dataclass
class Layout:
    sentences: list[Sentence]
    quotations: list[Quotation]      # in text order, never overlapping
    blocks: list[tuple[int, int]]    # (intro sentence index, last paragraph index of block)
    _starts: list[int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._starts = [q.start for q in self.quotations]

    def quotation_at(self, pos: int) -> int | None:
        """The index of the quotation holding offset `pos` (its closing mark included),
        found by bisection: asked once per statement, it must not walk every quotation."""
        i = bisect_right(self._starts, pos) - 1
        return i if i >= 0 and pos <= self.quotations[i].end else None


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in re.finditer(r"\n\s*\n|\Z", text):
        if text[pos:m.start()].strip():
            spans.append((pos, m.start()))
        pos = m.end()
    return spans


_TRAILING_WORD = re.compile(r"[\w.]+$")
# Every _BLOCK_INTRO ends in one of these (before trailing space): a cheap look at the
# end of a sentence saves searching it whole.
_BLOCK_INTRO_END = re.compile(r"(?::|statement|full|below)$", re.I)


def _word_before(text: str, dot: int) -> str | None:
    r"""The run of word characters and dots that ends at `dot` (what
    `re.search(r"[\w.]+$", text[:dot])` finds), read from a window widened as needed
    instead of searching the text from its start at every full stop."""
    size = 64
    while True:
        lo = max(0, dot - size)
        m = _TRAILING_WORD.search(text, lo, dot)
        if m is None:
            return None
        if m.start() > lo or lo == 0:
            return m.group(0)
        size *= 4


def _is_abbreviation(text: str, dot: int) -> bool:
    found = _word_before(text, dot)
    if not found:
        return False
    word = found.lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and word.isalpha()  # initials: "J. Smith"


def _split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in _END.finditer(text, start, end):
        if m.group(1) and m.group(1).startswith(".") and _is_abbreviation(text, m.start(1)):
            continue
        cut = m.end(1) if m.group(1) else m.start()
        if text[m.start():m.end()].startswith(";"):
            cut = m.start() + 1
        out.append((pos, cut))
        pos = m.end()
    out.append((pos, end))
    spans = []
    for s, e in out:
        seg = text[s:e]
        lead = len(seg) - len(_BULLET.sub("", seg)) if _BULLET.match(seg) else 0
        seg_stripped = seg[lead:].rstrip()
        s2 = s + lead + (len(seg[lead:]) - len(seg[lead:].lstrip()))
        e2 = s + lead + len(seg_stripped)
        if e2 > s2 and re.search(r"\w", text[s2:e2]):
            spans.append((s2, e2))
    return spans


def _quotations(text: str, start: int, end: int, paragraph: int) -> list[Quotation]:
    """Quotations in a paragraph: straight quotes toggle; curly quotes open and close
    (some outlets close with an opening mark, so a second “ closes too)."""
    quotes, open_at = [], None
    for i in range(start, end):
        ch = text[i]
        if ch not in QUOTE_CHARS:
            continue
        if open_at is None:
            if ch == "”" and i > start and text[i - 1].isalnum():
                continue  # a stray closing mark (inch sign, typo)
            open_at = i + 1
        else:
            if i - open_at > 1:
                quotes.append(Quotation(open_at, i, paragraph))
            open_at = None
    if open_at is not None and end - open_at > 20:
        quotes.append(Quotation(open_at, end, paragraph))  # runs to the paragraph's end
    return quotes


def layout(text: str) -> Layout:
    sentences: list[Sentence] = []
    quotations: list[Quotation] = []
    blocks: list[tuple[int, int]] = []
    paragraphs = _paragraphs(text)
    open_block: int | None = None
    for p_index, (ps, pe) in enumerate(paragraphs):
        quotes = _quotations(text, ps, pe, p_index)
        q_base = len(quotations)
        quotations += quotes
        spans = _split(text, ps, pe)
        if open_block is not None:
            first = text[spans[0][0]:spans[0][1]] if spans else ""
            # A block continues while its paragraphs read in the speaker's voice; a
            # paragraph that starts like narration ("Earlier this week, …") ends it.
            intro_paragraph = sentences[blocks[open_block][0]].paragraph
            narration = re.match(
                r"(?:Earlier|Later|Meanwhile|However|But|Last|This|On \w+day|In (?:a|an|the) "
                r"(?:report|statement|interview))\b", first)
            first_person = re.search(r"\b(?:we|our|us)\b", text[ps:pe], re.I)
            if narration or p_index > blocks[open_block][1] + 1 or (
                    p_index > intro_paragraph + 1 and not first_person):
                open_block = None
        for s, e in spans:
            inside = next((q_base + i for i, q in enumerate(quotes)
                           if q.start <= s + 1 and e - 1 <= q.end + 1), None)
            spans_in = tuple((q.start, q.end) for q in quotes if q.start < e and q.end > s)
            sentences.append(Sentence(text[s:e], s, e, p_index, open_block, spans_in, inside))
        if open_block is not None:
            blocks[open_block] = (blocks[open_block][0], p_index)
        last = text[spans[-1][0]:spans[-1][1]] if spans else ""
        if last and _BLOCK_INTRO_END.search(last.rstrip()[-12:]) and _BLOCK_INTRO.search(last):
            blocks.append((len(sentences) - 1, p_index))
            open_block = len(blocks) - 1
    return Layout(sentences, quotations, blocks)
