#!/usr/bin/env bash
# Proves that the demo starts and accepts mail: runs demo/run.sh --no-build in the background (the
# extension jar must be built: mvn -B -q -DskipTests package -pl dist -am), waits for the SMTP banner,
# talks SMTP from loopback addresses, checks WebAdmin, then stops the demo and checks that James,
# rbldnsd and the listeners are gone. Everything it starts is stopped on every path (trap).
# Needs python3 and curl; uses rbldnsd when installed (--dnsbl-zone-file), otherwise a resolver
# address where nothing answers (--dns-servers), which is how the demo behaves offline.
set -euo pipefail

DEMO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$DEMO_DIR")
readonly DEMO_DIR ROOT_DIR
readonly SMTP_PORT=2525 WEBADMIN=http://127.0.0.1:8000
readonly START_TIMEOUT_SECONDS=120 STOP_TIMEOUT_SECONDS=60
readonly DEAD_RESOLVER=127.0.0.1:9      # UDP discard port: nothing answers there

log() { echo "test-demo: $*"; }
fail() { echo "test-demo: FAIL: $*" >&2; exit 1; }

command -v python3 >/dev/null || fail "python3 is needed"
command -v curl >/dev/null || fail "curl is needed"
[ -f "$ROOT_DIR/dist/target/backscatter-guard-james-3.8.jar" ] \
    || fail "build the extension jar first: mvn -B -q -DskipTests package -pl dist -am"

started=$SECONDS
mkdir -p "$DEMO_DIR/target"
run_log="$DEMO_DIR/target/test-demo-run.log"     # demo/run.sh's output (and James's log), kept for reading
: > "$run_log"
run_pid=""

pid_from_log() { sed -n "s/^run.sh: $1 (pid \([0-9]*\).*/\1/p" "$run_log" | head -1; }

# shellcheck disable=SC2317  # called by the trap
cleanup() {
    local status=$? pid
    trap - EXIT
    if [ -n "$run_pid" ] && kill -0 "$run_pid" 2>/dev/null; then
        kill -TERM "$run_pid" 2>/dev/null || true
        for _ in $(seq 1 "$STOP_TIMEOUT_SECONDS"); do kill -0 "$run_pid" 2>/dev/null || break; sleep 1; done
        kill -KILL "$run_pid" 2>/dev/null || true
    fi
    # If run.sh could not stop them itself: the processes it started, by the pids it printed.
    for pid in $(pid_from_log "started James 3.8.1") $(pid_from_log rbldnsd); do
        kill -KILL "$pid" 2>/dev/null || true
    done
    if [ "$status" -ne 0 ]; then
        echo "---- last lines of demo/run.sh's output ----" >&2
        tail -40 "$run_log" >&2
    fi
    log "demo/run.sh's output: ${run_log#"$ROOT_DIR"/}"
    exit "$status"
}
trap cleanup EXIT

if command -v rbldnsd >/dev/null; then
    dnsbl_option=(--dnsbl-zone-file "$DEMO_DIR/backscatterer-demo.zone")
    listed=true
    log "rbldnsd found: 127.0.0.66 is listed in the demo zone and must be refused"
else
    dnsbl_option=(--dns-servers "$DEAD_RESOLVER")
    listed=false
    log "rbldnsd not installed: DNSBL lookups go to $DEAD_RESOLVER, where nothing answers, and must fail open"
fi

log "starting demo/run.sh --no-build ${dnsbl_option[*]}"
"$DEMO_DIR/run.sh" --no-build "${dnsbl_option[@]}" > "$run_log" 2>&1 &
run_pid=$!

# ---- wait for the SMTP banner (bounded) ------------------------------------------------------------
banner=""
deadline=$((SECONDS + START_TIMEOUT_SECONDS))
while [ $SECONDS -lt $deadline ]; do
    kill -0 "$run_pid" 2>/dev/null || fail "demo/run.sh exited before James was ready"
    banner=$(python3 - "$SMTP_PORT" <<'EOF' 2>/dev/null || true
import socket, sys
with socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5) as s:
    print(s.makefile("rb").readline().decode("ascii", "replace").strip())
EOF
)
    case "$banner" in 220*) break ;; esac
    sleep 1
done
case "$banner" in 220*) ;; *) fail "no SMTP banner on 127.0.0.1:$SMTP_PORT within $START_TIMEOUT_SECONDS s" ;; esac
log "SMTP banner after $((SECONDS - started)) s: $banner"
# run.sh creates the demo user once WebAdmin answers, then prints its hints.
until grep -q 'Backscatter Guard demo: Apache James 3.8.1 is running' "$run_log"; do
    [ $SECONDS -lt $deadline ] || fail "demo/run.sh printed no hints within $START_TIMEOUT_SECONDS s"
    sleep 1
