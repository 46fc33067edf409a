# Sourced by the benchmarks that time several commands side by side, interleaved.
# The script defines the arrays names=(ROW...) and funcs=(FUNCTION...), $work, die(), and
#   output_ok K OUT    status 0 when OUT is what command K must print
#   after_run K        runs, untimed, after each run of command K (warm-ups included)
# Each FUNCTION gets the run number as $1 (runc needs a fresh container id per run).

now_us() {
    local t=${EPOCHREALTIME/./}
    echo "${t#0}"
}

# time_one K RUN: runs command K once (stdin from /dev/null), checks its output and exit status
# and appends its wall time in microseconds to $work/samples.K, unless RUN is a warm-up (<= 0).
time_one() {
    local k=$1 i=$2 start end out
    start=$(now_us)
    out=$("${funcs[$k]}" "$i" 2>&1 </dev/null) || die "${names[$k]} failed (run $i): $out"
    end=$(now_us)
    output_ok "$k" "$out" || die "${names[$k]} printed '$out'"
    [ "$i" -le 0 ] || echo $((end - start)) >> "$work/samples.$k"
    after_run "$k"
}

# run_rounds RUNS: every round runs each command once, in an order rotated from round to round,
# so that a drift in the machine's speed (other work, other tenants of its host) reaches all
# commands alike.
run_rounds() {
    local i j
    for ((i = 1; i <= $1; i++)); do
        for ((j = 0; j < ${#names[@]}; j++)); do
            time_one $(((i + j) % ${#names[@]})) "$i"
        done
    done
}

# write_medians: appends "ROW median min max" (milliseconds) per command to $work/results.
write_medians() {
    local k
    for k in "${!names[@]}"; do
        sort -n "$work/samples.$k" | awk -v name="${names[$k]}" '
            { v[NR] = $1 }
            END {
                median = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
                printf "%s %.1f %.1f %.1f\n", name, median / 1000, v[1] / 1000, v[NR] / 1000
            }' >> "$work/results"
    done
}
