"""The gateway's use cases: logging in, managing users, reading the audit log."""
