"""Persistence: one Store over SQLite (default) or PostgreSQL."""

from newsdesk.store.sql import Store, Transaction, open_store

__all__ = ["Store", "Transaction", "open_store"]
