"""The loader: YAML 1.2 values, positions, and hostile input as findings."""

from __future__ import annotations

import json
import math
import time
from pathlib import Path

import pytest

from tests.conftest import invoke
from tourctl.load import Mark, load_text
from tourctl.load.yaml12 import resolve_plain


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("19:00", "19:00"),
        ("2024-05-02", "2024-05-02"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("null", None),
        ("", None),
        ("42", 42),
        ("-7", -7),
        ("0o17", 15),
        ("0x1F", 31),
        ("1.5", 1.5),
        ("1e3", 1000.0),
        ("012", 12),
        ("+420 601 234 567", "+420 601 234 567"),
    ],
)
def test_yaml_12_core_schema(text: str, value: object) -> None:
    assert resolve_plain(text) == value
    assert type(resolve_plain(text)) is type(value)


def test_special_floats() -> None:
    assert resolve_plain(".inf") == math.inf
    assert resolve_plain("-.Inf") == -math.inf
    assert math.isnan(resolve_plain(".nan"))


def test_quoted_scalars_stay_text() -> None:
    loaded = load_text("a: \"42\"\nb: 'true'\nc: !!str 19:00\n", "t.yaml")
    assert loaded.data == {"a": "42", "b": "true", "c": "19:00"}


def test_positions_of_keys_and_values() -> None:
    text = "tour:\n  id: x\nevents:\n  - title: A\n    start: '19:00'\n"
    loaded = load_text(text, "t.yaml")
    assert loaded.source.values[("tour", "id")] == Mark(2, 7)
    assert loaded.source.keys[("tour", "id")] == Mark(2, 3)
    assert loaded.source.values[("events", 0, "start")] == Mark(5, 12)
    assert loaded.source.keys[("events", 0, "start")] == Mark(5, 5)
    assert loaded.source.values[("events", 0)] == Mark(4, 5)


def test_unicode_columns_count_characters() -> None:
    loaded = load_text("city: Kraków\nx: 1\n", "t.yaml")
    assert loaded.source.values[("x",)] == Mark(2, 4)


def test_duplicate_key_reported_at_second() -> None:
    loaded = load_text("a: 1\nb: 2\na: 3\n", "t.yaml")
    assert [(f.code, f.line, f.column) for f in loaded.findings] == [("duplicate-key", 3, 1)]
    assert loaded.data == {"a": 1, "b": 2}


def test_unknown_tag_is_a_finding() -> None:
    loaded = load_text("a: !!python/object:os.system x\n", "t.yaml")
    assert loaded.data is None
    assert loaded.findings[0].code == "yaml-syntax"


def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