done

# ---- listeners: loopback only ----------------------------------------------------------------------
if command -v ss >/dev/null; then
    james_pid=$(pid_from_log "started James 3.8.1")
    listeners=$(ss -Hltnp | grep "pid=$james_pid," | awk '{print $4}' | sort | tr '\n' ' ')
    log "James listens on: $listeners"
    for address in $listeners; do
        case "$address" in
            127.0.0.1:*|\[::ffff:127.0.0.1\]:*) ;;
            *) fail "James listens on $address, not only on 127.0.0.1" ;;
        esac
    done
    for port in 2525 8000; do
        case " $listeners" in *":$port "*) ;; *) fail "nothing listens on port $port" ;; esac
    done
else
    log "ss not installed: listener addresses not checked"
fi

# ---- SMTP ------------------------------------------------------------------------------------------
python3 - "$SMTP_PORT" "$DEMO_DIR/mail/ndr-user-unknown.eml" "$DEMO_DIR/mail/backscatter-to-bob.eml" "$listed" <<'EOF'
import smtplib, sys

port, ndr_file, backscatter_file, listed = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "true"
# As str, so smtplib turns the files' LF line ends into CRLF (James 3.8.1 refuses a bare LF with 500 5.0.0).
ndr = open(ndr_file, encoding="ascii").read()
backscatter = open(backscatter_file, encoding="ascii").read()

def session(source):
    client = smtplib.SMTP("127.0.0.1", port, source_address=(source, 0), timeout=30)
    client.ehlo("test-demo.example")
    return client

def check(what, got, expected):
    if got[0] != expected:
        sys.exit("test-demo: FAIL: %s: expected %d, got %d %s" % (what, expected, got[0], got[1].decode(errors="replace")))
    print("test-demo: ok   %s: %d %s" % (what, got[0], got[1].decode(errors="replace")))

with session("127.0.0.1") as client:           # a downstream server behind the relay
    check("127.0.0.1 MAIL FROM:<>", client.mail(""), 250)
    check("127.0.0.1 relays an NDR to victim@remote.example", client.rcpt("victim@remote.example"), 250)
    check("127.0.0.1 NDR data", client.data(ndr), 250)
with session("127.0.0.1") as client:
    client.mail("alice@demo.test")
    check("127.0.0.1 relays ordinary mail to carol@remote.example", client.rcpt("carol@remote.example"), 250)
    check("127.0.0.1 ordinary mail data", client.data("Subject: hello\n\nordinary mail\n"), 250)
with session("127.0.0.66") as client:          # an outside server
    client.mail("mallory@outside.example")
    check("127.0.0.66 may not relay", client.rcpt("carol@remote.example"), 550)
with session("127.0.0.66") as client:
    client.mail("")
    if listed:
        check("127.0.0.66 (listed) bounce to bob@demo.test refused", client.rcpt("bob@demo.test"), 554)
    else:
        check("127.0.0.66 bounce to bob@demo.test accepted, DNSBL failing open", client.rcpt("bob@demo.test"), 250)
        check("127.0.0.66 bounce data", client.data(backscatter), 250)
with session("127.0.0.67") as client:          # an outside server that is not listed
    client.mail("")
    check("127.0.0.67 (not listed) bounce to bob@demo.test accepted", client.rcpt("bob@demo.test"), 250)
    check("127.0.0.67 bounce data", client.data(backscatter), 250)
EOF

