"""A local OpenID Connect provider for the tests (django-oauth-toolkit, RS256).

It runs as a second Django process with its own settings and SQLite database; the tests
drive it through ``tests.oidc_provider.server`` (``start()`` returns a ``Provider``).
Nothing here is imported by the portal itself.
"""
