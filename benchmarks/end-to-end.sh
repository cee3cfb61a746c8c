#!/bin/sh
# End-to-end throughput (issue 7): James 3.8.1 in one JVM with conf-samples/complete against the same
# server with James's stock configuration (the memory app's own mailetcontainer.xml and smtpserver.xml),
# the same mails over SMTP from several concurrent clients, rounds alternated (A B, B A, ...) after warm-up rounds.
# The benchmark is io.github.backscatterguard.it.EndToEndThroughputBenchmark in the integration-tests
# module (it reuses that module's James harness; surefire does not run it). See docs/performance.md.
#
# Usage, from anywhere:
#   benchmarks/end-to-end.sh                                  # mails=4000 clients=8 perConnection=5 pairs=3 warmups=2 traffic=ordinary,bounces
#   benchmarks/end-to-end.sh mails=2000 pairs=5 traffic=bounces
#   JAVA_OPTS='-XX:StartFlightRecording=filename=e2e.jfr' benchmarks/end-to-end.sh   # profile with JFR
#   SKIP_BUILD=1 benchmarks/end-to-end.sh ...                # reuse the last build (its copy in E2E_WORK)
# CONF_SAMPLES=/path: samples other than conf-samples/ (e.g. a copy with one component taken out, to find its cost).
# Needs: rbldnsd (apt-get install -y rbldnsd), ../shared/corpus (or CORPUS=/path).
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus}
# Outside target/: a parallel `mvn clean` or rebuild of the tree must not pull classes from under a run.
work=${E2E_WORK:-${TMPDIR:-/tmp}/backscatter-guard-end-to-end}
stock_zip=$work/james-server-memory-app-3.8.1.zip

[ -f "$corpus/manifest.tsv" ] || { echo "no manifest.tsv in $corpus (set CORPUS)" >&2; exit 2; }
[ -x /usr/sbin/rbldnsd ] || { echo "no /usr/sbin/rbldnsd: apt-get install -y rbldnsd" >&2; exit 2; }

if [ -z "${SKIP_BUILD:-}" ] || [ ! -f "$work/classpath.txt" ] || [ ! -f "$stock_zip" ]; then
    rm -rf "$work" && mkdir -p "$work/classes"
    # The integration tests' test class path (the reactor's modules as their target/classes folders).
    (cd "$root" && mvn -B -q -pl integration-tests -am test-compile dependency:build-classpath \
        -Dmdep.includeScope=test -Dmdep.outputFile="$work/maven-classpath.txt")
    # James's stock configuration: the memory app's distribution, as Maven resolves it.
    (cd "$root" && mvn -B -q dependency:copy -Dartifact=org.apache.james:james-server-memory-app:3.8.1:zip \
        -DoutputDirectory="$work")
    # A copy of every class folder of the tree (the jars of ~/.m2 stay where they are).
    classpath=$work/classes/0
    cp -r "$root/integration-tests/target/test-classes" "$work/classes/0"
    i=0
    for entry in $(tr ':' ' ' < "$work/maven-classpath.txt"); do
        if [ -d "$entry" ]; then
            i=$((i + 1))
            cp -r "$entry" "$work/classes/$i"
            entry=$work/classes/$i
        fi
        classpath=$classpath:$entry
    done
    echo "$classpath" > "$work/classpath.txt"
fi

cd "$work"
# James's SMTP server looks up the client's host name (PTR) with the JDK's resolver for every connection,
# on its network threads (ProtocolMDCContextFactory.retrieveHost). Answered from this file, the lookup
# stays on the machine and costs the same on both sides; otherwise each connection from 127.0.0.20+
# waits on the system's name server, and the benchmark measures that resolver instead of James.
# The file: the machine's /etc/hosts, plus its own name (James asks for it at start).
{ cat /etc/hosts; printf '127.0.0.1 %s\n' "$(hostname)"; } > "$work/hosts"
# shellcheck disable=SC2086
exec java -Xms1g -Xmx1g ${JAVA_OPTS:-} \
    -Djdk.net.hosts.file="$work/hosts" \
    -Djames.exit.on.startup.error=false \
    -Dlogback.configurationFile="$root/benchmarks/end-to-end-logback.xml" \
    -Dbackscatterguard.confSamples="${CONF_SAMPLES:-$root/conf-samples}" \
    -Dbackscatterguard.stockJamesZip="$stock_zip" \
    -Dcorpus.dir="$corpus" \
    -cp "$(cat "$work/classpath.txt")" \
    io.github.backscatterguard.it.EndToEndThroughputBenchmark "$@"
