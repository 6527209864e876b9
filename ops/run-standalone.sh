#!/usr/bin/env bash
# Runs MediaFarm standalone: every role in one process on embedded backends (filesystem objects,
# SQLite metadata, in-memory Hangfire) under ./data. Installs ffmpeg and the packager if missing.
# Listens on http://127.0.0.1:5080 unless Urls is set; the dashboard is at /hangfire.
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install-deps.sh
# `dotnet run` starts the app in its project folder: pin the data folder to ./data of the repository,
# where the README looks (the first admin's password is in data/secrets/admin-password).
export Storage__DataDirectory="${Storage__DataDirectory:-$PWD/data}"
exec dotnet run --project api/MediaFarm.Api -c Release -- "$@"
