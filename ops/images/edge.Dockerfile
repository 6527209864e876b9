# MediaFarm CDN edge: Debian's nginx 1.22 with njs (the playback-token check) and FRiCKLE cache purge,
# configured from ops/edge/ (the same template and njs code ops/edge.sh and the tests run).
# Build from the repository root:  docker build -f ops/images/edge.Dockerfile -t mediafarm/edge .
# Environment: ORIGIN_URL (http://api:8080), EDGE_NAME, EDGE_SIGNING_KEY, EDGE_PREVIOUS_SIGNING_KEYS,
# EDGE_PURGE_TOKEN, EDGE_CACHE_MAX_SIZE; it listens on 8080.
FROM debian:bookworm-slim
# No init system in a build, so nginx's package scripts start nothing; the default site is dropped.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx libnginx-mod-http-js libnginx-mod-http-cache-purge curl \
 && rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default
COPY ops/edge/ /opt/mediafarm-edge/
ENV RUN_DIR=/var/cache/mediafarm-edge EDGE_LISTEN=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS -o /dev/null http://127.0.0.1:8080/healthz
ENTRYPOINT ["/opt/mediafarm-edge/entrypoint.sh"]
