#!/usr/bin/env bash
# Generate the stack's secrets once, into the airflow-secrets volume (never in the repository or the image).
# Every Airflow component reads them through Airflow's *_CMD settings (e.g. AIRFLOW__API_AUTH__JWT_SECRET_CMD),
# so all of them share the same JWT secret, API secret key and Fernet key, and a restart keeps them.
set -euo pipefail
dir="${ANTARA_SECRETS_DIR:-/opt/airflow/secrets}"
umask 077
mkdir -p "$dir"
generate() {  # name, python expression printing a new value
  if [ ! -s "$dir/$1" ]; then
    python -c "$2" > "$dir/$1.tmp" && mv "$dir/$1.tmp" "$dir/$1"
    echo "generated $1"
  fi
}
generate jwt_secret "import secrets; print(secrets.token_urlsafe(64))"
generate api_secret_key "import secrets; print(secrets.token_urlsafe(32))"
generate fernet_key "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
