#!/usr/bin/env bash
# Volume API benchmark: berthd and dockerd side by side at several volume counts.
# Usage: sudo bench/run-volumes.sh [--scales 1000,10000,100000] [--dockerd-max-scale N] [--list-reps 20]
#        [--berthd-cmd CMD] [--dockerd-cmd CMD] [--daemons "berthd dockerd"]
# Per scale and daemon, on a fresh data root: warm-up (500 create/inspect/remove, not counted); create N volumes
# with 1 client; inspect (1 and 8 clients); remove them with 1 client; create N with 8 clients; list all and a
# label-filtered list (1% carry bench=sel) – median of --list-reps calls; daemon RSS; restart time holding N
# volumes (stop, start, until /_ping answers); prune of all N.
. "$(dirname "$(readlink -f "$0")")/lib/common.sh"
bench_common_args "$@"
set -- "${BENCH_ARGS[@]+"${BENCH_ARGS[@]}"}"
SCALES=1000,10000,100000
DOCKERD_MAX_SCALE=100000
LIST_REPS=20
INSPECT_OPS=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --scales) SCALES=$2; shift 2 ;;
    --dockerd-max-scale) DOCKERD_MAX_SCALE=$2; shift 2 ;;
    --list-reps) LIST_REPS=$2; shift 2 ;;
    --inspect-ops) INSPECT_OPS=$2; shift 2 ;;
    *) die "unknown option $1" ;;
  esac
done
bench_init volumes

load() { local d=$1; shift; "$JAVA" $LOADGEN_JVM_OPTS "$BENCH_DIR/volumes/VolumeLoad.java" --socket "$(sock "$d")" --api "$(api_of "$d")" "$@"; }

declare -A R
measure() {
  local d=$1 n=$2 ops r t0 t1 pid sel_filter prune_path
  # Inspects pick random names among the N volumes; at every scale the same number is timed (a series of 1,000
  # lasted 0.05 s: one collection or compilation was a good part of it).
  ops=$INSPECT_OPS
  log "$d @ $n: start (fresh data root)"
  start_daemon "$d" 1; wait_ping "$d" 300
  load "$d" create --prefix w --count 500 --clients 8 >/dev/null
  load "$d" inspect --prefix w --count 500 --ops 2000 --clients 8 >/dev/null
  load "$d" remove --prefix w --count 500 --clients 8 >/dev/null

  log "$d @ $n: create, 1 client"
  r=$(load "$d" create --prefix a --count "$n" --clients 1)
  R[$d,$n,c1]=$(kv "$r" ops_per_s); R[$d,$n,c1p50]=$(kv "$r" p50_ms); R[$d,$n,c1p99]=$(kv "$r" p99_ms)
  log "$d @ $n: inspect"
  # Each series starts with 5,000 inspects that are not counted: the daemon's and the client's JIT reach steady state.
  r=$(load "$d" inspect --prefix a --count "$n" --ops "$ops" --clients 1 --warmup 5000); R[$d,$n,i1]=$(kv "$r" ops_per_s)
  r=$(load "$d" inspect --prefix a --count "$n" --ops "$ops" --clients 8 --warmup 5000); R[$d,$n,i8]=$(kv "$r" ops_per_s)
  log "$d @ $n: remove, 1 client"
  r=$(load "$d" remove --prefix a --count "$n" --clients 1); R[$d,$n,rm]=$(kv "$r" ops_per_s)
  log "$d @ $n: create, 8 clients"
  r=$(load "$d" create --prefix b --count "$n" --clients 8)
  R[$d,$n,c8]=$(kv "$r" ops_per_s); R[$d,$n,c8p50]=$(kv "$r" p50_ms); R[$d,$n,c8p99]=$(kv "$r" p99_ms)
  log "$d @ $n: list"
  r=$(load "$d" get --path /volumes --reps "$LIST_REPS" --max-seconds 120); R[$d,$n,list]=$(kv "$r" median_ms)
  sel_filter='%7B%22label%22%3A%5B%22bench%3Dsel%22%5D%7D'   # {"label":["bench=sel"]}
  r=$(load "$d" get --path "/volumes?filters=$sel_filter" --reps "$LIST_REPS" --max-seconds 120)
  R[$d,$n,lsel]=$(kv "$r" median_ms); R[$d,$n,lselbytes]=$(kv "$r" bytes)
  pid=$(daemon_main_pid "$d"); R[$d,$n,rss]=$(rss_mb "$pid")
  log "$d @ $n: restart"
  stop_daemon "$d"
  t0=$(now_ns); start_daemon "$d" 0; wait_ping "$d" 600; t1=$(now_ns)
  R[$d,$n,start]=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", (b - a) / 1e9}')
  R[$d,$n,rss2]=$(rss_mb "$(daemon_main_pid "$d")")
  log "$d @ $n: prune"
  if [ "$d" = dockerd ]; then prune_path=/volumes/prune   # API 1.41 prunes named volumes too
  else prune_path='/volumes/prune?filters=%7B%22all%22%3A%5B%22true%22%5D%7D'; fi
  r=$(load "$d" post --path "$prune_path"); R[$d,$n,prune]=$(kv "$r" seconds)
  left=$(dcurl "$d" "$(dpath "$d" /volumes)" | jq '.Volumes | length')
  [ "$left" = 0 ] || log "warning: $d still has $left volumes after prune"
  stop_daemon "$d"; kill_leftovers "$d"; wipe_daemon_dirs "$d"
}

