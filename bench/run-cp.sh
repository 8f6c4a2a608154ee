#!/usr/bin/env bash
# docker cp benchmark: a tree (default 10,000 files, 200 MB, random bytes, 100 dirs) copied into a named volume of a
# created container (`docker cp tree/. ctr:/data/`, the CLI's tar through PUT /archive) and back out
# (`docker cp ctr:/data -` into /dev/null, GET /archive). Baseline: `tar -c | tar -x` of the same tree on the same
# disk (the work both ends of a copy do, without a daemon). Page cache dropped before every timed step.
# Usage: sudo bench/run-cp.sh [--files 10000] [--mb 200] [--reps 3] [--berthd-cmd CMD] [--daemons "..."]
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
tree_bench_args "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
bench_init cp

ROOTFS="$BENCH_TMP/rootfs"
TREE="$BENCH_TMP/tree"
make_busybox_rootfs "$ROOTFS"
make_random_tree "$TREE" "$FILES" "$MB"

log "tar | tar baseline ($REPS reps)"
TAR_T=""
for ((r = 0; r < REPS; r++)); do
  rm -rf "$BENCH_TMP/tardst"; mkdir -p "$BENCH_TMP/tardst"; drop_caches
  t0=$(now_ns); tar -C "$TREE" -c . | tar -C "$BENCH_TMP/tardst" -x; TAR_T+=" $(secs_since "$t0")"
done
rm -rf "$BENCH_TMP/tardst"
TAR=$(echo "$TAR_T" | median)

declare -A R
for d in $DAEMONS; do
  log "$d: start, import image"
  start_daemon "$d" 1; wait_ping "$d" 300
  import_image "$d" "$ROOTFS" bench-cp
  # Warm-up, not counted: one small copy each way.
  dcli "$d" create --name cp-warm -v cpwarm:/data bench-cp true >/dev/null
  dcli "$d" cp "$TREE/d000" cp-warm:/data/ >/dev/null
  dcli "$d" cp cp-warm:/data - >/dev/null
  dcli "$d" rm -f cp-warm >/dev/null; dcli "$d" volume rm cpwarm >/dev/null
  in_t="" out_t=""
  for ((r = 0; r < REPS; r++)); do
    dcli "$d" create --name "cp$r" -v "cpvol$r:/data" bench-cp true >/dev/null
    drop_caches
    t0=$(now_ns); dcli "$d" cp "$TREE/." "cp$r:/data/" >/dev/null; in_t+=" $(secs_since "$t0")"
    n=$(dcli "$d" run --rm -v "cpvol$r:/data" bench-cp find /data -type f | wc -l)
    [ "$n" = "$NFILES" ] || log "warning: $d volume cpvol$r holds $n files, expected $NFILES"
    drop_caches
    t0=$(now_ns); dcli "$d" cp "cp$r:/data" - >/dev/null; out_t+=" $(secs_since "$t0")"
    dcli "$d" rm -f "cp$r" >/dev/null; dcli "$d" volume rm "cpvol$r" >/dev/null
  done
  R[$d,in]=$(echo "$in_t" | median); R[$d,out]=$(echo "$out_t" | median)
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
done

out "# docker cp into and out of a volume: berthd vs dockerd"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- tree: $NFILES files, $((BYTES / 1048576)) MB (random bytes, $((NFILES / 100 > 0 ? NFILES / 100 : 1)) dirs); page cache dropped before each timed step; medians of $REPS; the stock docker CLI makes and reads the tars"
out ""
out "| copy | tar \\| tar (same disk) | $(for d in $DAEMONS; do printf '%s | ' "$d"; done)"
out "|---|---:|$(for d in $DAEMONS; do printf -- '---:|'; done)"
out "| into the volume (s, MB/s) | $TAR, $(mbps "$BYTES" "$TAR") | $(for d in $DAEMONS; do printf '%s, %s | ' "${R[$d,in]}" "$(mbps "$BYTES" "${R[$d,in]}")"; done)"
out "| out of the volume (s, MB/s) | | $(for d in $DAEMONS; do printf '%s, %s | ' "${R[$d,out]}" "$(mbps "$BYTES" "${R[$d,out]}")"; done)"
log "results written to $RESULT_FILE"
