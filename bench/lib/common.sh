# Shared by the bench scripts: start/stop berthd and dockerd on private sockets and data roots, clean up on
# exit, machine facts, small helpers. Source it; then call bench_init NAME "$@" and parse the remaining args.
# shellcheck shell=bash
set -euo pipefail
export LANG=C.UTF-8

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$BENCH_DIR/.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
if ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
JAVA="$JAVA_HOME/bin/java"
# JVM flags of the load generators: their heap is touched once up front and then reused. On this PVM guest a
# page's first touch costs 20-27 µs, and a client that keeps faulting in fresh heap measures itself, not the daemon.
LOADGEN_JVM_OPTS="-XX:+UseSerialGC -XX:+AlwaysPreTouch -Xms96m -Xmx512m"
DOCKER_CLI="${DOCKER_CLI:-docker}"

# Overridable with --work-prefix, --berthd-cmd, --dockerd-cmd, --daemons.
WORK_PREFIX="${WORK_PREFIX:-bench}"
BERTHD_CMD="${BERTHD_CMD:-$REPO_DIR/bin/berthd}"
DOCKERD_CMD="${DOCKERD_CMD:-dockerd}"
DAEMONS="${DAEMONS:-berthd dockerd}"

# Per daemon: run dir (socket, exec root, pid, log) and data root.
run_dir() { echo "/run/$WORK_PREFIX-$1"; }
data_root() { echo "/var/lib/$WORK_PREFIX-$1"; }
sock() { echo "$(run_dir "$1")/$1.sock"; }
daemon_log() { echo "$(run_dir "$1")/$1.log"; }
daemon_pid() { cat "$(run_dir "$1")/daemon.pid" 2>/dev/null || true; }

# API path prefix per daemon: dockerd 20.10 speaks 1.41; berth its newest (so prune takes the "all" filter).
api_of() { case "$1" in dockerd) echo v1.41 ;; *) echo v1.50 ;; esac; }

log() { echo "[$(date -u +%H:%M:%S)] $*" >&2; }
die() { log "error: $*"; exit 1; }

now_ns() { date +%s%N; }

# curl against a daemon: dcurl DAEMON [curl args] PATH
dcurl() { local d=$1; shift; curl -sS --unix-socket "$(sock "$d")" "$@"; }
dpath() { echo "http://docker/$(api_of "$1")$2"; }

# docker CLI against a daemon.
dcli() { local d=$1; shift; "$DOCKER_CLI" -H "unix://$(sock "$d")" "$@"; }

wait_ping() {
  local d=$1 timeout_s=${2:-120} start
  start=$(now_ns)
  until curl -s -o /dev/null --max-time 1 --unix-socket "$(sock "$d")" http://docker/_ping 2>/dev/null; do
    local pid; pid=$(daemon_pid "$d")
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
      tail -20 "$(daemon_log "$d")" >&2; die "$d exited during start"
    fi
    if (( ($(now_ns) - start) / 1000000000 > timeout_s )); then die "$d did not answer /_ping within ${timeout_s}s"; fi
    sleep 0.01
  done
}

# Starts a daemon in the background; with fresh=1 wipes its data root first. Prints nothing.
start_daemon() {
  local d=$1 fresh=${2:-1} rd dr
  rd=$(run_dir "$d"); dr=$(data_root "$d")
  if [ "$fresh" = 1 ]; then wipe_daemon_dirs "$d"; fi
  mkdir -p "$rd" "$dr"
  case "$d" in
    berthd)
      # shellcheck disable=SC2086
      setsid $BERTHD_CMD --data-root "$dr" --host "unix://$(sock "$d")" --exec-root "$rd/exec" \
        >>"$(daemon_log "$d")" 2>&1 </dev/null &
      ;;
    dockerd)
      # shellcheck disable=SC2086
      setsid $DOCKERD_CMD --host "unix://$(sock "$d")" --data-root "$dr" --exec-root "$rd/exec" \
        --pidfile "$rd/dockerd.pidfile" --bridge none --iptables=false --ip-masq=false --ip6tables=false \
        --storage-driver overlay2 >>"$(daemon_log "$d")" 2>&1 </dev/null &
      ;;
    *) die "unknown daemon $d" ;;
  esac
  echo $! >"$rd/daemon.pid"
}

