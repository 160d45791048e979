"""Writers: circulars → JSON, YAML, JSON Lines, CSV, xlsx and Markdown, and an atomic file write.

JSON numbers are written from the exact digits of each Decimal (31200, 2.2), never through a float.
`render` is the one entry point the CLI uses; yaml and openpyxl are imported only by the formats
that need them.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .errors import SgbError
from .ledger import (
    INCENTIVE_COLUMNS,
    LEDGER_COLUMNS,
    ROLE_COLUMNS,
    TARGET_COLUMNS,
    columns,
    describe_deadline,
    describe_incentive,
    describe_target,
    incentive_rows,
    ledger_rows,
    plain_cell,
    target_rows,
)
from .models import Circular, Measure, model_items, plain_data, walk
from .numbers import plain

FORMATS = ("json", "yaml", "jsonl", "csv", "xlsx", "md", "html")
EXTENSIONS = {"json": ".json", "yaml": ".yaml", "jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx", "md": ".md",
              "html": ".html"}
BINARY_FORMATS = frozenset({"xlsx"})

_ESCAPE = json.JSONEncoder(ensure_ascii=False).encode
# The C string escaper behind _ESCAPE, called directly: strings are most of what is written.
_STRING = json.encoder.encode_basestring


def _emit(value: Any, out: list[str], indent: int | None, depth: int) -> None:
    kind = type(value)
    if kind is str:
        out.append(_STRING(value))
    elif value is None:
        out.append("null")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is bool:
        out.append("true" if value else "false")
    elif kind is dict or isinstance(value, BaseModel):
        if not value:    # an empty dict (a model always has fields)
            out.append("{}")
            return
        inner = _newline(indent, depth + 1)
        separator = ": " if indent is not None else ":"
        opener = "{" + inner
        add = out.append
        for key, item in value.items() if kind is dict else model_items(value):
            add(opener)
            opener = "," + inner
            add(_STRING(key) if type(key) is str else _ESCAPE(key))
            add(separator)
            if type(item) is str:       # the common leaves inline: no call per value
                add(_STRING(item))
            elif item is None:
                add("null")
            else:
                _emit(item, out, indent, depth + 1)
        add(_newline(indent, depth) + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        if all((type(v) is int or isinstance(v, Decimal)) for v in value):   # spans: [12, 40] on one line
            out.append("[" + (", " if indent is not None else ",").join(
                int.__repr__(v) if type(v) is int else plain(v) for v in value) + "]")
            return
        inner = _newline(indent, depth + 1)
        out.append("[")
        for i, item in enumerate(value):
            out.append("," + inner if i else inner)
            _emit(item, out, indent, depth + 1)
        out.append(_newline(indent, depth) + "]")
    elif isinstance(value, Decimal):
        out.append(plain(value))
    elif isinstance(value, (dt.date, dt.datetime)):
        out.append(_STRING(value.isoformat()))
    else:
        out.append(_ESCAPE(value))


@lru_cache(maxsize=64)
def _newline(indent: int | None, depth: int) -> str:
    return "" if indent is None else "\n" + " " * (indent * depth)


def dumps_json(data: Any, indent: int | None = 2) -> str:
    """JSON text of plain data or models, Decimals as exact numbers."""
    out: list[str] = []
    _emit(data, out, indent, 0)
    return "".join(out)


def to_json(circular: Circular, indent: int | None = 2) -> str:
    return dumps_json(circular, indent) + "\n"


def to_json_many(circulars: Sequence[Circular], indent: int | None = 2) -> str:
    """One circular → its object; several → a JSON array of them."""
    if len(circulars) == 1:
        return to_json(circulars[0], indent)
    return dumps_json(list(circulars), indent) + "\n"


# --- YAML ------------------------------------------------------------------------------------------

def to_yaml(circular: Circular) -> str:
    from .yamlio import dump_yaml

    return dump_yaml(plain_data(circular))


def to_yaml_many(circulars: Sequence[Circular]) -> str:
    """One circular → one document; several → a stream, each document opened by `---`."""
    if len(circulars) == 1:
        return to_yaml(circulars[0])
    return "".join("---\n" + to_yaml(c) for c in circulars)


# --- JSON Lines ------------------------------------------------------------------------------------

def identity(circular: Circular) -> dict[str, Any]:
    """What every JSON Lines record carries to say which circular it comes from."""
    return {
        "path": circular.source.path,
        "sha256": circular.source.sha256,
        "title": circular.title,
        "doc_number": circular.doc_number,
        "issuer": circular.issuer,
        "date": circular.date,
    }


def jsonl_records(circular: Circular) -> Iterator[dict[str, Any]]:
    """One record per measure (every node of the tree), children omitted, with its parent's path."""
    circ = identity(circular)

    def visit(measures: list[Measure], parent: str | None) -> Iterator[dict[str, Any]]:
        for measure in measures:
            data = plain_data(measure)
            del data["children"]
            yield {"circular": circ, "parent": parent, **data}
            yield from visit(measure.children, measure.path)

    yield from visit(circular.measures, None)


