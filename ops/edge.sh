#!/usr/bin/env bash
# Starts and stops local CDN edges (nginx caching proxies, ops/edge/) in front of a playback origin.
#   bash ops/edge.sh start NAME PORT ORIGIN_URL   e.g. start edge-a 8081 http://127.0.0.1:5080
#   bash ops/edge.sh stop NAME
# Keys come from the environment, as the api takes them: EDGE_SIGNING_KEY (else Playback__Signing__SigningKey),
# EDGE_PREVIOUS_SIGNING_KEYS (comma-separated; else Playback__Signing__PreviousSigningKeys__0..9).
# The purge secret is EDGE_PURGE_TOKEN, else made once per run folder and printed by `start`.
# Each edge runs in $EDGE_RUN_ROOT/mediafarm-edge-NAME (default /var/tmp; config, cache, logs, pid);
# stop removes it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
usage() { echo "usage: $0 start NAME PORT ORIGIN_URL | stop NAME" >&2; exit 2; }
run_dir() { echo "${EDGE_RUN_ROOT:-/var/tmp}/mediafarm-edge-$1"; }
alive() { [[ -s $1/nginx.pid ]] && kill -0 "$(cat "$1/nginx.pid")" 2>/dev/null; }

start() {
  local name=$1 port=$2 origin=$3 dir; dir=$(run_dir "$name")
  if alive "$dir"; then echo "edge $name already runs (pid $(cat "$dir/nginx.pid"))" >&2; exit 1; fi
  rm -rf "$dir" && mkdir -p "$dir" && chmod 700 "$dir"
  export EDGE_SIGNING_KEY=${EDGE_SIGNING_KEY:-${Playback__Signing__SigningKey:-}}
  if [[ -z ${EDGE_PREVIOUS_SIGNING_KEYS:-} ]]; then
    local previous=() i var
    for i in 0 1 2 3 4 5 6 7 8 9; do var=Playback__Signing__PreviousSigningKeys__$i; [[ -n ${!var:-} ]] && previous+=("${!var}"); done
    EDGE_PREVIOUS_SIGNING_KEYS=$(IFS=,; echo "${previous[*]:-}")
  fi
  export EDGE_PREVIOUS_SIGNING_KEYS
  # Refuse to start rather than refuse every viewer: the key must be base64 of >= 32 bytes, like the api's.
  local bytes; bytes=$(printf '%s' "$EDGE_SIGNING_KEY" | base64 -d 2>/dev/null | wc -c) || bytes=0
  ((bytes >= 32)) || { echo "edge $name: EDGE_SIGNING_KEY (or Playback__Signing__SigningKey) must be base64 of >= 32 bytes" >&2; exit 1; }
  if [[ -z ${EDGE_PURGE_TOKEN:-} ]]; then
    EDGE_PURGE_TOKEN=$(head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_')
    (umask 077; printf '%s\n' "$EDGE_PURGE_TOKEN" > "$dir/purge-token")
  fi
  export EDGE_PURGE_TOKEN
  RUN_DIR=$dir EDGE_NAME=$name EDGE_LISTEN=127.0.0.1:$port ORIGIN_URL=$origin bash "$here/edge/render.sh"
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -t -q
  # Foreground master (daemon off) in the background of this script, so its PID is ours to record.
  setsid nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/logs/error.log" -g 'daemon off;' >"$dir/logs/nginx.out" 2>&1 < /dev/null &
  echo $! > "$dir/nginx.pid.start"
  local deadline=$((SECONDS + 15))
  until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do
    kill -0 "$(cat "$dir/nginx.pid.start")" 2>/dev/null || { echo "edge $name exited:" >&2; cat "$dir/logs/error.log" "$dir/logs/nginx.out" >&2; exit 1; }
    ((SECONDS < deadline)) || { echo "edge $name: no /healthz within 15 s" >&2; exit 1; }
    sleep 0.1
  done
  mv "$dir/nginx.pid.start" "$dir/edge.pid"
  echo "edge $name  http://127.0.0.1:$port  -> $origin  (pid $(cat "$dir/edge.pid"), logs $dir/logs)"
  [[ -f $dir/purge-token ]] && echo "edge $name  purge token in $dir/purge-token"
  return 0
}

stop() {
  local name=$1 dir pid; dir=$(run_dir "$name")
  [[ -s $dir/edge.pid ]] || { echo "edge $name is not running"; rm -rf "$dir"; return 0; }
  pid=$(cat "$dir/edge.pid")
  # TERM to the master is nginx's fast shutdown: it stops its workers and cache processes, then exits.
  if kill -0 "$pid" 2>/dev/null && grep -q nginx "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$dir"
  echo "edge $name stopped"
}

case ${1:-} in
  start) (($# == 4)) || usage; start "$2" "$3" "$4" ;;
  stop) (($# == 2)) || usage; stop "$2" ;;
  *) usage ;;
esac
