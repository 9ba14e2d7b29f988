/* test-server-upgrade.c — the database of an older release (the first
 * wave's last commit, 2757e64: migrations 001–016, --demo-data
 * --demo-season and two sales through its API; tests/data/upgrade/README.md)
 * restored with `tessera-server --restore` and served by today's server:
 * its migrations apply, and what the older release sold is all there, still
 * sold, still signs in and balances (docs/architecture.md, "Backups and
 * upgrades") */
#include <string.h>

#include "ts-migrations.h"
#include "ts-test-client.h"
#include "ts-test-process.h"

#define FIXTURE "2757e64"

/* tests/data/upgrade/FIXTURE.counts: what the older release's database
 * held, as name=value lines. */
static GHashTable *
read_counts (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "upgrade", FIXTURE ".counts", NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GHashTable *counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *equals = strchr (lines[i], '=');

      if (lines[i][0] != '#' && equals != NULL)
        g_hash_table_insert (counts, g_strndup (lines[i], equals - lines[i]), g_strdup (equals + 1));
    }
  return counts;
}

typedef struct
{
  gint64 patron;
  gint64 perf;
  gint64 ticket_type;
} Sale;

/* An order of one seat, paid amount in cash. */
static char *
order_json (const Sale *sale,
            const char *key,
            const char *seat,
            gint64      amount)
{
  return g_strdup_printf ("{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\","
                          " \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
                          key, sale->patron, sale->perf, seat, sale->ticket_type, amount);
}

/* The price of a seat, as today's server says it in its refusal of a
 * payment that does not cover it (S4). */
static gint64
price_of (TsTestProcess *server,
          const char    *token,
          const Sale    *sale,
          const char    *seat)
{
  g_autoptr(JsonNode) refused = NULL;
  g_autofree char *body = order_json (sale, "after-upgrade-price", seat, 1);
  const char *message;
  const char *at;

  g_assert_cmpuint (ts_test_process_http (server, "POST", "/api/v1/orders", token, body, &refused), ==, 400);
  message = ts_test_error_message (refused);
  at = strstr (message, "the order is ");
  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen ("the order is "), NULL, 10);
}

