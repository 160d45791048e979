"""Doc numbers (豫政办〔2024〕18号) and the documents a circular cites by one, with the 《title》 written
before the number where there is one. Decrees numbered without a year (国令第722号) count too.
"""

from __future__ import annotations

import regex

from .lazy import compiled, once
from .models import Reference
from .rules import alternation, load_rules
from .segment import Layout
from .text import DocText, normalise
from .title_lines import gloss_pattern, is_han, strip_glosses

# 豫政办〔2024〕18号, 岚政办发〔2025〕6号, 汴政办[2024]12号 (brackets of every width, normalised)
# A PDF or Word conversion may print 〔〕 as low quotes: 国办发„2009‟3号
DOC_NUMBER = regex.compile(r"(?P<code>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,10})[〔\[(【„](?P<year>(?:19|20)[0-9]{2})[〕\])】‟][ ]{0,2}(?P<no>[0-9]{1,5})[ ]{0,2}号")
_DOC_YEAR = compiled(r"[〔\[(【„](?:19|20)[0-9]{2}[〕\])】‟][ ]{0,2}[0-9]{1,5}[ ]{0,2}号")


@once
def _doc_number_verbs() -> list[str]:
    """Words that stand before a doc number but are not part of its issuer code, longest first."""
    return sorted(set(load_rules("document_parts.yaml")["doc_number_verbs"]), key=lambda w: (-len(w), w))


def _verb_end(code: str) -> int:
    """The end of the first verb in an issuer code (all ideographs) that leaves one to six characters
    of code after it (关于印发豫政办 → 4), else 0."""
    verbs = _doc_number_verbs()
    for start in range(len(code)):
        for verb in verbs:
            if code.startswith(verb, start) and 1 <= len(code) - start - len(verb) <= 6:
                return start + len(verb)
    return 0


def find_references(doc: DocText, parts: Layout, own_number: str | None) -> list[Reference]:
    """Documents cited with a doc number, in order of first mention, without repeats."""
    start = parts.lead[1] if parts.lead else 0
    norm = doc.norm
    refs: list[Reference] = []
    found_at: list[int] = []
    seen: set[str] = set()
    own = strip_glosses(normalise(own_number or "")).translate(_BRACKETS).replace(" ", "")
    # Find the bracketed year and number first, then read the issuer code before it.
    numbers = _DOC_YEAR().finditer(norm, start) if norm.find("号", start) >= 0 else ()
    for found in numbers:
        code_start = found.start()
        while code_start > max(start, found.start() - 10) and is_han(norm[code_start - 1]):
            code_start -= 1
        glossed = _before_glosses(norm, code_start, start)   # 湘政辦發(fā)〔2019〕56號
        if glossed < code_start:
            code_start, end = glossed, found.end()
            plain = DOC_NUMBER.fullmatch(strip_glosses(norm[code_start:end]))
            if plain is None:
                continue
            for _ in range(_verb_end(plain.group("code"))):   # past the verb's characters and their glosses
                gloss = gloss_pattern().match(norm, code_start + 1)
                code_start = gloss.end() if gloss else code_start + 1
        else:
            m = DOC_NUMBER.match(norm, code_start) if code_start < found.start() else None
            if m is None:
                continue
            code_start, end = m.start("code"), m.end()
            code_start += _verb_end(m.group("code"))
        number = doc.raw[code_start:end]
        key = strip_glosses(norm[code_start:end]).translate(_BRACKETS).replace(" ", "")
        if key == own or key in seen:
            continue
        seen.add(key)
        found_at.append(code_start)
        refs.append(Reference.model_construct(title=_cited_title(doc, code_start), doc_number=number))
    # Decrees are numbered without a year: 《…条例》（国令第722号）
    decrees = _decree().finditer(norm, start) if norm.find("令第", start) >= 0 else ()
    for decree in decrees:
        key = decree.group().replace(" ", "")
        if key in seen or key == own:
            continue
        seen.add(key)
        found_at.append(decree.start())
        refs.append(Reference.model_construct(title=_cited_title(doc, decree.start()), doc_number=doc.raw[decree.start():decree.end()]))
    return [ref for _, ref in sorted(zip(found_at, refs, strict=True), key=lambda pair: pair[0])]


@once
def _decree() -> regex.Pattern:
    """国令第722号, 国务院令第588号 (a decree's number), after a bracket, a book-title mark, a line start
    or a citing word."""
    words = load_rules("document_parts.yaml")
    return regex.compile(rf"(?:(?<=^|[\n(《》 ])|(?<={alternation(words['decree_citing_words'])}))"
                         rf"(?:{alternation(words['decree_issuers'])})?令第[ ]{{0,2}}[0-9]{{1,5}}[ ]{{0,2}}号", regex.M)


def _before_glosses(norm: str, code_start: int, limit: int) -> int:
    """Where an issuer code starts that pinyin glosses cut (川辦(bàn)發〔2023〕6号: at 川, not at 發)."""
    while code_start > limit and norm[code_start - 1] == ")":
        open_at = norm.rfind("(", max(limit, code_start - 12), code_start)
        gloss = gloss_pattern().fullmatch(norm, open_at, code_start) if open_at > limit else None
        if gloss is None:
            break
        head = open_at
        while head > max(limit, open_at - 10) and is_han(norm[head - 1]):
            head -= 1
        if head == open_at:
            break
        code_start = head
    return code_start


_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "(": "〔", ")": "〕", "【": "〔", "】": "〕", "„": "〔", "‟": "〕"})


def _cited_title(doc: DocText, number_start: int) -> str | None:
    """The 《title》 written right before a doc number: 《…》（豫政办〔2024〕18号）."""
    norm = doc.norm
    i = number_start - 1
    while i >= 0 and norm[i] in " (":
        i -= 1
    if i < 0 or norm[i] != "》":
        return None
    depth = 0
    for j in range(i, max(-1, i - 200), -1):
        if norm[j] == "》":
            depth += 1
        elif norm[j] == "《":
            depth -= 1
            if depth == 0:
                return doc.raw[j + 1:i]
    return None
