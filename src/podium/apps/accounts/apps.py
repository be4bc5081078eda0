from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "podium.apps.accounts"
    label = "accounts"
    verbose_name = "Accounts"
