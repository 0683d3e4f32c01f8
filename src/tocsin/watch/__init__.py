"""Continuous monitoring: ``tocsin watch`` polls sources on a schedule and writes into the
database that the dashboard it serves reads (``poller.py``); the server's lock file
(``lockfile.py``) lets read-only CLI commands in other processes query it through the API
(``remote.py``, ``wire.py``). docs/architecture.md explains the design.
"""
