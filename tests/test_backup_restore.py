"""The documented backup and restore (README, "Backup and restore") round-trips a database with
comments, responses and versions: same counts, same content."""

import glob
import hashlib
import os
import sqlite3
import subprocess

import pytest
from django.db import connection

from consultation.demo.builders import make_comment
from consultation.moderation.actions import publish_comments, reject_comments, save_response
from consultation.versions.actions import publish_version
from tests.utils import communications_user, coordinator_user

pytestmark = [pytest.mark.committing, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

TABLES = {
    "comments": "SELECT c.id, c.comment, c.user_name, c.user_email, c.is_public, c.is_removed, p.paragraph_key, "
                "p.title, p.paragraph_text FROM django_comments c JOIN consultation_paragraphcomment p "
                "ON p.xtdcomment_ptr_id = c.id ORDER BY c.id",
    "responses": "SELECT id, comment_id, disposition, justification FROM consultation_officialresponse ORDER BY id",
    "versions": "SELECT id, number, label FROM consultation_planversion ORDER BY id",
    "version_chapters": "SELECT id, version_id, title, body FROM consultation_planversionchapter ORDER BY id",
    "pages": "SELECT id, path, title, live FROM wagtailcore_page ORDER BY id",
    "revisions": "SELECT id, object_id, content FROM wagtailcore_revision ORDER BY id",
}


def digest(rows):
    return len(rows), hashlib.sha256(repr([tuple(str(v) for v in row) for row in rows]).encode()).hexdigest()


def snapshot(cursor):
    result = {}
    for name, sql in TABLES.items():
        cursor.execute(sql)
        result[name] = digest(cursor.fetchall())
    return result


@pytest.fixture
def consultation_data(plan, chapter, expert):
    publish_version(plan, label="projekt", user=communications_user())
    first = make_comment(chapter, 1, title="Zażółć gęślą jaźń")
    second = make_comment(chapter, 2, title="Druga")
    make_comment(chapter, 3, title="Niepotwierdzona", confirm=False)
    publish_comments([first], moderator=expert)
    reject_comments([second], moderator=expert, reason="Spam")
    first.refresh_from_db()
    save_response(first, author=coordinator_user(), disposition="partly", justification="Uzasadnienie ąę", publish=True)
    publish_version(plan, label="po konsultacjach", user=communications_user())


def raw_connection(dbname=None):
    """A plain driver connection (not Django's), the same kind on both sides of the comparison."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(host=settings["HOST"], port=settings["PORT"], user=settings["USER"],
                           dbname=dbname or settings["NAME"])


def test_backup_and_restore_round_trip(consultation_data, tmp_path):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        before = snapshot(connection.connection.cursor())
    else:
        with raw_connection() as original:
            before = snapshot(original.cursor())
    assert before["comments"][0] == 3 and before["responses"][0] == 1 and before["versions"][0] == 2

    if connection.vendor == "sqlite":
        # `sqlite3 db.sqlite3 ".backup FILE"` uses this same online-backup API.
        backup_file = tmp_path / "backup.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(backup_file) as target:
            connection.connection.backup(target)
        # Read with the column types Django's connection declares, so values compare alike.
        restored = sqlite3.connect(tmp_path / "restored.sqlite3", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES)
        with sqlite3.connect(backup_file) as source:
            source.backup(restored)
        after = snapshot(restored.cursor())
        restored.close()
    else:
        bindir = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
        settings = connection.settings_dict
        env = dict(os.environ, PGHOST=settings["HOST"], PGPORT=str(settings["PORT"]), PGUSER=settings["USER"])
        dump = tmp_path / "drogowskaz.dump"
        subprocess.run([f"{bindir}/pg_dump", "--format=custom", f"--file={dump}", settings["NAME"]],
                       env=env, check=True)
        subprocess.run([f"{bindir}/createdb", "drogowskaz_restored"], env=env, check=True)
        try:
            subprocess.run([f"{bindir}/pg_restore", "--no-owner", "--dbname=drogowskaz_restored", str(dump)],
                           env=env, check=True)
            with raw_connection("drogowskaz_restored") as restored:
                after = snapshot(restored.cursor())
        finally:
            subprocess.run([f"{bindir}/dropdb", "drogowskaz_restored"], env=env, check=True)
    assert after == before
