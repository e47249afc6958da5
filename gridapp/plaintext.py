"""Control characters in text from people, files and other sites.

C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F) controls have no place in a name or an
address: typed by accident, pasted from a web page or a terminal, they break spreadsheets
(Excel refuses most of them) and a terminal reads some of them as commands. Input refuses
them (``controls``); what is shown or exported replaces them (``printable``), since data
already stored, or arriving by sync, may hold them.
"""

from __future__ import annotations

import re

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
REPLACEMENT = "?"
_TERMINAL = {c: REPLACEMENT for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\n\t"}


def controls(text: str, allow: str = "") -> list[str]:
    """The control characters in ``text`` (each once, in order), those in ``allow`` apart."""
    return list(dict.fromkeys(c for c in CONTROL.findall(text or "") if c not in allow))


def describe(chars: list[str]) -> str:
    """``U+001B、U+0009`` for a message."""
    return "、".join(f"U+{ord(c):04X}" for c in chars)


def printable(text: str) -> str:
    """``text`` for one line of a message: every control character shown as ``?``."""
    return CONTROL.sub(REPLACEMENT, text or "")


def for_terminal(text: str) -> str:
    """``text`` for a terminal: line feeds and tabs kept, every other control character ``?``."""
    return text.translate(_TERMINAL)


class TerminalStream:
    """A text stream (stdout, stderr) that writes ``for_terminal`` text: what a command prints
    of stored names and addresses cannot move the cursor, clear the screen or set a title."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(for_terminal(text))

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name):
        return getattr(self._stream, name)