def to_jsonl(circulars: Sequence[Circular]) -> str:
    return "".join(dumps_json(record, indent=None) + "\n" for c in circulars for record in jsonl_records(c))


# --- CSV and xlsx ledgers --------------------------------------------------------------------------

def to_csv(circulars: Sequence[Circular]) -> str:
    """The task ledger as CSV: UTF-8 with a BOM (so Excel reads it), one row per measure."""
    with_file = len(circulars) > 1
    header = columns(LEDGER_COLUMNS, with_file=with_file)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    for circular in circulars:
        for row in ledger_rows(circular, with_file=with_file):
            writer.writerow([_csv_cell(row[name]) for name in header])
    return buffer.getvalue()


# A cell that begins like a formula is run by a spreadsheet (=HYPERLINK(…), +cmd|…): OWASP's rule is
# to prefix such text with an apostrophe in CSV. Numbers are written from Decimals and stay numbers.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    text = plain_cell(value)
    return "'" + text if isinstance(value, str) and text.startswith(_FORMULA_START) else text


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):  # an Excel cell is a double; integers stay exact
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _display_width(value: Any) -> int:
    text = plain_cell(value) if not isinstance(value, str) else value
    return max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n")), default=0)


def _fill_sheet(sheet: Any, header: Sequence[str], rows: Iterator[dict[str, Any]]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    widths = [_display_width(name) for name in header]
    for row in rows:
        values = [_xlsx_value(row[name]) for name in header]
        sheet.append(values)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"     # text, never a formula (openpyxl would store `=…` as one)
        for i, value in enumerate(values):
            widths[i] = max(widths[i], _display_width(value))
    for i in range(len(header)):
        letter = sheet.cell(row=1, column=i + 1).column_letter
        sheet.column_dimensions[letter].width = min(max(widths[i] + 2, 6), 60)
        if widths[i] > 58:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i + 1, max_col=i + 1):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"


def to_xlsx(circulars: Sequence[Circular]) -> bytes:
    """The task ledger as an Excel workbook: sheet 任务台账 (one row per measure), 量化指标 and 政策兑现."""
    from openpyxl import Workbook

    with_file = len(circulars) > 1
    book = Workbook()
    ledger = book.active
    ledger.title = "任务台账"
    _fill_sheet(ledger, columns(LEDGER_COLUMNS, with_file=with_file),
                (row for c in circulars for row in ledger_rows(c, with_file=with_file)))
    targets = book.create_sheet("量化指标")
    _fill_sheet(targets, columns(TARGET_COLUMNS, with_file=with_file),
                (row for c in circulars for row in target_rows(c, with_file=with_file)))
    incentives = book.create_sheet("政策兑现")
    _fill_sheet(incentives, columns(INCENTIVE_COLUMNS, with_file=with_file),
                (row for c in circulars for row in incentive_rows(c, with_file=with_file)))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Markdown --------------------------------------------------------------------------------------

_BASIS = {"date": "成文日期", "doc_number": "发文字号年份", "published": "发布日期", "option": "--reference-date",
          "title": "标题年份", "none": "无"}


def _cell(text: Any) -> str:
    return plain_cell(text).replace("|", "\\|").replace("\n", " ") or "—"


def _reference(title: str | None, doc_number: str | None) -> str:
    return (f"《{title}》" if title else "") + (f"（{doc_number}）" if doc_number else "")


def _markdown_one(circular: Circular, out: list[str]) -> None:
    out.append(f"# {circular.title or circular.source.path}\n\n")
    reference = circular.reference_date
    rows = [
        ("发文机关", circular.issuer),
        ("发文字号", circular.doc_number),
        ("成文日期", circular.date),
        ("发布日期", circular.published),
        ("主送机关", "，".join(circular.recipients)),
        ("公开方式", circular.disclosure),
        ("引用文件", "；".join(_reference(r.title, r.doc_number) for r in circular.references)),
        ("参照日期", f"{reference.date.isoformat()}（{_BASIS[reference.basis]}）" if reference.date else None),
        ("来源", circular.source.path),
        ("sha256", circular.source.sha256),
    ]
    out.append("| 字段 | 内容 |\n| --- | --- |\n")
    out.extend(f"| {name} | {_cell(value)} |\n" for name, value in rows)
    if circular.preamble:
        out.append("\n> " + circular.preamble.strip().replace("\n", "\n> ") + "\n")
    out.append("\n## 措施\n")
    for measure in walk(circular.measures):
        hashes = "#" * min(2 + measure.level, 6)
        out.append(f"\n{hashes} {measure.path} {measure.title}\n\n")
        items: list[str] = []
        for role, column in ROLE_COLUMNS.items():
            names = [a.name for a in measure.responsible_units if a.role == role]
            if names:
                items.append(f"- {column}：{'、'.join(names)}\n")
        if measure.targets:
            items.append("- 量化指标：\n")
            items.extend(f"  - {describe_target(measure, t)}\n" for t in measure.targets)
        if measure.incentives:
            items.append("- 政策兑现：\n")
            items.extend(f"  - {describe_incentive(i)}\n" for i in measure.incentives)
        if measure.deadlines:
            items.append("- 完成时限：" + "；".join(dict.fromkeys(describe_deadline(d) for d in measure.deadlines)) + "\n")
        if not items and not measure.children:
            items.append("- （无责任单位、指标或时限）\n")
        out.extend(items)
    if circular.warnings:
        out.append("\n## 警告\n\n")
        out.extend(f"- `{w.code}`: {w.message}\n" for w in circular.warnings)