# Stops a daemon (TERM, then KILL after 60 s) and waits for it to exit.
stop_daemon() {
  local d=$1 pid i
  pid=$(daemon_pid "$d")
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 600; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "$d did not stop in 60 s; killing"; kill -KILL "$pid" 2>/dev/null || true; fi
    for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -f "$(run_dir "$d")/daemon.pid"
}

# Processes left behind by a daemon (conmon, runc, containerd, shims) mention our run/data dirs on their
# command line; end exactly those, by pid.
kill_leftovers() {
  local d=$1 rd dr p cmd
  rd=$(run_dir "$d"); dr=$(data_root "$d")
  for p in /proc/[0-9]*; do
    { cmd=$(tr '\0' ' ' <"$p/cmdline"); } 2>/dev/null || continue
    case "$cmd" in
      *"$rd/"*|*"$dr/"*|*"$rd "*|*"$dr "*) [ "${p#/proc/}" != $$ ] && kill -KILL "${p#/proc/}" 2>/dev/null || true ;;
    esac
  done
}

unmount_under() {
  local dir=$1 m
  # Deepest first.
  while read -r m; do umount -l "$m" 2>/dev/null || true; done < <(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r)
}

wipe_daemon_dirs() {
  local d=$1
  unmount_under "$(run_dir "$d")"; unmount_under "$(data_root "$d")"
  rm -rf "$(data_root "$d")" "$(run_dir "$d")/exec" "$(sock "$d")"
}

cleanup_all() {
  local rc=$? d
  set +e
  for d in berthd dockerd; do
    [ -d "$(run_dir "$d")" ] || continue
    stop_daemon "$d"
    kill_leftovers "$d"
    # Daemon logs are kept (not committed) next to the results, for figures that need explaining.
    if [ -n "${RESULT_FILE:-}" ] && [ -f "$(daemon_log "$d")" ]; then
      mkdir -p "$BENCH_DIR/results/logs"
      cp "$(daemon_log "$d")" "$BENCH_DIR/results/logs/$(basename "$RESULT_FILE" .md)-$d.log"
    fi
    unmount_under "$(run_dir "$d")"; unmount_under "$(data_root "$d")"
    rm -rf "$(data_root "$d")" "$(run_dir "$d")"
  done
  [ -n "${BENCH_TMP:-}" ] && rm -rf "$BENCH_TMP"
  for f in "${EXTRA_CLEANUP[@]:-}"; do [ -n "$f" ] && eval "$f"; done
  exit $rc
}
EXTRA_CLEANUP=()

rss_mb() { awk '/^VmRSS:/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }

# The daemon's own process (dockerd's pid is the launched one; berthd's launcher execs java).
daemon_main_pid() { daemon_pid "$1"; }

machine_facts() {
  local dr; dr=$(dirname "$(data_root berthd)")
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "- cpu: $(nproc) cores ($(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)), load avg at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "- kernel: $(uname -r)"
  echo "- data roots: $dr on $(df -T "$dr" | awk 'NR==2 {print $2" ("$1")"}')"
  echo "- berthd: $("$JAVA" -version 2>&1 | head -1), commit $(git -C "$REPO_DIR" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- dockerd: $($DOCKERD_CMD --version 2>/dev/null | head -1), storage driver overlay2"
}

# Parses the options every script has; leaves the rest in BENCH_ARGS.
bench_common_args() {
  BENCH_ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --berthd-cmd) BERTHD_CMD=$2; shift 2 ;;
      --dockerd-cmd) DOCKERD_CMD=$2; shift 2 ;;
      --daemons) DAEMONS=$2; shift 2 ;;
      --work-prefix) WORK_PREFIX=$2; shift 2 ;;
      *) BENCH_ARGS+=("$1"); shift ;;
    esac
  done
}

# The options of the benchmarks over a random file tree (run-copyup.sh, run-cp.sh, run-volume-archive.sh), after
# bench_common_args: sets FILES (10,000), MB (200) and REPS (3); any other option is an error.
tree_bench_args() {
  FILES=10000
  MB=200
  REPS=3
  while [ $# -gt 0 ]; do
    case "$1" in
      --files) FILES=$2; shift 2 ;;
      --mb) MB=$2; shift 2 ;;
      --reps) REPS=$2; shift 2 ;;
      *) die "unknown option $1" ;;
    esac
  done
}

