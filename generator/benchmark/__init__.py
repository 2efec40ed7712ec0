"""`make bench`: a synthetic news archive, built by newsgen and by Pelican, timed."""