def to_markdown(circulars: Sequence[Circular]) -> str:
    """A readable report: title, metadata table, measures with agencies, targets, deadlines, warnings."""
    out: list[str] = []
    for i, circular in enumerate(circulars):
        if i:
            out.append("\n---\n\n")
        _markdown_one(circular, out)
    return "".join(out).replace("\n\n\n", "\n\n")


# --- HTML review page ------------------------------------------------------------------------------

def to_html(circulars: Sequence[Circular]) -> str:
    """The review page (review.py): the circular's text with every finding highlighted."""
    from .review import to_html as review_html

    return review_html(circulars)


_RENDERERS: dict[str, Callable[[Sequence[Circular]], str | bytes]] = {
    "json": to_json_many,
    "yaml": to_yaml_many,
    "jsonl": to_jsonl,
    "csv": to_csv,
    "xlsx": to_xlsx,
    "md": to_markdown,
    "html": to_html,
}


# --- the one output function -----------------------------------------------------------------------

def render(circulars: Sequence[Circular], fmt: str) -> str | bytes:
    """Circulars in one of FORMATS: text, or bytes for xlsx. Several circulars make one combined output."""
    if not circulars:
        raise SgbError("nothing to write")
    renderer = _RENDERERS.get(fmt)
    if renderer is not None:
        return renderer(circulars)
    raise SgbError(f"unknown output format {fmt!r} (choose from {', '.join(FORMATS)})")


def output_name(source_path: str, fmt: str) -> str:
    """The file name of one input's output: `notice.txt` → `notice.json`; stdin → `stdin.json`."""
    stem = "stdin" if source_path == "-" else Path(source_path).stem
    return stem + EXTENSIONS[fmt]


def make_dirs(path: str | Path) -> None:
    """Create a directory and its parents; SgbError (one line) when that is impossible."""
    try:
        Path(path).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SgbError(f"{path}: cannot create directory ({exc.strerror or exc})") from None


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else what a plain open() would give (mkstemp makes 0600)."""
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write next to the target and rename over it, so an interrupted write leaves the old file.

    Nothing at the target is destroyed: a symlink is followed (the file it points to is replaced,
    the link stays), a FIFO or a device (/dev/null, /dev/stdout) is written through, a read-only
    file is refused. The temporary file is named after this process, so the next write to the same
    target removes what a killed run left behind."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    real = Path(os.path.realpath(path))       # a symlink (or a chain of them) → the file it names
    try:
        info = os.stat(real)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        if stat.S_ISDIR(info.st_mode):
            raise SgbError(f"{path}: cannot write (it is a directory)")
        _write_through(path, real, payload)
        return
    if info is not None and not os.access(real, os.W_OK):
        raise SgbError(f"{path}: cannot write (the file is read-only; remove it or make it writable first)")
    directory = real.parent
    _remove_stale_temporaries(directory, real.name)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{real.name}.{os.getpid()}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    try:
        os.fchmod(fd, _file_mode(real))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_through(path: Path, real: Path, payload: bytes) -> None:
    """A FIFO, a character device or a socket: written to as it is, never replaced by a file."""
    try:
        with open(real, "wb", buffering=0) as handle:
            view = memoryview(payload)
            while view:
                view = view[handle.write(view) or 0:]
    except OSError as exc:
        raise SgbError(f"{path}: cannot write ({exc.strerror or exc})") from None


_TEMPORARY = re.compile(r"\.(?P<name>.+)\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.tmp")


def _remove_stale_temporaries(directory: Path, name: str) -> None:
    """Temporary files of `name` left by a write that was killed (its process is gone)."""
    prefix = f".{name}."
    try:
        entries = [e for e in os.scandir(directory) if e.name.startswith(prefix) and e.name.endswith(".tmp")]
    except OSError:
        return
    for entry in entries:
        m = _TEMPORARY.fullmatch(entry.name)
        if m is None or m.group("name") != name or _alive(int(m.group("pid"))):
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False      # our own leftovers (an earlier write of this process that failed)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True       # another user's process: alive, not ours to judge
    return True
