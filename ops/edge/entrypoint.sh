#!/usr/bin/env bash
# The edge image's entrypoint: renders the config from the environment (render.sh) and runs nginx's
# master in the foreground as PID 1, so `docker stop` (TERM) is nginx's fast shutdown.
set -euo pipefail
: "${EDGE_SIGNING_KEY:?EDGE_SIGNING_KEY (base64, 32+ bytes, the api's Playback__Signing__SigningKey) is required}"
: "${EDGE_PURGE_TOKEN:?EDGE_PURGE_TOKEN (16+ characters) is required}"
bash /opt/mediafarm-edge/render.sh
exec nginx -p "$RUN_DIR" -c "$RUN_DIR/nginx.conf" -e "$RUN_DIR/logs/error.log" -g 'daemon off;'
