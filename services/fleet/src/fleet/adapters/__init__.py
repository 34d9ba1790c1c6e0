"""Adapters: the ORM tables, the shared queries and locks, the metrics."""
