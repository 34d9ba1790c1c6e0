"""The finance rules in pure Python: spending regulation, budget arithmetic, expense life cycle."""
