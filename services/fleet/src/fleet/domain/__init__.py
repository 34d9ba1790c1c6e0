"""The fleet's rules in plain Python: no Flask, no SQLAlchemy."""
