# shellcheck shell=bash
# Shared helpers of bin/run and bin/test: find (or install) Odoo 19.0, install
# the addon's Python dependencies, provide a PostgreSQL server and write the
# Odoo configuration. Sourced, never executed.

SQG_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SQG_ADDON=service_quality_gate
SQG_STATE=$SQG_ROOT/.odoo
SQG_LOGS=$SQG_ROOT/.logs
ODOO_ARCHIVE_URL=${ODOO_ARCHIVE_URL:-https://nightly.odoo.com/19.0/nightly/tgz/odoo_19.0.latest.tar.gz}

log() { printf '[%s] %s\n' "${0##*/}" "$*" >&2; }
die() {
    log "ERROR: $*"
    exit 1
}
is_root() { [[ $(id -u) == 0 ]]; }

# on_exit COMMAND: run COMMAND when the script exits (last registered first).
SQG_EXIT_HOOKS=()
on_exit() {
    SQG_EXIT_HOOKS=("$1" "${SQG_EXIT_HOOKS[@]}")
    trap run_exit_hooks EXIT
}
run_exit_hooks() {
    local hook
    for hook in "${SQG_EXIT_HOOKS[@]}"; do $hook || true; done
    SQG_EXIT_HOOKS=()
}
# a signal ends the script through exit, so that the EXIT hooks run
default_signal_traps() {
    trap 'exit 130' INT
    trap 'exit 143' TERM HUP
}
default_signal_traps

# apt-get install PACKAGES..., only possible as root; returns 1 otherwise.
apt_install() {
    is_root && command -v apt-get >/dev/null || return 1
    log "installing Debian packages: $*"
    if [[ -z ${SQG_APT_UPDATED:-} ]]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq
        SQG_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Python / Odoo ----------------------------------------------------------

# True when interpreter $1 imports Odoo 19.0.
is_odoo19() {
    "$1" -c 'import sys, odoo.release as r; sys.exit(r.serie != "19.0")' >/dev/null 2>&1
}

# Sets PY to an interpreter that imports Odoo 19.0:
# $ODOO_PYTHON, else python3, else the checkout's .venv (created on demand).
find_odoo_python() {
    if [[ -n ${ODOO_PYTHON:-} ]]; then
        is_odoo19 "$ODOO_PYTHON" || die "ODOO_PYTHON=$ODOO_PYTHON does not import Odoo 19.0"
        PY=$ODOO_PYTHON
    elif command -v python3 >/dev/null && is_odoo19 python3; then
        PY=$(python3 -c 'import sys; print(sys.executable)')
    else
        if [[ ! -x $SQG_ROOT/.venv/bin/python ]] || ! is_odoo19 "$SQG_ROOT/.venv/bin/python"; then
            install_odoo_venv
        fi
        PY=$SQG_ROOT/.venv/bin/python
    fi
    log "Odoo python: $PY"
}

# Installs Odoo 19.0 Community from Odoo's source archive into .venv.
install_odoo_venv() {
    local venv=$SQG_ROOT/.venv tmp src
    log "no Odoo 19.0 found: installing it into $venv from $ODOO_ARCHIVE_URL"
    # build dependencies of psycopg2 and python-ldap (Odoo's requirements.txt)
    dpkg -s libpq-dev libldap2-dev libsasl2-dev >/dev/null 2>&1 \
        || apt_install build-essential python3-dev libpq-dev libldap2-dev libsasl2-dev \
        || log "could not install build dependencies (not root?); pip may fail"
    python3 -m venv "$venv"
    tmp=$(mktemp -d)
    curl -fsSL --retry 3 -o "$tmp/odoo.tar.gz" "$ODOO_ARCHIVE_URL" \
        || die "could not download $ODOO_ARCHIVE_URL; set ODOO_PYTHON to a Python with Odoo 19.0"
    tar -xzf "$tmp/odoo.tar.gz" -C "$tmp"
    src=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -n1)
    write_build_constraints
    PIP_CONSTRAINT=$SQG_STATE/build-constraints.txt \
        "$venv/bin/pip" install --disable-pip-version-check -q -r "$src/requirements.txt" "$src"
    rm -rf "$tmp"
    is_odoo19 "$venv/bin/python" || die "Odoo 19.0 installation into $venv failed"
}

# cbor2 (an Odoo requirement) builds from source and breaks with setuptools>=81;
# PIP_CONSTRAINT also reaches pip's isolated build environments.
write_build_constraints() {
    mkdir -p "$SQG_STATE"
    echo 'setuptools<81' >"$SQG_STATE/build-constraints.txt"
}

# True when every requirement of the given files is installed in $PY.
requirements_satisfied() {
    "$PY" - "$@" <<'EOF'
import sys
from importlib import metadata
try:
    from packaging.requirements import Requirement
except ImportError:
    from pip._vendor.packaging.requirements import Requirement
for path in sys.argv[1:]:
    for line in open(path):
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        if req.marker and not req.marker.evaluate():
            continue
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            sys.exit(1)
        if not req.specifier.contains(version, prereleases=True):
            sys.exit(1)
EOF
}

# Installs the project's requirement files into $PY without changing any
# package that is already installed (Odoo pins e.g. lxml): everything already
# there is passed to pip as a constraint.
install_requirements() {
    local files=() f
    for f in "$@"; do files+=("$SQG_ROOT/$f"); done
    if requirements_satisfied "${files[@]}"; then
        return 0
    fi
    log "installing Python requirements: $*"
    write_build_constraints
    "$PY" -m pip list --disable-pip-version-check --format=freeze 2>/dev/null \
        | grep -v '^-e ' >"$SQG_STATE/installed-constraints.txt"
    local args=()
    for f in "${files[@]}"; do args+=(-r "$f"); done
    PIP_CONSTRAINT=$SQG_STATE/build-constraints.txt \
        "$PY" -m pip install --disable-pip-version-check -q \
        -c "$SQG_STATE/installed-constraints.txt" "${args[@]}"
    requirements_satisfied "${files[@]}" || die "requirements still not satisfied: $*"
}

# --- PostgreSQL ---------------------------------------------------------------

# A TCP port nobody listens on right now.
free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
# (SO_REUSEADDR as servers use it: a port in TIME_WAIT counts as free)
port_is_free() {
    "$PY" -c '
import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1])))
' "$1" 2>/dev/null
}

