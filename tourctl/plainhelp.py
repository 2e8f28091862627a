"""Help and usage errors in words, not Python's or pydantic's.

Typer shows an argument as ``{plan} <str>``, a flag as ``--offline <bool>``, a
choice as ``[public|partners|team]`` beside ``<Audience>``, a range as
``x>=0.01``, and passes pydantic's ``Value error, …`` and ``'x' is not one of
'a', 'b'`` through to usage errors. ``PlainGroup`` (the app's group class)
rewrites each command's parameters once they are built; ``plain_usage_message``
rewrites a usage error's text before it is shown.
"""

import re
from collections.abc import Sequence
from typing import Any

from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption


class _PlainArgument(TyperArgument):
    """An argument as help shows it: ``PLAN``, ``[PATH]``, ``PLANS...``; no ``{plan} <str>``."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw
        name = name if self.required else f"[{name}]"
        return f"{name}..." if self.nargs != 1 else name

    def display_type_rich(self, ctx: Any) -> str | None:
        return None


def _plain_params(params: Sequence[Any]) -> None:
    """Help in words, not Python types: a flag shows no ``<bool>``, a choice ``a|b``, an
    argument its upper-case name; options that say their own metavar keep it."""
    for param in params:
        _range_in_words(param)
        if isinstance(param, TyperArgument):
            param.__class__ = _PlainArgument
            param.metavar = param.metavar or (param.name or "").upper()
        elif getattr(param, "metavar", "") is not None:
            continue
        elif getattr(param, "is_flag", False) or getattr(param, "count", False):
            param.metavar = ""  # --help, --offline: nothing after the name
        elif isinstance(param, TyperOption) and param.type_descriptor.is_choice:
            choices = param.type_descriptor.choices or ()
            param.metavar = "|".join(str(getattr(c, "value", c)) for c in choices)
        else:
            param.metavar = (param.name or "value").upper()


_RANGE_WORDS = (
    ("x>=", "at least "),
    ("x<=", "at most "),
    ("x>", "more than "),
    ("x<", "less than "),
)


def _range_in_words(param: Any) -> None:
    """``[x>=0.01]`` in help → ``[at least 0.01]``."""
    describe = getattr(param, "_get_number_range_help_str", None)
    text = describe() if describe is not None else None
    if not text or getattr(param, "_range_in_words", False):
        return
    for symbol, words in _RANGE_WORDS:
        text = text.replace(symbol, words)
    param._get_number_range_help_str = lambda: text
    param._range_in_words = True


class _PlainCommand(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        _plain_params(params)
        return params


class PlainGroup(TyperGroup):
    """The command group, with every command's help in words (``_plain_params``), the
    options click adds when help is asked (``--help``) included."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for command in self.commands.values():
            if type(command) is TyperCommand:
                command.__class__ = _PlainCommand

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)
        _plain_params(params)
        return params


_NOT_ONE_OF = re.compile(r"'([^']*)' is not one of ((?:'[^']*'(?:, )?)+)\.?")


_PYDANTIC_WORDS = (
    ("Input should be a valid number, unable to parse string as a number", "expected a number"),
    (
        "Input should be a valid integer, unable to parse string as an integer",
        "expected a whole number",
    ),
    ("Input should be greater than or equal to", "must be at least"),
    ("Input should be less than or equal to", "must be at most"),
    ("Input should be greater than", "must be more than"),
    ("Input should be less than", "must be less than"),
)


def plain_usage_message(message: str) -> str:
    """A usage error in words: no ``Value error,`` (pydantic's) and no Python reprs."""
    message = message.replace("Value error, ", "")
    for jargon, words in _PYDANTIC_WORDS:
        message = message.replace(jargon, words)

    def choices(match: re.Match[str]) -> str:
        listed = ", ".join(re.findall(r"'([^']*)'", match[2]))
        return f"'{match[1]}' is not a choice here; use one of: {listed}"

    return _NOT_ONE_OF.sub(choices, message)
