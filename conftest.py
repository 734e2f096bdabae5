def pytest_configure(config) -> None:
    from django.conf import settings

    # The real hasher is slow on purpose; tests create and log in many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # Background jobs (exports, imports) run in the request that starts them, as
    # TASKS_IMMEDIATE=true does; exchange/tests/test_jobs.py also runs the database queue.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

    # Uploads (and the demo's pictures) land in a folder of this run, removed at its end,
    # never in the checkout's private-media/.
    import atexit
    import shutil
    import tempfile

    root = tempfile.mkdtemp(prefix="mm-test-media-")
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    settings.PRIVATE_MEDIA_ROOT = root
