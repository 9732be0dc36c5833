#!/bin/sh
# Compose's RabbitMQ entrypoint: writes /tmp/herald-definitions.json from definitions.json, putting
# each user's password in place of its "@password:<user>@" placeholder, then starts the broker.
# Passwords come from the services' URLs (AMQP_URL_<SERVICE>=amqp://herald_<service>:<pw>@…, URL-safe
# as generate-env.sh writes them) and, for the administrator `herald`, from RABBITMQ_DEFAULT_PASS.
set -eu
here=$(dirname "$0")
out=/tmp/herald-definitions.json
cp "$here/definitions.json" "$out.tmp"
substitute() { sed -i "s|@password:$1@|$2|" "$out.tmp"; }
substitute herald "${RABBITMQ_DEFAULT_PASS:?RABBITMQ_DEFAULT_PASS is unset}"
for variable in $(env | sed -n 's/^\(AMQP_URL_[A-Z_]*\)=.*/\1/p'); do
  eval "url=\${$variable}"
  user=$(printf '%s' "$url" | sed -E 's|^amqps?://([^:@/]+):([^@/]+)@.*$|\1|')
  password=$(printf '%s' "$url" | sed -E 's|^amqps?://([^:@/]+):([^@/]+)@.*$|\2|')
  substitute "$user" "$password"
done
if grep -q '@password:' "$out.tmp"; then
  echo "render-definitions: no password for $(grep -o '@password:[^@]*@' "$out.tmp" | tr '\n' ' ')" >&2
  exit 1
fi
mv "$out.tmp" "$out"
exec docker-entrypoint.sh rabbitmq-server
