"""Views of the districts: outlines, children per age band, postcodes (R1)."""
