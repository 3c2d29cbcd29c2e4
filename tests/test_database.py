"""Says which database this run uses, so the output of `make test` names both."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_running_on_the_expected_database():
    expected = os.environ.get("DROGOWSKAZ_TEST_DB")
    print(f"\nDatabase under test: {connection.vendor} {connection.Database.__name__}")
    if expected:
        assert connection.vendor == expected
    assert connection.vendor in {"sqlite", "postgresql"}
