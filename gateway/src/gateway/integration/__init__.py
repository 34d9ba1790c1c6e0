"""Events the gateway consumes (from HR) so that access follows the organisation."""
