"""Processes: the web app (wsgi), the worker (relay + consumer), the demo seed."""
