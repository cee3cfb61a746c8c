#!/usr/bin/env bash
# Backscatter Guard demo: builds the extension jar, assembles a real Apache James 3.8.1 memory server
# from Maven Central, installs the jar and a configuration sample, and runs James in the foreground
# with SMTP on 127.0.0.1:2525 and WebAdmin on 127.0.0.1:8000. Ctrl-C stops everything it started.
# Needs: JDK 11+ (17 tested), Maven; rbldnsd only with --dnsbl-zone-file. See demo/README.md.
set -euo pipefail

DEMO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$DEMO_DIR")
readonly DEMO_DIR ROOT_DIR
readonly EXTENSION_JAR="$ROOT_DIR/dist/target/backscatter-guard-james-3.8.jar"
readonly WORK_DIR="$DEMO_DIR/target"
readonly JAMES_DIST="$WORK_DIR/james-dist/james-server-memory-app"   # the unpacked distribution, reused
readonly JAMES_HOME="$WORK_DIR/james"                                 # conf/ and extensions-jars/, rebuilt each run
readonly LISTEN=127.0.0.1 SMTP_PORT=2525 WEBADMIN_PORT=8000 IMAP_PORT=1143
readonly DNSBL_ZONE=ips.backscatterer.org
readonly DNSBL_PORT="${DEMO_DNSBL_PORT:-5353}"
# RemoteDelivery hands all outgoing mail to this address, where nothing listens: relayed mail waits
# in its queue (where WebAdmin shows it) and nothing ever leaves this machine.
readonly GATEWAY=127.0.0.1:2599
readonly DEMO_USER=bob@demo.test DEMO_PASSWORD=demo
readonly READY_TIMEOUT_SECONDS=180

sample="${DEMO_SAMPLE:-complete}"
sample_given=false
zone_file=""
dns_servers=""
build=true

usage() {
    cat <<EOF
Usage: demo/run.sh [--dnsbl-zone-file FILE] [--dns-servers HOST:PORT] [--sample NAME|DIR] [--no-build] [--help]

Runs Apache James 3.8.1 with Backscatter Guard in the foreground: SMTP 127.0.0.1:$SMTP_PORT,
WebAdmin http://127.0.0.1:$WEBADMIN_PORT, IMAP 127.0.0.1:$IMAP_PORT. Only 127.0.0.1 may relay. Ctrl-C stops it.

  --dnsbl-zone-file FILE  serve FILE (rbldnsd ip4set format, e.g. demo/backscatterer-demo.zone) as
                          $DNSBL_ZONE from a local rbldnsd on 127.0.0.1:$DNSBL_PORT, and point the
                          DNSBL checks at it (port: DEMO_DNSBL_PORT). Needs rbldnsd.
  --dns-servers HOST:PORT point the DNSBL checks at this resolver instead (e.g. 127.0.0.1:9, where
                          nothing answers, to watch lookups fail open as they do offline).
  --sample NAME|DIR       configuration sample: a folder name under conf-samples/ or a path
                          (default: complete; DEMO_SAMPLE sets it too).
  --no-build              use the extension jar already in dist/target/.
  --help                  this text.
EOF
}

log() { echo "run.sh: $*"; }
# The names of the files in folder $1 matching the patterns $2..., on one line.
names() {
    local dir="$1" pattern file out=""
    shift
    for pattern in "$@"; do
        for file in "$dir"/$pattern; do
            if [ -e "$file" ]; then out+="$(basename "$file") "; fi
        done
    done
    echo "$out"
}
die() { echo "run.sh: error: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case "$1" in
        --dnsbl-zone-file)
            [ $# -ge 2 ] || die "--dnsbl-zone-file needs a file"
            zone_file="$2"; shift 2 ;;
        --dns-servers)
            [ $# -ge 2 ] || die "--dns-servers needs HOST:PORT"
            dns_servers="$2"; shift 2 ;;
        --sample)
            [ $# -ge 2 ] || die "--sample needs a name or a folder"
            sample="$2"; sample_given=true; shift 2 ;;
        --no-build) build=false; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" ;;
    esac
