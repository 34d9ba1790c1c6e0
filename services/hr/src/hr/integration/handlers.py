"""Incoming events: none. HR is the source of truth for units and staff and follows no one."""
HANDLERS: dict = {}
