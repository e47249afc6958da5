"""File-based sync between community offices and their street office.

- ``rows``: the synced tables and their stored values; ``scope``: where rows travel.
- ``journal``: recording every local change (called by ``SyncModel.save``/``bulk_insert``).
- ``merge``: applying received changes field by field, with the conflict list.
- ``crypto``, ``package``: keys and the signed, encrypted package files.
- ``exchange``: making packages for peers and importing the ones found in a folder.
- ``enrol``: setting a community office up from the street office's enrolment file.
- ``status``: where every stream stands.
"""
