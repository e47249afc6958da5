"""The entry form's supplementary fields: the community's design built into the household box, the
head's fields and each member's columns, and a field hidden (and skipped by Tab) where its condition
does not hold. A mixin of ``CardEntryForm``, which holds the layouts and rows it fills."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from forms.cards.extrafields import ExtraInputs, label_of
from forms.cards.members import COLUMNS, MemberRow
from forms.cards.widgets import Feedback
from gridapp.services import cardconditions, cardfields


class SupplementaryFields:
    design: str
    def _build_extra(self, community_id) -> None:
        """The community's supplementary fields, as its design has them: the household's and the
        head's in their box, the other members' after each member's columns."""
        while self.extra_layout.rowCount():
            self.extra_layout.removeRow(0)
        design = self.design
        self.extra_inputs = ExtraInputs(cardfields.definitions(community_id, "household", design), self.check)
        self.person_fields = cardfields.definitions(community_id, "person", design)
        self.head.set_extra(ExtraInputs(self.person_fields, self.check))
        self.extra_widgets = {**self.extra_inputs.widgets,
                              **{f"head.{k}": w for k, w in self.head.extra.widgets.items()}}
        for inputs, prefix in ((self.extra_inputs, ""), (self.head.extra, "户主·")):
            for f in inputs.fields:
                w = inputs.widgets[f.key]
                self._watch_input(w)
                self.extra_layout.addRow(prefix + label_of(f), w)
        self.extra_feedback = Feedback()  # removeRow above deleted the previous one
        self.extra_layout.addRow(self.extra_feedback)
        self.extra_box.setVisible(bool(self.extra_widgets))
        for header in getattr(self, "_person_headers", []):
            header.setParent(None)
        self._person_headers = [QLabel(label_of(f)) for f in self.person_fields]
        for i, header in enumerate(self._person_headers):
            self.members_grid.addWidget(header, 0, len(COLUMNS) + i)
        for row in getattr(self, "rows", []):
            self._give_extra(row)
        if getattr(self, "rows", None):
            self._relayout()
        if hasattr(self, "_enter"):
            self._tab_order()
        self._show_design(cardfields.card_design(community_id, design))

    def _build_design_bar(self) -> None:
        """The strip above the card for a card keyed under an older design: what differs, and the
        button (F8) that moves it on."""
        self.design_note = QLabel()
        self.design_note.setWordWrap(True)
        self.upgrade_button = QPushButton("按新版登记卡补录(&V)")
        self.upgrade_button.clicked.connect(self.upgrade_design)
        self.design_bar = QWidget()
        bar = QHBoxLayout(self.design_bar)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.design_note, 1)
        bar.addWidget(self.upgrade_button)
        self.design_bar.hide()

    def _blank_design(self) -> str:
        """The design a blank card follows: the one in force."""
        return ""

    def upgrade_design(self) -> None:
        """F8: key this card under the design in force (按新版登记卡补录): the fields added since
        are asked, those retired since are no longer; the card moves to the new version when saved."""
        grid = self.current_grid()
        if grid is None or self.design_bar.isHidden():
            return
        info = cardfields.card_design(grid.community_id, self.design)
        self.load({**self.raw(), "design": info["current"]})
        self.status.setStyleSheet("")
        self.status.setText(f"此卡改按现行登记卡设计（版本 {info['current']}）补录，保存后生效"
                            + (f"；请补录：{'、'.join(info['added'])}" if info["added"] else "") + "。")
        widgets = list(self.extra_widgets.values())
        (widgets[0] if widgets else self.head.name).setFocus()

    def _show_design(self, info: dict) -> None:
        """A card keyed under an older design: say so, what changed since, and how to move it on."""
        self.design_bar.setVisible(info["older"])
        if not info["older"]:
            return
        said = [f"此卡按登记卡设计版本 {info['version']} 录入，按该版的补充项显示（现行版本 {info['current']}）"]
        if info["retired"]:
            said.append(f"已停用、本卡仍可修改：{'、'.join(info['retired'])}")
        if info["added"]:
            said.append(f"新版增加、本卡不填：{'、'.join(info['added'])}")
        self.design_note.setText("；".join(said) + "。按 F8 按新版登记卡补录。")

    def _give_extra(self, row: MemberRow) -> None:
        row.set_extra(ExtraInputs(self.person_fields, row.edited.emit))
        for w in row.extra.widgets.values():
            self._watch_input(w)

    def _show_conditions(self) -> None:
        """Hide the fields whose condition does not hold (Tab then skips them)."""
        def shown(widget, visible):
            self.extra_layout.setRowVisible(widget, visible)

        facts = cardconditions.facts_of_typed(self.head.data())
        self.extra_inputs.show_for(facts, shown)
        self.head.extra.show_for(facts, shown)
        for row in self.rows:
            if row.extra is not None:
                row.extra.show_for(cardconditions.facts_of_typed(row.data()))
