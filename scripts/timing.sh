# Shared by the benchmark scripts: `seconds CMD...` prints the wall time of one run of CMD, in
# seconds, with its output discarded.
seconds() {
  local start
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1
  echo "$(date +%s.%N) - $start" | bc
}
