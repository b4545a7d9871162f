#!/usr/bin/env bash
# A development and test Neo4j (Community 5.26, embedded) on 127.0.0.1.
#
#   neo4j.sh build    build the launcher (only when missing or out of date)
#   neo4j.sh start    build if needed, start in the background, wait until ready
#   neo4j.sh stop     stop it (SIGTERM, then SIGKILL after NEO4J_STOP_TIMEOUT)
#   neo4j.sh status   exit 0 when running and answering, 3 otherwise
#
# Environment: NEO4J_PORT (7687), NEO4J_RUN_DIR (.neo4j: PID file, logs),
# NEO4J_DATA ($NEO4J_RUN_DIR/data), both relative to the repository root,
# NEO4J_HEAP (768m), NEO4J_PASSWORD (unset: no auth), NEO4J_START_TIMEOUT
# (180 s), NEO4J_STOP_TIMEOUT (60 s), NEO4J_JAVA (java), NEO4J_JAVA_OPTS
# (extra JVM flags). See README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
JAR="$TARGET/neo4j-launcher.jar"
STAMP="$TARGET/.built"
MAIN="org.nexusgraph.neo4j.Launcher"
HOST="127.0.0.1"

# abs PATH: PATH made absolute against the repository root.
abs() {
	case "$1" in
	/*) echo "$1" ;;
	*) echo "$ROOT/$1" ;;
	esac
}

STATE="$(abs "${NEO4J_RUN_DIR:-.neo4j}")"
PIDFILE="$STATE/neo4j.pid"
LOCKFILE="$STATE/neo4j.lock"
LOG="$STATE/neo4j.log"
LOGS="$STATE/logs"
DATA="$(abs "${NEO4J_DATA:-$STATE/data}")"
PORT="${NEO4J_PORT:-7687}"
HEAP="${NEO4J_HEAP:-768m}"
START_TIMEOUT="${NEO4J_START_TIMEOUT:-180}"
STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"
JAVA="${NEO4J_JAVA:-java}"

say() { printf 'neo4j: %s\n' "$*"; }
die() {
	printf 'neo4j: %s\n' "$*" >&2
	exit 1
}

now_ms() { date +%s%3N; }

# since T0: seconds elapsed since T0 (from now_ms), as 1.234.
since() {
	local ms=$(($(now_ms) - $1))
	printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
is_uint "$PORT" && ((PORT >= 1 && PORT <= 65535)) || die "NEO4J_PORT: not a port: $PORT"
is_uint "$START_TIMEOUT" || die "NEO4J_START_TIMEOUT: not a number of seconds: $START_TIMEOUT"
is_uint "$STOP_TIMEOUT" || die "NEO4J_STOP_TIMEOUT: not a number of seconds: $STOP_TIMEOUT"

# JVM flags. The --add-opens and system properties are those Neo4j's own
# server scripts pass; without them Neo4j 5 logs warnings and loses
# optimisations (off-heap buffers, Netty) on Java 17.
JVM_FLAGS=(
	-Xms256m
	"-Xmx$HEAP"
	-XX:+UseG1GC
	-XX:+ExitOnOutOfMemoryError
	-XX:-OmitStackTraceInFastThrow
	-XX:+DisableExplicitGC
	-Djdk.nio.maxCachedBufferSize=1024
	-Dio.netty.tryReflectionSetAccessible=true
	-Dlog4j2.disable.jmx=true
	--add-opens=java.base/java.nio=ALL-UNNAMED
	--add-opens=java.base/java.io=ALL-UNNAMED
	--add-opens=java.base/sun.nio.ch=ALL-UNNAMED
	--add-opens=java.base/java.util.concurrent=ALL-UNNAMED
)

# port_open: true when something accepts TCP connections on HOST:$1.
port_open() {
	timeout 2 bash -c "exec 3<>/dev/tcp/$HOST/$1" 2>/dev/null
}

# launcher_pid [clean]: prints the PID from the PID file when that process is
# alive and is this launcher. With "clean", removes a stale PID file (only
# under the lock).
launcher_pid() {
	[[ -f "$PIDFILE" ]] || return 1
	local pid
	pid="$(tr -dc '0-9' <"$PIDFILE")"
	if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null &&
		ps -ww -o args= -p "$pid" 2>/dev/null | grep -q -- "$MAIN"; then
		echo "$pid"
		return 0
	fi
	if [[ "${1:-}" == clean ]]; then
		rm -f "$PIDFILE"
	fi
	return 1
}

# lock FILE: holds an exclusive lock on FILE (fd 9) until the script exits,
# so that concurrent starts, stops and builds take turns.
lock() {
	mkdir -p "$(dirname "$1")"
	exec 9>"$1"
	if ! flock -n 9; then
		say "waiting for another neo4j.sh to finish"
		flock -w 900 9 || die "still locked after 900 s: $1"
	fi
}

# launcher_port PID: the Bolt port that process was started with.
launcher_port() {
	ps -ww -o args= -p "$1" | sed -n 's/.* --port \([0-9][0-9]*\).*/\1/p'
}

needs_build() {
	[[ -f "$JAR" && -f "$STAMP" && -d "$TARGET/lib" ]] || return 0
	[[ -n "$(find "$HERE/pom.xml" "$HERE/src" -newer "$STAMP" -print -quit)" ]]
}

