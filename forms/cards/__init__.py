"""The clerk's card screens: intake, the two-day board, entry, find, verification."""
