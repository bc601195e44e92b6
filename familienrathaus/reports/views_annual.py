"""Views of the annual report (R3)."""
