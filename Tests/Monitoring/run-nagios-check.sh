#!/usr/bin/env bash
# run-nagios-check.sh CMD [ARG...]
#
# Runs CMD once as the check_command of a single service in a throw-away,
# foreground Nagios Core 4 instance (Debian package nagios4-core) and prints
# what Nagios recorded for it in status.dat:
#
#   current_state=<0|1|2|3>
#   plugin_output=<first line, text before '|'>
#   long_plugin_output=<lines 2.., newlines escaped as the two chars \n>
#   performance_data=<everything after '|' (first line and long output)>
#
# CMD is executed verbatim (no shell); for shell syntax pass: bash -c '...'.
# It runs with the caller's environment and working directory and, when the
# script is run as root, as root (nagios_user/nagios_group = caller).
#
# Exit status: 0 when the fields were read back, 64 usage, 125 harness
# failure (package install, Nagios start, timeout). Diagnostics on stderr.
#
# Environment knobs:
#   NAGIOS_WAIT           max seconds to wait for the result (default 30)
#   NAGIOS_CHECK_TIMEOUT  service_check_timeout in seconds (default 20)
#   NAGIOS_KEEP_TMP=1     keep the temp dir (config, nagios.log, status.dat)
#   NAGIOS_NO_PIDNS=1     do not use a private PID namespace (unshare) for Nagios

set -u -o pipefail

NAGIOS_BIN=/usr/sbin/nagios4
PKG=nagios4-core
WAIT=${NAGIOS_WAIT:-30}
CHECK_TIMEOUT=${NAGIOS_CHECK_TIMEOUT:-20}
HOST=chaindoctor-lab
SVC=chaindoctor

