"""Monitoring: dyad time series and the escalation index, alert rules, the red-line ledger."""
