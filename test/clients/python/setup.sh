#!/usr/bin/env bash
# Creates test/clients/python/.venv with the pinned grpcio + grpcio-tools (idempotent).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
VENV="${LOCKSTEP_PY_VENV:-$HERE/.venv}"
PY="${PYTHON:-python3}"
if [[ ! -x "$VENV/bin/python" ]]; then
  "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c 'import grpc, grpc_tools' 2>/dev/null; then
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
fi
echo "$VENV/bin/python"
