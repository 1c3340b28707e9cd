#!/bin/sh
# Runs once, when the postgres volume is first initialised (docker-compose.yml): the two roles of
# the audit-log design (README, "Audit log"). kyosei_owner creates the kyosei_<name> databases and
# runs the migrations, so it owns every table; kyosei_service is what the subgraphs serve requests
# as: it owns nothing, may only INSERT and SELECT the access log, and is no superuser.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="${KYOSEI_OWNER_PASSWORD:?}" -v service_password="${KYOSEI_SERVICE_PASSWORD:?}" <<'SQL'
CREATE ROLE kyosei_owner LOGIN CREATEDB NOSUPERUSER NOCREATEROLE PASSWORD :'owner_password';
CREATE ROLE kyosei_service LOGIN NOCREATEDB NOSUPERUSER NOCREATEROLE PASSWORD :'service_password';
SQL
