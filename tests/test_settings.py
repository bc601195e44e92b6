"""Settings from the environment: production refuses to run half-configured."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
GOOD_SECRET = "k7Q2pX9vR4mZ8wL1nB6tY3sD0fH5jG2cV9xA4eU7iO1qW8rT6yP3zM5bN0aS2d"
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": GOOD_SECRET[:60],
    "DJANGO_ALLOWED_HOSTS": "familien.example.org",
    "EMAIL_HOST": "mail.example.org",
}


def check_deploy(tmp_path: Path, **variables: str | None) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_")) and key != "DATABASE_URL"
    }
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    env["FRH_VAR_DIR"] = str(tmp_path)
    for key, value in {**PRODUCTION, **variables}.items():
        if value is not None:
            env[key] = value
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_production_settings_pass_the_deployment_check(tmp_path):
    assert len(PRODUCTION["DJANGO_SECRET_KEY"]) == 60

    result = check_deploy(tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "too-short-" * 4}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS must name"),
        ({"DJANGO_ALLOWED_HOSTS": " , "}, "DJANGO_ALLOWED_HOSTS must name"),
        ({"EMAIL_HOST": None}, "EMAIL_HOST must be set"),
    ],
    ids=["no secret", "short secret", "no hosts", "empty hosts", "no mail server"],
)
def test_production_refuses_to_start_half_configured(tmp_path, variables, message):
    result = check_deploy(tmp_path, **variables)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_without_database_url_the_database_is_sqlite_in_wal_mode(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env["FRH_VAR_DIR"] = str(tmp_path)
    env.pop("DJANGO_ENV", None)
    code = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    print(connection.vendor, connection.settings_dict['NAME'], cursor.fetchone()[0])"
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "--command", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["sqlite", str(tmp_path / "db.sqlite3"), "wal"]


def run_in_production(tmp_path: Path, code: str, **variables: str) -> str:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "EMAIL_", "FRH_")) and key != "DATABASE_URL"
    }
    env.update(PRODUCTION, FRH_VAR_DIR=str(tmp_path), **variables)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "--command", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


CLIENT_IP = (
    "from django.test import RequestFactory\n"
    "from allauth.account.adapter import get_adapter\n"
    "request = RequestFactory().get('/', REMOTE_ADDR='127.0.0.1',"
    " HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.7')\n"
    "print(get_adapter(request).get_client_ip(request))"
)


def test_behind_the_proxy_login_limits_count_the_address_the_proxy_saw(tmp_path):
    # deploy/nginx.conf appends the client's address to X-Forwarded-For; what the client
    # sent itself (6.6.6.6) is not trusted, and not every visitor is 127.0.0.1.
    assert run_in_production(tmp_path, CLIENT_IP) == "203.0.113.7"
    assert run_in_production(tmp_path, CLIENT_IP, FRH_TRUSTED_PROXY_COUNT="0") == "127.0.0.1"
