"""Reading and writing HR's tables."""
