"""Migrates the provider's database and creates its one OAuth application (the portal)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from oauth2_provider.models import get_application_model


class Command(BaseCommand):
    help = "Migrate, then create the confidential RS256 application of the portal."

    def add_arguments(self, parser):
        parser.add_argument("--client-id", required=True)
        parser.add_argument("--client-secret", required=True)
        parser.add_argument("--redirect-uri", required=True)

    def handle(self, *args, client_id, client_secret, redirect_uri, **options):
        call_command("migrate", verbosity=0, interactive=False)
        Application = get_application_model()
        app = Application(
            name="portal",
            client_id=client_id,
            client_secret=client_secret,  # hashed on save (hash_client_secret)
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            algorithm=Application.RS256_ALGORITHM,
            redirect_uris=redirect_uri,
            skip_authorization=True,  # no consent page: straight back to the portal
        )
        app.full_clean()
        app.save()
