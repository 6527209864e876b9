#!/usr/bin/env bash
# Runs the whole distributed farm locally, every role its own process, on the real servers of
# ops/services.sh (PostgreSQL, RabbitMQ, Ceph RadosGW as S3):
#   api :5080 (Roles=api) · scheduler + dashboard :5081/hangfire · worker ×2 :5082 :5083 · services :5084
#   CDN edges edge-a :5085 and edge-b :5086 in front of the api's playback origin (ops/edge.sh)
# Ctrl-C (or SIGTERM to this script) stops the roles by PID; the servers keep running until
# `bash ops/services.sh stop`. MEDIAFARM_FARM_PORT moves the seven ports (default 5080, then +1 … +6).
set -euo pipefail
cd "$(dirname "$0")/.."
bash ops/install-deps.sh
bash ops/services.sh start
dotnet build MediaFarm.sln -c Release --nologo -v quiet >/dev/null

set -a
source ops/.run/services.env
Storage__ObjectStore=S3
Storage__Metadata=Postgres
Scheduler__Storage=Postgres
Events__Transport=RabbitMq
Storage__ViewerData=RedisCluster
S3__Bucket=mediafarm
set +a
# Every role checks the same access and playback tokens: one key pair per farm, kept in ops/.run/farm
# (random on first run, reused after). The first admin's password is made the same way and printed.
mkdir -p ops/.run/farm && chmod 700 ops/.run/farm
secret() { [[ -s ops/.run/farm/$1 ]] || (umask 077; head -c "$2" /dev/urandom | base64 -w0 >"ops/.run/farm/$1"); cat "ops/.run/farm/$1"; }
export Identity__SigningKey=$(secret jwt-signing.key 32) Playback__Signing__SigningKey=$(secret playback-signing.key 32)
export Identity__BootstrapAdminPassword=$(secret admin-password 18)

port=${MEDIAFARM_FARM_PORT:-5080}
logs=ops/.run/farm && mkdir -p "$logs"
bin() { echo "$1/bin/Release/net10.0/$2.dll"; }
dotnet "$(bin api/MediaFarm.Api MediaFarm.Api)" migrate

pids=()
start() { # name port dll [env...]
  local name=$1 port=$2 dll=$3; shift 3
  env "$@" Urls="http://127.0.0.1:$port" Media__ScratchDirectory="$PWD/$logs/scratch-$name" dotnet "$dll" >"$logs/$name.log" 2>&1 &
  pids+=($!)
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "$name exited:"; tail -20 "$logs/$name.log"; exit 1; }
    sleep 0.2
  done
  echo "$name  http://127.0.0.1:$port  (log $logs/$name.log)"
}
edges=()
stop_roles() {
  for edge in "${edges[@]}"; do bash ops/edge.sh stop "$edge" >/dev/null || true; done
  ((${#pids[@]})) && kill "${pids[@]}" 2>/dev/null; wait
}
trap stop_roles EXIT
trap 'exit 130' INT TERM

# The api chooses between the two edges per playback response; the services role warms and purges them.
export EDGE_PURGE_TOKEN=$(secret edge-purge.token 24)
i=0
for name in edge-a edge-b; do
  export "Cdn__Edges__${i}__Name=$name" "Cdn__Edges__${i}__BaseUrl=http://127.0.0.1:$((port + 5 + i))" "Cdn__Edges__${i}__PurgeToken=$EDGE_PURGE_TOKEN"
  i=$((i + 1))
done

start scheduler $((port + 1)) "$(bin scheduler/MediaFarm.Scheduler.Host MediaFarm.Scheduler.Host)"
start api "$port" "$(bin api/MediaFarm.Api MediaFarm.Api)" Roles=api
start worker-1 $((port + 2)) "$(bin workers/MediaFarm.Worker.Host MediaFarm.Worker.Host)" Worker__NodeId=worker-1
start worker-2 $((port + 3)) "$(bin workers/MediaFarm.Worker.Host MediaFarm.Worker.Host)" Worker__NodeId=worker-2
start services $((port + 4)) "$(bin src/MediaFarm.Services.Host MediaFarm.Services.Host)"
# The edges check playback tokens with the farm's key (Playback__Signing__SigningKey, exported above);
# their purge secret is kept with the farm's other secrets.
edge_port=$((port + 5))
for edge in edge-a edge-b; do
  edges+=("$edge") # before starting: a half-started edge is stopped (and its folder removed) too
  bash ops/edge.sh start "$edge" $((edge_port++)) "http://127.0.0.1:$port"
done
echo "edges: playback through http://127.0.0.1:$((port + 5))/media/t/… and http://127.0.0.1:$((port + 6))/media/t/…; purge secret in ops/.run/farm/edge-purge.token"
echo "admin: admin@mediafarm.local, password in ops/.run/farm/admin-password"
echo "farm up: upload to http://127.0.0.1:$port/v1/assets, dashboard http://127.0.0.1:$((port + 1))/hangfire; Ctrl-C stops it"
wait
