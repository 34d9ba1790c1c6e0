"""Events: the ones assets handles (finance's answers, HR's changes). The ones it publishes are
declared in buildingblocks.contracts.assets."""
