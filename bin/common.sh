# Shared by the launchers: find a JDK 25 and make sure the jar is built and current.
# shellcheck shell=bash
export LANG=C.UTF-8
# The launchers source this file by its resolved path: its directory's parent is the checkout. No subprocess here or
# below unless needed; each fork and exec costs milliseconds of every daemon start on a small VM.
BERTH_HOME="${BASH_SOURCE[0]%/*}"
BERTH_HOME="${BERTH_HOME%/bin}"
BERTH_JAR="$BERTH_HOME/target/berth.jar"

# A JDK's release file names its version; reading it spares starting a JVM just to ask (≈160 ms per launch).
is_jdk25() {
  [ -x "$1/bin/java" ] || return 1
  if [ -f "$1/release" ]; then
    local line
    while IFS= read -r line; do
      [[ $line == JAVA_VERSION=\"25* ]] && return 0
    done <"$1/release"
    return 1
  else
    "$1/bin/java" -version 2>&1 | grep -q 'version "25'
  fi
}

find_java() {
  if [ -n "${JAVA_HOME:-}" ] && is_jdk25 "$JAVA_HOME"; then
    return 0
  fi
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25*; do
    if [ -x "$d/bin/java" ]; then
      export JAVA_HOME="$d"
      return 0
    fi
  done
  echo "berth: a JDK 25 is required (set JAVA_HOME or install Temurin 25 under /usr/lib/jvm)" >&2
  exit 1
}

ensure_jar() {
  # Rebuild when the jar is missing or any source/pom is newer than it.
  if [ ! -f "$BERTH_JAR" ] || [ -n "$(find "$BERTH_HOME/src/main" "$BERTH_HOME/pom.xml" -newer "$BERTH_JAR" -print -quit 2>/dev/null)" ]; then
    echo "berth: building $BERTH_JAR ..." >&2
    (cd "$BERTH_HOME" && mvn -B -q -DskipTests package) >&2 || { echo "berth: build failed" >&2; exit 1; }
  fi
}

JAVA_OPTS_COMMON=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xss512k)
