"""Use cases: one function per thing a user (or an event) does, one transaction each."""
