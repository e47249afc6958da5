"""The household card entry form: the paper card's order, keyboard only.

Tab or Enter follow the card; grid, worker and date carry forward to the next card;
Ctrl+N adds a member, Ctrl+S saves and opens the next blank card, Ctrl+D (or Esc, after
one confirming key) parks a card with errors as a draft, Ctrl+Shift+N clears it for a blank one, Ctrl+M confirms moving a person already registered
elsewhere into this household, F4 loads the household already at this address, F7
chooses what only the clerk can decide about the address (a new building or room, a
second household where another family lives). A field's messages show once it is left
(all of them when saving is tried) and go with the card; what is
typed is kept as a draft all along, and a card left unsaved for another goes to the
list of unfinished cards.
"""

from __future__ import annotations

import datetime as dt
import time

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from forms.cards import place as place_text
from forms.cards.extrafields import ExtraInputs
from forms.cards.keeping import KeepsTyping
from forms.cards.members import COLUMNS, MemberRow
from forms.cards.placechoices import AddressChoices
from forms.cards.shown import ShownFields
from forms.cards.supplementary import SupplementaryFields
from forms.cards.widgets import CategoryPicker, EnterMovesOn, Feedback, choose, labelled, set_code
from gridapp import cardlife, vocab
from gridapp import categories as cats
from gridapp.errors import UserError, ValidationError
from gridapp.models import Grid, Household
from gridapp.services import addresses, cardplace, cards, drafts
from gridapp.services.cardinput import parse_card
from gridapp.services.checks import WARNING, Issue
from gridapp.services.scope import grid_choices, grid_workers
from gridapp.store.catalogue import label


