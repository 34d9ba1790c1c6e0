"""Events in (handlers.py); events out are published by the use cases through the outbox."""
