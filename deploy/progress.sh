# Sourced by quickstart.sh and test.sh: says which step runs and how long it has been going,
# so a first build of several minutes is never silent.
PROGRESS_START=${PROGRESS_START:-$SECONDS}

elapsed() {
  local s=$((SECONDS - PROGRESS_START))
  printf '%dm%02ds' $((s / 60)) $((s % 60))
}

step() {
  printf '==> [%s] %s\n' "$(elapsed)" "$*"
}

# with_progress LOG COMMAND...: runs COMMAND with its output appended to LOG, printing the
# elapsed time and the build's last progress line every 30 s; returns COMMAND's status.
with_progress() {
  local log=$1
  shift
  "$@" >>"$log" 2>&1 &
  local pid=$! ticks=0
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    ticks=$((ticks + 1))
    if [ $((ticks % 30)) -eq 0 ]; then
      local last
      last=$(tr '\r' '\n' <"$log" | grep -E '^\[[0-9]+/[0-9]+\]' | tail -n1 | cut -c1-80 || true)
      printf '    [%s] still building %s\n' "$(elapsed)" "${last:-(resolving packages)}"
    fi
  done
  wait "$pid"
}
