#!/bin/sh
# A private, throw-away OpenLink Virtuoso for tests (Debian package virtuoso-opensource).
#
#   scripts/virtuoso.sh start [DIR]   make DIR (default: a new temp dir), write DIR/virtuoso.ini,
#                                     start virtuoso-t, wait until SPARQL answers, let the
#                                     SPARQL user update; prints shell assignments:
#                                     VIRTUOSO_DIR=… VIRTUOSO_PID=… VIRTUOSO_SPARQL=… VIRTUOSO_ISQL_PORT=…
#   scripts/virtuoso.sh stop DIR      stop that server and remove DIR
#
# HTTP and SQL ports are free ports picked at start, both bound to 127.0.0.1 only.
# Memory is kept small (about 40 MB of buffers). Environment:
#   VIRTUOSO_MAX_ROWS   ResultSetMaxRows, the cap Virtuoso silently cuts results at
#                       (stock: 10000; the tests lower it to see paging work)
#   VIRTUOSO_TIMEOUT    seconds to wait for the server to answer (default 60)
#   VIRTUOSO_BUFFERS    NumberOfBuffers, 8 KB pages of cache (default 5000; benchmarks
#                       give more, as Virtuoso's guide advises for larger stores)
#   VIRTUOSO_MAX_SECONDS  MaxQueryExecutionTime (default 60)
# Installs nothing: without virtuoso-t on PATH it exits 3.
set -eu

cmd=${1:-}
case "$cmd" in
start) ;;
stop)
    dir=${2:?usage: $0 stop DIR}
    if [ -f "$dir/virtuoso.pid" ]; then
        pid=$(cat "$dir/virtuoso.pid")
        if kill "$pid" 2>/dev/null; then
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    case "$dir" in */privacykg-virtuoso.*) rm -rf "$dir" ;; *) rm -f "$dir"/virtuoso* ;; esac
    exit 0 ;;
*) echo "usage: $0 start [DIR] | stop DIR" >&2; exit 2 ;;
esac

VIRTUOSO=$(command -v virtuoso-t || true)
ISQL=$(command -v isql-vt || command -v isql || true)
if [ -z "$VIRTUOSO" ] || [ -z "$ISQL" ]; then
    echo "virtuoso-t/isql-vt not found: apt-get install -y virtuoso-opensource" >&2
    exit 3
fi

dir=${2:-$(mktemp -d "${TMPDIR:-/tmp}/privacykg-virtuoso.XXXXXX")}
mkdir -p "$dir"
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
http_port=$(free_port)
sql_port=$(free_port)
while [ "$sql_port" = "$http_port" ]; do sql_port=$(free_port); done

cat > "$dir/virtuoso.ini" <<INI
[Database]
DatabaseFile       = $dir/virtuoso.db
ErrorLogFile       = $dir/virtuoso.log
LockFile           = $dir/virtuoso.lck
TransactionFile    = $dir/virtuoso.trx
xa_persistent_file = $dir/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $dir/virtuoso-temp.db
TransactionFile    = $dir/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:$sql_port
LiteMode                 = 0
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 10
CheckpointInterval       = 60
O_DIRECT                 = 0
CaseMode                 = 2
MaxStaticCursorRows      = 5000
AllowOSCalls             = 0
DirsAllowed              = ., $dir
ThreadCleanupInterval    = 0
ThreadThreshold          = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize        = 100000
SingleCPU                = 0
MaxMemPoolSize           = 20000000
MaxQueryMem              = 256M
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4
NumberOfBuffers          = ${VIRTUOSO_BUFFERS:-5000}
MaxDirtyBuffers          = $(( ${VIRTUOSO_BUFFERS:-5000} * 7 / 10 ))

[HTTPServer]
ServerPort                  = 127.0.0.1:$http_port
ServerRoot                  = $dir
MaxClientConnections        = 10
EnabledDavVSP               = 0
HTTPProxyEnabled            = 0
ServerThreads               = 10
MaxKeepAlives               = 10
KeepAliveTimeout            = 10
HTTPThreadSize              = 280000
Charset                     = UTF-8
EnabledGzipContent          = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal = 0
DefaultHost  = 127.0.0.1:$http_port

[SPARQL]
ResultSetMaxRows           = ${VIRTUOSO_MAX_ROWS:-10000}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = ${VIRTUOSO_MAX_SECONDS:-60}
DefaultQuery               = ASK {}
INI

cd "$dir"
"$VIRTUOSO" +foreground +configfile "$dir/virtuoso.ini" >"$dir/virtuoso.out" 2>&1 &
pid=$!
echo "$pid" > "$dir/virtuoso.pid"

sparql="http://127.0.0.1:$http_port/sparql"
deadline=$(( $(date +%s) + ${VIRTUOSO_TIMEOUT:-60} ))
until python3 - "$sparql" <<'PY' 2>/dev/null
import sys, urllib.parse, urllib.request
body = urllib.parse.urlencode({"query": "ASK {}"}).encode()
req = urllib.request.Request(sys.argv[1], data=body,
                             headers={"Accept": "application/sparql-results+json"})
sys.exit(0 if b"boolean" in urllib.request.urlopen(req, timeout=2).read() else 1)
PY
do
    if ! kill -0 "$pid" 2>/dev/null || [ "$(date +%s)" -ge "$deadline" ]; then
        echo "virtuoso did not start; its log:" >&2
        tail -20 "$dir/virtuoso.log" "$dir/virtuoso.out" >&2 2>/dev/null || true
        "$0" stop "$dir"
        exit 1
    fi
    sleep 0.2
done

# a fresh database has dba/dba; the HTTP endpoint runs as user SPARQL, read-only by default
if ! "$ISQL" "127.0.0.1:$sql_port" dba dba \
        exec='GRANT SPARQL_UPDATE TO "SPARQL";' >"$dir/isql.out" 2>&1; then
    cat "$dir/isql.out" >&2
    "$0" stop "$dir"
    exit 1
fi

echo "VIRTUOSO_DIR=$dir"
echo "VIRTUOSO_PID=$pid"
echo "VIRTUOSO_SPARQL=$sparql"
echo "VIRTUOSO_ISQL_PORT=$sql_port"
