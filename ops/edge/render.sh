#!/usr/bin/env bash
# Renders nginx.conf.template into RUN_DIR (with playback-token.js beside it) from the environment:
#   RUN_DIR  EDGE_NAME  EDGE_LISTEN (127.0.0.1:8081, or 8080 in a container)  ORIGIN_URL (http://host:port)
#   EDGE_CACHE_MAX_SIZE (default 1g)
# Shared by ops/edge.sh, the edge image's entrypoint and the tests' TestEdge, so all run one config.
# Secrets (EDGE_SIGNING_KEY, EDGE_PREVIOUS_SIGNING_KEYS, EDGE_PURGE_TOKEN) are not written anywhere:
# nginx passes them to njs through its `env` directive.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
: "${RUN_DIR:?}" "${EDGE_NAME:?}" "${EDGE_LISTEN:?}" "${ORIGIN_URL:?}"
[[ $EDGE_NAME =~ ^[A-Za-z0-9._-]+$ ]] || { echo "EDGE_NAME: letters, digits, . _ - only" >&2; exit 2; }
[[ $ORIGIN_URL =~ ^http://([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):([0-9]+)/?$ ]] \
  || { echo "ORIGIN_URL must be http://host:port (the origin's /media is served at its root): $ORIGIN_URL" >&2; exit 2; }
origin_hostport="${BASH_REMATCH[1]}:${BASH_REMATCH[2]}"

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/temp" "$RUN_DIR/cache"
user_line=""
if [[ $(id -u) -eq 0 ]]; then
  # Workers drop root; they must reach the cache and temp folders (nginx chowns those it creates).
  user_line="user www-data;"
  chmod 755 "$RUN_DIR"
  chown www-data "$RUN_DIR/temp" "$RUN_DIR/cache"
fi
cp "$here/playback-token.js" "$RUN_DIR/playback-token.js"
sed -e "s|@USER_LINE@|$user_line|" -e "s|@RUN_DIR@|$RUN_DIR|g" -e "s|@EDGE_NAME@|$EDGE_NAME|g" \
    -e "s|@LISTEN@|$EDGE_LISTEN|g" -e "s|@ORIGIN_HOSTPORT@|$origin_hostport|g" \
    -e "s|@CACHE_MAX_SIZE@|${EDGE_CACHE_MAX_SIZE:-1g}|g" "$here/nginx.conf.template" > "$RUN_DIR/nginx.conf"
