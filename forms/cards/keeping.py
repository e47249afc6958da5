"""What the entry form keeps of what is typed: the current card as a draft all along (it comes
back after a crash, and the board says so), and a card left unsaved for another — the board's
Enter on another card, a household loaded, a blank card asked for — among the unfinished cards
the board lists, to go on with later. Nothing typed is dropped without a word."""

from __future__ import annotations

import datetime as dt

from gridapp.models import database
from gridapp.services import cards, drafts


class KeepsTyping:
    """Part of ``CardEntryForm``: its drafts and unfinished cards."""

    def _start_keeping(self) -> None:
        self._unsaved = False  # the form holds typing not saved (typed, or a draft restored)
        self._typed_at: dt.datetime | None = None
        self._draft_key: str | None = None  # the unfinished card this typing was opened from
        self._shown_no = ""  # the card number whose saved household or kept typing the form shows
        self.restored: str | None = None  # said on the board: the card that came back after a crash

    def _typed(self, *_) -> None:
        if not self._restoring:
            self._unsaved, self._typed_at = True, dt.datetime.now()
            self._changed()

    def _replace_with(self, data: dict, draft_key: str | None = None, keep_header: bool = True) -> str:
        """Show another card's data: what was typed and not saved goes to the unfinished cards first.
        ``draft_key``: the data is that unfinished card's (None: a saved household's)."""
        kept = self.set_aside()
        self.load(data, keep_header)
        self._unsaved, self._draft_key = draft_key is not None, draft_key
        self._typed_at = drafts.typed_at(draft_key) if draft_key else None
        self._shown_no = self.card_no.text().strip()
        self._say(kept)
        return kept

    def _say(self, kept: str, then: str = "") -> None:
        """Tell what went to the unfinished cards (if anything), then ``then``."""
        if kept or then:
            self.status.setStyleSheet("")
            self.status.setText((f"刚才未保存的{kept}已存入“未完成的登记卡”（两日录入页）。" if kept else "") + then)

    def _has_typing(self, data: dict) -> bool:
        return any(m.get("name") or m.get("id_number") for m in data["members"]) or bool(data["address"]["building"])

    def set_aside(self) -> str:
        """Keep what the form holds and has not saved among the unfinished cards; what was kept
        (e.g. "卡 0105"), or "" when there was nothing to keep."""
        data = self.raw()
        if not self._unsaved or database.obj is None or database.is_closed() or not self._has_typing(data):
            return ""
        self._draft_timer.stop()
        cards.set_aside(data, self.card, self._typed_at, self._draft_key)
        drafts.discard(drafts.ENTRY)
        self._unsaved = False
        return f"卡 {data['card_no']}" if data["card_no"] else "登记卡（无卡号）"

    def open_received(self, card_no: str) -> None:
        """The board's Enter on a card: a blank card with that number (and its kept typing, if any)."""
        kept = self.set_aside()
        self.clear(keep_header=True)
        self.card_no.setText(card_no)
        self._say(kept)
        self._card_no_left()
        self.head.name.setFocus()

    def open_unfinished(self, key: str) -> None:
        """The board's Enter on an unfinished card: it comes back into the form."""
        data = drafts.load(key)
        if data is None:
            self.status.setText("该未完成的登记卡已不在（已保存或已在录入页）。")
            return
        kept = self.set_aside()
        self.clear(keep_header=True)
        self._replace_with(data, key, keep_header=False)
        grid = self.current_grid()
        self.card = cards.open_card(grid.community, data.get("card_no") or "") if grid else None
        self._say(kept, f"已打开未完成的登记卡 {data.get('card_no') or '（无卡号）'}。")
        self.save_draft()
        self.head.name.setFocus()

    def hideEvent(self, event) -> None:
        """Leaving the page or closing the window keeps what was typed at once."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self.save_draft()
        super().hideEvent(event)

    def save_draft(self) -> None:
        if database.obj is None or database.is_closed() or self.current_grid() is None:
            return
        data = self.raw()
        if self._has_typing(data):
            drafts.save(drafts.ENTRY, data | {"draft_key": self._draft_key or ""}, self._typed_at)

    def restore_draft(self) -> bool:
        data = drafts.load(drafts.ENTRY)
        if not data:
            return False
        at = drafts.typed_at(drafts.ENTRY)
        self.load(data, keep_header=False)
        self._unsaved, self._typed_at, self._draft_key = True, at, data.get("draft_key") or None
        self._shown_no = self.card_no.text().strip()
        members = data.get("members") or [{}]
        self.restored = (f"卡号 {data.get('card_no') or '（无）'}，{data.get('grid', '')}，"
                         f"户主 {members[0].get('name') or '（未填）'}，最后输入于 {at:%m-%d %H:%M}")
        self.status.setText("已恢复上次未保存的登记卡。")
        return True
