#!/usr/bin/env bash
# Volume plugin benchmark: volumes on a legacy (v1) plugin (bench/plugins/bench_plugin.py, in memory, threaded)
# through the Engine API, berthd vs dockerd, each daemon with a fresh plugin on the same socket: create, inspect,
# list, remove of N plugin volumes (one client), then the failure paths users wait on: a create naming a driver
# no plugin provides, and `GET /volumes` while the plugin is down (its socket file left, nothing listening).
# Both daemons find the plugin where Docker looks: /run/docker/plugins/<name>.sock.
# Usage: sudo bench/run-plugins.sh [--volumes 500] [--reps 20] [--berthd-cmd CMD] ...
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
NVOL=500
REPS=20
while [ $# -gt 0 ]; do
  case "$1" in
    --volumes) NVOL=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
bench_init plugins

PLUGIN=berthbench
PLUGIN_SOCK=/run/docker/plugins/$PLUGIN.sock
PLUGIN_PID=
start_plugin() {
  python3 "$BENCH_DIR/plugins/bench_plugin.py" "$PLUGIN_SOCK" "$BENCH_TMP/plugin-data" &
  PLUGIN_PID=$!
  for _ in $(seq 1 500); do [ -S "$PLUGIN_SOCK" ] && return 0; sleep 0.01; done
  die "the plugin did not create $PLUGIN_SOCK"
}
stop_plugin() {
  if [ -n "$PLUGIN_PID" ]; then
    kill -TERM "$PLUGIN_PID" 2>/dev/null || true
    wait "$PLUGIN_PID" 2>/dev/null || true
    PLUGIN_PID=
  fi
  rm -f "$PLUGIN_SOCK"; rm -rf "$BENCH_TMP/plugin-data"
}
# Down, as a crashed plugin leaves it: killed, its socket file still there.
kill_plugin() {
  kill -KILL "$PLUGIN_PID" 2>/dev/null || true
  wait "$PLUGIN_PID" 2>/dev/null || true
  PLUGIN_PID=
}
trap 'stop_plugin; cleanup_all' EXIT

vload() { local d=$1; shift; "$JAVA" $LOADGEN_JVM_OPTS "$BENCH_DIR/volumes/VolumeLoad.java" --socket "$(sock "$d")" --api "$(api_of "$d")" "$@"; }

declare -A R
for d in $DAEMONS; do
  start_plugin
  log "$d: start; $NVOL volumes on plugin $PLUGIN"
  start_daemon "$d" 1; wait_ping "$d" 300
  r=$(vload "$d" create --prefix pv --count "$NVOL" --clients 1 --driver "$PLUGIN")
  R[$d,create]=$(kv "$r" ops_per_s); R[$d,createp50]=$(kv "$r" p50_ms)
  r=$(vload "$d" inspect --prefix pv --count "$NVOL" --ops "$NVOL" --warmup 200 --clients 1)
  R[$d,inspect]=$(kv "$r" ops_per_s)
  r=$(vload "$d" get --path /volumes --reps "$REPS")
  R[$d,list]=$(kv "$r" median_ms)
  R[$d,listed]=$(dcurl "$d" "$(dpath "$d" /volumes)" | jq '[.Volumes[] | select(.Driver == "'$PLUGIN'")] | length')
  r=$(vload "$d" remove --prefix pv --count "$NVOL" --clients 1)
  R[$d,remove]=$(kv "$r" ops_per_s)
  log "$d: create with a driver no plugin provides"
  r=$(vload "$d" post --path /volumes/create --expect 404 --body '{"Name":"nope","Driver":"no-such-plugin"}')
  R[$d,unknown]=$(kv "$r" seconds)
  log "$d: list with the plugin down"
  vload "$d" create --prefix kept --count 3 --clients 1 --driver "$PLUGIN" >/dev/null
  kill_plugin
  start=$(now_ns)
  R[$d,downlisted]=$(dcurl "$d" --max-time 120 "$(dpath "$d" /volumes)" | jq '[.Volumes[] | select(.Driver == "'$PLUGIN'")] | length')
  R[$d,down]=$(secs_since "$start")
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
  stop_plugin
done

v() { echo "${R[$1,$2]:-–}"; }
out "# Volume plugins: berthd vs dockerd"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- plugin: bench/plugins/bench_plugin.py (Python, in memory, one thread per connection), a fresh one per daemon"
out "- $NVOL volumes created, inspected, listed and removed by one client (bench/volumes/VolumeLoad.java); list: median of $REPS"
out ""
out "| measure | berthd | dockerd | berthd's advantage |"
out "|---|---:|---:|---:|"
out "| create, 1 client (ops/s) | $(v berthd create) | $(v dockerd create) | $(ratio "$(v berthd create)" "$(v dockerd create)") |"
out "| create p50 (ms) | $(v berthd createp50) | $(v dockerd createp50) | |"
out "| inspect, 1 client (ops/s) | $(v berthd inspect) | $(v dockerd inspect) | $(ratio "$(v berthd inspect)" "$(v dockerd inspect)") |"
out "| list of $NVOL plugin volumes, median (ms) | $(v berthd list) | $(v dockerd list) | $(ratio "$(v dockerd list)" "$(v berthd list)") |"
out "| remove, 1 client (ops/s) | $(v berthd remove) | $(v dockerd remove) | $(ratio "$(v berthd remove)" "$(v dockerd remove)") |"
out "| create with an unknown driver: answer after (s) | $(v berthd unknown) | $(v dockerd unknown) | $(ratio "$(v dockerd unknown)" "$(v berthd unknown)") |"
out "| list with the plugin down: answer after (s) | $(v berthd down) | $(v dockerd down) | $(ratio "$(v dockerd down)" "$(v berthd down)") |"
out "| check: plugin volumes listed ($NVOL expected) / while down (3 known) | $(v berthd listed) / $(v berthd downlisted) | $(v dockerd listed) / $(v dockerd downlisted) | |"
log "results written to $RESULT_FILE"
