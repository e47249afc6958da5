"""The supplementary fields of a card level as widgets, one per field, built from the design:
the form needs no change when a community defines a field. A field whose condition does not
hold is hidden, so Tab skips it, and its value is not sent."""

from __future__ import annotations

import json
from types import SimpleNamespace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from forms.cards.widgets import _Checklist, combo, set_code
from gridapp.services import carddesigns, cardfields


class ListPicker(QLineEdit):
    """Several of a list: Space opens the list, number keys toggle."""

    changed = Signal()

    def __init__(self, choices: list[str], parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.options = tuple(SimpleNamespace(code=c, label=c, symbol="") for c in choices)
        self.codes: list[str] = []
        self.setPlaceholderText("空格选择（可多选）")

    def set_codes(self, codes) -> None:
        chosen = set(codes or ())
        self.codes = [o.code for o in self.options if o.code in chosen]
        self.setText("、".join(self.codes))
        self.changed.emit()

    def keyPressEvent(self, event):
        if event.key() == Qt.Key.Key_Space:
            popup = _Checklist(self.options, set(self.codes), self)
            popup.move(self.mapToGlobal(self.rect().bottomLeft()))
            popup.resize(max(self.width(), 180), min(28 * len(self.options) + 8, 360))
            popup.exec()
            self.set_codes(popup.chosen)
            return
        super().keyPressEvent(event)


def _widget(field) -> QWidget:
    if field.kind == "choice":
        return combo({c: c for c in json.loads(field.choices)}, blank="")
    if field.kind == "bool":
        return combo({"是": "是", "否": "否"}, blank="")
    if field.kind == "multi":
        return ListPicker(json.loads(field.choices))
    w = QLineEdit()
    if field.kind == "date":
        w.setPlaceholderText("如 2026-11-22")
    elif field.kind in cardfields.RANGED and (field.min_value is not None or field.max_value is not None):
        low, high = (carddesigns.plain(v) for v in (field.min_value, field.max_value))
        w.setPlaceholderText(f"{'' if low is None else low}–{'' if high is None else high}")
    return w


def label_of(field) -> str:
    return field.label + ("（必填）" if field.required else "") + ("（已停用）" if field.retired_since else "")


class ExtraInputs:
    """The widgets of one level's fields; ``changed`` is called on every edit."""

    def __init__(self, fields, changed=None):
        self.fields = list(fields)
        self.names = {f.key: f.label for f in self.fields}
        self.widgets: dict[str, QWidget] = {}
        for f in self.fields:
            w = _widget(f)
            w.setToolTip(f.help or "")
            w.setAccessibleName(f.label)
            if changed is not None:
                if isinstance(w, QComboBox):
                    w.currentIndexChanged.connect(lambda _=None: changed())
                elif isinstance(w, ListPicker):
                    w.changed.connect(changed)
                else:
                    w.editingFinished.connect(changed)
            self.widgets[f.key] = w

    def value(self, key: str):
        w = self.widgets[key]
        if isinstance(w, QComboBox):
            return w.currentData()
        if isinstance(w, ListPicker):
            return list(w.codes)
        return w.text()

    def values(self, only_asked: bool = True) -> dict:
        return {f.key: self.value(f.key) for f in self.fields
                if not only_asked or not self.widgets[f.key].property("skipped")}

    def load(self, extra: dict | None) -> None:
        extra = extra or {}
        for key, w in self.widgets.items():
            value = extra.get(key, "")
            if isinstance(w, QComboBox):
                set_code(w, {True: "是", False: "否"}.get(value, value) if isinstance(value, bool) else value)
            elif isinstance(w, ListPicker):
                w.set_codes(value if isinstance(value, list) else [])
            else:
                w.setText("" if value is None else str(value))

    def show_for(self, facts: dict | None, shown=None) -> None:
        """Hide the fields whose condition does not hold for ``facts``; ``shown(widget, visible)``
        shows or hides a widget's place in the layout."""
        known = dict(facts or {}, **{k: v for k, v in self.values(only_asked=False).items() if v not in ("", [])})
        for f in self.fields:
            w = self.widgets[f.key]
            asked = cardfields.asked(f, known if facts is not None else None, self.names)
            w.setProperty("skipped", not asked)
            (shown or (lambda widget, visible: widget.setVisible(visible)))(w, asked)