# Result file: bench/results/<name>-<date>.md; everything printed via `out` goes to stdout and there.
bench_init() {
  local name=$1
  [ "$(id -u)" = 0 ] || die "run as root (the daemons mount)"
  mkdir -p "$BENCH_DIR/results"
  RESULT_FILE="$BENCH_DIR/results/$name-$(date -u +%Y%m%d-%H%M).md"
  : >"$RESULT_FILE"
  BENCH_TMP=$(mktemp -d "/var/tmp/$WORK_PREFIX-$name.XXXXXX")
  trap cleanup_all EXIT
  trap 'exit 130' INT TERM
  # Build berth's jar up front so its build time never lands in a start-time figure.
  if [ "$BERTHD_CMD" = "$REPO_DIR/bin/berthd" ]; then
    ( . "$REPO_DIR/bin/common.sh"; find_java; ensure_jar )
    warm_aot_cache
  fi
}

# After a build, berthd's first start trains its AOT cache (written when it stops) and the second checks it before
# use. Two throw-away starts on a scratch data root take both out of the measured starts, which then run as every
# start of a deployed daemon does.
warm_aot_cache() {
  local i dir pid
  for i in 1 2; do
    dir="$BENCH_TMP/aot-warm-$i"
    mkdir -p "$dir"
    setsid $BERTHD_CMD --data-root "$dir/root" --host "unix://$dir/s.sock" --exec-root "$dir/exec" \
      >>"$dir/berthd.log" 2>&1 </dev/null &
    pid=$!
    for _ in $(seq 1 6000); do
      curl -sf -o /dev/null --unix-socket "$dir/s.sock" http://docker/_ping 2>/dev/null && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.01
    done
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unmount_under "$dir"
    rm -rf "$dir"
  done
}
out() { echo "$*" | tee -a "$RESULT_FILE"; }

# Extracts key from a "k=v k=v" line.
kv() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k {print $2}'; }

# ratio A B → "A/B" formatted as 1.2× (empty if either missing)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || a == "–" || b == "–" || a == 0 || b == 0) print "–"; else printf "%.1f×", a / b }'; }

# Busybox rootfs dir (Debian's static busybox + applet links), built once per run.
make_busybox_rootfs() {
  local dir=$1 a
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root" "$dir/data" "$dir/proc" "$dir/sys" "$dir/dev"
  chmod 1777 "$dir/tmp"; chmod 700 "$dir/root"
  cp /bin/busybox "$dir/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$dir/bin/$a"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$dir/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$dir/etc/group"
}

# Imports a rootfs dir as image NAME into a daemon via POST /images/create?fromSrc=-.
import_image() {
  local d=$1 dir=$2 name=$3
  tar -C "$dir" -cf - . | dcurl "$d" -f -X POST -H 'Content-Type: application/x-tar' -T - \
    "$(dpath "$d" "/images/create?fromSrc=-&repo=$name&tag=latest")" >/dev/null \
    || die "import of $name into $d failed"
}

# Timing and file-tree helpers of the copy benchmarks (run-copyup.sh, run-cp.sh).
drop_caches() { sync; echo 3 >/proc/sys/vm/drop_caches; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN {printf "%.3f", (b - a) / 1e9}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR] = $1} END {if (NR == 0) print ""; else if (NR % 2) print a[(NR + 1) / 2]; else printf "%.3f", (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
mbps() { awk -v b="$1" -v s="$2" 'BEGIN { if (s == "" || s <= 0) print "–"; else printf "%.0f", b / 1048576 / s }'; }

# make_random_tree DIR FILES MB: FILES files of random bytes, MB in all, 100 per directory (d000/f00000, ...);
# sets BYTES (apparent size) and NFILES.
make_random_tree() {
  local dir=$1 files=$2 mb=$3
  log "generating $files files, $mb MB under $dir"
  python3 - "$dir" "$files" "$mb" <<'PY'
import os, sys
root, files, mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
size = mb * 1024 * 1024 // files
dirs = max(1, files // 100)
for i in range(files):
    d = os.path.join(root, "d%03d" % (i % dirs))
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "f%05d" % i), "wb") as f:
        f.write(os.urandom(size))
PY
  BYTES=$(du -sb --apparent-size "$dir" | cut -f1)
  NFILES=$(find "$dir" -type f | wc -l)
}
