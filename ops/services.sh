#!/usr/bin/env bash
# The real servers MediaFarm's distributed tests (and a local farm) need, without Docker or systemd:
# PostgreSQL 15, RabbitMQ, Ceph RadosGW (S3) and a Redis Cluster (3 masters + 3 replicas, ops/redis-cluster.sh),
# each on free loopback ports, data under /var/tmp.
#
#   bash ops/services.sh start             install what is missing, start all four, write ops/.run/services.env
#   bash ops/services.sh stop [--keep]     stop everything this script started (by PID, nothing else) and
#                                          remove its data folder (sparse 20 GB Ceph image included), unless --keep
#   bash ops/services.sh status            what runs where
#   bash ops/services.sh restart-postgres | stop-rabbitmq | start-rabbitmq    for resilience tests
#   bash ops/services.sh add-vhost NAME | delete-vhost NAME    a RabbitMQ vhost of its own (guest may use it), for tests
#
# services.env holds .NET configuration names (ConnectionStrings__Postgres, S3__Endpoint, …).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
# Server data lives outside the checkout: the postgres, rabbitmq and ceph users must be able to reach
# it, whatever the permissions of the folders above the repository. One folder per checkout.
RUN="${MEDIAFARM_SERVICES_DIR:-/var/tmp/mediafarm-services-$(printf '%s' "$ROOT" | md5sum | cut -c1-8)}"
ENV_FILE="$ROOT/ops/.run/services.env"
PGBIN=/usr/lib/postgresql/15/bin
source "$ROOT/ops/lib/apt.sh"