log() { printf 'run-nagios-check: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 125; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

if [ $# -lt 1 ]; then
    echo "usage: $0 CMD [ARG...]" >&2
    exit 64
fi

# ---------------------------------------------------------------- install --
if [ ! -x "$NAGIOS_BIN" ]; then
    [ "$(id -u)" = 0 ] || die "$PKG is not installed and we are not root"
    log "installing $PKG ..."
    # Keep the package's maintainer scripts from starting the system nagios4
    # (and exim4, pulled in via bsd-mailx) when no policy-rc.d is in place.
    added_policy=
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        added_policy=1
    fi
    inst() { DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$PKG" >&2; }
    inst || { apt-get update >&2 && inst; }
    rc=$?
    [ -n "$added_policy" ] && rm -f /usr/sbin/policy-rc.d
    [ $rc = 0 ] && [ -x "$NAGIOS_BIN" ] || die "apt-get install $PKG failed"
fi

T0=$(now)

# --------------------------------------------------------------- temp dir --
# Paths go unquoted into nagios.cfg / command_line and the query socket must
# fit in sun_path (108 bytes), so insist on a short, boring base directory.
base=${TMPDIR:-/tmp}
case $base in *[!A-Za-z0-9/._-]*) base=/tmp ;; esac
[ ${#base} -le 60 ] || base=/tmp
D=$(mktemp -d "$base/nagchk.XXXXXX") || die "mktemp failed"
NP= UP= USE_NS=

descendants() {  # all live descendants of $1 (fallback path only)
    local c
    for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do echo "$c"; descendants "$c"; done
}
cleanup() {
    local rc=$? i kids
    trap - EXIT INT TERM HUP
    if [ -n "$UP" ]; then
        [ -n "$USE_NS" ] || kids=$(descendants "$NP")
        # Graceful stop (SIGTERM to the Nagios master), bounded to 2.5 s.
        [ -n "$NP" ] && kill -TERM "$NP" 2>/dev/null
        for i in $(seq 50); do kill -0 "$UP" 2>/dev/null || break; sleep 0.05; done
        if [ -n "$USE_NS" ]; then
            # Nagios is PID 1 of its own PID namespace: once it is gone the
            # kernel SIGKILLs and reaps everything else in there (workers,
            # command-file worker, a hung check), so nothing can leak.
            if kill -0 "$UP" 2>/dev/null; then
                [ -n "$NP" ] && kill -KILL "$NP" 2>/dev/null
                kill -KILL "$UP" 2>/dev/null   # --kill-child: SIGKILLs Nagios
            fi
        else
            kill -KILL "$NP" $kids 2>/dev/null
        fi
        wait "$UP" 2>/dev/null
    fi
    if [ "${NAGIOS_KEEP_TMP:-}" = 1 ]; then log "kept $D"; else rm -rf -- "$D"; fi
    exit $rc
}
trap cleanup EXIT
trap 'exit 125' INT TERM HUP

# The check wrapper: caller's environment and cwd, then exec CMD verbatim.
export -p > "$D/env.sh"
{
    echo '#!/usr/bin/env bash'
    printf '. %q 2>/dev/null\n' "$D/env.sh"
    printf 'cd -- %q || exit 3\n' "$PWD"
    printf 'exec'; printf ' %q' "$@"; printf '\n'
} > "$D/check.sh"
chmod 755 "$D/check.sh"
mkdir "$D/checkresults"

cat > "$D/nagios.cfg" <<EOF
log_file=$D/nagios.log
cfg_file=$D/objects.cfg
object_cache_file=$D/objects.cache
precached_object_file=$D/objects.precache
status_file=$D/status.dat
status_update_interval=1
temp_file=$D/nagios.tmp
temp_path=$D
lock_file=$D/nagios.lock
check_result_path=$D/checkresults
query_socket=$D/nagios.qh
command_file=$D/nagios.cmd
check_external_commands=1
nagios_user=$(id -un)
nagios_group=$(id -gn)
retain_state_information=0
use_retained_program_state=0
use_retained_scheduling_info=0
state_retention_file=$D/retention.dat
use_syslog=0
log_initial_states=1
check_workers=1
interval_length=1
execute_service_checks=1
accept_passive_service_checks=0
execute_host_checks=0
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
process_performance_data=0
enable_environment_macros=0
check_for_orphaned_services=0
check_for_updates=0
service_check_timeout=$CHECK_TIMEOUT
service_check_timeout_state=u
illegal_macro_output_chars=\`~\$&|'"<>
debug_level=0
EOF

cat > "$D/objects.cfg" <<EOF
define timeperiod {
    timeperiod_name  always
    alias            always
    sunday    00:00-24:00
    monday    00:00-24:00
    tuesday   00:00-24:00
    wednesday 00:00-24:00
    thursday  00:00-24:00
    friday    00:00-24:00
    saturday  00:00-24:00
}
define command {
    command_name  noop
    command_line  /bin/true
}
define command {
    command_name  run_check
    command_line  $D/check.sh
}
define contact {
    contact_name                   nobody
    host_notifications_enabled     0
    service_notifications_enabled  0
    host_notification_period       always
    service_notification_period    always
    host_notification_options      n
    service_notification_options   n
    host_notification_commands     noop
    service_notification_commands  noop
}
define host {
    host_name              $HOST
    address                127.0.0.1
    max_check_attempts     1
    active_checks_enabled  0
    check_period           always
    contacts               nobody
    notification_period    always
    notifications_enabled  0
}
define service {
    host_name              $HOST
    service_description    $SVC
    check_command          run_check
    ; never scheduled on its own: run exactly once, via the forced check
    active_checks_enabled  0
    passive_checks_enabled 0
    max_check_attempts     1
    check_interval         86400
    retry_interval         86400
    check_period           always
    contacts               nobody
    notification_period    always
    notification_interval  0
    notifications_enabled  0
}
EOF

# ------------------------------------------------------------------- run --
# Foreground Nagios (no -d). Preferably as PID 1 of a private PID namespace
# (unshare, needs root): Nagios does not reap its workers on shutdown and
# starts them in their own process groups, so a plain kill of the master can
# leave workers or a hung check behind; a namespace cannot.
if [ "${NAGIOS_NO_PIDNS:-}" != 1 ] && [ "$(id -u)" = 0 ] && unshare --pid --fork --kill-child true 2>/dev/null; then
    USE_NS=1
    unshare --pid --fork --kill-child "$NAGIOS_BIN" "$D/nagios.cfg" > "$D/nagios.stdout" 2>&1 < /dev/null &
    UP=$!
    for i in $(seq 100); do
        NP=$(ps -o pid= --ppid "$UP" 2>/dev/null | tr -d ' ')
        [ -n "$NP" ] && break
        kill -0 "$UP" 2>/dev/null || break
        sleep 0.01
    done
else
    setsid "$NAGIOS_BIN" "$D/nagios.cfg" > "$D/nagios.stdout" 2>&1 < /dev/null &
    UP=$! NP=$!
fi

deadline=$(awk -v t="$(now)" -v w="$WAIT" 'BEGIN { printf "%d", t + w }')
fail() {
    log "error: $*"
    for f in nagios.stdout nagios.log; do
        [ -s "$D/$f" ] && { log "--- $f:"; tail -n 30 "$D/$f" >&2; }
    done
    exit 125
}
alive_or_fail() {
    kill -0 "$UP" 2>/dev/null || fail "nagios exited early"
    [ "$(date +%s)" -le "$deadline" ] || fail "timed out after ${WAIT}s ($1)"
}

while [ ! -p "$D/nagios.cmd" ]; do alive_or_fail "waiting for command file"; sleep 0.02; done
ts=$(date +%s)
timeout 5 bash -c 'printf "%s\n" "$1" > "$2"' _ \
    "[$ts] SCHEDULE_FORCED_SVC_CHECK;$HOST;$SVC;$ts" "$D/nagios.cmd" \
    || fail "could not write to the command file"

# Print the servicestatus block's fields once it has a check result.
read_status() {
    awk -v host="$HOST" -v svc="$SVC" '
        /^servicestatus \{/ { inblk = 1; delete f; next }
        inblk && /^\t\}/ {
            inblk = 0
            if (f["host_name"] == host && f["service_description"] == svc && f["has_been_checked"] == "1") {
                print "current_state=" f["current_state"]
                print "plugin_output=" f["plugin_output"]
                print "long_plugin_output=" f["long_plugin_output"]
                print "performance_data=" f["performance_data"]
                found = 1
            }
            next
        }
        inblk {
            line = $0; sub(/^\t/, "", line)
            i = index(line, "="); if (i) f[substr(line, 1, i - 1)] = substr(line, i + 1)
        }
        END { exit !found }
    ' "$D/status.dat" 2>/dev/null
}

until out=$(read_status); do alive_or_fail "waiting for the check result in status.dat"; sleep 0.05; done
log "result read from status.dat $(elapsed "$T0")s after config generation"
printf '%s\n' "$out"
exit 0
