#!/usr/bin/env bash
# The benchmark of issue 15 (deploy/bench/README.md): starts Kafka, PostgreSQL, Keycloak and the packaged services
# on free ports, measures the PostgreSQL and Kafka baselines first with the services idle, then each stage three
# times as a ratio to them, and prints one table. results.json, results.txt and latency.svg go to
# deploy/bench/results/ (or the directory given). 20 to 23 minutes on 2 cores; run it on an otherwise idle machine.
# The services run as the local stack launches them: with no default request quota (issue 18), so that the figures
# measure the services and not the limiter; the demo agencies carry no quota of their own.
#
#   deploy/bench/run.sh [--quick] [--entity-cost] [--console] [--lists] [--latency] [--routing] [--intake] [--no-build] [output-dir]
#     --quick     every stage once and short, 10,000 and 20,000 list rows: checks the benchmark works (a few
#                 minutes); its figures mean little
#     --no-build  use the services and the benchmark as last built
#     --entity-cost  only entity matching's cost (issue 17) after the baselines and intake-service's warm-up: about
#                 5 minutes, to try a change
#     --console   only the console's stages (issue 16) after the baselines, in the machine's Chromium (CHROMIUM,
#                 else /usr/bin/chromium): a few minutes
#     --lists     only single reports (the lists' yardstick) and the lists after the baselines: about 10 minutes
#     --latency   only report 201 to SSE at 100 reports/s after the baselines and alert-service's warm-up: about
#                 8 minutes, to try a change to the hops
#     --routing   single reports (alert-service stopped, their median sets half capacity), then the whole pipeline
#                 and report 201 to SSE at 100 reports/s and at half capacity, as in the full run (without the batches before them): 11 to 12 minutes,
#                 to try a change to routing's throughput
#     --intake    only single reports (closed loop, then open loop at half their rate) and batches after the
#                 baselines, alert-service stopped: about 6 minutes,
#                 to try a change to intake-service's write path
# Each run keeps the stack's state (logs, Kafka's and PostgreSQL's data: 5 to 14 GB for a full run) in the output
# directory's stack-*; delete it once the logs are no longer needed, or the next runs fill the disk.
# FUSION_SERVICE_JVM_OPTIONS adds JVM options to every service, for a diagnosis (for example
# -XX:NativeMemoryTracking=summary, read with jcmd); a published run leaves it unset.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mode=""
build=1
out="$root/deploy/bench/results"
for arg in "$@"; do
  case "$arg" in
    --quick) mode="$mode --quick" ;;
    --entity-cost) mode="$mode --entity-cost" ;;
    --console) mode="$mode --console" ;;
    --lists) mode="$mode --lists" ;;
    --latency) mode="$mode --latency" ;;
    --routing) mode="$mode --routing" ;;
    --intake) mode="$mode --intake" ;;
    --no-build) build=0 ;;
    -*) echo "unknown option $arg" >&2; exit 64 ;;
    *) out="$arg" ;;
  esac
done
cd "$root"
echo "==> The services run with no default request quota (*_QUOTA_DEFAULT_REQUESTS_PER_SECOND=0): the benchmark measures them, not the limiter"
if [[ $build == 1 ]]; then
  echo "==> Building the services and the benchmark (skipping tests)"
  ./mvnw -B --no-transfer-progress -q install -DskipTests
fi
exec java -Xmx1g -Djava.util.logging.SimpleFormatter.format='%1$tT %4$-7s %5$s%6$s%n' \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.kafka=error \
  -cp "deploy/benchmarks/target/classes:$(cat deploy/benchmarks/target/runtime.classpath)" \
  org.fusionexchange.bench.Benchmark "$root" "$out" $mode
