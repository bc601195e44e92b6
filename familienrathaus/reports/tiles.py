"""The reports' back-office tiles (R4 fills them in)."""
