"""Events finance handles (incoming); the ones it publishes are declared in buildingblocks.contracts.finance."""
