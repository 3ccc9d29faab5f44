#!/usr/bin/env bash
# Runs careerhub's production stack on this machine: gunicorn (gunicorn.conf.py), the task
# workers and the scheduler, against PostgreSQL (DATABASE_URL) and Redis (REDIS_URL).
#
#   scripts/serve.sh [all|web|worker|scheduler]     (default: all)
#
#   all        migrate, collectstatic, then web + TASK_WORKERS workers + the scheduler
#   web        migrate (unless SERVE_MIGRATE=0), collectstatic, gunicorn only
#   worker     TASK_WORKERS task workers only       scheduler   the scheduler only
#
# Required: DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS (see README, "Production").
# Supervision: if any process exits, serve.sh stops the others and exits non-zero, so that
# systemd (Restart=always), a container runtime or a shell loop restarts the whole set;
# Ctrl+C or SIGTERM stops everything gracefully (gunicorn finishes its requests, workers
# their current task) and exits 0.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ROLE="${1:-all}"
case "$ROLE" in all | web | worker | scheduler) ;; *)
  log "unknown role '$ROLE': use all, web, worker or scheduler"; exit 2 ;;
esac

missing=()
for name in DATABASE_URL REDIS_URL SECRET_KEY ALLOWED_HOSTS; do
  [ -n "${!name:-}" ] || missing+=("$name")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "missing environment variables: ${missing[*]}"
  cat >&2 <<'EOF'
  DATABASE_URL   e.g. postgres://careerhub:PASSWORD@db.internal:5432/careerhub
  REDIS_URL      e.g. redis://redis.internal:6379/0
  SECRET_KEY     a long random value, the same on every machine, e.g. the output of
                 python3 -c "import secrets; print(secrets.token_urlsafe(50))"
  ALLOWED_HOSTS  the site's host names, comma-separated, e.g. careerhub.example.kr
EOF
  exit 2
fi
case "$DATABASE_URL" in
  postgres://* | postgresql://* | pgsql://*) ;;
  *) log "DATABASE_URL is not PostgreSQL: fine for a trial, not for several processes" ;;
esac

ensure_venv requirements/base.txt
ensure_pdf_libraries
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-careerhub.settings.production}"
export PYTHONUNBUFFERED=1
BIN="$VENV/bin"
mkdir -p var
compile_translations

if [ "$ROLE" = all ] || { [ "$ROLE" = web ] && [ "${SERVE_MIGRATE:-1}" != 0 ]; }; then
  log "migrating the database"
  "$BIN/python" manage.py migrate --noinput -v 0
fi
if [ "$ROLE" = all ] || [ "$ROLE" = web ]; then
  log "collecting static files"
  "$BIN/python" manage.py collectstatic --noinput -v 0
fi

PIDS=()
NAMES=()
start() {
  # start NAME COMMAND...: run in the background, remember its pid
  local name="$1"; shift
  "$@" &
  PIDS+=("$!")
  NAMES+=("$name")
  log "started $name (pid $!)"
}

STOPPING=0
stop_all() {
  STOPPING=1
  local pid
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # gunicorn's graceful timeout is 30 s; give everything a little longer, then kill.
  local deadline=$((SECONDS + ${SERVE_STOP_SECONDS:-40}))
  for pid in "${PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap 'log "stopping"; stop_all; exit 0' INT TERM

TASKS_BACKEND="${TASKS_BACKEND:-django_tasks_db.DatabaseBackend}"
if [ "$ROLE" = all ] || [ "$ROLE" = web ]; then
  start web "$BIN/gunicorn" -c gunicorn.conf.py
fi
if [ "$ROLE" = all ] || [ "$ROLE" = worker ]; then
  for i in $(seq 1 "${TASK_WORKERS:-2}"); do
    if [ "$TASKS_BACKEND" = django_tasks_rq.RQBackend ]; then
      start "worker-$i" "$BIN/python" manage.py rqworker --job-class django_tasks_rq.Job \
        ${RQ_WORKER_QUEUES:-default}
    else
      start "worker-$i" "$BIN/python" manage.py db_worker --queue-name '*' --no-reload -v 1
    fi
  done
fi
if [ "$ROLE" = all ] || [ "$ROLE" = scheduler ]; then
  start scheduler "$BIN/python" manage.py scheduler
fi
log "careerhub is running ($ROLE); Ctrl+C stops it"

# Supervise: the first process to exit (for any reason) stops the others.
set +e
while :; do
  wait -n
  [ "$STOPPING" = 1 ] && exit 0
  for i in "${!PIDS[@]}"; do
    if ! kill -0 "${PIDS[$i]}" 2>/dev/null; then
      wait "${PIDS[$i]}"
      status=$?
      log "${NAMES[$i]} (pid ${PIDS[$i]}) exited with status $status: stopping everything"
      stop_all
      exit $((status == 0 ? 1 : status))
    fi
  done
done
