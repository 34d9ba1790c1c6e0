"""HTTP: flask-smorest blueprints and the marshmallow schemas that validate and document them."""
