"""Printing the wall boards: choose what, preview, save or open to print."""

from forms.boards.dialog import BoardsDialog, open_boards_dialog

__all__ = ["BoardsDialog", "open_boards_dialog"]
