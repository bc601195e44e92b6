"""Views of the district gap report: map, table, downloads (R2)."""