HOSTILE: list[tuple[str, bytes, str]] = [
    ("alias-bomb", _bomb().encode(), "yaml-too-large"),
    ("deep-sequences", ("a: " + "[" * 50_000 + "]" * 50_000 + "\n").encode(), "yaml-too-deep"),
    (
        "deep-mappings",
        ("a: " + "{b: " * 20_000 + "1" + "}" * 20_000 + "\n").encode(),
        "yaml-too-deep",
    ),
    ("binary", bytes(range(256)) * 64, "not-text"),
    ("png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 100, "not-text"),
    ("latin-1", "version: 1\ncity: Krak\u00f3w\n".encode("latin-1"), "not-utf8"),
    ("utf-16", "version: 1\n".encode("utf-16"), "not-utf8"),
    ("tab-indent", b"version: 1\ntour:\n\tid: x\n", "yaml-tab"),
    ("empty", b"", "empty-plan"),
    ("only-comments", b"# nothing here\n", "empty-plan"),
    ("top-level-list", b"- version: 1\n", "not-a-mapping"),
    ("top-level-scalar", b"just text\n", "not-a-mapping"),
    ("two-documents", b"version: 1\n---\nversion: 1\n", "multiple-documents"),
    ("unclosed-quote", b'version: 1\ntitle: "unclosed\n', "yaml-syntax"),
    ("control-char", b"version: 1\ntitle: a\x07b\n", "not-text"),
    ("undefined-alias", b"a: *nope\n", "yaml-syntax"),
]


@pytest.mark.parametrize(("name", "data", "code"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_input_is_a_finding(tmp_path: Path, name: str, data: bytes, code: str) -> None:
    plan = tmp_path / f"{name}.yaml"
    plan.write_bytes(data)
    started = time.monotonic()
    result = invoke("validate", plan, "--format", "json", timeout=60)
    elapsed = time.monotonic() - started
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    payload = json.loads(result.stdout)
    assert [f["code"] for f in payload["findings"]] == [code], payload
    finding = payload["findings"][0]
    assert finding["line"] >= 1
    assert finding["column"] >= 1
    assert elapsed < 30  # generous: a bomb that expanded would take minutes or run out of memory


def test_bomb_stops_in_bounded_memory() -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    loaded = load_text(_bomb(12), "bomb.yaml")
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert loaded.findings[0].code == "yaml-too-large"
    assert after - before < 200_000  # KiB: far below what 9**12 values would need


def test_tab_finding_points_at_the_tab() -> None:
    loaded = load_text("version: 1\ntour:\n\tid: x\n", "t.yaml")
    finding = loaded.findings[0]
    assert (finding.code, finding.line, finding.column) == ("yaml-tab", 3, 1)
    assert "spaces" in finding.message


# --- layout mistakes, in the plan's terms -----------------------------------------------------

_EVENT = "events:\n  - title: Talk\n"


@pytest.mark.parametrize(
    ("name", "text", "line", "column", "says"),
    [
        (
            "colon in a title",
            "events:\n  - title: Queer Russia: building solidarity\n    venue: hall\n",
            2,
            5,
            'put the value in quotes, title: "Queer Russia: building solidarity"',
        ),
        (
            "colon and quotes in a value",
            'events:\n  - title: He said "no": really\n',
            2,
            5,
            "title: 'He said \"no\": really'",
        ),
        (
            "extra indent",
            _EVENT + "    venue: hall\n      date: 2024-05-02\n",
            4,
            7,
            "indented more than the keys above it (6 spaces before `date`, 4 before `venue`",
        ),
        (
            "missing indent",
            _EVENT + "    venue: hall\n   date: 2024-05-02\n    start: x\n",
            4,
            4,
            "indented less than the keys above it (3 spaces before `date`, 4 before `venue`",
        ),
        (
            "a key at the dash's indent",
            _EVENT + "    venue: hall\n  date: 2024-05-02\n",
            4,
            3,
            "indented less than the keys above it",
        ),
        (
            "missing colon, reported at its own line",
            _EVENT + "    venue hall\n    date: 2024-05-02\n",
            3,
            5,
            "`venue hall` has no ':' after its key: write venue: hall",
        ),
        (
            "dash without a space",
            _EVENT + "  -title: Other\n",
            3,
            3,
            "write '- title: Other'",
        ),
        (
            "an unclosed quote, at its start",
            'events:\n  - title: "Talk\n    venue: hall\n',
            2,
            12,
            'the text that starts with " here is never closed',
        ),
    ],
)
def test_layout_mistakes_say_what_to_do(
    name: str, text: str, line: int, column: int, says: str
) -> None:
    findings = load_text(text, "plan.yaml").findings
    assert [f.code for f in findings] == ["yaml-syntax"]
    finding = findings[0]
    assert says in finding.message
    assert "(YAML: " in finding.message  # libyaml's words, as a detail
    assert (finding.line, finding.column) == (line, column)


def test_an_unrecognised_syntax_error_keeps_libyamls_words() -> None:
    findings = load_text("a: [1, 2\n", "plan.yaml").findings
    assert findings[0].message.startswith("YAML syntax error: ")


# --- positions kept compactly, work bounded (issue 11) ------------------------------------


def test_locate_falls_back_to_the_nearest_written_place() -> None:
    text = "tour: {id: x}\nevents:\n  - &e {title: A, langs: [en, ru]}\n  - *e\n"
    source = load_text(text, "t.yaml").source
    assert source.locate(("events", 0, "langs", 1)) == Mark(3, 31)
    assert source.locate(("events", 0, "langs", 1), key=True) == Mark(3, 31)  # no key: value
    assert source.locate(("events", 0, "title"), key=True) == Mark(3, 9)
    assert source.locate(("events", 0, "missing")) == Mark(3, 5)  # the item, at its anchor
    assert source.locate(("events", 0, "missing"), key=True) == Mark(3, 5)
    assert source.locate(("events", 1, "title")) == Mark(4, 5)  # inside an alias: the alias
    assert source.locate(("nowhere", 3)) == Mark(1, 1)
    assert source.values.get(("events", 5)) is None
    assert ("events", 1) in source.values and ("events", 1) not in source.keys


def test_a_huge_mapping_finds_its_keys_by_index() -> None:
    text = "big:\n" + "".join(f"  k{i}: {i}\n" for i in range(5000))
    source = load_text(text, "t.yaml").source
    assert source.key_mark(("big", "k4999")) == Mark(5001, 3)
    assert source.value_mark(("big", "k4999")) == Mark(5001, 10)


def test_repeated_keys_and_short_values_are_one_object() -> None:
    text = "events:\n" + "".join(f"  - {{title: T, venue: v{i % 2}}}\n" for i in range(4))
    events = load_text(text, "t.yaml").data["events"]
    keys = [next(iter(e)) for e in events]
    assert all(k is keys[0] for k in keys)
    assert events[0]["venue"] is events[2]["venue"]


def test_duplicate_keys_are_found_at_their_path_after_loading() -> None:
    loaded = load_text("events:\n  - {a: 1, b: 2}\n  - {a: 1, a: 2}\n", "t.yaml")
    assert [(f.code, f.path, f.line, f.column) for f in loaded.findings] == [
        ("duplicate-key", "events[1].a", 3, 12)
    ]


def test_the_alias_budget_counts_the_text_an_alias_repeats() -> None:
    from tourctl.load.yaml12 import MAX_ALIASED

    long = "x" * 100_000
    few = f"a: &s {long}\nb: [" + ", ".join(["*s"] * 100) + "]\n"
    assert load_text(few, "t.yaml").findings == []
    many = f"a: &s {long}\nb: [" + ", ".join(["*s"] * (MAX_ALIASED // 1000)) + "]\n"
    assert [f.code for f in load_text(many, "t.yaml").findings] == ["yaml-too-large"]
    keyed = "k: &k " + "y" * 1000 + "\nm: {" + ", ".join(["*k : 1"] * 20_000) + "}\n"
    assert [f.code for f in load_text(keyed, "t.yaml").findings] == ["yaml-too-large"]
