"""What the gateway talks to: its database, password hashing, tokens and the services."""
