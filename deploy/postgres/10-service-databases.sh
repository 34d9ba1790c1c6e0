#!/bin/sh
# Creates one login role and one database per service, owned by that role, so that no service can
# open another's database (contract: "each service has its own database and its own credentials").
#
# Runs once, from /docker-entrypoint-initdb.d of the postgres image, when the data volume is empty.
# The password of service S comes from the environment variable S_DB_PASSWORD (upper case), e.g.
# HR_DB_PASSWORD; a missing one stops the initialisation instead of creating a role without one.
# SERVICE_DATABASES lists the services (kept in step with docker-compose.yml by tests/deploy).
set -eu

SERVICE_DATABASES="${SERVICE_DATABASES:-gateway hr finance assets fleet}"

for service in $SERVICE_DATABASES; do
    password_variable="$(echo "$service" | tr '[:lower:]' '[:upper:]')_DB_PASSWORD"
    password="$(printenv "$password_variable" || true)"
    if [ -z "$password" ]; then
        echo "10-service-databases: $password_variable is not set" >&2
        exit 1
    fi
    # psql variables (:"name" quotes an identifier, :'name' a literal) keep the values out of the
    # SQL text, so a password with quotes cannot change the statement.
    psql --no-psqlrc --set ON_ERROR_STOP=1 \
        --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
        --set service="$service" --set password="$password" <<'SQL'
CREATE ROLE :"service" LOGIN PASSWORD :'password';
CREATE DATABASE :"service" OWNER :"service";
-- Only the owner may connect: the other services' roles are refused at the door.
REVOKE ALL ON DATABASE :"service" FROM PUBLIC;
SQL
    echo "10-service-databases: database and role \"$service\" created"
done
