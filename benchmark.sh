#!/usr/bin/env bash
# Runs the benchmark on this machine, no Docker needed: starts a Pulsar standalone,
# PostgreSQL, the ingress and the consumer, drives them side by side with Pulsar's own Java
# client and REST producer, writes benchmarks/report/report.{md,json} and a latency plot,
# and stops everything it started. About 8.5 minutes; --overload adds 1.5, --soak 10.
#
#   ./benchmark.sh [--overload] [--soak] [--peak-only | --end-to-end-only] [--profile]
#                  [--warm-up SECONDS] [--output DIR] [--ingress-property KEY=VALUE] ...
#
# The README's Performance section lists every option.
#
# Run it on an otherwise idle machine: every process shares its cores.
set -euo pipefail
cd "$(dirname "$0")"

JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
CLASSPATH_FILE=benchmarks/target/benchmark.classpath

needs_build() {
	local file
	for file in ingress-service/target/ingress-service-exec.jar consumer-service/target/consumer-service-exec.jar \
		benchmarks/target/benchmarks.jar "$CLASSPATH_FILE"; do
		[ -f "$file" ] || return 0
	done
	# Rebuild when a source or pom changed since the last build.
	[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer benchmarks/target/benchmarks.jar -type f -print -quit 2>/dev/null)" ]
}

"$JAVA" -version >/dev/null 2>&1 || { echo "benchmark: a Java 17+ runtime is required" >&2; exit 1; }
if needs_build; then
	echo "Building..."
	./mvnw -B -q -DskipTests package -pl benchmarks -am
fi

exec "$JAVA" -Xmx1g -cp "benchmarks/target/benchmarks.jar:$(cat "$CLASSPATH_FILE")" \
	io.pulsegate.benchmark.BenchmarkMain "$@"
