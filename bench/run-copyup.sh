#!/usr/bin/env bash
# Copy-up benchmark: the first mount of an empty named volume over an image directory copies the image's content
# into the volume. Image: busybox + a tree under /data (default 10,000 files, 200 MB, random bytes, 100 dirs).
# Compared with `cp -a` of the same tree on the same disk. Page cache dropped before every timed step.
# Usage: sudo bench/run-copyup.sh [--files 10000] [--mb 200] [--reps 3] [--berthd-cmd CMD] [--daemons "..."]
# berth's figure: its own log line ("copied image content /data into ...: N entries, B bytes in T ms"), and
# for both daemons the time of `docker run --rm -v freshN:/data img true` minus the same run once the volume is
# populated (no copy-up then).
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
tree_bench_args "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
bench_init copyup

ROOTFS="$BENCH_TMP/rootfs"
make_busybox_rootfs "$ROOTFS"
make_random_tree "$ROOTFS/data" "$FILES" "$MB"

log "cp -a baseline ($REPS reps)"
# Timed without a final sync, like the daemons' copy-up (neither fsyncs); the sync after it is timed apart.
CP_T="" CPS_T=""
for ((r = 0; r < REPS; r++)); do
  rm -rf "$BENCH_TMP/cpdst"; drop_caches
  t0=$(now_ns); cp -a "$ROOTFS/data" "$BENCH_TMP/cpdst"; CP_T+=" $(secs_since "$t0")"; sync; CPS_T+=" $(secs_since "$t0")"
done
rm -rf "$BENCH_TMP/cpdst"
CP=$(echo "$CP_T" | median); CPS=$(echo "$CPS_T" | median)

declare -A R
for d in $DAEMONS; do
  log "$d: start, import image ($((BYTES / 1048576)) MB)"
  start_daemon "$d" 1; wait_ping "$d" 300
  import_image "$d" "$ROOTFS" bench-copyup
  # Warm-up: one copy-up not counted (JIT, first-mount paths).
  dcli "$d" run --rm -v warm:/data bench-copyup true >/dev/null
  dcli "$d" volume rm warm >/dev/null
  fresh_t="" pop_t="" log_ms=""
  for ((r = 0; r < REPS; r++)); do
    drop_caches
    t0=$(now_ns); dcli "$d" run --rm -v "fresh$r:/data" bench-copyup true >/dev/null; fresh_t+=" $(secs_since "$t0")"
    sync; drop_caches
    t0=$(now_ns); dcli "$d" run --rm -v "fresh$r:/data" bench-copyup true >/dev/null; pop_t+=" $(secs_since "$t0")"
    n=$(dcli "$d" run --rm -v "fresh$r:/data" bench-copyup find /data -type f | wc -l)
    [ "$n" = "$NFILES" ] || log "warning: $d volume fresh$r holds $n files, expected $NFILES"
    if [ "$d" = berthd ]; then
      ms=$(grep -o "copied image content /data into [^ ]*fresh$r[^ ]*: [0-9]* entries, [0-9]* bytes in [0-9]* ms" "$(daemon_log "$d")" | tail -1 | awk '{print $(NF-1)}')
      log_ms+=" ${ms:-}"
    fi
    dcli "$d" volume rm "fresh$r" >/dev/null
  done
  R[$d,fresh]=$(echo "$fresh_t" | median); R[$d,pop]=$(echo "$pop_t" | median)
  R[$d,diff]=$(awk -v a="${R[$d,fresh]}" -v b="${R[$d,pop]}" 'BEGIN {printf "%.3f", a - b}')
  if [ -n "$(echo "$log_ms" | tr -d ' ')" ]; then R[$d,log]=$(echo "$log_ms" | median | awk '{printf "%.3f", $1 / 1000}'); fi
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
done

out "# Copy-up at first mount of an empty volume: berthd vs dockerd vs cp -a"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- tree: $NFILES files, $((BYTES / 1048576)) MB (random bytes, $((NFILES / 100 > 0 ? NFILES / 100 : 1)) dirs) under /data in the image; page cache dropped before each timed step; medians of $REPS"
out ""
out "| copier | seconds | MB/s | vs cp -a | target |"
out "|---|---:|---:|---:|---|"
out "| cp -a (same disk) | $CP | $(mbps "$BYTES" "$CP") | 100% | |"
out "| cp -a, then sync (for reference) | $CPS | $(mbps "$BYTES" "$CPS") | | |"
for d in $DAEMONS; do
  if [ -n "${R[$d,log]:-}" ]; then
    out "| $d, own log line | ${R[$d,log]} | $(mbps "$BYTES" "${R[$d,log]}") | $(awk -v c="$CP" -v t="${R[$d,log]}" 'BEGIN {printf "%.0f%%", 100 * c / t}') | ≥80% |"
  fi
  out "| $d, run on fresh − run on populated volume (${R[$d,fresh]} − ${R[$d,pop]} s) | ${R[$d,diff]} | $(mbps "$BYTES" "${R[$d,diff]}") | $(awk -v c="$CP" -v t="${R[$d,diff]}" 'BEGIN { if (t <= 0) print "–"; else printf "%.0f%%", 100 * c / t}') | $([ "$d" = berthd ] && echo "≥80%") |"
done
log "results written to $RESULT_FILE"