done
[ -n "${DEMO_SAMPLE:-}" ] && sample_given=true
if [ -n "$zone_file" ] && [ -n "$dns_servers" ]; then
    die "--dnsbl-zone-file and --dns-servers exclude each other"
fi

# ---- prerequisites -------------------------------------------------------------------------------

command -v java >/dev/null || die "java not found: install a JDK 11 or later (17 tested)"
java_major=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
case "$java_major" in
    1.*|[0-9]|10|"") die "Java 11 or later needed (found: ${java_major:-unknown}); James 3.8.1 runs on Java 11+" ;;
esac
java --list-modules 2>/dev/null | grep -q '^jdk.compiler@' \
    || die "a JDK is needed, not only a JRE (demo/DemoConfig.java runs with the JDK's source launcher)"
command -v mvn >/dev/null || die "mvn not found: install Maven 3.6 or later"
if [ -n "$zone_file" ]; then
    [ -r "$zone_file" ] || die "zone file not readable: $zone_file"
    command -v rbldnsd >/dev/null || die "rbldnsd not found (needed by --dnsbl-zone-file): apt-get install rbldnsd"
fi

port_in_use() { (exec 3<>"/dev/tcp/$LISTEN/$1") 2>/dev/null; }
for port in "$SMTP_PORT" "$WEBADMIN_PORT" "$IMAP_PORT"; do
    if port_in_use "$port"; then
        die "port $LISTEN:$port is already in use (another demo still running?)"
    fi
done

# ---- the configuration sample --------------------------------------------------------------------

