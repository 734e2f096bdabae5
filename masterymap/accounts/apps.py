from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "masterymap.accounts"
    label = "accounts"
    verbose_name = "Accounts and classes"
