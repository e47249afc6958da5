"""Verification by double entry: a card keyed a second time, blind; the differences are
shown field by field and a person decides which value stands (Space toggles, Ctrl+Enter
finishes)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from forms.cards.entry import CardEntryForm
from forms.cards.rows import RowsModel, table
from gridapp import cardlife, vocab
from gridapp.models import Card
from gridapp.services import cards, verify
from gridapp.store.session import current_user

CHILDREN = Qt.ShortcutContext.WidgetWithChildrenShortcut
DIFF_COLUMNS = [("成员", "who"), ("项目", "label"), ("原录入", "saved"), ("复核录入", "second"), ("采用", "choice")]


class BlindForm(CardEntryForm):
    """The entry form keyed a second time: nothing it types is saved or kept as a draft."""

    def __init__(self, card: Card, on_done, parent=None):
        self.verifying = card
        self.on_done = on_done
        super().__init__(parent)
        self.card_no.setText(card.card_no)
        self.card_no.setReadOnly(True)
        self.head.name.setFocus()

    def clear(self, keep_header: bool = True) -> None:
        super().clear(keep_header)
        self.household = self.verifying.household  # its own members are not duplicates

    def save_draft(self) -> None:
        pass

    def _blank_design(self) -> str:
        return self.verifying.design_version  # keyed again as it was first: under the card's design

    def set_aside(self) -> str:
        return ""

    def _card_no_left(self) -> None:
        pass  # keyed blind: nothing saved is shown

    def _address_left(self) -> None:
        self.check()

    def load_household_here(self) -> None:
        pass

    def restore_draft(self) -> bool:
        return False

    def save(self):
        self.on_done(self.raw(), self._keying())


def _show(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return vocab.GENDER.get(value) or vocab.STATUS.get(value) or value
    if isinstance(value, dict):
        return "、".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


class VerifyDialog(QDialog):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("复核录入（双录入比对）")
        self.resize(1300, 760)
        self.card: Card | None = None
        self.number = QLineEdit()
        self.number.setPlaceholderText("要复核的卡号，Enter 开始；或 Ctrl+R 随机抽一张未复核的卡")
        self.message = QLabel()
        self.stack = QStackedWidget()
        self.stack.addWidget(QWidget())
        self.diff_model = RowsModel(DIFF_COLUMNS, lambda r: "#1565c0" if r["choice"] == "复核录入" else None)
        self.diff_view = table(self.diff_model, [110, 90, 200, 200])
        diff_page = QWidget()
        dl = QVBoxLayout(diff_page)
        dl.addWidget(QLabel("空格：切换采用的值　Ctrl+Enter：确认，完成复核"))
        dl.addWidget(self.diff_view)
        self.stack.addWidget(diff_page)
        top = QHBoxLayout()
        top.addWidget(self.number, 1)
        sample = QPushButton("随机抽样(&R)")
        sample.setAutoDefault(False)  # Enter in the number field starts that card, not a random one
        sample.clicked.connect(self.random_card)
        top.addWidget(sample)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        self.number.returnPressed.connect(self.start)
        QShortcut(QKeySequence("Ctrl+R"), self, activated=self.random_card, context=CHILDREN)
        QShortcut(QKeySequence(Qt.Key.Key_Space), self.diff_view, activated=self.toggle,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.finish, context=CHILDREN)

    def random_card(self) -> None:
        candidates = verify.sample(None, 1)
        if not candidates:
            self.message.setText("没有待复核的卡。")
            return
        self.number.setText(candidates[0].card_no)
        self.start()

    def start(self) -> None:
        number = self.number.text().strip()
        card = Card.live().where(Card.card_no == number, Card.state.in_(cardlife.ENTERED)).first()
        if card is None:
            self.message.setText(f"卡号 {number} 不存在或尚未录入。")
            return
        if card.keyed_by == current_user():
            self.message.setText("提示：复核最好由另一位录入员进行。")
        self.card = card
        form = BlindForm(card, self.compare, self)
        if self.stack.count() > 2:
            old = self.stack.widget(2)
            self.stack.removeWidget(old)
            old.deleteLater()
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        form.head.name.setFocus()

    def compare(self, raw: dict, keying: dict) -> None:
        self.second, self.keying = raw, keying
        self.diffs = verify.compare(self.card, raw)
        names = [m.get("name", "") for m in raw["members"]]
        self.diff_model.set_rows([{"who": "（户）" if d.member < 0 else names[d.member], "label": d.label,
                                   "saved": _show(d.saved), "second": _show(d.second), "choice": "原录入", "diff": d}
                                  for d in self.diffs])
        self.stack.setCurrentIndex(1)
        self.diff_view.setFocus()
        if self.diffs:
            self.diff_view.selectRow(0)
        self.message.setText(f"两次录入有 {len(self.diffs)} 处不同。" if self.diffs else "两次录入完全一致。Ctrl+Enter 完成。")

    def toggle(self) -> None:
        index = self.diff_view.currentIndex()
        if not index.isValid():
            return
        row = self.diff_model.rows[index.row()]
        row["choice"] = "复核录入" if row["choice"] == "原录入" else "原录入"
        self.diff_model.set_rows(self.diff_model.rows)
        self.diff_view.selectRow(index.row())

    def finish(self) -> None:
        if self.card is None or self.stack.currentIndex() != 1:
            return
        taken = [r["diff"] for r in self.diff_model.rows if r["choice"] == "复核录入"]
        if taken:
            merged = verify.merge(self.card, self.second, taken)
            cards.save_card(merged, card=self.card, household=self.card.household, confirmed=True)
        verify.finish(self.card, differences=len(self.diffs), fields=self.keying["fields"],
                      keystrokes=self.keying["keystrokes"], seconds=self.keying["seconds"])
        self.message.setText(f"卡 {self.card.card_no} 已复核：{len(self.diffs)} 处不同，采用复核值 {len(taken)} 处。")
        self.card = None
        self.stack.setCurrentIndex(0)
        self.number.clear()
        self.number.setFocus()