static void
test_upgrade (void)
{
  g_autofree char *base = ts_test_process_make_dir ("tessera-upgrade");
  g_autofree char *data_dir = g_build_filename (base, "db", NULL);
  g_autofree char *fixture = g_test_build_filename (G_TEST_DIST, "data", "upgrade", FIXTURE ".dump", NULL);
  g_autoptr(GHashTable) counts = read_counts ();
  g_autoptr(TsTestProcess) server = ts_test_process_new (data_dir);
  g_autofree char *said = NULL;
  g_auto(GStrv) sold = NULL;
  g_autofree char *token = NULL;
  Sale sale = { 0 };
  const char *tables[] = { "outlet", "employee", "patron", "contact_point", "event", "performance",
                           "ticket_order", "order_item", "payment", NULL };
  const char *restore[] = { "--data-dir", data_dir, "--restore", fixture, NULL };
  const char *outlets[] = { "UTH", "ATH", "TIX", NULL };
  const char *logins[] = { "admin", "manager", "boxoffice", "walkup", "staff", NULL };

  /* roles and database as a first start makes them, the older data, then
   * today's migrations */
  g_assert_cmpint (ts_test_process_run (restore, &said), ==, 0);
  g_assert_nonnull (strstr (said, "schema 16"));
  g_assert_nonnull (strstr (said, "brought up to schema"));
  ts_test_process_start (server, NULL);
  g_assert_cmpint (ts_test_process_owner_int (server, "SELECT max (version) FROM schema_version"),
                   ==, ts_migrations_latest ());

  /* every row the older release had */
  for (guint i = 0; tables[i] != NULL; i++)
    {
      const char *before = g_hash_table_lookup (counts, tables[i]);

      g_assert_nonnull (before);
      if (ts_test_process_owner_int (server, "SELECT count (*) FROM %s", tables[i]) != g_ascii_strtoll (before, NULL, 10))
        g_error ("%s: %s rows before the upgrade, %" G_GINT64_FORMAT " after", tables[i], before,
                 ts_test_process_owner_int (server, "SELECT count (*) FROM %s", tables[i]));
    }
  g_assert_cmpint (ts_test_process_owner_int (server, "SELECT count (*) FROM audit_log"), >,
                   g_ascii_strtoll (g_hash_table_lookup (counts, "audit_log"), NULL, 10));
  ts_test_assert_ledgers_at (ts_test_process_get_owner_conninfo (server));

  /* the demo's people still sign in, with the passwords they had */
  g_free (ts_test_process_sign_in (server, NULL, "master", "master-password"));
  for (guint o = 0; outlets[o] != NULL; o++)
    for (guint l = 0; logins[l] != NULL; l++)
      {
        g_autofree char *password = g_strconcat (logins[l], "-password", NULL);

        g_free (ts_test_process_sign_in (server, outlets[o], logins[l], password));
      }

  /* the older release's sale as it was: its seat claimed, counted sold */
  sold = g_strsplit (g_hash_table_lookup (counts, "sold_seat"), " ", 2);
  g_assert_cmpint (ts_test_process_owner_int (server, "SELECT count (*) FROM seat_claim WHERE performance_id = %s"
                                              " AND seat_guid = '%s' AND kind = 'sold'", sold[0], sold[1]), ==, 1);
  g_assert_cmpint (ts_test_process_owner_int (server, "SELECT sold FROM performance WHERE id = %s", sold[0]), ==,
                   ts_test_process_owner_int (server, "SELECT count (*) FROM order_item WHERE performance_id = %s"
                                              " AND status = 'sold'", sold[0]));

  /* time passes: the fixture's performances were made a few days ahead of
   * the day it was made; they move to a month from now, keeping their
   * spacing, so that they are still to come whenever this test runs */
  g_free (ts_test_sql_at (ts_test_process_get_owner_conninfo (server),
                          "UPDATE performance SET starts_at = now () + interval '30 days'"
                          " + (starts_at - (SELECT min (starts_at) FROM performance))"));

  /* the seat the older release sold stays sold; another one sells */
  sale.perf = g_ascii_strtoll (sold[0], NULL, 10);
  sale.ticket_type = ts_test_process_owner_int (server, "SELECT r.ticket_type_id FROM redemption r JOIN ticket_type t"
                                                " ON t.id = r.ticket_type_id WHERE r.performance_id = %" G_GINT64_FORMAT
                                                " AND t.name = 'Adult'", sale.perf);
  sale.patron = ts_test_process_owner_int (server, "SELECT id FROM patron WHERE last_name = 'Fixture'");
  token = ts_test_process_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  {
    /* refused for the seat, before its payment is looked at */
    g_autofree char *again = order_json (&sale, "after-upgrade-again", sold[1], 1);
    g_autoptr(JsonNode) refused = NULL;

    g_assert_cmpuint (ts_test_process_http (server, "POST", "/api/v1/orders", token, again, &refused), ==, 409);
    g_test_message ("the seat sold before the upgrade: %s", ts_test_error_message (refused));
  }
  {
    g_autofree char *sql = g_strdup_printf ("SELECT s.guid FROM map_seat s JOIN performance p ON p.id = %" G_GINT64_FORMAT
                                            " JOIN event e ON e.id = p.event_id WHERE s.map_id = e.map_id"
                                            " AND NOT EXISTS (SELECT 1 FROM seat_claim c WHERE c.performance_id = p.id"
                                            "                 AND c.seat_guid = s.guid)"
                                            " ORDER BY s.row_label DESC, s.number LIMIT 1", sale.perf);
    g_autofree char *free_seat = ts_test_sql_at (ts_test_process_get_owner_conninfo (server), sql);
    g_autofree char *body = NULL;

    g_assert_nonnull (free_seat);
    body = order_json (&sale, "after-upgrade-fresh", free_seat, price_of (server, token, &sale, free_seat));
    g_assert_cmpuint (ts_test_process_http (server, "POST", "/api/v1/orders", token, body, NULL), ==, 201);
  }
  /* the older release's order reads as today's API answers it */
  {
    gint64 order = ts_test_process_owner_int (server, "SELECT id FROM ticket_order WHERE idempotency_key = 'upgrade-fixture-1'");
    g_autofree char *path = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT, order);
    g_autoptr(JsonNode) answer = NULL;

    JsonObject *read;
    JsonArray *items;

    g_assert_cmpuint (ts_test_process_http (server, "GET", path, token, NULL, &answer), ==, 200);
    read = json_node_get_object (answer);
    items = json_object_get_array_member (read, "items");
    g_assert_cmpuint (json_array_get_length (items), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (items, 0), "seat"), ==, sold[1]);
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (items, 0), "price_cents"), ==,
                     ts_test_process_owner_int (server, "SELECT amount_cents FROM payment p JOIN ticket_order o"
                                                " ON o.id = p.order_id WHERE o.idempotency_key = 'upgrade-fixture-1'"));
    g_assert_cmpint (json_object_get_int_member (read, "purchaser_id"), ==, sale.patron);
  }
  ts_test_assert_ledgers_at (ts_test_process_get_owner_conninfo (server));

  ts_test_process_stop (server);
  ts_test_process_remove_tree (base);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/upgrade/from-" FIXTURE, test_upgrade);
  return g_test_run ();
}
