#!/usr/bin/env bash
# Runs Guichet with its demo data: builds it (one to two minutes the first time), then serves the pages and the API
# on http://localhost:5080 with an SQLite database in ./data (next to this script).
# Usage: ./run.sh [serve options, e.g. --urls http://0.0.0.0:8080 --data /srv/guichet]   (see: ./run.sh --help)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> Compilation de Guichet (une à deux minutes la première fois)…"
dotnet build src/Guichet -c Release -nologo -v quiet -clp:ErrorsOnly
echo "==> Démarrage du serveur"
if [ "${1:-}" = "--help" ]; then exec dotnet src/Guichet/bin/Release/net10.0/guichet.dll serve --help; fi
data=(--data "$PWD/data")
for arg in "$@"; do case "$arg" in --data|--data=*) data=() ;; esac; done
exec dotnet src/Guichet/bin/Release/net10.0/guichet.dll serve --demo "${data[@]}" "$@"
