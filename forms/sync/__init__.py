"""Sync in the main window: the 同步 menu, the status-bar line, settings, status, conflicts."""

from forms.sync.controller import SyncController, install_sync

__all__ = ["SyncController", "install_sync"]
