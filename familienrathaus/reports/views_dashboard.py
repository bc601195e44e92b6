"""Views of the dashboard of key figures and what needs attention today (R4)."""
