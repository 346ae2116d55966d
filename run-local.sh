#!/usr/bin/env bash
# Runs the whole system on this machine, no Docker needed: a real Pulsar standalone
# (unless PULSAR_SERVICE_URL names a broker to use), a real PostgreSQL from Maven
# Central's binaries (unless PULSEGATE_DB_URL names a database to use), the ingress and
# one consumer.
# Builds what is missing or out of date, waits until everything is healthy, prints where
# to send a request, and stops everything on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")"

INGRESS_PORT=${INGRESS_PORT:-8081}
CONSUMER_PORT=${CONSUMER_PORT:-8082}
PULSAR_BROKER_PORT=${PULSAR_BROKER_PORT:-6650}
PULSAR_WEB_PORT=${PULSAR_WEB_PORT:-8080}
PULSAR_BOOKIE_PORT=${PULSAR_BOOKIE_PORT:-3181}
POSTGRES_PORT=${POSTGRES_PORT:-5433}
DATA_DIR=${PULSEGATE_DATA_DIR:-.local}
START_TIMEOUT=${START_TIMEOUT:-180}
# The ingress refuses requests without credentials; locally one key for tenant 'public'.
PULSEGATE_API_KEY=${PULSEGATE_API_KEY:-local-dev-api-key}
# The consumer's admin API (dead letters, order reads) takes HTTP Basic credentials.
PULSEGATE_ADMIN_PASSWORD=${PULSEGATE_ADMIN_PASSWORD:-local-dev-admin-password}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

LOG_DIR="$DATA_DIR/logs"
INGRESS_JAR=ingress-service/target/ingress-service-exec.jar
CONSUMER_JAR=consumer-service/target/consumer-service-exec.jar
LAUNCHER_CLASSPATH="local-pulsar/target/local-pulsar.jar:local-pulsar-runtime/target/local-pulsar-runtime-0.1.0-SNAPSHOT.jar"
POSTGRES_LAUNCHER=local-postgres/target/local-postgres.jar

pids=()
names=()
started_at=$(date +%s)

say() { printf '%s\n' "$*" 2>/dev/null || true; }
fail() { say "run-local: $*" >&2; exit 1; }

stop_all() {
	# Nothing may interrupt the shutdown: not a second Ctrl-C, not a closed output pipe.
	trap '' INT TERM HUP PIPE
	trap - EXIT
	set +e
	local i
	# Services first, broker last, so that consumers can ack and producers flush.
	for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
		if kill -0 "${pids[i]}" 2>/dev/null; then
			say "Stopping ${names[i]} (pid ${pids[i]})"
			kill -TERM "${pids[i]}" 2>/dev/null || true
			for _ in $(seq 1 60); do
				kill -0 "${pids[i]}" 2>/dev/null || break
				sleep 0.5
			done
			kill -KILL "${pids[i]}" 2>/dev/null || true
			wait "${pids[i]}" 2>/dev/null || true
		fi
	done
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all; exit 129' HUP
trap 'stop_all' EXIT

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
	if port_in_use "$1"; then
		fail "port $1 ($2) is already in use; stop what uses it or set $3 to another port"
	fi
}

needs_build() {
	local jar
	for jar in "$INGRESS_JAR" "$CONSUMER_JAR" local-pulsar/target/local-pulsar.jar \
		local-pulsar-runtime/target/local-pulsar-runtime-0.1.0-SNAPSHOT.jar "$POSTGRES_LAUNCHER" \
		local-postgres/target/launcher.classpath; do
		[ -f "$jar" ] || return 0
	done
	# Rebuild when a source or pom changed since the last build.
	[ -n "$(find pom.xml ./*/pom.xml ./*/src -newer "$INGRESS_JAR" -type f -print -quit 2>/dev/null)" ]
}

start() { # name log command...
	local name=$1 log=$2
	shift 2
	"$@" >"$log" 2>&1 &
	pids+=("$!")
	names+=("$name")
}

await_ready() { # name pid log check-command...: runs the check until it succeeds
	local name=$1 pid=$2 log=$3 deadline=$(($(date +%s) + START_TIMEOUT))
	shift 3
	until "$@"; do
		if ! kill -0 "$pid" 2>/dev/null; then
			say "$name exited during start-up; last lines of $log:" >&2
			tail -n 30 "$log" >&2
			exit 1
		fi
		if [ "$(date +%s)" -ge "$deadline" ]; then
			say "$name was not ready within ${START_TIMEOUT}s; last lines of $log:" >&2
			tail -n 30 "$log" >&2
			exit 1
		fi
		sleep 0.5
	done
}

answers() { # url pattern
	curl -fsS --max-time 2 "$1" 2>/dev/null | grep -q "$2"
}

command -v curl >/dev/null || fail "curl is required"
"$JAVA" -version >/dev/null 2>&1 || fail "a Java 17+ runtime is required (set JAVA_HOME or put java on PATH)"

if needs_build; then
	say "Building (first time: downloads dependencies, including Pulsar's ~240 MiB)..."
	./mvnw -B -q -DskipTests package
fi

mkdir -p "$LOG_DIR"
require_free_port "$INGRESS_PORT" ingress INGRESS_PORT
require_free_port "$CONSUMER_PORT" consumer CONSUMER_PORT

if [ -n "${PULSEGATE_DB_URL:-}" ]; then
	say "Using the database at $PULSEGATE_DB_URL"
	postgres_pid=