cmd_build() {
	needs_build || return 0
	# A build lock apart from the run lock: instances with different
	# NEO4J_RUN_DIR share the launcher build.
	mkdir -p "$TARGET"
	exec 8>"$TARGET/.build.lock"
	flock -w 900 8 || die "build still locked after 900 s"
	if ! needs_build; then
		exec 8>&-
		return 0
	fi
	command -v mvn >/dev/null || die "mvn not found: Maven 3 is needed to build the launcher"
	say "building the launcher (Maven; the first build downloads about 125 MB)"
	local t0
	t0="$(now_ms)"
	rm -f "$STAMP"
	# jansi.noreset: no stray ANSI reset codes from Debian's Maven in batch mode.
	MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" \
		mvn -q -B -DskipTests -f "$HERE/pom.xml" package ||
		die "the Maven build failed (see above)"
	touch "$STAMP"
	exec 8>&-
	say "built in $(since "$t0") s"
}

tail_log() {
	if [[ -f "$LOG" ]]; then
		echo "--- last lines of $LOG:" >&2
		tail -n 40 "$LOG" >&2
	fi
}

# stop_pid PID: SIGTERM, wait up to STOP_TIMEOUT, then SIGKILL.
stop_pid() {
	local pid="$1" waited=0
	kill -TERM "$pid" 2>/dev/null || return 0
	while kill -0 "$pid" 2>/dev/null; do
		if ((waited >= STOP_TIMEOUT * 10)); then
			say "pid $pid still running after ${STOP_TIMEOUT} s: sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null || true
			while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
			return 0
		fi
		sleep 0.1
		waited=$((waited + 1))
	done
}

# await_ready PID PORT T0: wait until the launcher printed its ready line and
# the port accepts TCP. On failure or timeout stop PID and exit non-zero.
await_ready() {
	local pid="$1" port="$2" t0="$3"
	while :; do
		if ! kill -0 "$pid" 2>/dev/null; then
			rm -f "$PIDFILE"
			tail_log
			die "the launcher (pid $pid) exited before it was ready"
		fi
		if grep -q '^neo4j-launcher: ready ' "$LOG" 2>/dev/null && port_open "$port"; then
			say "ready at bolt://$HOST:$port (pid $pid, $(since "$t0") s)"
			return 0
		fi
		if (($(now_ms) - t0 >= START_TIMEOUT * 1000)); then
			say "not ready after ${START_TIMEOUT} s: stopping pid $pid" >&2
			stop_pid "$pid"
			rm -f "$PIDFILE"
			tail_log
			exit 1
		fi
		sleep 0.25
	done
}

cmd_start() {
	local pid t0
	lock "$LOCKFILE"
	if pid="$(launcher_pid clean)"; then
		local port
		port="$(launcher_port "$pid")"
		if port_open "$port" && grep -q '^neo4j-launcher: ready ' "$LOG" 2>/dev/null; then
			say "already running at bolt://$HOST:$port (pid $pid)"
			return 0
		fi
		say "pid $pid is starting: waiting"
		await_ready "$pid" "$port" "$(now_ms)"
		return 0
	fi
	if port_open "$PORT"; then
		die "port $HOST:$PORT is in use by another process (set NEO4J_PORT)"
	fi
	cmd_build
	mkdir -p "$STATE" "$LOGS" "$DATA"
	if [[ -f "$LOG" ]]; then
		mv -f "$LOG" "$LOG.1"
	fi
	t0="$(now_ms)"
	# The class path is the jar's manifest: it names exactly the jars in lib/
	# of this build, so a jar left there by an older build is never loaded.
	# setsid: the server outlives the terminal and make's process group.
	# 8>&- 9>&-: it must not inherit (and hold) the locks.
	# shellcheck disable=SC2086 # NEO4J_JAVA_OPTS is a list of flags.
	setsid nohup "$JAVA" "${JVM_FLAGS[@]}" ${NEO4J_JAVA_OPTS:-} \
		-cp "$JAR" "$MAIN" \
		--data "$DATA" --logs "$LOGS" --port "$PORT" \
		>"$LOG" 2>&1 </dev/null 8>&- 9>&- &
	pid=$!
	echo "$pid" >"$PIDFILE"
	# Interrupted while waiting: do not leave a half-started server behind.
	trap 'say "interrupted: stopping pid '"$pid"'" >&2; stop_pid '"$pid"'; rm -f "$PIDFILE"; exit 130' INT TERM HUP
	say "starting Neo4j (pid $pid, data $DATA, log $LOG)"
	await_ready "$pid" "$PORT" "$t0"
	trap - INT TERM HUP
}

cmd_stop() {
	local pid
	lock "$LOCKFILE"
	if ! pid="$(launcher_pid clean)"; then
		say "not running"
		return 0
	fi
	say "stopping pid $pid"
	local t0
	t0="$(now_ms)"
	stop_pid "$pid"
	rm -f "$PIDFILE"
	say "stopped in $(since "$t0") s"
}

cmd_status() {
	local pid port
	if ! pid="$(launcher_pid)"; then
		say "not running"
		return 3
	fi
	port="$(launcher_port "$pid")"
	if port_open "$port"; then
		say "running at bolt://$HOST:$port (pid $pid)"
		return 0
	fi
	say "pid $pid is alive but bolt://$HOST:$port does not answer (starting?)"
	return 3
}

case "${1:-}" in
build) cmd_build ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
	echo "usage: $0 build|start|stop|status" >&2
	exit 2
	;;
esac
