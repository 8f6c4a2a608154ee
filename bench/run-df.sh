#!/usr/bin/env bash
# Disk-usage benchmark: GET /system/df?type=volume (what `docker system df -v` asks for volumes) and the CLI
# `docker system df -v` itself, over N volumes each holding F files of 4 KiB, with a container (created, not
# started) referencing every 10th volume. berthd vs dockerd; dockerd 20.10 (API 1.41) ignores `type` and
# computes images, containers and build cache too, as its own CLI makes it do.
# Usage: sudo bench/run-df.sh [--volumes 1000] [--files 10] [--reps 20] [--cli-reps 10] [--berthd-cmd CMD] ...
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
NVOL=1000
NFILES=10
REPS=20
CLI_REPS=10
while [ $# -gt 0 ]; do
  case "$1" in
    --volumes) NVOL=$2; shift 2 ;;
    --files) NFILES=$2; shift 2 ;;
    --reps) REPS=$2; shift 2 ;;
    --cli-reps) CLI_REPS=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
bench_init df

ROOTFS="$BENCH_TMP/rootfs"
make_busybox_rootfs "$ROOTFS"
vload() { local d=$1; shift; "$JAVA" $LOADGEN_JVM_OPTS "$BENCH_DIR/volumes/VolumeLoad.java" --socket "$(sock "$d")" --api "$(api_of "$d")" "$@"; }
cload() { "$JAVA" $LOADGEN_JVM_OPTS "$BENCH_DIR/containers/ContainerLoad.java" "$@"; }

declare -A R
for d in $DAEMONS; do
  log "$d: start, $NVOL volumes × $NFILES files"
  start_daemon "$d" 1; wait_ping "$d" 300
  import_image "$d" "$ROOTFS" bench-busybox
  vload "$d" create --prefix dfv --count "$NVOL" --clients 4 >/dev/null
  # Fill each volume's directory on the host (as a container would) with NFILES files of 4 KiB.
  dcurl "$d" "$(dpath "$d" /volumes)" | jq -r '.Volumes[].Mountpoint' | python3 -c '
import os, sys
n = int(sys.argv[1])
for mp in sys.stdin.read().split():
    for i in range(n):
        with open(os.path.join(mp, "f%02d" % i), "wb") as f:
            f.write(os.urandom(4096))
' "$NFILES"
  for ((i = 0; i < NVOL; i += 10)); do
    dcurl "$d" -f -X POST -H 'Content-Type: application/json' \
      -d "{\"Image\":\"bench-busybox\",\"Cmd\":[\"true\"],\"HostConfig\":{\"Binds\":[\"dfv$i:/data\"]}}" \
      "$(dpath "$d" "/containers/create?name=dfc$i")" >/dev/null || die "container create on $d failed"
  done
  log "$d: GET /system/df?type=volume × $REPS"
  r=$(vload "$d" get --path '/system/df?type=volume' --reps "$REPS" --max-seconds 300)
  R[$d,api]=$(kv "$r" median_ms); R[$d,apip90]=$(kv "$r" p90_ms)
  body=$(dcurl "$d" "$(dpath "$d" '/system/df?type=volume')")
  R[$d,count]=$(echo "$body" | jq '.Volumes | length')
  R[$d,size]=$(echo "$body" | jq '[.Volumes[].UsageData.Size] | add')
  R[$d,refs]=$(echo "$body" | jq '[.Volumes[] | select(.UsageData.RefCount > 0)] | length')
  log "$d: docker system df -v × $CLI_REPS"
  r=$(cload exec --iterations "$CLI_REPS" --warmup 1 -- "$DOCKER_CLI" -H "unix://$(sock "$d")" system df -v)
  R[$d,cli]=$(kv "$r" median_ms)
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
done

v() { echo "${R[$1,$2]:-–}"; }
out "# Volume disk usage (system df): berthd vs dockerd"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- $NVOL volumes, each $NFILES files of 4 KiB; a created container references every 10th volume"
out "- API: median of $REPS calls after three warm-up calls (bench/volumes/VolumeLoad.java); CLI: median of $CLI_REPS runs of \`docker system df -v\`"
out ""
out "| measure | berthd | dockerd | dockerd ÷ berthd | target |"
out "|---|---:|---:|---:|---|"
out "| GET /system/df?type=volume, median (ms) | $(v berthd api) | $(v dockerd api) | $(ratio "$(v dockerd api)" "$(v berthd api)") | ≥10× |"
out "| same, p90 (ms) | $(v berthd apip90) | $(v dockerd apip90) | | |"
out "| docker system df -v, median (ms) | $(v berthd cli) | $(v dockerd cli) | $(ratio "$(v dockerd cli)" "$(v berthd cli)") | |"
out "| check: volumes reported / with RefCount>0 | $(v berthd count) / $(v berthd refs) | $(v dockerd count) / $(v dockerd refs) | | |"
out "| check: sum of UsageData.Size (bytes) | $(v berthd size) | $(v dockerd size) | | |"
log "results written to $RESULT_FILE"