log() { printf '[services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
now() { date +%s.%N; }
elapsed() { python3 -c "print(f'{$(now) - $1:.1f}')"; }

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_until SECONDS DESCRIPTION LOGFILE COMMAND...: polls COMMAND until it succeeds.
wait_until() {
  local timeout=$1 what=$2 logfile=$3; shift 3
  local deadline=$(( $(date +%s) + timeout ))
  until "$@" >/dev/null 2>&1; do
    if (( $(date +%s) > deadline )); then
      log "$what not ready after ${timeout}s; last lines of $logfile:"
      tail -n 30 "$logfile" >&2 2>/dev/null || true
      die "$what did not start"
    fi
    sleep 0.1
  done
}

# A process is gone when /proc has no entry or it is a zombie (killed ceph daemons linger as zombies).
alive() { [[ -r /proc/$1/status ]] && ! grep -q '^State:.*Z' "/proc/$1/status"; }

stop_pid() {
  local pid=$1 name=$2
  alive "$pid" || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do alive "$pid" || return 0; sleep 0.1; done
  log "$name (pid $pid) ignored SIGTERM; killing"
  kill -9 "$pid" 2>/dev/null || true
}

install_missing() {
  local missing=()
  [[ -x $PGBIN/initdb ]] || missing+=(postgresql)
  command -v rabbitmqctl >/dev/null || missing+=(rabbitmq-server)
  command -v ceph-mon >/dev/null || missing+=(ceph-mon)
  command -v ceph-osd >/dev/null || missing+=(ceph-osd)
  command -v radosgw >/dev/null || missing+=(radosgw)
  command -v radosgw-admin >/dev/null || missing+=(ceph-common)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  # The CDN edges (ops/edge.sh): nginx with njs (token check) and FRiCKLE cache purge.
  [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  [[ -f /usr/lib/nginx/modules/ngx_http_js_module.so ]] || missing+=(libnginx-mod-http-js)
  [[ -f /usr/lib/nginx/modules/ngx_http_cache_purge_module.so ]] || missing+=(libnginx-mod-http-cache-purge)
  ((${#missing[@]})) || return 0
  log "installing with apt: ${missing[*]}"
  # Package scripts would start system-wide instances (nginx's a system nginx on port 80); this policy
  # forbids that during the install.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' RETURN
  apt_install "${missing[@]}"
}

load_ports() {
  if [[ -f $RUN/ports.env ]]; then source "$RUN/ports.env"; return; fi
  mkdir -p "$RUN"
  cat > "$RUN/ports.env" <<EOF
PG_PORT=$(free_port)
AMQP_PORT=$(free_port)
DIST_PORT=$(free_port)
EPMD_PORT=$(free_port)
MON_PORT=$(free_port)
RGW_PORT=$(free_port)
S3_ACCESS_KEY=MF$(python3 -c 'import secrets; print(secrets.token_hex(8).upper())')
S3_SECRET_KEY=$(python3 -c 'import secrets; print(secrets.token_hex(20))')
FSID=$(python3 -c 'import uuid; print(uuid.uuid4())')
EOF
  source "$RUN/ports.env"
}

# ---------- PostgreSQL ----------
pg() { runuser -u postgres -- "$PGBIN/$1" "${@:2}"; }
pg_ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; }

start_postgres() {
  local t; t=$(now)
  pg_ready && return 0
  mkdir -p "$RUN/pg" && chmod 755 "$RUN" && chown postgres "$RUN/pg"
  if [[ ! -f $RUN/pg/data/PG_VERSION ]]; then
    pg initdb -D "$RUN/pg/data" -A trust -U postgres >"$RUN/pg/initdb.log" 2>&1 || die "initdb failed: $(tail -5 "$RUN/pg/initdb.log")"
  fi
  # fsync off: a test server; clean shutdowns (pg_ctl stop/restart) still checkpoint everything.
  pg pg_ctl -D "$RUN/pg/data" -l "$RUN/pg/server.log" -w -t 60 start \
    -o "-p $PG_PORT -k $RUN/pg -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off -c full_page_writes=off" >/dev/null \
    || die "PostgreSQL did not start: $(tail -5 "$RUN/pg/server.log")"
  wait_until 30 PostgreSQL "$RUN/pg/server.log" pg_ready
  psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='mediafarm'" | grep -q 1 \
    || psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE mediafarm" >/dev/null
  log "PostgreSQL on 127.0.0.1:$PG_PORT ($(elapsed "$t") s)"
}

stop_postgres() {
  [[ -f $RUN/pg/data/postmaster.pid ]] && pg pg_ctl -D "$RUN/pg/data" -m fast -w stop >/dev/null 2>&1 || true
}

# ---------- RabbitMQ ----------
rabbit_env() {
  export HOME="$RUN/rabbitmq" ERL_EPMD_PORT="$EPMD_PORT" ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_MNESIA_BASE="$RUN/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$RUN/rabbitmq/log" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$AMQP_PORT" RABBITMQ_DIST_PORT="$DIST_PORT" \
    RABBITMQ_NODENAME="mf$AMQP_PORT@localhost" RABBITMQ_PID_FILE="$RUN/rabbitmq/rabbitmq.pid" \
    RABBITMQ_FEATURE_FLAGS_FILE="$RUN/rabbitmq/feature_flags" RABBITMQ_ENABLED_PLUGINS_FILE="$RUN/rabbitmq/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$RUN/rabbitmq/rabbitmq" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}
RABBIT_BIN=/usr/lib/rabbitmq/bin
rabbit_ready() { "$RABBIT_BIN/rabbitmqctl" -n "mf$AMQP_PORT@localhost" -q status >/dev/null 2>&1; }

start_rabbitmq() {
  local t; t=$(now)
  rabbit_env
  if [[ -f $RUN/rabbitmq/rabbitmq.pid ]] && alive "$(cat "$RUN/rabbitmq/rabbitmq.pid")" && rabbit_ready; then return 0; fi
  mkdir -p "$RUN/rabbitmq/mnesia" "$RUN/rabbitmq/log"
  [[ -f $RUN/rabbitmq/enabled_plugins ]] || echo '[].' > "$RUN/rabbitmq/enabled_plugins"
  # guest may connect from loopback only, which is all the tests do.
  printf 'loopback_users.guest = true\nlog.console = false\n' > "$RUN/rabbitmq/rabbitmq.conf"
  chown -R rabbitmq:rabbitmq "$RUN/rabbitmq"
  setsid "$RABBIT_BIN/rabbitmq-server" >"$RUN/rabbitmq/stdout.log" 2>&1 < /dev/null &
  echo $! > "$RUN/rabbitmq/launcher.pid"
  wait_until 60 RabbitMQ "$RUN/rabbitmq/stdout.log" "$RABBIT_BIN/rabbitmqctl" -n "mf$AMQP_PORT@localhost" -q await_startup
  record_epmd
  log "RabbitMQ on 127.0.0.1:$AMQP_PORT ($(elapsed "$t") s)"
}

stop_rabbitmq() {
  [[ -d $RUN/rabbitmq ]] || return 0
  rabbit_env
  "$RABBIT_BIN/rabbitmqctl" -n "mf$AMQP_PORT@localhost" -q stop >/dev/null 2>&1 || true
  [[ -f $RUN/rabbitmq/launcher.pid ]] && stop_pid "$(cat "$RUN/rabbitmq/launcher.pid")" rabbitmq-server
  rm -f "$RUN/rabbitmq/rabbitmq.pid"
}

# The Erlang VM starts `epmd -daemon` on ERL_EPMD_PORT, detached (parent PID 1), and leaves it running
# after the node stops. Its PID is the one in /proc whose environment has our port (ports are ours alone).
epmd_pid() {
  local environ pid
  for environ in /proc/[0-9]*/environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == epmd ]] || continue
    grep -qx "ERL_EPMD_PORT=$EPMD_PORT" < <(tr '\0' '\n' < "$environ" 2>/dev/null) && { echo "$pid"; return 0; }
  done
  return 1
}
record_epmd() { epmd_pid > "$RUN/rabbitmq/epmd.pid" || log "warning: no epmd found on port $EPMD_PORT"; }

stop_epmd() {
  local pid
  [[ -s $RUN/rabbitmq/epmd.pid ]] && pid=$(cat "$RUN/rabbitmq/epmd.pid") || pid=$(epmd_pid) || return 0
  # Only the epmd of our port: the PID may have been reused since it was recorded.
  if alive "$pid" && grep -qx "ERL_EPMD_PORT=$EPMD_PORT" < <(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null); then
    stop_pid "$pid" epmd
  fi
  rm -f "$RUN/rabbitmq/epmd.pid"
}

# ---------- Ceph RadosGW ----------
CEPH_CONF() { echo "$RUN/ceph/ceph.conf"; }
ceph_cmd() { ceph -c "$(CEPH_CONF)" --connect-timeout 5 "$@"; }

write_ceph_conf() {
  mkdir -p "$RUN/ceph"/{mon,osd,run,log,rgw}
  cat > "$(CEPH_CONF)" <<EOF
[global]
fsid = $FSID
mon host = v2:127.0.0.1:$MON_PORT
mon initial members = a
auth cluster required = none
auth service required = none
auth client required = none
public network = 127.0.0.0/8
cluster network = 127.0.0.0/8
ms bind msgr1 = false
ms bind msgr2 = true
osd pool default size = 1
osd pool default min size = 1
mon allow pool size one = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
mon max pg per osd = 1000
mon data avail warn = 1
mon data avail crit = 0
paxos propose interval = 0.05
run dir = $RUN/ceph/run
admin socket = $RUN/ceph/run/\$name.asok
pid file = $RUN/ceph/run/\$name.pid
log file = $RUN/ceph/log/\$name.log
keyring = $RUN/ceph/keyring

[mon.a]
mon data = $RUN/ceph/mon

[osd.0]
osd data = $RUN/ceph/osd
osd objectstore = bluestore
bluestore block path = $RUN/ceph/osd-block.img
bluestore block create = true
bluestore block size = 21474836480
bluestore cache size = 134217728
osd memory target = 939524096

[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT
rgw data = $RUN/ceph/rgw
ms mon client mode = crc
rgw thread pool size = 128
EOF
}

rgw_ready() { curl -s -o /dev/null "http://127.0.0.1:$RGW_PORT/"; }
# A signed request with the new keys: listing buckets must answer 200.
rgw_signed() {
  [[ $(curl -s -o /dev/null -w '%{http_code}' --aws-sigv4 "aws:amz:us-east-1:s3" --user "$S3_ACCESS_KEY:$S3_SECRET_KEY" \
    -H "x-amz-content-sha256: e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" "http://127.0.0.1:$RGW_PORT/") == 200 ]]
}
osd_up() { ceph_cmd osd dump 2>/dev/null | grep -q '^osd.0 up'; }

start_ceph() {
  local t; t=$(now)
  if rgw_ready && rgw_signed; then return 0; fi
  write_ceph_conf
  if [[ ! -f $RUN/ceph/mon/keyring && ! -d $RUN/ceph/mon/store.db ]]; then
    ceph-authtool --create-keyring "$RUN/ceph/keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
    monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT]" "$RUN/ceph/monmap" >/dev/null
    ceph-mon -c "$(CEPH_CONF)" --mkfs -i a --monmap "$RUN/ceph/monmap" --keyring "$RUN/ceph/keyring" >/dev/null 2>&1 \
      || die "ceph-mon --mkfs failed"
  fi
  ceph-mon -c "$(CEPH_CONF)" -i a || die "ceph-mon did not start"
  wait_until 30 "Ceph monitor" "$RUN/ceph/log/mon.a.log" ceph_cmd mon stat

  if [[ ! -f $RUN/ceph/osd/whoami ]]; then
    local uuid; uuid=$(python3 -c 'import uuid; print(uuid.uuid4())')
    ceph_cmd osd new "$uuid" 0 >/dev/null || die "ceph osd new failed"
    ceph-osd -c "$(CEPH_CONF)" -i 0 --mkfs --osd-uuid "$uuid" >"$RUN/ceph/log/osd-mkfs.log" 2>&1 \
      || die "ceph-osd --mkfs failed: $(tail -5 "$RUN/ceph/log/osd-mkfs.log")"
  fi
  ceph-osd -c "$(CEPH_CONF)" -i 0 || die "ceph-osd did not start"
  wait_until 60 "Ceph OSD" "$RUN/ceph/log/osd.0.log" osd_up

  radosgw -c "$(CEPH_CONF)" -n client.rgw || die "radosgw did not start"
  wait_until 60 RadosGW "$RUN/ceph/log/client.rgw.log" rgw_ready
  if ! radosgw-admin -c "$(CEPH_CONF)" user info --uid=mediafarm >/dev/null 2>&1; then
    radosgw-admin -c "$(CEPH_CONF)" user create --uid=mediafarm --display-name=MediaFarm \
      --access-key="$S3_ACCESS_KEY" --secret-key="$S3_SECRET_KEY" >/dev/null || die "radosgw-admin user create failed"
  fi
  wait_until 30 "RadosGW signed request" "$RUN/ceph/log/client.rgw.log" rgw_signed
  log "Ceph RadosGW (S3) on 127.0.0.1:$RGW_PORT ($(elapsed "$t") s)"
}

stop_ceph() {
  local name
  for name in client.rgw osd.0 mon.a; do
    [[ -f $RUN/ceph/run/$name.pid ]] && stop_pid "$(cat "$RUN/ceph/run/$name.pid")" "$name"
    rm -f "$RUN/ceph/run/$name.pid"
  done
}

# One KEY='value' line each: single quotes keep `;` and spaces in values (the Postgres connection string)
# when run-farm.sh sources the file; the .NET test harness strips them (MediaFarm.Testing/TestServices).
write_env() {
  mkdir -p "$(dirname "$ENV_FILE")"
  {
    setting() { printf "%s='%s'\n" "$1" "$2"; }
    setting ConnectionStrings__Postgres "Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=mediafarm;Maximum Pool Size=50"
    setting ConnectionStrings__RabbitMq "amqp://guest:guest@127.0.0.1:$AMQP_PORT/"
    setting S3__Endpoint "127.0.0.1:$RGW_PORT"
    setting S3__AccessKey "$S3_ACCESS_KEY"
    setting S3__SecretKey "$S3_SECRET_KEY"
    setting S3__Region us-east-1
    setting S3__UseSsl false
    setting ConnectionStrings__Redis "$(paste -sd, "$RUN/redis/nodes")"
    setting MEDIAFARM_REDIS_DIR "$RUN/redis"
    setting MEDIAFARM_PG_DATA "$RUN/pg/data"
    setting MEDIAFARM_RABBITMQ_NODE "mf$AMQP_PORT@localhost"
  } > "$ENV_FILE"
}

status() {
  load_ports
  pg_ready && echo "postgres  up    127.0.0.1:$PG_PORT" || echo "postgres  down"
  (rabbit_env; rabbit_ready >/dev/null 2>&1) && echo "rabbitmq  up    127.0.0.1:$AMQP_PORT" || echo "rabbitmq  down"
  rgw_ready && echo "radosgw   up    127.0.0.1:$RGW_PORT" || echo "radosgw   down"
  redis_ready && echo "redis     up    $(paste -sd, "$RUN/redis/nodes")" || echo "redis     down"
}

# ---------- Redis Cluster ----------
redis_ready() {
  [[ -s $RUN/redis/nodes ]] || return 1
  local first; first=$(head -1 "$RUN/redis/nodes")
  redis-cli -h "${first%:*}" -p "${first#*:}" cluster info 2>/dev/null | grep -q 'cluster_state:ok'
}

start_redis() {
  if redis_ready; then return 0; fi
  local started; started=$(now)
  bash "$ROOT/ops/redis-cluster.sh" stop "$RUN/redis"
  bash "$ROOT/ops/redis-cluster.sh" start "$RUN/redis" 3 2>/dev/null
  log "Redis Cluster (3 masters + 3 replicas) on $(head -1 "$RUN/redis/nodes")… ($(elapsed "$started") s)"
}

case "${1:-}" in
  start)
    install_missing
    load_ports
    total=$(now)
    start_postgres
    start_rabbitmq
    start_ceph
    start_redis
    write_env
    log "all up in $(elapsed "$total") s; settings in ${ENV_FILE#"$ROOT"/}"
    ;;
  stop)
    [[ ${2:-} == "" || ${2:-} == --keep ]] || { echo "usage: $0 stop [--keep]" >&2; exit 2; }
    [[ -f $RUN/ports.env ]] || exit 0
    load_ports
    bash "$ROOT/ops/redis-cluster.sh" stop "$RUN/redis"
    stop_ceph
    stop_rabbitmq
    stop_epmd
    stop_postgres
    if [[ ${2:-} == --keep ]]; then
      log "stopped; data kept in $RUN ($(du -sh "$RUN" | cut -f1))"
    else
      rm -rf "$RUN" "$ENV_FILE"
      log "stopped; removed $RUN"
    fi
    ;;
  status) status ;;
  restart-postgres)
    load_ports
    pg pg_ctl -D "$RUN/pg/data" -m fast -w restart >/dev/null || die "PostgreSQL restart failed"
    wait_until 30 PostgreSQL "$RUN/pg/server.log" pg_ready
    ;;
  stop-rabbitmq) load_ports; stop_rabbitmq ;;
  add-vhost|delete-vhost)
    [[ ${2:-} =~ ^[A-Za-z0-9._-]+$ ]] || { echo "usage: $0 $1 NAME (letters, digits, . _ -)" >&2; exit 2; }
    load_ports; rabbit_env
    ctl() { "$RABBIT_BIN/rabbitmqctl" -n "mf$AMQP_PORT@localhost" -q "$@" >/dev/null; }
    if [[ $1 == add-vhost ]]; then ctl add_vhost "$2" && ctl set_permissions -p "$2" guest '.*' '.*' '.*'
    else ctl delete_vhost "$2"; fi
    ;;
  start-rabbitmq) load_ports; start_rabbitmq ;;
  *) echo "usage: $0 start|stop [--keep]|status|restart-postgres|stop-rabbitmq|start-rabbitmq|add-vhost NAME|delete-vhost NAME" >&2; exit 2 ;;
esac
