"""YAML loaders side by side on one plan, in one process (the loader choice in docs).

Run as a script by ``python -m bench``::

    python bench/loaders.py PLAN [--repeats 5] [--slow-repeats 1]

Prints JSON: for each loader, the seconds of every repeat (or why it was
skipped). Every candidate starts from the same ``str`` (decoding is timed
apart), so the figures compare parsing and building only:

* ``tourctl``: tourctl.loader.load_text: libyaml events → plain values, YAML 1.2
  scalars, a position for every key and value;
* ``compose``: ``yaml.compose(text, Loader=CSafeLoader)``: libyaml's node graph
  with start marks (positions), no Python values yet;
* ``load``: ``yaml.load(text, Loader=CSafeLoader)``: Python values, YAML 1.1,
  no positions;
* ``ruamel``: ruamel.yaml's round-trip loader (values with positions), slow,
  so run ``--slow-repeats`` times;
* ``rapidyaml``: ``ryml.parse_in_arena``: a C++ tree with no Python values
  (building them, with positions, would be a Python walk over the tree).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _tourctl(text: str) -> Callable[[], Any]:
    from tourctl.load.yaml12 import load_text

    return lambda: load_text(text, "plan.yaml")


def _compose(text: str) -> Callable[[], Any]:
    import yaml

    return lambda: yaml.compose(text, Loader=yaml.CSafeLoader)


def _load(text: str) -> Callable[[], Any]:
    import yaml

    return lambda: yaml.load(text, Loader=yaml.CSafeLoader)


def _ruamel(text: str) -> Callable[[], Any]:
    from ruamel.yaml import YAML  # type: ignore[import-not-found, unused-ignore]

    def run() -> Any:
        return YAML(typ="rt").load(text)

    return run


def _rapidyaml(text: str) -> Callable[[], Any]:
    import ryml  # type: ignore[import-not-found, unused-ignore]

    data = text.encode("utf-8")
    return lambda: ryml.parse_in_arena(data)


LOADERS: dict[str, tuple[Callable[[str], Callable[[], Any]], bool]] = {
    "tourctl": (_tourctl, False),
    "compose": (_compose, False),
    "load": (_load, False),
    "ruamel": (_ruamel, True),
    "rapidyaml": (_rapidyaml, False),
}


def time_one(fn: Callable[[], Any]) -> float:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("plan", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--slow-repeats", type=int, default=1)
    parser.add_argument("--skip", action="append", default=[], help="a loader not to run")
    args = parser.parse_args()
    raw = args.plan.read_bytes()
    start = time.perf_counter()
    text = raw.decode("utf-8")
    decode = time.perf_counter() - start
    out: dict[str, Any] = {"bytes": len(raw), "decode": decode, "loaders": {}}
    for name, (make, slow) in LOADERS.items():
        if name in args.skip:
            out["loaders"][name] = {"skipped": "not run at this size (too slow)"}
            continue
        try:
            fn = make(text)
        except ImportError as exc:
            out["loaders"][name] = {"skipped": f"not installed ({exc.name})"}
            continue
        repeats = args.slow_repeats if slow else args.repeats
        out["loaders"][name] = {"times": [time_one(fn) for _ in range(repeats)]}
        print(f"  loader {name}: {out['loaders'][name]['times']}", file=sys.stderr, flush=True)
    json.dump(out, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
