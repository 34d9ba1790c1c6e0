"""Process entry points: the web app (wsgi), the worker, the demo seed."""