for n in ${SCALES//,/ }; do
  for d in $DAEMONS; do
    if [ "$d" = dockerd ] && [ "$n" -gt "$DOCKERD_MAX_SCALE" ]; then log "dockerd @ $n skipped (--dockerd-max-scale)"; continue; fi
    measure "$d" "$n"
  done
done

v() { echo "${R[$1,$2,$3]:-–}"; }
out "# Volume API: berthd vs dockerd"
out ""
machine_facts | tee -a "$RESULT_FILE"
out "- API: berthd /$(api_of berthd), dockerd /$(api_of dockerd); client: bench/volumes/VolumeLoad.java (raw HTTP/1.1 keep-alive over the unix socket)"
out ""
for n in ${SCALES//,/ }; do
  out "## $n volumes"
  out ""
  out "| metric | berthd | dockerd | berthd vs dockerd | target |"
  out "|---|---:|---:|---:|---|"
  out "| create, 1 client (ops/s) | $(v berthd $n c1) | $(v dockerd $n c1) | $(ratio "$(v berthd $n c1)" "$(v dockerd $n c1)") | ≥3× |"
  out "| create, 1 client p50 / p99 (ms) | $(v berthd $n c1p50) / $(v berthd $n c1p99) | $(v dockerd $n c1p50) / $(v dockerd $n c1p99) | | |"
  out "| create, 8 clients (ops/s) | $(v berthd $n c8) | $(v dockerd $n c8) | $(ratio "$(v berthd $n c8)" "$(v dockerd $n c8)") | ≥10× |"
  out "| create, 8 clients p50 / p99 (ms) | $(v berthd $n c8p50) / $(v berthd $n c8p99) | $(v dockerd $n c8p50) / $(v dockerd $n c8p99) | | |"
  out "| inspect, 1 client (ops/s) | $(v berthd $n i1) | $(v dockerd $n i1) | $(ratio "$(v berthd $n i1)" "$(v dockerd $n i1)") | ≥5× |"
  out "| inspect, 8 clients (ops/s) | $(v berthd $n i8) | $(v dockerd $n i8) | $(ratio "$(v berthd $n i8)" "$(v dockerd $n i8)") | ≥5× |"
  out "| list all, median (ms) | $(v berthd $n list) | $(v dockerd $n list) | $(ratio "$(v dockerd $n list)" "$(v berthd $n list)") | ≤10 ms at 10k |"
  out "| list label=bench=sel (1%), median (ms) | $(v berthd $n lsel) | $(v dockerd $n lsel) | $(ratio "$(v dockerd $n lsel)" "$(v berthd $n lsel)") | ≤2 ms at 10k |"
  out "| remove, 1 client (ops/s) | $(v berthd $n rm) | $(v dockerd $n rm) | $(ratio "$(v berthd $n rm)" "$(v dockerd $n rm)") | ≥3× |"
  out "| prune all (s) | $(v berthd $n prune) | $(v dockerd $n prune) | $(ratio "$(v dockerd $n prune)" "$(v berthd $n prune)") | ≤0.3 s at 10k |"
  out "| RSS holding $n volumes, after the lists (MB) | $(v berthd $n rss) | $(v dockerd $n rss) | | ≤175 MB at 100k |"
  out "| start holding $n volumes, to /_ping (s) | $(v berthd $n start) | $(v dockerd $n start) | | ≤2 s at 100k |"
  out "| RSS right after that start (MB) | $(v berthd $n rss2) | $(v dockerd $n rss2) | | |"
  out ""
done
out "Ratios are berthd's advantage (>1× = berthd faster). Lists/prune ratio = dockerd time ÷ berthd time."
log "results written to $RESULT_FILE"
