"""One row of the card per member: name, ID number, relation, phone, status, categories."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QGridLayout, QLineEdit

from forms.cards.widgets import CategoryPicker, Feedback, combo, set_code
from gridapp import categories as cats
from gridapp import vocab
from gridapp.store.catalogue import labels

KEYS = ("name", "id_number", "relation", "phone", "status", "inflow_reason", "categories")
COLUMNS = tuple(labels("person", *KEYS).values())


class MemberRow(QObject):
    """Widgets of one member, laid into the form's member grid by ``place``."""

    edited = Signal()

    def __init__(self, parent=None, head: bool = False):
        super().__init__(parent)
        self.head = head
        self.person_id = None
        self.move = False
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(22)
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(vocab.RELATIONS)
        self.relation.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.relation.setCurrentText("户主" if head else "")
        self.relation.setEnabled(not head)
        self.phone = QLineEdit()
        self.status = combo(vocab.STATUS)
        self.reason = combo(vocab.INFLOW_REASON, blank="")
        self.categories = CategoryPicker(cats.PERSON)
        self.feedback = Feedback()
        self.extra = None  # the person's supplementary fields (extrafields.ExtraInputs)
        self.basic_inputs = (self.name, self.id_number, self.relation, self.phone, self.status, self.reason,
                             self.categories)
        self.inputs = self.basic_inputs
        for w in (self.name, self.id_number, self.phone):
            w.editingFinished.connect(self.edited)
        self.relation.currentTextChanged.connect(lambda _: self.edited.emit())
        self.status.currentIndexChanged.connect(lambda _: self.edited.emit())
        self.reason.currentIndexChanged.connect(lambda _: self.edited.emit())
        self.categories.changed.connect(self.edited)

    def place(self, grid: QGridLayout, row: int, first_column: int = 0) -> None:
        for i, w in enumerate(self.inputs):
            grid.addWidget(w, row, first_column + i)
        grid.addWidget(self.feedback, row + 1, first_column, 1, len(self.inputs))
        for w in (*self.inputs, self.feedback):
            w.show()  # at once, so the new row can take the focus

    def set_extra(self, extra) -> None:
        """The person's supplementary fields; laid after the basic columns by ``place``
        (the head's are laid by the form)."""
        if self.extra is not None and not self.head:
            for w in self.extra.widgets.values():
                w.setParent(None)
                w.deleteLater()
        self.extra = extra
        self.inputs = self.basic_inputs + (() if self.head else tuple(extra.widgets.values()))

    def remove(self) -> None:
        for w in (*self.inputs, self.feedback):
            w.setParent(None)
            w.deleteLater()
        self.deleteLater()

    def data(self) -> dict:
        return {"person_id": str(self.person_id) if self.person_id else "", "name": self.name.text(),
                "id_number": self.id_number.text(), "relation": self.relation.currentText().strip(),
                "phone": self.phone.text(), "status": self.status.currentData(),
                "inflow_reason": self.reason.currentData(), "categories": list(self.categories.codes),
                **({"categories_removed": self.categories.removed} if self.categories.removed else {}),
                "move": self.move, **({"extra": self.extra.values()} if self.extra is not None else {})}

    def load(self, m: dict) -> None:
        self.person_id = m.get("person_id") or None
        self.move = bool(m.get("move"))
        self.name.setText(m.get("name", ""))
        self.id_number.setText(m.get("id_number", "") or "")
        if not self.head:
            self.relation.setCurrentText(m.get("relation", ""))
        self.phone.setText(m.get("phone", "") or "")
        set_code(self.status, m.get("status") or "resident")
        set_code(self.reason, m.get("inflow_reason", ""))
        self.categories.load(m.get("categories"))
        if self.extra is not None:
            self.extra.load(m.get("extra"))

    def is_blank(self) -> bool:
        return not (self.name.text().strip() or self.id_number.text().strip())
