"""Stage one: a plan's bytes (file or stdin) → plain values and where each was written."""

from tourctl.load.reader import MAX_BYTES, STDIN, load_bytes, load_plan
from tourctl.load.source import Loaded, Mark, SourceMap
from tourctl.load.yaml12 import load_text

__all__ = [
    "MAX_BYTES",
    "STDIN",
    "Loaded",
    "Mark",
    "SourceMap",
    "load_bytes",
    "load_plan",
    "load_text",
]
