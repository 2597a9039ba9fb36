#!/usr/bin/env bash
# Submits Tillstream to the session cluster, unless a copy is already there. Run by the compose
# service "submit" on every `docker compose up`, so it must be safe to run again: a second copy
# would load every file again and compete with the first for the same warehouse rows.
set -euo pipefail

rest="${FLINK_REST_URL:-http://jobmanager:8081}"
data="${FLINK_DATA_DIR:-/flink-data}" # the volume of checkpoints and savepoints
jobs=""
for attempt in $(seq 90); do
  if jobs=$(wget -q -O - "$rest/jobs/overview"); then
    break
  fi
  [ "$attempt" -lt 90 ] || { echo "the JobManager's REST API at $rest did not answer" >&2; exit 1; }
  sleep 2
done

# One line per job ({"jid":…,"name":…,"state":…}); a job counts until it reached a terminal state.
live=$(sed 's/"jid"/\n"jid"/g' <<<"$jobs" | grep -E '"name" *: *"tillstream"' |
  grep -Ev '"state" *: *"(FINISHED|CANCELED|FAILED)"' || true)
if [ -n "$live" ]; then
  echo "Tillstream is already running on this cluster; not submitting a second copy:"
  echo "$live"
  exit 0
fi

# Resume from the newest retained checkpoint or savepoint: after the JobManager restarted (it keeps
# no job history) the state of the last run is there, and starting without it would read every
# file in the bucket again. FLINK_RUN_OPTS (e.g. "-s <savepoint>") overrides the choice.
restore=()
if [ -z "${FLINK_RUN_OPTS:-}" ]; then
  latest=$(find "$data/checkpoints" "$data/savepoints" -name _metadata -printf '%T@ %h\n' 2>/dev/null |
    sort -n | tail -n 1 | cut -d ' ' -f 2- || true)
  if [ -n "$latest" ]; then
    echo "resuming from $latest"
    restore=(-s "file://$latest")
  fi
fi

# FLINK_RUN_OPTS is split into words on purpose: it holds options like "-s <path>".
# Secrets reach main() as TILLSTREAM_* environment variables, never as arguments.
# shellcheck disable=SC2086
exec flink run -d "${restore[@]}" ${FLINK_RUN_OPTS:-} /opt/tillstream/tillstream.jar \
  --input.path s3://till-drops/in/ \
  --jdbc.url jdbc:postgresql://postgres:5432/tillstream \
  --jdbc.user tillstream \
  --parallelism "${TILLSTREAM_PARALLELISM:-2}"
