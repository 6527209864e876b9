#!/usr/bin/env bash
# Runs the README's `bash ops/run-farm.sh` as a user would, briefly: waits until every role answers
# /healthz, stops the script by its PID (SIGTERM, like Ctrl-C) and checks that no role process is left.
# Needs the servers of `bash ops/services.sh start` (run-farm.sh starts them if they are not up).
set -euo pipefail
cd "$(dirname "$0")/.."
timeout=${MEDIAFARM_FARM_TIMEOUT:-600}   # run-farm.sh builds the solution first: minutes on a loaded 2-core machine

# Seven consecutive free loopback ports: the five roles and the two edges.
port=$(python3 - <<'EOF'
import random, socket
while True:
    base = random.randint(20000, 60000)
    try:
        sockets = [socket.create_server(("127.0.0.1", base + i)) for i in range(7)]
    except OSError:
        continue
    for s in sockets: s.close()
    print(base); break
EOF
)
log=$(mktemp /tmp/mediafarm-run-farm.XXXXXX.log)
started=$(date +%s)
# The edges' run folders in a folder of this check's own, so a farm already running here is not disturbed.
edge_root=$(mktemp -d /tmp/mediafarm-check-edges.XXXXXX) && chmod 755 "$edge_root"
EDGE_RUN_ROOT=$edge_root MEDIAFARM_FARM_PORT=$port bash ops/run-farm.sh >"$log" 2>&1 &
farm=$!
fail() {
  echo "FAIL ops/run-farm.sh: $*; its output:" >&2; tail -n 40 "$log" >&2
  kill "$farm" 2>/dev/null || true; wait "$farm" 2>/dev/null || true; exit 1
}

until grep -q '^farm up' "$log"; do
  kill -0 "$farm" 2>/dev/null || fail "exited before the farm was up"
  (( $(date +%s) - started < timeout )) || fail "farm not up after ${timeout}s"
  sleep 0.5
done
up=$(( $(date +%s) - started ))
for offset in 0 1 2 3 4 5 6; do
  curl -sf -o /dev/null "http://127.0.0.1:$((port + offset))/healthz" || fail "port $((port + offset)) does not answer /healthz"
done
# The scheduler relays events, so it reads the unrouted queue's depth into its metrics at start.
# (The page is read whole first: grep -q stopping early would fail curl, and the pipe, with SIGPIPE.)
unrouted_gauge() { local page; page=$(curl -sf "http://127.0.0.1:$((port + 1))/metrics") && grep -q '^mediafarm_events_unrouted_messages ' <<<"$page"; }
for _ in $(seq 1 60); do unrouted_gauge && break; sleep 0.5; done
unrouted_gauge || fail "the scheduler's /metrics has no mediafarm_events_unrouted_messages after 30 s"
# The roles are the script's children (`env … dotnet` execs dotnet).
# The api knows both edges as CDNs and finds them healthy (its checks run every 5 s).
token=$(curl -sf -X POST "http://127.0.0.1:$port/v1/auth/token" -H 'content-type: application/json' \
  -d "{\"email\":\"admin@mediafarm.local\",\"password\":\"$(cat ops/.run/farm/admin-password)\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["accessToken"])') || fail "the first admin cannot sign in"
cdns_up() {
  curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/v1/cdns" \
    | python3 -c 'import json,sys; c=json.load(sys.stdin); sys.exit(0 if sorted(x["name"] for x in c if x["up"]) == ["edge-a","edge-b"] else 1)'
}
for _ in $(seq 1 60); do cdns_up && break; sleep 0.5; done
cdns_up || fail "GET /v1/cdns does not show edge-a and edge-b up after 30 s"

mapfile -t roles < <(ps -o pid= --ppid "$farm" | tr -d ' ')
(( ${#roles[@]} == 5 )) || fail "expected 5 role processes, found ${#roles[@]}"

# The edges' nginx masters (ops/edge.sh records each PID), to check they are gone afterwards too.
mapfile -t edge_pids < <(cat "$edge_root"/mediafarm-edge-*/edge.pid)
(( ${#edge_pids[@]} == 2 )) || fail "expected 2 edges, found ${#edge_pids[@]}"

kill -TERM "$farm"
for _ in $(seq 1 600); do kill -0 "$farm" 2>/dev/null || break; sleep 0.1; done
kill -0 "$farm" 2>/dev/null && fail "still running 60 s after SIGTERM"
wait "$farm" 2>/dev/null || true
left=()
for pid in "${roles[@]}" "${edge_pids[@]}"; do
  [[ -r /proc/$pid/status ]] && ! grep -q '^State:.*Z' "/proc/$pid/status" && left+=("$pid")
done
((${#left[@]} == 0)) || fail "role processes left after it stopped: ${left[*]}"
[[ -z $(ls -A "$edge_root") ]] || fail "edge run folders left: $(ls "$edge_root")"
rm -rf "$log" "$edge_root"
echo "run-farm.sh: 5 roles and 2 edges (healthy CDNs of the api) up in ${up} s (ports $port-$((port + 6))), stopped cleanly in $(( $(date +%s) - started - up )) s"
