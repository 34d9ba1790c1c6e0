"""HR's domain: the structure, the changes made to it, the staffing rules and restructuring plans."""
