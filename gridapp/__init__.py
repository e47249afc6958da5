"""gridapp core: models, services and sync for community grid management.

This package never imports Qt; the user interface lives in ``forms``.
"""

__version__ = "0.1.0"