# ---- WebAdmin --------------------------------------------------------------------------------------
curl -sf "$WEBADMIN/healthcheck" >/dev/null || fail "WebAdmin $WEBADMIN/healthcheck does not answer 200"
log "ok   WebAdmin $WEBADMIN/healthcheck answers 200"
# Queue sizes only: GET /mailQueues/NAME/mails empties a memory queue in James 3.8.1.
queue_size() { curl -sf "$WEBADMIN/mailQueues/$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["size"])'; }
if grep -q 'installed from conf-samples/complete/' "$run_log"; then
    expected_queues="ndr-outgoing outgoing"       # the NDR went to the NDR pool, the ordinary mail to the default pool
else
    expected_queues="outgoing"                    # observe-ndrs: both wait in the default pool
fi
for queue in $expected_queues; do
    size=0
    for _ in $(seq 1 20); do
        size=$(queue_size "$queue" || echo 0)
        [ "$size" -ge 1 ] && break
        sleep 0.5
    done
    [ "$size" -ge 1 ] || fail "WebAdmin shows no mail in queue $queue"
    log "ok   queue $queue holds $size mail(s), waiting for the unreachable gateway"
done

# ---- relayed domain: recipient list uploaded over WebAdmin, enforced at RCPT ------------------------
if grep -q 'installed from conf-samples/complete/' "$run_log"; then
    # A list file uploaded with curl -T (the sample's comment), then the command of the README and of run.sh's hints,
    # as is (curl's default form content type included), which replaces it.
    list_file="$DEMO_DIR/target/customer.example.txt"
    printf '# valid recipients\nalice@customer.example\ncarol+tag@customer.example\n' > "$list_file"
    upload=$(curl -s -w ' %{http_code}' -T "$list_file" "$WEBADMIN/relay-recipients/customer.example")
    case "$upload" in *'"addresses":2'*' 200') ;; *) fail "curl -T customer.example.txt: $upload" ;; esac
    log "ok   curl -T customer.example.txt: $upload"

    upload=$(curl -s -w ' %{http_code}' -X PUT --data-binary 'alice@customer.example' "$WEBADMIN/relay-recipients/customer.example")
    case "$upload" in *' 200') ;; *) fail "PUT /relay-recipients/customer.example: $upload" ;; esac
    log "ok   PUT /relay-recipients/customer.example: $upload"
    python3 - "$SMTP_PORT" <<'EOF'
import smtplib, sys
port = int(sys.argv[1])
def check(what, got, expected):
    if got[0] != expected:
        sys.exit("test-demo: FAIL: %s: expected %d, got %d %s" % (what, expected, got[0], got[1].decode(errors="replace")))
    print("test-demo: ok   %s: %d %s" % (what, got[0], got[1].decode(errors="replace")))
with smtplib.SMTP("127.0.0.1", port, source_address=("127.0.0.67", 0), timeout=30) as client:
    client.ehlo("test-demo.example")
    client.mail("sender@outside.example")
    check("127.0.0.67 RCPT bob@customer.example (not in the list)", client.rcpt("bob@customer.example"), 550)
    check("127.0.0.67 RCPT alice@customer.example (in the list)", client.rcpt("alice@customer.example"), 250)
    check("127.0.0.67 data for alice@customer.example", client.data("Subject: hello\n\nfor alice\n"), 250)
EOF
    curl -sf "$WEBADMIN/relay-recipients" | grep -q '"domain":"customer.example","addresses":1' \
        || fail "GET /relay-recipients does not list customer.example with 1 address"
    log "ok   GET /relay-recipients lists customer.example with 1 address"
    size=0
    for _ in $(seq 1 20); do
        size=$(queue_size relay-customer || echo 0)
        [ "$size" -ge 1 ] && break
        sleep 0.5
    done
    [ "$size" -ge 1 ] || fail "WebAdmin shows no mail in queue relay-customer (the relayed domain's server)"
    log "ok   queue relay-customer holds $size mail(s), for customer.example's own server"
fi

# ---- stop ------------------------------------------------------------------------------------------
james_pid=$(pid_from_log "started James 3.8.1")
rbldnsd_pid=$(pid_from_log rbldnsd)
stop_started=$SECONDS
kill -TERM "$run_pid"
for _ in $(seq 1 "$STOP_TIMEOUT_SECONDS"); do kill -0 "$run_pid" 2>/dev/null || break; sleep 1; done
kill -0 "$run_pid" 2>/dev/null && fail "demo/run.sh still runs $STOP_TIMEOUT_SECONDS s after SIGTERM"
run_pid=""
kill -0 "$james_pid" 2>/dev/null && fail "James (pid $james_pid) still runs after demo/run.sh stopped"
if [ -n "$rbldnsd_pid" ] && kill -0 "$rbldnsd_pid" 2>/dev/null; then fail "rbldnsd (pid $rbldnsd_pid) still runs"; fi
grep -q 'JAMES server stopped' "$run_log" || fail "James did not log a clean stop"
(exec 3<>/dev/tcp/127.0.0.1/$SMTP_PORT) 2>/dev/null && fail "port $SMTP_PORT still open after the stop"
log "ok   stopped in $((SECONDS - stop_started)) s: James (pid $james_pid)${rbldnsd_pid:+ and rbldnsd (pid $rbldnsd_pid)} exited, port $SMTP_PORT closed"
log "PASS in $((SECONDS - started)) s"
