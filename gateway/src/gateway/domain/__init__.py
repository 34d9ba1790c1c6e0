"""The gateway's rules in plain Python: user accounts and login throttling."""
