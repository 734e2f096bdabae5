"""CPU per login: with the password (the production hasher, PBKDF2) and with the login card's
link (one SHA-256), each through the whole request stack in process (Django's test client:
every middleware, the session write, axes' bookkeeping), on a throw-away SQLite database.

    .venv/bin/python bench/card_signin.py [--logins 50]

It prints the process's CPU time (user + system) per login, median and mean, each way. It is
a measurement, not a test, and fails nothing; docs/decisions/0011 quotes its figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SERVER_ENV, setup_django  # noqa: E402


def cpu() -> float:
    # CLOCK_PROCESS_CPUTIME_ID: nanoseconds, not os.times()' 10 ms ticks.
    return time.process_time()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logins", type=int, default=50)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="mm-card-bench-")
    SERVER_ENV["SQLITE_PATH"] = str(Path(folder) / "card.sqlite3")
    setup_django()
    os.environ["ALLOWED_HOSTS"] = "testserver"

    from django.conf import settings
    from django.contrib.auth.hashers import get_hasher
    from django.core.management import call_command
    from django.test import Client

    from masterymap.accounts.models import School, User

    call_command("migrate", verbosity=0)
    hasher = get_hasher()
    print(f"password hasher: {hasher.algorithm}, {getattr(hasher, 'iterations', '?')} iterations")
    assert settings.PASSWORD_HASHERS[0].endswith("PBKDF2PasswordHasher")

    school = School.objects.create(name="Bench School")
    student = User(username="sam", role=User.Role.STUDENT, school=school, first_name="Sam")
    password = "acorn-flip-nacho-tulip"
    student.set_password(password)
    card_key = student.new_card_key()
    student.save()

    def timed(login) -> list[float]:
        spent = []
        for _n in range(args.logins):
            client = Client()  # a new device each time: no session yet
            start = cpu()
            response = login(client)
            spent.append(cpu() - start)
            assert response.status_code == 302, response.status_code
            assert response.wsgi_request.user.username == "sam"
        return spent

    with_password = timed(lambda c: c.post("/login/", {"username": "sam", "password": password}))
    with_card = timed(lambda c: c.post(f"/card/{card_key}/"))
    for label, spent in (("password", with_password), ("login card", with_card)):
        print(
            f"{label:>10}: {args.logins} logins, CPU per login median "
            f"{statistics.median(spent) * 1000:.1f} ms, mean {statistics.mean(spent) * 1000:.1f} ms"
        )
    ratio = statistics.median(with_password) / statistics.median(with_card)
    print(f"a card login takes 1/{ratio:.0f} of a password login's CPU")


if __name__ == "__main__":
    main()
