#!/usr/bin/env bash
# Creates one EF Core migration for both providers in one step: SQLite and PostgreSQL, each in its folder under
# src/Guichet/Data/Migrations, then checks that neither has model changes left without a migration.
# Usage: scripts/add-migration.sh <Name>     (from anywhere in the repository)
set -euo pipefail

name="${1:-}"
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: $0 <Name>   (PascalCase, e.g. ContractNotes)" >&2
  exit 2
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
dotnet build src/Guichet -c Release >/dev/null

for provider in Sqlite Postgres; do
  echo "==> $provider"
  dotnet ef migrations add "$name" --project src/Guichet --context "${provider}GuichetDbContext" \
    --configuration Release --no-build \
    --output-dir "Data/Migrations/$provider" --namespace "Guichet.Data.Migrations.$provider" || {
      echo "$provider failed: remove what it created with 'dotnet ef migrations remove --context ${provider}GuichetDbContext'" >&2
      exit 1
    }
  # EF writes the model snapshot under src/Guichet/Guichet/Data/… (from the namespace): put it next to the migrations.
  stray="src/Guichet/Guichet/Data/Migrations/$provider"
  if [[ -d "$stray" ]]; then
    mv "$stray"/*.cs "src/Guichet/Data/Migrations/$provider/"
    rm -r src/Guichet/Guichet
  fi
  # The next provider's migration is generated from a build that includes this one.
  dotnet build src/Guichet -c Release >/dev/null
done

for provider in Sqlite Postgres; do
  dotnet ef migrations has-pending-model-changes --project src/Guichet --context "${provider}GuichetDbContext" --configuration Release --no-build
done
echo "Created $name for SQLite and PostgreSQL under src/Guichet/Data/Migrations; review both before committing."
