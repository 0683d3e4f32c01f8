"""Enrichment stages that add facts to coded events: dates, weapons, intensity scores."""