class CardEntryForm(SupplementaryFields, AddressChoices, KeepsTyping, QWidget):
    saved = Signal(object)  # cards.SaveResult

    def __init__(self, parent=None):
        super().__init__(parent)
        self.card = None  # the received Card being keyed, when its number is known
        self.design = ""  # the card design version the card follows (empty: the one in force)
        self.household: Household | None = None  # the household chosen at this address
        self.rows: list[MemberRow] = []
        self._keys = 0
        self._started: float | None = None
        self._restoring = False
        self._settled: dict[str, tuple] = {}  # "address" / "household" → the address it was chosen for
        self.shown = ShownFields()  # whose messages are on screen
        self._start_keeping()
        self._draft_timer = QTimer(self, singleShot=True, interval=400)
        self._draft_timer.timeout.connect(self.save_draft)
        self._build()
        self._enter = EnterMovesOn(self)
        self._watch(self)
        self._tab_order()
        self._shortcuts()
        self.load_grids()
        if not self.restore_draft():
            self.clear(keep_header=False)

    # --- layout -----------------------------------------------------------
    def _build(self) -> None:
        self.card_no = QLineEdit()
        self.grid = QComboBox()
        self.worker = QComboBox()
        self.collected_on = QLineEdit(dt.date.today().isoformat())
        self.header_feedback = Feedback()
        self.header_note = Feedback()  # what the intake recorded for this card number
        self._build_design_bar()
        header = QHBoxLayout()
        # Alt+letters that leave the menus' (F C T K P S U H) and the pages' (1–8) free
        for text, w in (("卡号(&N)", self.card_no), ("网格(&G)", self.grid), ("采集网格员(&W)", self.worker),
                        ("采集日期(&D)", self.collected_on)):
            header.addWidget(labelled(text, w))
            header.addWidget(w, 1)

        self.head = MemberRow(self, head=True)
        self.building = QLineEdit()
        self.building.setCompleter(QCompleter([], self.building))
        self.unit = QLineEdit("1")
        self.unit.setMaximumWidth(48)
        self.room = QLineEdit()
        self.room.setMaximumWidth(80)
        self.address_feedback = Feedback()
        self.address_note = Feedback()  # what is known at this address
        basic = QGridLayout()
        basic.addWidget(labelled("户主姓名(&M)", self.head.name), 0, 0)
        basic.addWidget(self.head.name, 0, 1)
        basic.addWidget(labelled("身份证号(&I)", self.head.id_number), 0, 2)
        basic.addWidget(self.head.id_number, 0, 3)
        address = QHBoxLayout()
        for text, w in (("楼栋", self.building), ("单元", self.unit), ("房号", self.room)):
            address.addWidget(QLabel(text))
            address.addWidget(w)
        basic.addWidget(labelled("现住址(&A)", self.building), 0, 4)
        basic.addLayout(address, 0, 5)
        basic.addWidget(labelled("联系电话(&E)", self.head.phone), 0, 6)
        basic.addWidget(self.head.phone, 0, 7)
        basic.addWidget(self.head.feedback, 1, 0, 1, 8)
        basic.addWidget(self.address_feedback, 2, 0, 1, 8)
        basic.addWidget(self.address_note, 3, 0, 1, 8)  # the whole width: what to decide, and the key
        self.household_categories = CategoryPicker(cats.HOUSEHOLD)
        more = QHBoxLayout()
        for text, w in (("户主" + label("person", "status"), self.head.status), (label("person", "inflow_reason"), self.head.reason),
                        ("户主类别", self.head.categories), ("户类别(&L)", self.household_categories)):
            more.addWidget(labelled(text, w))
            more.addWidget(w, 1)
        basic.addLayout(more, 4, 0, 1, 8)
        basic_box = QGroupBox("基本项")
        basic_box.setLayout(basic)

        self.extra_box = QGroupBox("社区补充项")
        self.extra_layout = QFormLayout(self.extra_box)
        self.extra_widgets: dict[str, QWidget] = {}
        self.extra_inputs, self.person_fields = ExtraInputs([]), []
        self.head.set_extra(ExtraInputs([]))
        self.extra_feedback = Feedback()

        self.members_box = QGroupBox("家庭成员（Ctrl+N 添加，Ctrl+Delete 删除当前行）")
        self.members_grid = QGridLayout(self.members_box)
        for i, text in enumerate(COLUMNS):
            self.members_grid.addWidget(QLabel(text), 0, i)

        self.result = QLabel()
        big = QFont(self.result.font())
        big.setPointSize(big.pointSize() + 14)
        big.setBold(True)
        self.result.setFont(big)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.keys_hint = QLabel(KEYS_HINT)
        self.keys_hint.setStyleSheet("color: gray;")
        self.keys_hint.setWordWrap(True)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(header)
        layout.addWidget(self.header_feedback)
        layout.addWidget(self.header_note)
        layout.addWidget(self.design_bar)
        layout.addWidget(basic_box)
        layout.addWidget(self.extra_box)
        layout.addWidget(self.members_box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.result)
        outer.addWidget(self.status)
        outer.addWidget(self.keys_hint)

        self.grid.currentIndexChanged.connect(self._grid_changed)
        self.card_no.editingFinished.connect(self._card_no_left)
        for w in (self.building, self.unit, self.room):
            w.editingFinished.connect(self._address_left)
        self.collected_on.editingFinished.connect(self.check)
        self.head.edited.connect(self.check)
        self.household_categories.changed.connect(self._typed)

    def _tab_order(self) -> None:
        """The paper card's order: header, the four basic items, the head's details, then the rest."""
        chain = [self.card_no, self.grid, self.worker, self.collected_on, self.head.name, self.head.id_number,
                 self.building, self.unit, self.room, self.head.phone, self.head.status, self.head.reason,
                 self.head.categories, self.household_categories, *self.extra_widgets.values()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _shortcuts(self) -> None:
        for keys, slot in (("Ctrl+S", self.save), ("Ctrl+N", self.add_member), ("Ctrl+Delete", self.remove_member),
                           ("Ctrl+D", self.park), ("Ctrl+M", self.confirm_move), ("F4", self.load_household_here),
                           ("F7", self.choose_place), ("F8", self.upgrade_design), ("Ctrl+Shift+N", lambda: self.clear(keep_header=True))):
            QShortcut(QKeySequence(keys), self, activated=slot,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _watch(self, widget: QWidget) -> None:
        for child in widget.findChildren(QWidget):
            self._watch_input(child)

    def _watch_input(self, w: QWidget) -> None:
        if isinstance(w, (QLineEdit, QComboBox)):
            w.installEventFilter(self._enter)
        w.installEventFilter(self)  # installed last, it sees each key first, Enter included
        if isinstance(w, QLineEdit):
            w.textChanged.connect(self._typed)

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.FocusOut and not self._restoring:
            field = self._field_of(obj)
            if field and (field not in self.shown.left or isinstance(obj, QComboBox)
                          or isinstance(obj.parent(), QComboBox)):
                self.shown.leave(field)
                self.check()  # left untouched: a line edit's editingFinished does not say so
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.leave_card()  # a key in a field of the form, not in a list or choice opened from it
            return True
        if event.type() == QEvent.Type.KeyPress:
            self._keys += 1
            if self._started is None:
                self._started = time.monotonic()
            if event.key() not in MODIFIERS:
                self.result.clear()  # the next card has begun: the last archive number is not for it
        return False

    def _field_of(self, w) -> str | None:
        """The card field a widget (or a combo box's line edit) holds, as the checks name it."""
        if isinstance(w.parent(), QComboBox):
            w = w.parent()
        named = {self.card_no: "card_no", self.grid: "grid", self.worker: "collected_by",
                 self.collected_on: "collected_on", self.building: "address.building", self.unit: "address.unit",
                 self.room: "address.room", self.household_categories: "household.categories"}
        if w in named:
            return named[w]
        for key, extra in self.extra_widgets.items():
            if w is extra:
                return f"household.extra.{key}"
        rows = [self.head] + [r for r in self.rows if not r.is_blank()]
        for i, row in enumerate(rows):
            for name in ("name", "id_number", "relation", "phone", "status", "reason", "categories"):
                if w is getattr(row, name):
                    return f"members[{i}].{'inflow_reason' if name == 'reason' else name}"
        return None

    # --- grids, workers, supplementary fields -----------------------------
    def load_grids(self) -> None:
        self.grid.blockSignals(True)
        self.grid.clear()
        for name, g in grid_choices():
            self.grid.addItem(name, str(g.id))
        self.grid.blockSignals(False)
        self._grid_changed()

    def current_grid(self) -> Grid | None:
        gid = self.grid.currentData()
        return Grid.get_or_none(Grid.id == gid) if gid else None  # None once another database is open

    def _grid_changed(self) -> None:
        grid = self.current_grid()
        self.worker.clear()
        if grid is None:
            return
        for s in grid_workers(grid):
            self.worker.addItem(f"{s.name}（{vocab.STAFF_ROLE.get(s.role, '')}）", s.name)
        self.refresh_buildings()
        self._build_extra(grid.community_id)
        self._changed()

    def refresh_buildings(self) -> None:
        """The building names offered as the address is typed: the chosen grid's."""
        grid = self.current_grid()
        if grid is not None:
            self.building.completer().model().setStringList(addresses.completions(grid, limit=500))

    # --- members ----------------------------------------------------------
    def add_member(self, data: dict | None = None) -> MemberRow:
        row = MemberRow(self)
        self._give_extra(row)
        row.place(self.members_grid, 1 + 2 * len(self.rows))
        for w in row.inputs:
            self._watch_input(w)
        row.edited.connect(self.check)
        last = (self.rows[-1].inputs[-1] if self.rows else
                (list(self.extra_widgets.values()) or [self.household_categories])[-1])
        for a, b in zip((last, *row.inputs), row.inputs):
            QWidget.setTabOrder(a, b)
        self.rows.append(row)
        if data:
            row.load(data)
        else:
            row.name.setFocus()
        return row

    def remove_member(self) -> None:
        focus = self.focusWidget()
        for row in self.rows:
            if focus in row.inputs:
                self.rows.remove(row)
                row.remove()
                self._relayout()
                self.check()
                return

    def _relayout(self) -> None:
        for i, row in enumerate(self.rows):
            row.place(self.members_grid, 1 + 2 * i)

    def _row_of_focus(self) -> MemberRow | None:
        focus = self.focusWidget()
        return next((r for r in [self.head, *self.rows] if focus in r.inputs), None)

    # --- the card as data -------------------------------------------------
    def raw(self, choices: bool = True) -> dict:
        """The card as typed; ``choices``: with what the clerk chose for this address (F7)."""
        grid = self.current_grid()
        extra = self.extra_inputs.values()
        members = [self.head.data()] + [r.data() for r in self.rows if not r.is_blank()]
        address = {"building": self.building.text().strip(), "unit": self.unit.text().strip() or "1",
                   "room": self.room.text().strip()}
        household = {"categories": list(self.household_categories.codes), "extra": extra}
        if self.household_categories.removed:
            household["categories_removed"] = self.household_categories.removed
        here = self._address_key()
        if choices and self._settled.get("address") == here:
            address["new"] = True
        if choices and self._settled.get("household") == here:
            household["at_address"] = cardplace.NEW
        return {"card_no": self.card_no.text().strip(),
                "community": grid.community.name if grid else "", "grid": grid.name if grid else "",
                "collected_by": self.worker.currentData() or "", "collected_on": self.collected_on.text().strip(),
                "address": address, "household": household, "members": members,
                "household_id": str(self.household.id) if self.household else "",
                **({"design": self.design} if self.design else {})}

    def _address_key(self) -> tuple:
        return (self.grid.currentData(), self.building.text().strip(), self.unit.text().strip() or "1",
                self.room.text().strip())

    def load(self, data: dict, keep_header: bool = True) -> None:
        """Fill the form from card data (a draft, or a household being edited)."""
        self.result.clear()  # another card: the last archive number is not for it
        self._restoring = True
        design, self.design = self.design, str(data.get("design") or "")
        try:
            if not keep_header:
                self.card_no.setText(data.get("card_no", ""))
                grid_label = data.get("grid", "")
                for i in range(self.grid.count()):
                    if self.grid.itemText(i).endswith(grid_label) and grid_label:
                        self.grid.setCurrentIndex(i)
                        break
                index = self.worker.findData(data.get("collected_by", ""))
                if index >= 0:
                    self.worker.setCurrentIndex(index)
                if data.get("collected_on"):
                    self.collected_on.setText(str(data["collected_on"]))
            grid = self.current_grid()
            if self.design != design and grid is not None:  # the fields of the card's own design
                self._build_extra(grid.community_id)
            address = data.get("address") or {}
            self.building.setText(address.get("building", ""))
            self.unit.setText(str(address.get("unit", "1")))
            self.room.setText(address.get("room", ""))
            household = data.get("household") or {}
            self.household_categories.load(household.get("categories"))
            self.extra_inputs.load(household.get("extra"))
            members = data.get("members") or [{}]
            self.head.load(members[0])
            for row in list(self.rows):
                row.remove()
            self.rows = []
            for m in members[1:]:
                self.add_member(m)
            hid = data.get("household_id")
            self.household = Household.get_or_none(Household.id == hid) if hid else None
            self.shown.all = True  # typed before: every message at once
            here = self._address_key()
            self._settled = {k: here for k, chosen in (("address", address.get("new")),
                                                         ("household", household.get("at_address"))) if chosen}
        finally:
            self._restoring = False
        self.check()

    # --- checks as you go -------------------------------------------------
    def _changed(self, *_) -> None:
        if not self._restoring:
            self._draft_timer.start()

    def check(self) -> list[Issue]:
        """Run the card's checks and show each message next to its field."""
        grid = self.current_grid()
        self._show_conditions()
        parsed = parse_card(self.raw(), grid.community_id if grid else None)
        issues = list(parsed.issues) + cards.duplicate_issues(parsed, self.household)
        issues += cards.mistyped_id_hints(parsed)
        place = cardplace.locate(grid, parsed, self.household) if grid else cardplace.Place()
        issues += [i for i in place.issues if i.field not in cardplace.FIELDS]
        rows = [self.head] + [r for r in self.rows if not r.is_blank()]
        by_row: dict[int, list[Issue]] = {i: [] for i in range(len(rows))}
        header, address, extra = [], [], []
        for issue in self.shown.filter(issues):
            f = issue.field
            if f.startswith("members["):
                by_row.setdefault(int(f[8:f.index("]")]), []).append(issue)
            elif f.startswith("address"):
                address.append(issue)
            elif f.startswith("household"):
                extra.append(issue)
            elif f == "members":
                by_row[0].append(issue)
            else:
                header.append(issue)
        for i, row in enumerate(rows):
            row.feedback.show_issues(by_row.get(i, []))
        for row in self.rows:
            if row.is_blank():
                row.feedback.show_issues([])
        self.header_feedback.show_issues(header)
        self.extra_feedback.show_issues(extra)
        self.address_feedback.show_issues(address)
        to_choose, text = place_text.note(place, parsed, editing=self.household is not None)
        if to_choose:
            self.address_note.show_issues([Issue(WARNING, "address", text)])
        else:
            self.address_note.note(text)
        self._changed()
        return issues + place.issues

    def _card_no_left(self) -> None:
        grid = self.current_grid()
        number = self.card_no.text().strip()
        self.card = cards.open_card(grid.community, number) if grid and number else None
        if self.card is None:
            self.header_note.show_issues([])
            self.check()
            return
        shown, self._shown_no = self._shown_no == number, number  # leaving the field again changes nothing
        if self.card.state in cardlife.ENTERED:
            self.header_note.show_issues([Issue("warning", "card_no", f"卡号 {number} 已录入（档案号 "
                                                                      f"{self.card.archive_no}），保存将更新该户")])
            if not shown:
                set_code(self.grid, str(self.card.grid_id))  # the card's own grid, not the last one chosen
                self._replace_with(cards.household_as_card(self.card.household, self.card.design_version)
                                   | {"household_id": str(self.card.household_id)})
            return
        set_code(self.grid, str(self.card.grid_id))
        index = self.worker.findData(self.card.collected_by.name)
        if index >= 0:
            self.worker.setCurrentIndex(index)
        self.collected_on.setText(self.card.collected_on.isoformat())
        key = f"{drafts.CARD}{number}"
        parked = drafts.load(key) if key != self._draft_key and not shown else None
        if parked:
            self._say(self._replace_with(parked, key), f"已载入暂存的卡 {number}。")
        self.header_note.note(f"接收于 {self.card.received_at:%m-%d}，应于 {self.card.due_on} 前录入")

    def _address_left(self) -> None:
        self.check()

    def confirm_move(self) -> None:
        row = self._row_of_focus()
        if row is None:
            return
        row.move = not row.move
        self.status.setText(f"{row.name.text()}：{'已确认迁入本户' if row.move else '取消迁入'}")
        self.check()

    # --- saving -----------------------------------------------------------
    def _keying(self) -> dict:
        raw = self.raw()
        fields = sum(1 for m in raw["members"] for k in ("name", "id_number", "relation", "phone") if m.get(k))
        seconds = time.monotonic() - self._started if self._started else 0
        return {"fields": fields + 3, "keystrokes": self._keys, "seconds": round(seconds, 1)}

    def save(self) -> cards.SaveResult | None:
        if not self.choose_place(saving=True):
            return None
        raw = self.raw()
        grid = self.current_grid()
        if self.card is None and grid is not None and raw["card_no"]:
            self.card = cards.open_card(grid.community, raw["card_no"])
        try:
            result = self._save(raw, confirmed=False)
        except cards.CardRejected as exc:
            if not exc.needs_confirmation:
                self.shown.all = True
                self.check()
                self.status.setStyleSheet("color: #b00020;")
                self.status.setText("不能保存为已录入：" + "；".join(i.message for i in exc.issues) +
                                    "。改正后再按 Ctrl+S，或按 Ctrl+D 暂存为草稿。")
                return None
            answer = QMessageBox.question(
                self, "请确认", "\n".join(i.message for i in exc.issues) + "\n\n确认无误并保存？",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
            if answer != QMessageBox.StandardButton.Yes:
                return None
            result = self._save(raw, confirmed=True)
        except UserError as exc:  # a bad field, or on a hub's server a record changed meanwhile
            self.status.setStyleSheet("color: #b00020;")
            self.status.setText(str(exc))
            return None
        self.status.setStyleSheet("")
        self.status.setText(f"已保存：卡号 {result.card.card_no}，{result.household.house.building.name} "
                            f"{result.household.house.unit}单元{result.household.house.room}室，"
                            f"新增 {len(result.created)} 人，更新 {len(result.updated)} 人，迁入 {len(result.moved)} 人")
        for key in (drafts.ENTRY, f"{drafts.CARD}{result.card.card_no}", self._draft_key):
            if key:
                drafts.discard(key)
        self._unsaved = False
        self.saved.emit(result)
        said = self.status.text()
        self.clear(keep_header=True)
        self.status.setText(said)
        self.result.setText(f"档案号 {result.card.archive_no}　（请写在纸卡上）")  # until the next card is typed into
        return result

    def _save(self, raw: dict, confirmed: bool) -> cards.SaveResult:
        return cards.save_card(raw, card=self.card, household=self.household, confirmed=confirmed,
                               keying=self._keying())

    def park(self) -> None:
        try:
            number = cards.park(self.raw(), self.card)
        except ValidationError as exc:
            self.status.setText(str(exc))
            return
        if self._draft_key and self._draft_key != f"{drafts.CARD}{number}":
            drafts.discard(self._draft_key)
        drafts.discard(drafts.ENTRY)
        self._unsaved = False
        self.clear(keep_header=True)
        self.status.setText(f"卡 {number} 已暂存为草稿：再输入该卡号，或在两日录入页的“未完成的登记卡”中按 Enter，"
                            "即可继续。")

    def leave_card(self) -> None:
        """Esc: offer to park the card as a draft (as Ctrl+D does); nothing to park on a blank card."""
        if not self._has_typing(self.raw(choices=False)):
            self.status.setText("这张卡还没有输入内容，无需暂存。")
            return
        chosen = choose("离开这张卡？", ["暂存为草稿（同 Ctrl+D），稍后在“未完成的登记卡”中继续", "继续录入这张卡"],
                        self.card_no)
        if chosen == 0:
            self.park()

    def clear(self, keep_header: bool = True) -> None:
        """A blank card; grid, worker and date carry forward, the card number moves on. What was
        typed and not saved goes to the unfinished cards first."""
        kept = self.set_aside()
        previous = self.card_no.text().strip()
        self.card, self.household = None, None
        self._restoring = True
        design, self.design = self.design, self._blank_design()
        grid = self.current_grid()
        if design != self.design and grid is not None:
            self._build_extra(grid.community_id)
        for w in (self.building, self.room):
            w.clear()
        self.unit.setText("1")
        self.head.load({})
        self.household_categories.load([])
        self.extra_inputs.load({})
        for row in self.rows:
            row.remove()
        self.rows = []
        self.card_no.setText(_next_number(previous) if keep_header and previous else "")
        if not keep_header:
            self.collected_on.setText(dt.date.today().isoformat())
        for f in (self.head.feedback, self.address_feedback, self.address_note, self.header_feedback,
                  self.header_note, self.extra_feedback):
            f.show_issues([])
        self._restoring = False
        self._keys, self._started = 0, None
        self._settled = {}
        self.shown.reset()
        self.status.setStyleSheet("")
        self.status.clear()
        self._start_keeping()
        self.result.clear()
        self._say(kept)
        self.card_no.setFocus()
        self.card_no.selectAll()



KEYS_HINT = ("Ctrl+S 保存　Ctrl+D 或 Esc 暂存为草稿　Ctrl+Shift+N 清空，录入新卡　Ctrl+N 添加成员　"
             "F4 载入该地址的户　F7 选择地址　F8 旧版卡按新版补录　Alt+带下划线的字母 跳到该项")
MODIFIERS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta)


def _next_number(number: str) -> str:
    digits = len(number) - len(number.rstrip("0123456789"))
    if not digits:
        return ""
    head, tail = number[:-digits], number[-digits:]
    return f"{head}{int(tail) + 1:0{digits}d}"
