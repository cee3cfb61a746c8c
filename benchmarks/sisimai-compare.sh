#!/bin/sh
# Whole-process comparison with Sisimai: the same corpus files classified by
#   1. Sisimai (Debian's libsisimai-perl), one perl process calling Sisimai->make on each file;
#   2. our CLI, `java -jar backscatter-guard-cli.jar classify --tsv FILE...`;
#   3. our CLI through its launcher (cli/src/main/bin/backscatter-guard beside the jar: C1 only, serial GC).
# Each is run RUNS times (default 3), in turn, timed by /usr/bin/time (wall, user + sys CPU, peak RSS);
# the best run of each is reported as messages/s of wall and of CPU time, with the ratios to Sisimai.
#
# Usage, from anywhere (the CLI jar must be built: mvn -B -q -pl cli -am package -DskipTests):
#   benchmarks/sisimai-compare.sh                  # corpus: ../shared/corpus beside the project
#   CORPUS=/path/to/corpus RUNS=5 benchmarks/sisimai-compare.sh
# Needs: perl with Sisimai (apt-get install -y libsisimai-perl), java, /usr/bin/time (package time).
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus}
runs=${RUNS:-3}
jar=$root/cli/target/backscatter-guard-cli.jar
launcher_src=$root/cli/src/main/bin/backscatter-guard

[ -f "$corpus/files.lst" ] || { echo "no files.lst in $corpus (set CORPUS)" >&2; exit 2; }
[ -f "$jar" ] || { echo "no $jar: build it with mvn -B -q -pl cli -am package -DskipTests" >&2; exit 2; }
perl -MSisimai -e 1 2>/dev/null || { echo "perl cannot load Sisimai: apt-get install -y libsisimai-perl" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "no /usr/bin/time: apt-get install -y time" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
# The launcher looks for the jar beside itself.
cp "$launcher_src" "$work/backscatter-guard"
chmod +x "$work/backscatter-guard"
ln -s "$jar" "$work/backscatter-guard-cli.jar"

# The files of files.lst (the 5,189 messages, not the index files), as one folder of symbolic links
# (some names hold spaces): both tools read exactly these files.
mkdir "$work/messages"
i=0
sed '/^$/d' "$corpus/files.lst" | while IFS= read -r f; do
    i=$((i + 1))
    ln -s "$corpus/$f" "$work/messages/$(printf '%05d' "$i")"
done
find "$work/messages" -type l | sort > "$work/files"
count=$(wc -l < "$work/files")

cat > "$work/sisimai.pl" <<'PERL'
use strict;
use warnings;
use Sisimai;
# One process, every file: Sisimai->make parses the file and returns its bounce records (undef for a non-bounce).
my ($files, $bounces) = (0, 0);
while (my $path = <STDIN>) {
    chomp $path;
    $files++;
    my $records = Sisimai->make($path);
    $bounces++ if $records && @$records;
}
print STDERR "sisimai: $files files, $bounces with bounce records\n";
PERL

# run NAME COMMAND...: times one run, appends "NAME wall cpu rss" to $work/times, keeps stdout in $work/NAME.out
run() {
    name=$1; shift
    /usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" > "$work/$name.out" 2> "$work/$name.err" < "$work/stdin"
    read -r wall user sys rss < "$work/time"
    echo "$name $wall $(echo "$user + $sys" | bc) $rss" >> "$work/times"
    printf '  %-9s wall %6.2f s  cpu %6.2f s  rss %4d MB\n' "$name" "$wall" "$(echo "$user + $sys" | bc)" $((rss / 1024))
}

: > "$work/times"
echo "Sisimai $(perl -MSisimai -e 'print $Sisimai::VERSION') vs Backscatter Guard CLI over $count files of $corpus, $runs runs each"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
i=1
while [ "$i" -le "$runs" ]; do
    echo "run $i"
    cp "$work/files" "$work/stdin"
    run sisimai perl "$work/sisimai.pl"
    : > "$work/stdin"
    run java java -jar "$jar" classify --tsv "$work/messages"
    run launcher "$work/backscatter-guard" classify --tsv "$work/messages"
    i=$((i + 1))
done

echo "outcome of the last run:"
sed 's/^/  /' "$work/sisimai.err"
awk -F'\t' '{n[$2]++} END {printf "  backscatter-guard: %d files, %d ndr, %d delay\n", NR, n["ndr"], n["delay"]}' "$work/launcher.out"
[ "$(wc -l < "$work/launcher.out")" -eq "$count" ] || { echo "the CLI did not print one line per file" >&2; exit 1; }
sed 's/^/  /' "$work/launcher.err" | tail -1

echo "best of $runs runs (messages/s = $count / seconds):"
awk -v n="$count" '
    { if (!($1 in wall) || $2 < wall[$1]) wall[$1] = $2; if (!($1 in cpu) || $3 < cpu[$1]) cpu[$1] = $3 }
    END {
        split("sisimai java launcher", order, " ")
        for (i = 1; i <= 3; i++) {
            t = order[i]
            printf "  %-9s %7.2f s wall = %6.0f msg/s   %7.2f s CPU = %6.0f msg/s CPU\n", t, wall[t], n / wall[t], cpu[t], n / cpu[t]
        }
        for (i = 2; i <= 3; i++) {
            t = order[i]
            printf "  ratio %s / sisimai: %.1fx by wall time, %.1fx by CPU time\n", t, wall["sisimai"] / wall[t], cpu["sisimai"] / cpu[t]
        }
    }' "$work/times"
