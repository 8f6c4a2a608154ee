#!/usr/bin/env bash
# Container run-cycle benchmark: create+start+wait+remove of a busybox container running `true`, berthd vs
# dockerd, plus the floor: `runc run` of a prepared bundle.
# Usage: sudo bench/run-containers.sh [--iterations 50] [--warmup 5] [--variants none,volume,bindtmpfs,vol10]
#        [--no-cli] [--berthd-cmd CMD] [--dockerd-cmd CMD] [--daemons "berthd dockerd"]
# Two clients per daemon and variant: the raw API client (bench/containers/ContainerLoad.java, what `docker run`
# sends minus attach) and the stock CLI `docker run --rm` (its process start included).
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
ITER=50
WARMUP=5
VARIANTS=none,volume,bindtmpfs,vol10
CLI=1
while [ $# -gt 0 ]; do
  case "$1" in
    --iterations) ITER=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --variants) VARIANTS=$2; shift 2 ;;
    --no-cli) CLI=0; shift ;;
    *) die "unknown option $1" ;;
  esac
done
bench_init containers
command -v runc >/dev/null || die "runc is required"

ROOTFS="$BENCH_TMP/rootfs"
make_busybox_rootfs "$ROOTFS"
BIND_SRC="$BENCH_TMP/bindsrc"
mkdir -p "$BIND_SRC"; echo hello >"$BIND_SRC/file"

cload() { "$JAVA" $LOADGEN_JVM_OPTS "$BENCH_DIR/containers/ContainerLoad.java" "$@"; }

cli_args() {
  case "$1" in
    none) echo "" ;;
    volume) echo "-v benchvol:/data" ;;
    bindtmpfs) echo "-v $BIND_SRC:/bind --tmpfs /scratch" ;;
    vol10) local i s=""; for i in 0 1 2 3 4 5 6 7 8 9; do s+=" -v benchvol$i:/data$i"; done; echo "$s" ;;
  esac
}

declare -A R
# The floor: runc itself, on a bundle with the same rootfs, no daemon.
log "runc floor"
BUNDLE="$BENCH_TMP/bundle"
mkdir -p "$BUNDLE"; cp -a "$ROOTFS" "$BUNDLE/rootfs"
(cd "$BUNDLE" && runc spec)
jq '.process.terminal = false | .process.args = ["true"]' "$BUNDLE/config.json" >"$BUNDLE/config.json.new"
mv "$BUNDLE/config.json.new" "$BUNDLE/config.json"
RUNC_ROOT="$BENCH_TMP/runc-root"
R[runc]=$(cload exec --iterations "$ITER" --warmup "$WARMUP" -- runc --root "$RUNC_ROOT" run --bundle "$BUNDLE" "bench-floor-{i}")
# What a daemon that keeps a monitor between create and start needs at least: `runc create`, `runc start`,
# `runc delete` as separate processes (berth starts through the exec fifo and deletes off the request path, so
# its own floor lies between the two figures).
R[runc3]=$(cload exec --iterations "$ITER" --warmup "$WARMUP" -- sh -c \
  "runc --root '$RUNC_ROOT' create --bundle '$BUNDLE' f3-\$1 </dev/null >/dev/null && runc --root '$RUNC_ROOT' start f3-\$1 && runc --root '$RUNC_ROOT' delete --force f3-\$1" sh "{i}")

for d in $DAEMONS; do
  log "$d: start, import image"
  start_daemon "$d" 1; wait_ping "$d" 300
  import_image "$d" "$ROOTFS" bench-busybox
  for v in ${VARIANTS//,/ }; do
    log "$d: $v via API ($ITER iterations)"
    R[$d,$v,api]=$(cload api --socket "$(sock "$d")" --api "$(api_of "$d")" --image bench-busybox --variant "$v" \
      --bind-src "$BIND_SRC" --iterations "$ITER" --warmup "$WARMUP")
    if [ "$CLI" = 1 ]; then
      log "$d: $v via docker run --rm"
      # shellcheck disable=SC2046
      R[$d,$v,cli]=$(cload exec --iterations "$ITER" --warmup "$WARMUP" -- "$DOCKER_CLI" -H "unix://$(sock "$d")" run --rm $(cli_args "$v") bench-busybox true)
    fi
  done
  left=$(dcurl "$d" "$(dpath "$d" '/containers/json?all=1')" | jq length)
  [ "$left" = 0 ] || log "warning: $d has $left containers left"
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
done

f() { local x; x=$(kv "${R[$1]:-}" "$2"); echo "${x:-–}"; }
out "# Container run cycle: berthd vs dockerd"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- workload: busybox (Debian's /bin/busybox) running \`true\`; $ITER iterations after $WARMUP warm-up"
out "- API client: create → wait?condition=next-exit (held open) → start → read wait body → DELETE ?v=1 (bench/containers/ContainerLoad.java)"
out "- CLI: stock \`$($DOCKER_CLI --version 2>/dev/null | head -1)\` \`docker run --rm\`, process start included"
out ""
out "runc floor (\`runc run\` of a prepared bundle, no daemon): median $(f runc median_ms) ms, p90 $(f runc p90_ms) ms"
out "runc create + start + delete as three processes (\`sh -c\` included): median $(f runc3 median_ms) ms, p90 $(f runc3 p90_ms) ms"
out ""
out "| variant | client | berthd median / p90 (ms) | dockerd median / p90 (ms) | dockerd ÷ berthd | target (berthd median) |"
out "|---|---|---:|---:|---:|---|"
for v in ${VARIANTS//,/ }; do
  case "$v" in none) tgt="≤35 ms"; label="no mounts" ;; volume) tgt="≤40 ms"; label="1 named volume" ;;
    bindtmpfs) tgt="≤40 ms"; label="bind + tmpfs" ;; vol10) tgt="≤40 ms"; label="10 named volumes" ;; esac
  for c in api cli; do
    [ "$c" = cli ] && [ "$CLI" = 0 ] && continue
    out "| $label | $c | $(f "berthd,$v,$c" median_ms) / $(f "berthd,$v,$c" p90_ms) | $(f "dockerd,$v,$c" median_ms) / $(f "dockerd,$v,$c" p90_ms) | $(ratio "$(f "dockerd,$v,$c" median_ms)" "$(f "berthd,$v,$c" median_ms)") | $([ "$c" = api ] && echo "$tgt") |"
  done
done
out ""
out "Per-phase medians, API client (ms: create+wait request / start / until exit / remove):"
out ""
for v in ${VARIANTS//,/ }; do
  for d in $DAEMONS; do
    out "- $v, $d: $(f "$d,$v,api" create_ms) / $(f "$d,$v,api" start_ms) / $(f "$d,$v,api" exit_ms) / $(f "$d,$v,api" remove_ms)"
  done
done
log "results written to $RESULT_FILE"
