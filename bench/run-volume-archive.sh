#!/usr/bin/env bash
# Volume backup, restore and copy: berth's own `volume export`, `volume import` and `volume clone` against what a
# Docker user does for the same today, a helper container running tar over the volume (`docker run --rm -v
# VOL:/data -v DIR:/backup IMG tar -c ...`), on dockerd and on berthd. A tree (default 10,000 files, 200 MB of random
# bytes, 100 dirs) is loaded into a volume once per daemon; then each step runs REPS times with the page cache
# dropped before it. Baseline: GNU tar on the host, same disk, same steps (the work any of them has to do).
# Usage: sudo bench/run-volume-archive.sh [--files 10000] [--mb 200] [--reps 3] [--daemons "berthd dockerd"]
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
tree_bench_args "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
bench_init volume-archive

ROOTFS="$BENCH_TMP/rootfs"
TREE="$BENCH_TMP/tree"
BACKUP="$BENCH_TMP/backup"
mkdir -p "$BACKUP"
make_busybox_rootfs "$ROOTFS"
make_random_tree "$TREE" "$FILES" "$MB"
tar -C "$TREE" -cf "$BENCH_TMP/tree.tar" .

# berth's CLI against a daemon.
bcli() { local d=$1; shift; BERTH_HOST="unix://$(sock "$d")" "$REPO_DIR/bin/berth" "$@"; }

# timed VAR CMD...: drops the page cache, runs CMD, appends its seconds to VAR.
timed() {
  local var=$1 t0; shift
  drop_caches
  t0=$(now_ns); "$@" >/dev/null; printf -v "$var" '%s %s' "${!var}" "$(secs_since "$t0")"
}

# checks DAEMON VOLUME: the volume holds the tree's file count, else a warning.
checks() {
  local n
  n=$(dcli "$1" run --rm -v "$2:/data:ro" bench-va find /data -type f | wc -l)
  [ "$n" = "$NFILES" ] || log "warning: $1 volume $2 holds $n files, expected $NFILES"
}

log "host tar baseline ($REPS reps)"
declare -A R
HOST_EXPORT="" HOST_IMPORT="" HOST_CLONE=""
for ((r = 0; r < REPS; r++)); do
  rm -rf "$BENCH_TMP/hostdst" "$BACKUP/host.tar"; mkdir -p "$BENCH_TMP/hostdst"
  timed HOST_EXPORT tar -C "$TREE" -cf "$BACKUP/host.tar" .
  timed HOST_IMPORT tar -C "$BENCH_TMP/hostdst" -xf "$BACKUP/host.tar"
  rm -rf "$BENCH_TMP/hostdst"; mkdir -p "$BENCH_TMP/hostdst"
  timed HOST_CLONE sh -c "tar -C '$TREE' -cf - . | tar -C '$BENCH_TMP/hostdst' -xf -"
done
rm -rf "$BENCH_TMP/hostdst" "$BACKUP/host.tar"
R[host,export]=$(echo "$HOST_EXPORT" | median)
R[host,import]=$(echo "$HOST_IMPORT" | median)
R[host,clone]=$(echo "$HOST_CLONE" | median)