# Runs a PostgreSQL server binary; as root through the postgres OS user,
# since initdb and postgres refuse to run as root.
pg_as_owner() {
    if is_root; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

find_pg_bin() {
    local dir
    if command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
        PG_BIN=$(dirname "$(command -v pg_ctl)")
        return
    fi
    # shellcheck disable=SC2012 # version-sorted, the paths have no blanks
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        [[ -x $dir/initdb ]] && PG_BIN=$dir && return
    done
    apt_install postgresql || die "PostgreSQL server binaries (initdb, pg_ctl) not found"
    find_pg_bin
}

# Sets DB_HOST/DB_PORT/DB_USER/DB_PASSWORD. With PGHOST set, a configured
# server is used as is; otherwise a cluster of this checkout is started
# (.pgdata/<name>, 127.0.0.1 only) on port $2 (or a free one when it is taken),
# and stopped again when the script exits.
# Usage: setup_postgres NAME PORT
setup_postgres() {
    local name=$1 want_port=$2
    if [[ -n ${PGHOST:-} ]]; then
        DB_HOST=$PGHOST DB_PORT=${PGPORT:-5432} DB_USER=${PGUSER:-$(id -un)} DB_PASSWORD=${PGPASSWORD:-}
        log "using the configured PostgreSQL at $DB_HOST:$DB_PORT as $DB_USER"
        return
    fi
    find_pg_bin
    PG_DATA=$SQG_ROOT/.pgdata/$name
    if is_root && ! runuser -u postgres -- test -x "$SQG_ROOT" -a -r "$SQG_ROOT"; then
        PG_DATA=/tmp/sqg-pgdata-$(echo "$SQG_ROOT" | sha1sum | cut -c1-10)/$name
        log "the postgres OS user cannot enter $SQG_ROOT: the cluster lives in $PG_DATA instead"
    fi
    DB_HOST=127.0.0.1 DB_USER=odoo DB_PASSWORD=
    if [[ ! -f $PG_DATA/PG_VERSION ]]; then
        log "creating the PostgreSQL cluster $PG_DATA"
        mkdir -p "$PG_DATA"
        chmod 700 "$PG_DATA"
        is_root && chown postgres: "$PG_DATA" "$(dirname "$PG_DATA")"
        pg_as_owner "$PG_BIN/initdb" -D "$PG_DATA" -U odoo --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
        # A throwaway development cluster: TCP on loopback only, no unix socket
        # (paths may be too long or not writable), durability traded for speed.
        cat >>"$PG_DATA/postgresql.conf" <<'EOF'
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    fi
    if pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        # started by another command of this checkout: share it, leave it running
        DB_PORT=$(sed -n 4p "$PG_DATA/postmaster.pid")
        log "reusing the running PostgreSQL cluster $PG_DATA on port $DB_PORT"
        return
    fi
    DB_PORT=$want_port
    [[ -n $DB_PORT ]] && port_is_free "$DB_PORT" || DB_PORT=$(free_port)
    log "starting PostgreSQL ($PG_DATA) on 127.0.0.1:$DB_PORT"
    pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 \
        -o "-p $DB_PORT" start >/dev/null || {
        tail -n 20 "$PG_DATA/server.log" >&2
        die "PostgreSQL did not start"
    }
    PG_STARTED=1
    on_exit stop_postgres
}

stop_postgres() {
    if [[ -n ${PG_STARTED:-} ]]; then
        log "stopping PostgreSQL ($PG_DATA)"
        pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
        PG_STARTED=
    fi
}

# Runs SQL given as $2 against database $1 and prints the first column of
# the first row (empty when no row); uses psycopg2, which Odoo ships.
db_query() {
    PGPASSWORD=$DB_PASSWORD "$PY" - "$DB_HOST" "$DB_PORT" "$DB_USER" "$1" "$2" <<'EOF'
import os, sys
import psycopg2
host, port, user, dbname, sql = sys.argv[1:]
conn = psycopg2.connect(host=host, port=port, user=user, dbname=dbname,
                        password=os.environ.get("PGPASSWORD") or None)
with conn, conn.cursor() as cr:
    cr.execute(sql)
    row = cr.fetchone()
    print("" if row is None else row[0])
EOF
}

# "installed" when database $1 exists with the addon installed, "missing" when
# it does not exist, else the module state (e.g. "uninstalled", "to install").
db_addon_state() {
    local exists
    exists=$(db_query postgres "SELECT 1 FROM pg_database WHERE datname = '$1'")
    if [[ -z $exists ]]; then
        echo missing
        return
    fi
    db_query "$1" "SELECT state FROM ir_module_module WHERE name = '$SQG_ADDON'" 2>/dev/null || echo broken
}

# --- Odoo ---------------------------------------------------------------------

# Makes <addons dir>/<addon> point at the checkout (whatever the folder is
# called) and writes the Odoo configuration .odoo/$1.conf with HTTP port $2.
# The addons dir lies outside the checkout: a link inside it back to the
# checkout would be a loop for tools that follow links (Odoo's term export).
write_odoo_config() {
    local name=$1 http_port=$2 addons_path
    addons_path=${TMPDIR:-/tmp}/sqg-addons-$(printf %s "$SQG_ROOT" | md5sum | cut -c1-12)
    mkdir -p "$addons_path" "$SQG_STATE/data" "$SQG_LOGS"
    ln -sfn "$SQG_ROOT" "$addons_path/$SQG_ADDON"
    [[ -n ${ODOO_ADDONS_PATH:-} ]] && addons_path+=,$ODOO_ADDONS_PATH
    ODOO_CONF=$SQG_STATE/$name.conf
    cat >"$ODOO_CONF" <<EOF
; generated by bin/$name - edits are overwritten
[options]
addons_path = $addons_path
data_dir = $SQG_STATE/data
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
http_interface = 127.0.0.1
http_port = $http_port
workers = 0
EOF
    # "db_password = False" would be logged as a WARNING by Odoo: omit it
    if [[ -n $DB_PASSWORD ]]; then
        echo "db_password = $DB_PASSWORD" >>"$ODOO_CONF"
    fi
}

# Runs Odoo with the generated configuration. Odoo runs as a child that a
# TERM/INT/HUP sent to this script is passed on to, so that the script lives
# on until Odoo has stopped and its EXIT trap can stop PostgreSQL.
odoo() {
    local pid rc=0
    "$PY" -m odoo -c "$ODOO_CONF" "$@" &
    pid=$!
    SQG_INTERRUPTED=
    # shellcheck disable=SC2064 # expand $pid now
    trap "SQG_INTERRUPTED=1; kill -TERM $pid 2>/dev/null" TERM INT HUP
    wait "$pid" || rc=$?
    # wait returns early when a trapped signal arrives: wait for Odoo itself
    while kill -0 "$pid" 2>/dev/null; do wait "$pid" || rc=$?; done
    default_signal_traps
    if [[ -n $SQG_INTERRUPTED ]]; then
        log "interrupted"
        exit 130
    fi
    return "$rc"
}
