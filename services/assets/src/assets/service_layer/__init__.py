"""Use cases of the assets service: one function per thing a user does, one transaction each."""
import buildingblocks.contracts.assets  # noqa: F401  (registers assets' event shapes: publishes are validated)
