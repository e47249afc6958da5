"""Ledger screens (台账): any declared ledger as a filterable, sortable table, exportable to XLSX."""
