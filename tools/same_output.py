"""Show that a change leaves sgb's output byte for byte the same (the restructure's oracle of change).

`record` parses a fixed set of circulars and writes the sha256 of every output to a manifest;
`check` parses them again and lists every file whose output differs. The set:

- the sample and every circular in `data/raw/` and `tests/fixtures/circulars/` (in the repository);
- the 2,000 circulars of the benchmark corpus, generated afresh from `bench/corpus.py`'s fixed seed;
- the dev circulars in `../shared/gold/dev/` (and `real-dev/`) when that folder is beside the clone
  (or in $SGB_SHARED_GOLD).

Each circular is written as JSON, YAML, the CSV ledger and Markdown, so that a moved writer is
checked too. A circular that fails to parse records its error message instead of a digest.

    python tools/same_output.py record [--manifest tools/same_output.json]
    python tools/same_output.py check  [--manifest tools/same_output.json] [--every N]

`--every 10` checks every tenth corpus circular only: a quick look while moving code (a full check
takes a few minutes).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The shared annotations beside the clone (or where SGB_SHARED_GOLD says, e.g. from a git worktree).
SHARED = Path(os.environ.get("SGB_SHARED_GOLD") or ROOT.parent / "shared" / "gold")
FORMATS = ("json", "yaml", "csv", "md")


def _inputs(corpus_dir: Path, every: int = 1) -> Iterator[tuple[str, Path]]:
    """(key, path) of every circular in the set, in a stable order."""
    for folder, prefix in ((ROOT / "data/raw", "raw"), (ROOT / "tests/fixtures/circulars", "fixture")):
        for path in sorted(folder.glob("*.txt")):
            yield f"{prefix}/{path.name}", path
    for path in sorted(corpus_dir.rglob("*.txt"))[::every]:
        yield f"corpus/{path.relative_to(corpus_dir)}", path
    for sub in ("dev", "real-dev"):
        for path in sorted((SHARED / sub).glob("*")):
            if path.suffix in (".txt", ".html"):
                yield f"shared/{sub}/{path.name}", path


def _digests(corpus_dir: Path, every: int = 1) -> dict[str, str]:
    from shuangguoban import SgbError, parse_circular
    from shuangguoban.loader import load_bytes
    from shuangguoban.writers import render

    found: dict[str, str] = {}
    for key, path in _inputs(corpus_dir, every):
        try:   # read under its key, not its path: the output is the same in every clone and worktree
            loaded = load_bytes(path.read_bytes(), key)
            circular = parse_circular(loaded.text, source=loaded.source)
            if loaded.warnings:
                circular = circular.model_copy(update={"warnings": [*loaded.warnings, *circular.warnings]})
        except SgbError as exc:
            found[key] = f"error: {exc}"
            continue
        digest = hashlib.sha256()
        for fmt in FORMATS:
            out = render([circular], fmt)
            digest.update(out.encode("utf-8") if isinstance(out, str) else out)
        found[key] = digest.hexdigest()
    return found


def _corpus(into: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import DEFAULT_COUNT, DEFAULT_SEED, write_corpus

    write_corpus(into, DEFAULT_COUNT, DEFAULT_SEED)
    return into


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=("record", "check"))
    parser.add_argument("--every", type=int, default=1, help="check every Nth corpus circular only")
    parser.add_argument("--manifest", type=Path, default=ROOT / "tools" / "same_output.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        found = _digests(_corpus(Path(tmp)), 1 if args.action == "record" else max(args.every, 1))
    if args.action == "record":
        args.manifest.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"recorded {len(found)} circulars in {args.manifest}")
        return 0
    recorded = json.loads(args.manifest.read_text(encoding="utf-8"))
    changed = sorted(k for k in found.keys() & recorded.keys() if found[k] != recorded[k])
    missing = sorted(k for k in recorded.keys() - found.keys() if not k.startswith("corpus/") or args.every == 1)
    for key in changed:
        print(f"changed: {key}")
    for key in missing:
        print(f"not checked (input absent here): {key}")
    same = len(found.keys() & recorded.keys()) - len(changed)
    print(f"{same} circulars byte-identical, {len(changed)} changed, {len(missing)} not checked")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
