#!/usr/bin/env bash
# Runs everything CI runs: formatting check, a warnings-as-errors build and every test suite.
# Usage: ./test.sh
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

echo "==> restore"
dotnet restore Guichet.slnx

echo "==> format (dotnet format --verify-no-changes)"
dotnet format Guichet.slnx --verify-no-changes --no-restore

echo "==> build (Release, warnings are errors)"
dotnet build Guichet.slnx -c Release --no-restore

echo "==> tests"
dotnet test Guichet.slnx -c Release --no-build

echo "==> all green"