for d in $DAEMONS; do
  log "$d: start, import image, load the tree into volume src"
  start_daemon "$d" 1; wait_ping "$d" 300
  import_image "$d" "$ROOTFS" bench-va
  dcli "$d" volume create src >/dev/null
  dcli "$d" run --rm -v src:/data -v "$BENCH_TMP:/b:ro" bench-va tar -xf /b/tree.tar -C /data
  checks "$d" src
  # Warm-up, not counted: one helper container.
  dcli "$d" run --rm -v src:/data:ro bench-va true
  ex="" im="" cl=""
  for ((r = 0; r < REPS; r++)); do
    rm -f "$BACKUP/run.tar"
    timed ex dcli "$d" run --rm -v src:/data:ro -v "$BACKUP:/backup" bench-va tar -cf /backup/run.tar -C /data .
    dcli "$d" volume create "rst$r" >/dev/null
    timed im dcli "$d" run --rm -v "rst$r:/data" -v "$BACKUP:/backup:ro" bench-va tar -xf /backup/run.tar -C /data
    checks "$d" "rst$r"
    timed cl sh -c "'$DOCKER_CLI' -H 'unix://$(sock "$d")' volume create 'cl$r' >/dev/null &&
      '$DOCKER_CLI' -H 'unix://$(sock "$d")' run --rm -v src:/from:ro -v 'cl$r:/to' bench-va \
        sh -c 'cd /from && tar -cf - . | tar -xf - -C /to'"
    checks "$d" "cl$r"
    dcli "$d" volume rm "rst$r" "cl$r" >/dev/null
  done
  R[$d,run-export]=$(echo "$ex" | median); R[$d,run-import]=$(echo "$im" | median); R[$d,run-clone]=$(echo "$cl" | median)
  if [ "$d" = berthd ]; then
    bcli "$d" volume export src -o "$BENCH_TMP/warm.tar"; rm -f "$BENCH_TMP/warm.tar"   # the CLI's first run
    ex="" im="" cl=""
    for ((r = 0; r < REPS; r++)); do
      rm -f "$BACKUP/own.tar"
      timed ex bcli "$d" volume export src -o "$BACKUP/own.tar"
      bcli "$d" volume create "rst$r" >/dev/null
      timed im bcli "$d" volume import "rst$r" "$BACKUP/own.tar"
      checks "$d" "rst$r"
      timed cl bcli "$d" volume clone src "cl$r"
      checks "$d" "cl$r"
      bcli "$d" volume rm "rst$r" "cl$r" >/dev/null
    done
    R[$d,own-export]=$(echo "$ex" | median); R[$d,own-import]=$(echo "$im" | median); R[$d,own-clone]=$(echo "$cl" | median)
    # The same through the API with curl: the daemon's part, without the CLI's JVM start from a cold page cache.
    ex="" im="" cl=""
    for ((r = 0; r < REPS; r++)); do
      rm -f "$BACKUP/api.tar"
      timed ex dcurl "$d" -f -o "$BACKUP/api.tar" "$(dpath "$d" /berth/volumes/src/export)"
      dcli "$d" volume create "rst$r" >/dev/null
      timed im dcurl "$d" -f -X POST -H 'Content-Type: application/x-tar' -T "$BACKUP/api.tar" \
        "$(dpath "$d" "/berth/volumes/rst$r/import")"
      checks "$d" "rst$r"
      timed cl dcurl "$d" -f -X POST -H 'Content-Type: application/json' -d "{\"Name\":\"cl$r\"}" \
        "$(dpath "$d" /berth/volumes/src/clone)"
      checks "$d" "cl$r"
      dcli "$d" volume rm "rst$r" "cl$r" >/dev/null
    done
    R[$d,api-export]=$(echo "$ex" | median); R[$d,api-import]=$(echo "$im" | median); R[$d,api-clone]=$(echo "$cl" | median)
  fi
  rm -f "$BACKUP"/*.tar
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
done

cell() { [ -n "${R[$1]:-}" ] && printf '%s s, %s MB/s' "${R[$1]}" "$(mbps "$BYTES" "${R[$1]}")" || printf '–'; }
out "# Volume export, import and clone: berth's own commands vs a tar helper container"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- tree: $NFILES files, $((BYTES / 1048576)) MB (random bytes, $((NFILES / 100 > 0 ? NFILES / 100 : 1)) dirs); page cache dropped before each timed step; medians of $REPS"
out "- helper container: \`docker run --rm -v VOL:/data -v DIR:/backup busybox tar ...\` (the stock docker CLI; busybox tar inside); clone: \`volume create\` + one container piping tar to tar"
out "- berth's own: \`berth volume export VOL -o FILE\`, \`berth volume import VOL FILE\`, \`berth volume clone SRC DST\` (each a JVM start of the CLI included, from the cold page cache)"
out "- berth's API: the same three through curl (\`GET /berth/volumes/src/export\` to a file, \`POST .../import\` from it, \`POST .../clone\`)"
out ""
out "| step | GNU tar on the host | berth's own command | berth's API (curl) | helper container on berthd | helper container on dockerd |"
out "|---|---:|---:|---:|---:|---:|"
for s in export import clone; do
  out "| $s | $(cell "host,$s") | $(cell "berthd,own-$s") | $(cell "berthd,api-$s") | $(cell "berthd,run-$s") | $(cell "dockerd,run-$s") |"
done
log "results written to $RESULT_FILE"
