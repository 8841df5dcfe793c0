#!/usr/bin/env bash
# The benchmark command: starts Kafka, PostgreSQL, Keycloak and the packaged services on free ports, measures the
# Kafka and PostgreSQL baselines and the exchange in the same run, and prints one table. Results, including
# results.json and latency.svg, go to deploy/bench/results/ (or the directory given as the first argument).
# Takes about 25 minutes on 2 cores; run it on an otherwise idle machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/deploy/bench/results}"
cd "$root"
echo "==> Building the services and the benchmark (skipping tests)"
./mvnw -B --no-transfer-progress -q install -DskipTests
exec java -Xmx1g -Djava.util.logging.SimpleFormatter.format='%1$tT %4$-7s %5$s%6$s%n' \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "deploy/benchmarks/target/classes:$(cat deploy/benchmarks/target/runtime.classpath)" \
  org.fusionexchange.bench.Benchmark "$root" "$out"
