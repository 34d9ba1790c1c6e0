"""HR's use cases: one function per user action, one transaction each."""
