#!/usr/bin/env bash
# Distributed-mode benchmarks (issue 9), printing figures:
#  - enqueue → job start latency on Hangfire.PostgreSql, 500 jobs, two worker processes (p50/p95/p99)
#  - outbox → RabbitMQ relay throughput (events/s, with publisher confirms)
#  - S3 upload of 1 GiB through the API vs a direct SDK put, and the API's peak RSS
#  - placement schemes at 1,000 nodes and 1,000,000 assets (issue 10), one table
# Starts the test servers with ops/services.sh if they are not running (and stops them again then).
# Usage: bash ops/bench/distributed.sh [latency|outbox|upload|placement|search|origin|edge|sharding|viewer-data|heartbeats|publish|farm-batch|all]   (placement, origin and edge need no server)
set -euo pipefail
cd "$(dirname "$0")/../.."
started_here=false
if ! bash ops/services.sh status 2>/dev/null | grep -q "radosgw   up"; then
  bash ops/services.sh start
  started_here=true
fi
$started_here && trap 'bash ops/services.sh stop' EXIT
dotnet build tests/MediaFarm.Benchmarks -c Release --nologo -v quiet
dotnet tests/MediaFarm.Benchmarks/bin/Release/net10.0/MediaFarm.Benchmarks.dll "${1:-all}"
