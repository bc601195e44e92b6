"""Background tasks of the reports: the annual report's PDF build (R3 fills it in)."""
