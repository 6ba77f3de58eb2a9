"""`make loadtest`: 50 concurrent users (locust) against gunicorn and PostgreSQL, then a check.

Not part of the portal: nothing in the apps imports it, and it may import any app (it sits
outside the import layers). `locustfile.py` is the load, `accounts.py` prepares the accounts
and their targets, `ledger.py` + `check.py` prove that every accepted write is in the database.
"""
