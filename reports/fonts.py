"""CJK fonts for every PDF gridapp prints: discovery, per-character fallback, honest text.

reportlab embeds TrueType (glyf) fonts only, draws nothing for a character its font
lacks, and writes a wrong ToUnicode entry for characters outside the BMP (U+201D4
𠇔 comes out as U+201D ”). Here:

- the fonts on the machine (or shipped in ``resources/fonts``, or named in
  ``GRIDAPP_FONTS``) are tried in order of preference; fonts reportlab cannot embed
  are skipped;
- a string is split into runs, each drawn with the first font that has its
  characters; a character no font has is drawn as 〓 (so it is never silently
  blank) and listed by :func:`missing_characters` so the user can be told first;
- the ToUnicode CMaps are written as UTF-16, so text copied or searched from the
  PDF gives the right characters, including those outside the BMP.
"""

from __future__ import annotations

import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from gridapp import paths

ENV_FONTS = "GRIDAPP_FONTS"  # extra font files, os.pathsep-separated, tried first
PLACEHOLDER = "〓"  # the typesetter's mark for a character that has no type


@dataclass(frozen=True)
class FontSource:
    label: str
    path: Path
    index: int = 0  # the face inside a .ttc collection


def _windows_fonts() -> list[Path]:
    dirs = [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


# Sans (黑体) first: it reads best from a distance. A character the first font lacks comes from the
# next one that has it, so the fallbacks are ordered by how close they look to the sans faces: first
# the sans fonts with CJK Extension A (WenQuanYi Zen Hei, the Micro Hei's own family, has all of it:
# 䶮), then the serif ones that also hold Extension B (rare name characters such as 𠇔), which no sans
# TrueType font in Debian covers. Fonts that are not installed are left out (bootstrap.sh installs
# Micro Hei, Zen Hei and UMing).
_KNOWN = (
    ("Microsoft YaHei", "msyh.ttc", 0), ("SimHei", "simhei.ttf", 0),
    ("SimSun", "simsun.ttc", 0), ("SimSun-ExtB", "simsunb.ttf", 0),
)
_LINUX = (
    ("WenQuanYi Micro Hei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("WenQuanYi Zen Hei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("Droid Sans Fallback", "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("AR PL UMing", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("AR PL UKai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    ("BabelStone Han", "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf", 0),
)
_MAC = (
    ("Arial Unicode MS", "/Library/Fonts/Arial Unicode.ttf", 0),
    ("Songti", "/System/Library/Fonts/Supplemental/Songti.ttc", 0),
)


def candidate_sources() -> list[FontSource]:
    """Every font file worth trying, best first; those not on this machine are left out."""
    found: list[FontSource] = []
    for item in os.environ.get(ENV_FONTS, "").split(os.pathsep):
        if item:
            found.append(FontSource(Path(item).stem, Path(item)))
    shipped = paths.resource("fonts")
    if shipped.is_dir():
        found += [FontSource(p.stem, p) for p in sorted(shipped.iterdir())
                  if p.suffix.lower() in (".ttf", ".ttc")]
    for folder in _windows_fonts() if os.name == "nt" else ():
        found += [FontSource(label, folder / name, index) for label, name, index in _KNOWN]
    found += [FontSource(label, Path(p), index) for label, p, index in _LINUX + _MAC]
    return [s for s in found if s.path.is_file()]


def _tounicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with each code point written as UTF-16BE (surrogate pairs)."""
    def utf16(cp: int) -> str:
        return chr(cp).encode("utf-16-be", "surrogatepass").hex().upper()

    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap", "/CIDSystemInfo",
        f"<< /Registry ({fontname})", f"/Ordering ({fontname})", "/Supplement 0", ">> def",
        f"/CMapName /{fontname} def", "/CMapType 2 def", "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>", "endcodespacerange", f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(cp)}>" for i, cp in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


class CJKFont(TTFont):
    """A TrueType font whose ToUnicode maps are right for characters outside the BMP."""

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)  # forgets the document's state
        for n, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + base].content = _tounicode_cmap(base, subset)


class FontSet:
    """The usable fonts, in order of preference, loaded only when a character needs them."""

    def __init__(self, sources: Iterable[FontSource]):
        self._pending = list(sources)
        self.fonts: list[CJKFont] = []
        self.skipped: list[tuple[FontSource, str]] = []
        self._choice: dict[str, str | None] = {}
        self._runs: dict[str, list[tuple[str, str, bool]]] = {}
        self._widths: dict[str, float] = {}
        self._lock = threading.Lock()
        self._load_next()

    def _load_next(self) -> bool:
        while self._pending:
            source = self._pending.pop(0)
            name = f"gridapp-{len(self.fonts)}-{source.path.stem}"
            try:
                font = CJKFont(name, str(source.path), subfontIndex=source.index)
            except (TTFError, OSError) as exc:  # CFF/OTF outlines, a damaged file
                self.skipped.append((source, str(exc)))
                continue
            pdfmetrics.registerFont(font)
            self.fonts.append(font)
            return True
        return False

    @property
    def primary(self) -> str:
        if not self.fonts:
            from gridapp.errors import UserError
            raise UserError("找不到可嵌入 PDF 的中文字体（如黑体、宋体、文泉驿微米黑）：请安装后再打印。")
        return self.fonts[0].fontName

    def font_for(self, ch: str) -> str | None:
        """The name of the first font that has ``ch``; None if no font on the machine has it."""
        try:
            return self._choice[ch]
        except KeyError:
            pass
        with self._lock:
            code = ord(ch)
            i = 0
            while True:
                for font in self.fonts[i:]:
                    if code in font.face.charToGlyph:
                        self._choice[ch] = font.fontName
                        return font.fontName
                i = len(self.fonts)
                if not self._load_next():
                    break
            self._choice[ch] = None
            return None

    def runs(self, text: str) -> list[tuple[str, str, bool]]:
        """``text`` as (font name, characters, found) runs; a missing character becomes 〓."""
        cached = self._runs.get(text)
        if cached is not None:
            return cached
        primary = self.primary
        cmap = self.fonts[0].face.charToGlyph
        if all(ord(ch) in cmap for ch in text):
            result = [(primary, text, True)]
        else:
            result = []
            for ch in text:
                name = self.font_for(ch) if not ch.isspace() else primary
                found = name is not None
                if name is None:
                    ch = PLACEHOLDER
                    name = self.font_for(PLACEHOLDER) or primary
                if result and result[-1][0] == name and result[-1][2] == found:
                    result[-1] = (name, result[-1][1] + ch, found)
                else:
                    result.append((name, ch, found))
        if len(self._runs) > 100_000:
            self._runs.clear()
        self._runs[text] = result
        return result

    def unit_width(self, text: str) -> float:
        """The width of ``text`` at 1 pt."""
        width = self._widths.get(text)
        if width is None:
            width = sum(pdfmetrics.stringWidth(chars, name, 1000) for name, chars, _ in self.runs(text)) / 1000
            if len(self._widths) > 100_000:
                self._widths.clear()
            self._widths[text] = width
        return width

    def missing(self, text: str) -> list[str]:
        return [ch for ch in dict.fromkeys(text) if not ch.isspace() and self.font_for(ch) is None]


_default: FontSet | None = None
_default_lock = threading.Lock()


def default_fonts() -> FontSet:
    """The fonts of this machine, found once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = FontSet(candidate_sources())
        return _default


def string_width(text: str, size: float, fonts: FontSet | None = None) -> float:
    return (fonts or default_fonts()).unit_width(text) * size


def draw_string(canvas, x: float, y: float, text: str, size: float, *, anchor: str = "start",
                bold: bool = False, fonts: FontSet | None = None) -> float:
    """Draw ``text`` with per-character fallback; return its width.

    ``anchor`` is "start", "middle" or "end"; ``bold`` strokes the outline as well (CJK
    fonts rarely come with a bold face). A character no font has is drawn as 〓 and
    marked up with its real text (ActualText) so that copying it still gives it.
    """
    fonts = fonts or default_fonts()
    runs = fonts.runs(text)
    width = fonts.unit_width(text) * size
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    if bold:
        canvas.saveState()
        canvas.setLineWidth(size * 0.035)
        canvas.setStrokeColor(getattr(canvas, "_fillColorObj", (0, 0, 0)))

    def text_object(at):
        t = canvas.beginText(*at)
        if bold:
            t.setTextRenderMode(2)  # fill and stroke
        return t

    t = text_object((x, y))
    for (name, chars, found), original in zip(runs, _originals(text, runs)):
        if found:
            t.setFont(name, size)
            t.textOut(chars)
            continue
        # the marked span must hold only the placeholder: close the text object around it
        canvas.drawText(t)
        hexed = original.encode("utf-16-be", "surrogatepass").hex().upper()
        canvas.addLiteral(f"/Span <</ActualText <FEFF{hexed}>>> BDC")
        t = text_object(t.getCursor())
        t.setFont(name, size)
        t.textOut(chars)
        canvas.drawText(t)
        canvas.addLiteral("EMC")
        t = text_object(t.getCursor())
    canvas.drawText(t)
    if bold:
        canvas.restoreState()
    return width


def _originals(text: str, runs: list[tuple[str, str, bool]]) -> list[str]:
    """The characters of ``text`` each run stands for (a 〓 run stands for the missing ones)."""
    out, pos = [], 0
    for _name, chars, _found in runs:
        out.append(text[pos:pos + len(chars)])
        pos += len(chars)
    return out


def missing_characters(texts: Iterable[str], fonts: FontSet | None = None) -> dict[str, list[str]]:
    """Characters that no available font has, each with the texts (in order) that contain it."""
    fonts = fonts or default_fonts()
    found: dict[str, list[str]] = {}
    for text in texts:
        for ch in fonts.missing(text):
            found.setdefault(ch, []).append(text)
    return found


def fit_size(text: str, size: float, width: float, minimum: float, fonts: FontSet | None = None) -> float:
    """The largest size ≤ ``size`` (not below ``minimum``) at which ``text`` fits in ``width``."""
    natural = string_width(text, size, fonts)
    if natural <= width or natural == 0:
        return size
    return max(minimum, size * width / natural)


def wrap(text: str, size: float, width: float, fonts: FontSet | None = None, keep: Iterable[str] = ()) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` (by character, as Chinese is set), but never
    inside a number with its unit (``4.0%``, ``13.3 天``, ``2026年12月5日``, ``139 1234 5678``), a Latin
    word, or one of the ``keep`` phrases (building names, category labels) while it fits on a line;
    closing punctuation never starts a line, opening punctuation never ends one."""
    fonts = fonts or default_fonts()
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for token in _tokens(paragraph, keep, fonts, size, width):
            w = fonts.unit_width(token) * size
            if line and used + w > width and token not in _NO_BREAK_BEFORE:
                carried = ""
                while line and line[-1] in _NO_BREAK_AFTER:
                    line, carried = line[:-1], line[-1] + carried
                lines.append(line.rstrip())
                line = (carried + token).lstrip()
                used = fonts.unit_width(line) * size
            else:
                line += token
                used += w
        lines.append(line)
    return lines


_NO_BREAK_BEFORE = set("，。、；：！？）》」』”’,.;:!?)%％")
_NO_BREAK_AFTER = set("（《「『“‘(")
_UNITS = ("平方米", "户次", "人次", "小时", "分钟", "单元", "天/周", "%", "％", "‰", "岁", "人", "户", "张", "天", "周",
          "年", "月", "日", "号", "栋", "幢", "层", "室", "分", "次", "页", "册", "元", "项", "名", "个", "套", "倍", "米")
# a date, a phone in groups, or a number (decimals, thousands, ranges, ≥/×) with the unit after it
_WHOLE = (r"\d{4}年\d{1,2}月\d{1,2}日(?: \d{1,2}:\d{2})?|1\d{2} \d{4} \d{4}"
          r"|[≥≤<>×+-]?\d+(?:[.,:/–-]\d+)*(?: ?(?:" + "|".join(re.escape(u) for u in _UNITS) + r"))?"
          r"|[A-Za-z][A-Za-z0-9]*")


def _tokens(text: str, keep: Iterable[str] = (), fonts: FontSet | None = None, size: float = 0,
            width: float = 0) -> list[str]:
    """The pieces a line may break between; a piece wider than a whole line falls back to characters."""
    phrases = sorted({k for k in keep if k}, key=len, reverse=True)
    pattern = re.compile("|".join([*(re.escape(k) for k in phrases), _WHOLE, "."]), re.S)
    out: list[str] = []
    for m in pattern.finditer(text):
        token = m.group()
        if len(token) > 1 and fonts is not None and width and fonts.unit_width(token) * size > width:
            out.extend(token)
        else:
            out.append(token)
    return out