case "$sample" in
    */*) sample_dir=$(cd "$sample" 2>/dev/null && pwd) || die "sample folder not found: $sample" ;;
    *) sample_dir="$ROOT_DIR/conf-samples/$sample" ;;
esac
if [ ! -d "$sample_dir" ]; then
    if [ "$sample" = complete ] && [ "$sample_given" = false ] && [ -d "$ROOT_DIR/conf-samples/observe-ndrs" ]; then
        log "WARNING: conf-samples/complete/ does not exist yet; running conf-samples/observe-ndrs/ instead"
        log "WARNING: (observe mode: NDRs are marked with X-Backscatter-Guard, nothing is rerouted or refused by the mailets)"
        sample_dir="$ROOT_DIR/conf-samples/observe-ndrs"
    else
        die "configuration sample not found: $sample_dir (choose one of: $(names "$ROOT_DIR/conf-samples" '*'))"
    fi
fi
[ -f "$sample_dir/mailetcontainer.xml" ] || die "$sample_dir has no mailetcontainer.xml"

# ---- build the extension jar ---------------------------------------------------------------------

if [ "$build" = true ]; then
    log "building the extension jar (mvn package -pl dist -am)..."
    (cd "$ROOT_DIR" && mvn -B -q -Dstyle.color=never -DskipTests package -pl dist -am) \
        || die "the build failed; see Maven's output above"
fi
[ -f "$EXTENSION_JAR" ] || die "$EXTENSION_JAR is missing: run without --no-build"

# ---- assemble James 3.8.1 from Maven Central (once) ----------------------------------------------

# Every jar the launcher's manifest Class-Path names must be in its .lib folder, or java -jar fails later.
check_james_classpath() {
    local tmp missing=0 entry
    tmp=$(mktemp -d)
    (cd "$tmp" && jar xf "$JAMES_DIST/james-server-memory-app.jar" META-INF/MANIFEST.MF)
    for entry in $(tr -d '\r' < "$tmp/META-INF/MANIFEST.MF" \
        | awk '/^Class-Path:/ {on=1; sub(/^Class-Path: /, ""); printf "%s", $0; next}
               on && /^ / {sub(/^ /, ""); printf "%s", $0; next} {on=0}'); do
        if [ ! -f "$JAMES_DIST/$entry" ]; then
            echo "run.sh: missing $entry" >&2
            missing=$((missing + 1))
        fi
    done
    rm -rf "$tmp"
    [ "$missing" -eq 0 ]
}

if [ ! -f "$JAMES_DIST/.assembled" ]; then
    log "assembling Apache James 3.8.1 (james-server-memory-app zip + runtime dependencies) into $WORK_DIR/james-dist ..."
    rm -rf "$WORK_DIR/james-dist"
    mvn -B -q -Dstyle.color=never -f "$DEMO_DIR/james-assembly/pom.xml" package -Djames.dist.dir="$WORK_DIR/james-dist" \
        || die "could not fetch James 3.8.1 from Maven Central; see Maven's output above"
    check_james_classpath || die "the assembled james-server-memory-app.lib does not match the launcher's Class-Path"
    touch "$JAMES_DIST/.assembled"
fi

# ---- install: conf/ and extensions-jars/ ---------------------------------------------------------

rm -rf "$JAMES_HOME"
mkdir -p "$JAMES_HOME/conf" "$JAMES_HOME/extensions-jars"
cp "$JAMES_DIST"/conf/* "$JAMES_HOME/conf/"                       # 1. James's defaults
for file in "$sample_dir"/*.xml "$sample_dir"/*.properties; do     # 2. the sample
    [ -f "$file" ] && cp "$file" "$JAMES_HOME/conf/"
done
installed_from_sample=$(names "$sample_dir" '*.xml' '*.properties')
for file in "$DEMO_DIR"/conf/*; do                                  # 3. what the administrator decides
    name=$(basename "$file")
    if [ "$name" = smtpserver.xml ] && [ -f "$sample_dir/smtpserver.xml" ]; then
        continue                                                    #    (the sample's SMTP hooks win)
    fi
    cp "$file" "$JAMES_HOME/conf/"
done
cp "$EXTENSION_JAR" "$JAMES_HOME/extensions-jars/"
log "installed $(basename "$EXTENSION_JAR") into $JAMES_HOME/extensions-jars/"
log "installed from ${sample_dir#"$ROOT_DIR"/}/: $installed_from_sample"
log "installed from demo/conf/: $(names "$DEMO_DIR/conf" '*')(smtpserver.xml only if the sample has none)"

# ---- DNSBL: a local rbldnsd, or the system resolvers ---------------------------------------------

rbldnsd_pid=""
rbldnsd_dir=""
james_pid=""
helper_pid=""

# shellcheck disable=SC2317  # called by the traps below
cleanup() {
    local status=$?
    trap - EXIT INT TERM
    if [ -n "$helper_pid" ]; then kill "$helper_pid" 2>/dev/null || true; fi
    if [ -n "$james_pid" ] && kill -0 "$james_pid" 2>/dev/null; then
        log "stopping James (pid $james_pid)..."
        kill -TERM "$james_pid" 2>/dev/null || true
        for _ in $(seq 1 60); do kill -0 "$james_pid" 2>/dev/null || break; sleep 0.5; done
        if kill -0 "$james_pid" 2>/dev/null; then
            log "James did not stop within 30 s; killing it"
            kill -KILL "$james_pid" 2>/dev/null || true
        fi
        wait "$james_pid" 2>/dev/null || true
    fi
    if [ -n "$rbldnsd_pid" ]; then
        kill "$rbldnsd_pid" 2>/dev/null || true
        wait "$rbldnsd_pid" 2>/dev/null || true
        log "stopped rbldnsd (pid $rbldnsd_pid)"
    fi
    if [ -n "$rbldnsd_dir" ]; then rm -rf "$rbldnsd_dir"; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

config_options=(--gateway "$GATEWAY" --repositories-file "$JAMES_HOME/repositories.txt")
if [ -n "$zone_file" ]; then
    # rbldnsd drops to its own user: its folder and file must be readable by all (mktemp makes 0700).
    rbldnsd_dir=$(mktemp -d)
    chmod 755 "$rbldnsd_dir"
    cp "$zone_file" "$rbldnsd_dir/backscatterer.zone"
    chmod 644 "$rbldnsd_dir/backscatterer.zone"
    rbldnsd -n -r "$rbldnsd_dir" -b "$LISTEN/$DNSBL_PORT" "$DNSBL_ZONE:ip4set:backscatterer.zone" &
    rbldnsd_pid=$!
    sleep 1
    kill -0 "$rbldnsd_pid" 2>/dev/null \
        || { rbldnsd_pid=""; die "rbldnsd did not start: is UDP $LISTEN:$DNSBL_PORT in use? (set DEMO_DNSBL_PORT)"; }
    log "rbldnsd (pid $rbldnsd_pid) serves $zone_file as $DNSBL_ZONE on $LISTEN:$DNSBL_PORT"
    config_options+=(--dns-servers "$LISTEN:$DNSBL_PORT")
    dnsbl_text="$DNSBL_ZONE from the local rbldnsd on $LISTEN:$DNSBL_PORT ($zone_file)"
elif [ -n "$dns_servers" ]; then
    config_options+=(--dns-servers "$dns_servers")
    dnsbl_text="$DNSBL_ZONE through $dns_servers"
else
    dnsbl_text="$DNSBL_ZONE through your system resolvers"
fi
log "DNSBL: $dnsbl_text; when a lookup fails (offline, timeout), the mail is accepted (fail open)"

# Listeners on 127.0.0.1 only, relay for 127.0.0.1/32 only, DNSBL resolver, delivery gateway.
java "$DEMO_DIR/DemoConfig.java" "$JAMES_HOME/conf" "${config_options[@]}" \
    || die "could not adapt the installed configuration in $JAMES_HOME/conf"

# ---- run -----------------------------------------------------------------------------------------

# Paths in the hints: relative when run from the project root, as the README does.
show() { if [ "$PWD" = "$ROOT_DIR" ]; then echo "${1#"$ROOT_DIR"/}"; else echo "$1"; fi; }

print_hints() {
    local ndr bounce zone_hint repositories relay_hint
    ndr=$(show "$DEMO_DIR/mail/ndr-user-unknown.eml")
    bounce=$(show "$DEMO_DIR/mail/backscatter-to-bob.eml")
    zone_hint="refused at RCPT (554 5.7.1): 127.0.0.66 is listed in the demo zone"
    if [ -z "$zone_file" ]; then
        zone_hint="accepted unless 127.0.0.66 is listed (run with --dnsbl-zone-file $(show "$DEMO_DIR/backscatterer-demo.zone") to see it refused)"
    fi
    relay_hint=""
    if grep -q 'RelayRecipientListHook' "$JAMES_HOME/conf/smtpserver.xml" 2>/dev/null; then
        relay_hint=$(cat <<HINT
 3b. Relayed domain customer.example: upload its valid recipients, then an unlisted one is refused at RCPT:
    curl -X PUT --data-binary 'alice@customer.example' http://$LISTEN:$WEBADMIN_PORT/relay-recipients/customer.example
    swaks --server $LISTEN:$SMTP_PORT --local-interface 127.0.0.67 --to bob@customer.example    # -> 550 5.1.1
    swaks --server $LISTEN:$SMTP_PORT --local-interface 127.0.0.67 --to alice@customer.example  # -> accepted
    curl -s http://$LISTEN:$WEBADMIN_PORT/relay-recipients                                        # domains and counts
    (lists: $(show "$JAMES_HOME/var/relay-recipients")/<domain>.txt; a file from disk: curl -T FILE URL)
HINT
)
        relay_hint="$relay_hint"$'\n'
    fi
    repositories=$(while read -r url webadmin; do printf '    curl -s %-78s # %s\n' "$webadmin" "$url"; done < "$JAMES_HOME/repositories.txt")
    cat <<EOF

==========================================================================================
 Backscatter Guard demo: Apache James 3.8.1 is running with $(basename "$EXTENSION_JAR")
 and the configuration sample ${sample_dir#"$ROOT_DIR"/}/
   SMTP      $LISTEN:$SMTP_PORT   only 127.0.0.1 may relay; other 127.x.x.x addresses are outside senders
   WebAdmin  http://$LISTEN:$WEBADMIN_PORT   IMAP $LISTEN:$IMAP_PORT (user $DEMO_USER, password $DEMO_PASSWORD)
   DNSBL     $dnsbl_text
   Outgoing mail is handed to $GATEWAY where nothing listens: it waits in its queue; nothing leaves this machine.

 Try (swaks: apt-get install swaks):
 1. Relay an NDR, as a downstream server behind this relay would:
    swaks --server $LISTEN:$SMTP_PORT --from '<>' --to victim@remote.example --data @$ndr
    curl -s http://$LISTEN:$WEBADMIN_PORT/mailQueues/ndr-outgoing       # the NDR pool's queue: {"size":1}
    curl -s http://$LISTEN:$WEBADMIN_PORT/mailQueues/outgoing           # ordinary relayed mail
    (not .../mails: on James 3.8.1's memory queue that route empties the queue and stops its delivery)
 2. Ordinary relayed mail, for comparison:
    swaks --server $LISTEN:$SMTP_PORT --from alice@demo.test --to carol@remote.example
 3. Backscatter from an outside server (a bounce for mail nobody here sent), from 127.0.0.66:
    swaks --server $LISTEN:$SMTP_PORT --local-interface 127.0.0.66 --from '<>' --to $DEMO_USER --data @$bounce
    -> $zone_hint
    curl -s --user $DEMO_USER:$DEMO_PASSWORD 'imap://$LISTEN:$IMAP_PORT/INBOX' -X 'SEARCH HEADER X-Backscatter-Guard ndr'
$relay_hint 4. Mail repositories of this configuration (quarantine, errors):
$repositories
    curl -s http://$LISTEN:$WEBADMIN_PORT/mailQueues                    # all queues

 Stop: Ctrl-C (stops James$( [ -n "$rbldnsd_pid" ] && echo " and rbldnsd")).
==========================================================================================

EOF
}

# Waits for SMTP and WebAdmin, creates the demo user, prints what to try.
when_ready() {
    local deadline=$((SECONDS + READY_TIMEOUT_SECONDS))
    until port_in_use "$SMTP_PORT" && curl -sf "http://$LISTEN:$WEBADMIN_PORT/healthcheck" >/dev/null 2>&1; do
        if [ $SECONDS -ge $deadline ]; then
            log "James is not answering on $LISTEN:$SMTP_PORT and :$WEBADMIN_PORT after $READY_TIMEOUT_SECONDS s; see its log above"
            return 1
        fi
        sleep 1
    done
    curl -sf -X PUT -H 'Content-Type: application/json' -d "{\"password\":\"$DEMO_PASSWORD\"}" \
        "http://$LISTEN:$WEBADMIN_PORT/users/$DEMO_USER" >/dev/null \
        || log "WARNING: could not create the user $DEMO_USER through WebAdmin"
    print_hints
}


# As James's own start script and Docker image do; the jar's manifest names the main class and the .lib folder.
java -Dworking.directory="$JAMES_HOME/" \
     -Dlogback.configurationFile="$JAMES_HOME/conf/logback.xml" \
     -Djdk.tls.ephemeralDHKeySize=2048 \
     -Dextra.props="$JAMES_HOME/conf/jvm.properties" \
     -jar "$JAMES_DIST/james-server-memory-app.jar" &
james_pid=$!
log "started James 3.8.1 (pid $james_pid, working directory $JAMES_HOME); ready in about 10 s"
if command -v curl >/dev/null; then
    when_ready &
    helper_pid=$!
else
    log "curl not found: no demo user is created and no hints are printed; install curl for the full demo"
fi

# James runs in the background so that this shell can receive Ctrl-C/TERM and stop it (see cleanup).
james_status=0
wait "$james_pid" || james_status=$?
james_pid=""
die "James stopped by itself (exit code $james_status); its log is above"
