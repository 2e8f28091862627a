"""Small helpers for the words tourctl prints: plurals, and user text made safe for rich."""

from __future__ import annotations

from collections.abc import Iterable


def plural(count: int, word: str, many: str | None = None) -> str:
    """``plural(1, "event")`` → ``1 event``; ``plural(2, "day")`` → ``2 days``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"


def escape(text: object) -> str:
    """Text from a plan, a path or a server, safe to print through rich markup.

    Every user string that reaches a rich console goes through here: rich reads
    ``[bold]`` as markup, and ``[/]`` with nothing open is an error.
    """
    from rich.markup import escape as rich_escape

    return rich_escape(str(text))


class CloseMatch:
    """``difflib.get_close_matches(word, candidates, n=1, cutoff)``, the same answers, fast.

    "Did you mean" runs once per unknown key or reference, and a hostile plan
    has hundreds of thousands of them: difflib's ratio costs about 10 µs a pair.
    Most candidates cannot reach the cutoff at all, and a cheap upper bound says
    so first: the characters two strings can match are at most the characters of
    the word that occur in the candidate. Answers are remembered per word.
    """

    def __init__(self, candidates: Iterable[str], cutoff: float = 0.6) -> None:
        self._candidates = [(c, frozenset(c)) for c in dict.fromkeys(candidates)]
        self._letters = frozenset().union(*(chars for _, chars in self._candidates))
        self._cutoff = cutoff
        self._known: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self._known:
            return self._known[word]
        found = self._best(word)
        if len(self._known) < 100_000:
            self._known[word] = found
        return found

    def _best(self, word: str) -> str | None:
        from difflib import SequenceMatcher, get_close_matches

        if not word:  # the degenerate case: difflib's own answer (an empty candidate matches)
            close = get_close_matches(word, [c for c, _ in self._candidates], 1, self._cutoff)
            return close[0] if close else None
        cutoff, length, letters = self._cutoff, len(word), frozenset(word)
        # No candidate can match more characters than the word has in any of them, and
        # 2B / (len(word) + B) is the best ratio that allows: mostly, nothing is close.
        common = self._letters & letters
        reach = sum(map(common.__contains__, word)) if common else 0
        if 2.0 * reach / (length + reach) < cutoff:
            return None
        matcher: SequenceMatcher[str] | None = None
        best: tuple[float, str] | None = None
        for candidate, chars in self._candidates:
            total = length + len(candidate)
            if 2.0 * min(length, len(candidate)) / total < cutoff:
                continue  # difflib's real_quick_ratio: the lengths alone rule it out
            common = chars & letters
            bound = min(len(candidate), sum(map(common.__contains__, word))) if common else 0
            if 2.0 * bound / total < cutoff:
                continue
            if matcher is None:
                matcher = SequenceMatcher()
                matcher.set_seq2(word)
            matcher.set_seq1(candidate)
            if matcher.quick_ratio() >= cutoff and matcher.ratio() >= cutoff:
                scored = (matcher.ratio(), candidate)
                best = scored if best is None or scored > best else best
        return best[1] if best is not None else None
