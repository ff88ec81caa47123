#!/usr/bin/env bash
# Entry point of the `opensearch` service in docker-compose.yml (runs inside the
# opensearchproject/opensearch image, as its unprivileged user).
#
# The image's demo installer is switched off (DISABLE_INSTALL_DEMO_CONFIG=true): it would
# install demo certificates and keep demo users whose passwords are public. Instead this
# script writes an internal user database holding only `admin`, with the bcrypt hash of
# OPENSEARCH_INITIAL_ADMIN_PASSWORD, then starts OpenSearch through the image's own
# entrypoint. TLS and the security plugin are configured by the environment of the service.
#
# The security index is created from these files on the first start only
# (plugins.security.allow_default_init_securityindex); later password changes go through
# the security REST API, not through this variable.
set -euo pipefail
cd /usr/share/opensearch

: "${OPENSEARCH_INITIAL_ADMIN_PASSWORD:?set OPENSEARCH_INITIAL_ADMIN_PASSWORD (see deploy/README.md)}"
if (( ${#OPENSEARCH_INITIAL_ADMIN_PASSWORD} < 12 )); then
  echo "halong: OPENSEARCH_INITIAL_ADMIN_PASSWORD must have at least 12 characters" >&2
  exit 1
fi

export OPENSEARCH_JAVA_HOME="${OPENSEARCH_JAVA_HOME:-/usr/share/opensearch/jdk}"
# hash.sh prints a banner first; the hash is the last line. The password is read from the
# environment, never from the command line.
hash="$(plugins/opensearch-security/tools/hash.sh -env OPENSEARCH_INITIAL_ADMIN_PASSWORD 2>/dev/null | tail -n 1)"
if [[ "$hash" != '$2'* ]]; then
  echo "halong: could not hash OPENSEARCH_INITIAL_ADMIN_PASSWORD with the security plugin's hash.sh" >&2
  exit 1
fi

users=config/opensearch-security/internal_users.yml
umask 077
cat > "$users.tmp" <<USERS
---
_meta:
  type: "internalusers"
  config_version: 2

admin:
  hash: "${hash}"
  reserved: true
  backend_roles:
    - "admin"
  description: "Halong deployment administrator"
USERS
mv "$users.tmp" "$users"

exec ./opensearch-docker-entrypoint.sh opensearch