else
	require_free_port "$POSTGRES_PORT" PostgreSQL POSTGRES_PORT
	say "Starting PostgreSQL (data in $DATA_DIR/postgres)"
	start postgres "$LOG_DIR/postgres.log" "$JAVA" -cp "$POSTGRES_LAUNCHER:$(cat local-postgres/target/launcher.classpath)" \
		io.pulsegate.localpostgres.LocalPostgresMain --data-dir "$DATA_DIR/postgres" --port "$POSTGRES_PORT"
	postgres_pid=${pids[-1]}
	PULSEGATE_DB_URL="jdbc:postgresql://127.0.0.1:$POSTGRES_PORT/postgres"
	PULSEGATE_DB_USER=postgres
	PULSEGATE_DB_PASSWORD=
fi
export PULSEGATE_DB_URL PULSEGATE_DB_USER PULSEGATE_DB_PASSWORD

if [ -n "${PULSAR_SERVICE_URL:-}" ]; then
	PULSAR_ADMIN_URL=${PULSAR_ADMIN_URL:-http://127.0.0.1:$PULSAR_WEB_PORT}
	say "Using the Pulsar broker at $PULSAR_SERVICE_URL (admin $PULSAR_ADMIN_URL)"
else
	require_free_port "$PULSAR_BROKER_PORT" "Pulsar broker" PULSAR_BROKER_PORT
	require_free_port "$PULSAR_WEB_PORT" "Pulsar web" PULSAR_WEB_PORT
	require_free_port "$PULSAR_BOOKIE_PORT" "Pulsar bookie" PULSAR_BOOKIE_PORT
	PULSAR_SERVICE_URL="pulsar://127.0.0.1:$PULSAR_BROKER_PORT"
	PULSAR_ADMIN_URL="http://127.0.0.1:$PULSAR_WEB_PORT"
	say "Starting Pulsar standalone (data in $DATA_DIR/pulsar)"
	start pulsar "$LOG_DIR/pulsar-launcher.log" "$JAVA" -cp "$LAUNCHER_CLASSPATH" \
		io.pulsegate.localpulsar.LocalPulsarMain --data-dir "$DATA_DIR/pulsar" \
		--broker-port "$PULSAR_BROKER_PORT" --web-port "$PULSAR_WEB_PORT" --bookie-port "$PULSAR_BOOKIE_PORT"
	await_ready Pulsar "${pids[-1]}" "$DATA_DIR/pulsar/broker.log" \
		answers "$PULSAR_ADMIN_URL/admin/v2/namespaces/public" "public/default"
fi
if [ -n "$postgres_pid" ]; then
	await_ready PostgreSQL "$postgres_pid" "$LOG_DIR/postgres.log" grep -q "PostgreSQL ready" "$LOG_DIR/postgres.log"
fi
export PULSAR_SERVICE_URL PULSAR_ADMIN_URL

say "Starting ingress and consumer"
INGRESS_PORT=$INGRESS_PORT PULSEGATE_SECURITY_APIKEYS_0_KEY=$PULSEGATE_API_KEY PULSEGATE_SECURITY_APIKEYS_0_TENANT=public \
	start ingress "$LOG_DIR/ingress.log" "$JAVA" -jar "$INGRESS_JAR"
ingress_pid=${pids[-1]}
CONSUMER_PORT=$CONSUMER_PORT SPRING_SECURITY_USER_PASSWORD=$PULSEGATE_ADMIN_PASSWORD start consumer "$LOG_DIR/consumer.log" "$JAVA" -jar "$CONSUMER_JAR"
consumer_pid=${pids[-1]}
await_ready ingress "$ingress_pid" "$LOG_DIR/ingress.log" answers "http://127.0.0.1:$INGRESS_PORT/actuator/health" '"UP"'
await_ready consumer "$consumer_pid" "$LOG_DIR/consumer.log" answers "http://127.0.0.1:$CONSUMER_PORT/actuator/health" '"UP"'

cat <<EOF

Pulsegate is up after $(($(date +%s) - started_at)) s.
  ingress   http://127.0.0.1:$INGRESS_PORT      (log $LOG_DIR/ingress.log)
  consumer  http://127.0.0.1:$CONSUMER_PORT      (log $LOG_DIR/consumer.log)
  pulsar    $PULSAR_SERVICE_URL, admin $PULSAR_ADMIN_URL
  database  $PULSEGATE_DB_URL

Send an event:
  curl -i http://127.0.0.1:$INGRESS_PORT/send -H 'X-API-Key: $PULSEGATE_API_KEY' -H 'Content-Type: application/json' \\
    -d '{"type": "order.placed", "data": {"orderId": "order-1001", "customerId": "c-42",
         "lines": [{"sku": "BOOK-1", "quantity": 2, "unitPrice": 12.5}], "total": 25.0, "currency": "EUR"}}'

See it applied by the order projection, and what is in the dead-letter queue:
  curl -s -u admin:$PULSEGATE_ADMIN_PASSWORD http://127.0.0.1:$CONSUMER_PORT/orders/order-1001
  curl -s -u admin:$PULSEGATE_ADMIN_PASSWORD http://127.0.0.1:$CONSUMER_PORT/admin/dead-letters

Press Ctrl-C to stop.
EOF

# Run until Ctrl-C, or until one of the processes dies.
while :; do
	for i in "${!pids[@]}"; do
		if ! kill -0 "${pids[i]}" 2>/dev/null; then
			say "${names[i]} stopped unexpectedly; see $LOG_DIR" >&2
			exit 1
		fi
	done
	sleep 1
done
