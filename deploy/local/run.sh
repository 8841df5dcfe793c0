#!/usr/bin/env bash
# Runs the whole Fusion Exchange system on this machine: Kafka, PostgreSQL, Keycloak and the three services,
# each as a real process on 127.0.0.1. Needs only a JDK 17; the first run downloads and builds what is missing.
# Ctrl-C stops everything it started. Once ready it prints the URLs, the demo identities and the Kafka superuser
# (admin / admin-secret, SASL/SCRAM-SHA-512) with the properties file for Kafka's tools (--command-config).
#
#   deploy/local/run.sh
#
# Environment:
#   FUSION_STATE_DIR   where state and logs go (default: deploy/local/state)
#   FUSION_REBUILD=1   rebuild the services even if they look up to date
#   FUSION_PG_HOST, FUSION_PG_PORT, FUSION_PG_USER, FUSION_PG_PASSWORD
#                      use an existing PostgreSQL server instead of the embedded one
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
state="${FUSION_STATE_DIR:-$root/deploy/local/state}"
cd "$root"

stale() {
  local module="$1" marker="$2"
  [ -f "$marker" ] || return 0
  [ -n "$(find "$module/src" "$module/pom.xml" -newer "$marker" -print -quit 2>/dev/null)" ]
}

build=false
for module in directory-service intake-service alert-service; do
  stale "$module" "$module/target/quarkus-app/quarkus-run.jar" && build=true
done
stale deploy/stack deploy/stack/target/runtime.classpath && build=true
[ "${FUSION_REBUILD:-0}" = 1 ] && build=true

if $build; then
  echo "==> Building the services and the stack launcher (the first run downloads dependencies; this takes a few minutes)"
  ./mvnw -B --no-transfer-progress install -DskipTests
fi

# A shell started without job control (a script running this in the background) ignores SIGINT, and the JVM would
# inherit that and ignore Ctrl-C; restore the default handling where env(1) can.
restore_signals=()
if env --default-signal=INT true 2>/dev/null; then
  restore_signals=(env --default-signal=INT,TERM,HUP)
fi

mkdir -p "$state"
echo "==> Starting the stack; state and logs in $state"
exec "${restore_signals[@]}" java -Xmx256m \
  -Djava.util.logging.SimpleFormatter.format='%1$tT %4$-7s %5$s%6$s%n' \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/stack/target/classes:$(cat deploy/stack/target/runtime.classpath)" \
  org.fusionexchange.stack.LocalStack "$root" "$state"
