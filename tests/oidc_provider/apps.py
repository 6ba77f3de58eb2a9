from django.apps import AppConfig


class OidcProviderConfig(AppConfig):
    """Installed in the provider process only, for its management command and template."""

    name = "tests.oidc_provider"
    label = "oidcp"  # not "oidc_provider", the label of django-oidc-provider
