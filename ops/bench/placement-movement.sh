#!/usr/bin/env bash
# Key movement of the persisted placement map on the running farm (issue 14): for each worker count n
# (default 3 and 10), n cpu workers as processes; 10,000 random ids through GET /v1/farm/placement/{id};
# a worker joins (n → n+1), the newcomer is killed and dropped, a middle worker is killed and dropped.
# Prints one table: moved fraction, moved between staying nodes, ideal, and Build-from-scratch movement.
# Starts the test servers with ops/services.sh if they are not running (and stops them again then).
# Usage: bash ops/bench/placement-movement.sh [n ...]
set -euo pipefail
cd "$(dirname "$0")/../.."
started_here=false
if ! bash ops/services.sh status 2>/dev/null | grep -q "radosgw   up"; then
  bash ops/services.sh start
  started_here=true
fi
$started_here && trap 'bash ops/services.sh stop' EXIT
dotnet build tests/MediaFarm.Benchmarks -c Release --nologo -v quiet
dotnet tests/MediaFarm.Benchmarks/bin/Release/net10.0/MediaFarm.Benchmarks.dll movement "$@"
