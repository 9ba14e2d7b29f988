#!/usr/bin/env bash
# Remakes tests/data/upgrade/: the database of an older Tessera release, for
# test-server-upgrade (docs/architecture.md, "Backups and upgrades").
#
#   bash build-aux/make-upgrade-fixture.sh [COMMIT]     (default 2757e64)
#
# Builds COMMIT's server alone (git archive into a temporary directory,
# -Dclient=disabled), runs it with --demo-data --demo-season on a throwaway
# embedded cluster, makes a few sales and a patron through its own API, then
# writes the database as `pg_dump -Fc` (custom format, what
# `tessera-server --backup` writes) to tests/data/upgrade/COMMIT.dump, and
# what it holds (rows per table) to tests/data/upgrade/COMMIT.counts, which
# the test compares after today's migrations.  Needs curl, the PostgreSQL
# server programs and the build dependencies of that commit.
set -euo pipefail
cd "$(dirname "$0")/.."

commit=${1:-2757e64}
port=${TESSERA_FIXTURE_PORT:-8831}
out=tests/data/upgrade
short=$(git rev-parse --short=7 "$commit")
full=$(git rev-parse "$commit")
bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

tmp=$(mktemp -d /tmp/tessera-fixture-XXXXXX)
chmod 755 "$tmp"              # as root, the embedded PostgreSQL runs as postgres
server=
cleanup () {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

echo "Building tessera-server at $short in $tmp"
mkdir "$tmp/src"
git archive "$full" | tar -x -C "$tmp/src"
meson setup "$tmp/build" "$tmp/src" -Dclient=disabled >"$tmp/setup.log"
nice -n 10 ninja -C "$tmp/build" server/tessera-server >"$tmp/build.log"

"$tmp/build/server/tessera-server" --data-dir "$tmp/db" --port "$port" --demo-data --demo-season \
  >"$tmp/server.log" 2>&1 &
server=$!
url="http://127.0.0.1:$port/api/v1"
for _ in $(seq 1 240); do
  if curl -sf "$url/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server" 2>/dev/null; then cat "$tmp/server.log" >&2; exit 1; fi
  sleep 0.5
done

sql () {
  "$bindir/psql" -X -q -t -A -v ON_ERROR_STOP=1 \
    "host=$tmp/db/run user=tessera_admin dbname=tessera" -c "$1"
}
member () {   # the value of a top-level member of a JSON answer (numbers and plain strings)
  sed -n "s/.*\"$1\":\"\{0,1\}\([^\",}]*\).*/\1/p" | head -1
}

token=$(curl -sf "$url/session" -H 'Content-Type: application/json' \
  -d '{"outlet": "UTH", "login": "boxoffice", "password": "boxoffice-password"}' | member token)
auth="Authorization: Bearer $token"

# A patron of the older release's, then two sales to her through its API:
# two seats of a Hamlet performance, cash.
patron=$(curl -sf "$url/patrons" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"first_name": "Upgrade", "last_name": "Fixture"}' | member id)
perf=$(sql "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id
             WHERE e.name LIKE 'Hamlet%' AND p.starts_at > now () ORDER BY p.starts_at LIMIT 1")
ticket_type=$(sql "SELECT r.ticket_type_id FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id
                    WHERE r.performance_id = $perf AND t.name = 'Adult' LIMIT 1")
order () {   # POSTs an order; prints "status body"
  local answer
  answer=$(curl -s -w '\n%{http_code}' "$url/orders" -H "$auth" -H 'Content-Type: application/json' -d "$1")
  echo "$(tail -1 <<<"$answer") $(head -n -1 <<<"$answer")"
}
for n in 1 2; do
  seat=$(sql "SELECT s.guid FROM map_seat s JOIN performance p ON p.id = $perf JOIN event e ON e.id = p.event_id
               WHERE s.map_id = e.map_id
                 AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = $perf AND c.seat_guid = s.guid)
               ORDER BY s.row_label, s.number LIMIT 1")
  body () {
    echo "{\"idempotency_key\": \"upgrade-fixture-$n\", \"purchaser_id\": $patron,
           \"items\": [{\"performance_id\": $perf, \"seat\": \"$seat\", \"ticket_type_id\": $ticket_type}],
           \"payments\": [{\"method\": \"cash\", \"amount_cents\": $1}]}"
  }
  # the price is the older server's to say: its refusal of 1 cent names it (S4)
  first=$(order "$(body 1)")
  price=$(sed -n 's/.*but the order is \([0-9]*\) cents.*/\1/p' <<<"$first")
  second=$(order "$(body "${price:?no price in: $first}")")
  if [ "${second%% *}" != 201 ]; then echo "order $n: $second" >&2; exit 1; fi
done

mkdir -p "$out"
"$bindir/pg_dump" -Fc --dbname "host=$tmp/db/run user=tessera_admin dbname=tessera" -f "$out/$short.dump"
{
  echo "# rows per table in $short.dump, made by build-aux/make-upgrade-fixture.sh $short"
  for table in outlet employee patron contact_point event performance ticket_order order_item payment audit_log; do
    echo "$table=$(sql "SELECT count (*) FROM $table")"
  done
  echo "schema_version=$(sql "SELECT max (version) FROM schema_version")"
  echo "sold_seat=$(sql "SELECT i.performance_id || ' ' || i.seat_guid FROM order_item i JOIN ticket_order o ON o.id = i.order_id
                           WHERE o.idempotency_key = 'upgrade-fixture-1'")"
} >"$out/$short.counts"
ls -l "$out/$short.dump"
cat "$out/$short.counts"
