"""The Qt user interface of gridapp: the only package that imports PySide6."""
