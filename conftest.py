def pytest_configure(config) -> None:
    from django.conf import settings

    # The real hasher is slow on purpose; tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
