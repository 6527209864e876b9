# Placeholder values for the variables docker-compose.yml requires, so `docker-compose config` can check
# the file on machines without a .env (they are never used to run anything).
export POSTGRES_PASSWORD=check RABBITMQ_PASSWORD=check MINIO_ROOT_USER=check MINIO_ROOT_PASSWORD=checkcheck
export IDENTITY_SIGNING_KEY=Y2hlY2tjaGVja2NoZWNrY2hlY2tjaGVja2NoZWNrY2g= PLAYBACK_SIGNING_KEY=Y2hlY2tjaGVja2NoZWNrY2hlY2tjaGVja2NoZWNrY2g=
export ADMIN_PASSWORD=check-check-check EDGE_PURGE_TOKEN=check-check-check
