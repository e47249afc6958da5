"""Use cases. Each write runs in one transaction and returns what changed."""
