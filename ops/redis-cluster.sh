#!/usr/bin/env bash
# A Redis Cluster on loopback without Docker or systemd: N masters with one replica each, AOF on
# (appendfsync everysec), every process by PID under one folder. Used by ops/services.sh for the shared
# test cluster, and by tests that reshape a cluster of their own (add, drain, kill masters).
#
#   bash ops/redis-cluster.sh start DIR [MASTERS] [NODE_TIMEOUT_MS]   MASTERS (3) masters + as many replicas, create the
#                                                   cluster, wait for cluster_state:ok; DIR/nodes lists host:port
#   bash ops/redis-cluster.sh add-node DIR          start one more empty cluster-enabled node (not joined:
#                                                   the admin operation joins it); prints host:port
#   bash ops/redis-cluster.sh stop-node DIR PORT    stop one node (by PID)
#   bash ops/redis-cluster.sh stop DIR              stop every node of DIR (by PID) and remove DIR
# Node timeout (default 5 s; kept in DIR for nodes added later): how long a master may be silent before its
# replica takes over. Short makes failover quick, too short fails masters over that are only busy.
set -euo pipefail

log() { printf '[redis-cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
free_port() {
  # Redis also listens on port + 10000 (the cluster bus): both must be free.
  python3 -c '
import socket
while True:
    a = socket.socket(); a.bind(("127.0.0.1", 0)); p = a.getsockname()[1]
    if p + 10000 > 65535: a.close(); continue
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", p + 10000)); print(p); break
    except OSError: pass
    finally: a.close(); b.close()'
}
alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:.*Z' "/proc/$1/status"; }

install_missing() {
  command -v redis-server >/dev/null && command -v redis-cli >/dev/null && return 0
  source "$(dirname "$0")/lib/apt.sh"
  log "installing with apt: redis-server"
  # The package would start a system-wide redis on 6379; this policy forbids that during the install.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' RETURN
  apt_install redis-server redis-tools
}

start_node() {
  local dir=$1 port node
  port=$(free_port)
  node="$dir/$port"
  mkdir -p "$node"
  cat > "$node/redis.conf" <<CONF
port $port
bind 127.0.0.1
protected-mode no
daemonize yes
dir $node
pidfile $node/redis.pid
logfile $node/redis.log
cluster-enabled yes
cluster-config-file $node/nodes.conf
cluster-node-timeout $(cat "$dir/node-timeout")
cluster-allow-replica-migration yes
# A replica may always take over (default 10 × node timeout of staleness forbids it): availability first;
# what it misses is the asynchronous replication window the README states.
cluster-replica-validity-factor 0
appendonly yes
appendfsync everysec
save ""
# Replicas sync at once (the default waits 5 s for more replicas): until a replica has synced, losing its
# master loses that master's data.
repl-diskless-sync-delay 0
CONF
  redis-server "$node/redis.conf" >/dev/null || die "redis-server on $port did not start: $(tail -5 "$node/redis.log" 2>/dev/null)"
  for _ in $(seq 1 100); do redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && break; sleep 0.05; done
  redis-cli -p "$port" ping 2>/dev/null | grep -q PONG || die "redis on $port does not answer"
  echo "127.0.0.1:$port" >> "$dir/nodes"
  echo "127.0.0.1:$port"
}

stop_node() {
  local node="$1/$2" pid
  [[ -f $node/redis.pid ]] || return 0
  pid=$(cat "$node/redis.pid")
  alive "$pid" && kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.05; done
  alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  rm -f "$node/redis.pid"
}

cluster_ok() {
  local addr
  while read -r addr; do
    redis-cli -h "${addr%:*}" -p "${addr#*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok' || return 1
  done < <(head -n "$1" "$2/nodes")
}

# True when every replica's link to its master is up (its first full sync is done).
replicas_synced() {
  local addr info
  while read -r addr; do
    info=$(redis-cli -h "${addr%:*}" -p "${addr#*:}" info replication 2>/dev/null) || return 1
    grep -q '^role:slave' <<<"$info" || continue
    grep -q '^master_link_status:up' <<<"$info" || return 1
  done < "$1/nodes"
}

case "${1:-}" in
  start)
    dir=${2:?usage: start DIR [MASTERS] [NODE_TIMEOUT_MS]}; masters=${3:-3}
    install_missing
    mkdir -p "$dir"; : > "$dir/nodes"; echo "${4:-5000}" > "$dir/node-timeout"
    started=$(date +%s.%N)
    nodes=()
    for _ in $(seq 1 $((masters * 2))); do nodes+=("$(start_node "$dir")"); done
    redis-cli --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
      || die "cluster create failed: $(tail -5 "$dir/create.log")"
    for _ in $(seq 1 200); do cluster_ok "${#nodes[@]}" "$dir" && break; sleep 0.1; done
    cluster_ok "${#nodes[@]}" "$dir" || die "the cluster did not reach cluster_state:ok"
    for _ in $(seq 1 200); do replicas_synced "$dir" && break; sleep 0.1; done
    replicas_synced "$dir" || die "the replicas did not finish their first sync"
    log "$masters masters + $masters replicas on ${nodes[*]} ($(python3 -c "print(f'{$(date +%s.%N) - $started:.1f}')") s)"
    ;;
  add-node) dir=${2:?usage: add-node DIR}; start_node "$dir" ;;
  stop-node) stop_node "${2:?usage: stop-node DIR PORT}" "${3:?usage: stop-node DIR PORT}" ;;
  stop)
    dir=${2:?usage: stop DIR}
    [[ -f $dir/nodes ]] || exit 0
    while read -r addr; do stop_node "$dir" "${addr#*:}"; done < "$dir/nodes"
    rm -rf "$dir"
    ;;
  *) echo "usage: $0 start DIR [MASTERS] [NODE_TIMEOUT_MS] | add-node DIR | stop-node DIR PORT | stop DIR" >&2; exit 2 ;;
esac
