#!/usr/bin/env bash
# `make run`: the outbox's mail worker in the background, the development server in the foreground;
# stopping the server (Ctrl+C) stops the worker too.
set -euo pipefail
PY="$1"
ADDRESS="$2"
"$PY" manage.py mail_worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
"$PY" manage.py runserver "$ADDRESS"
