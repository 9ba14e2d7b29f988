/* ts-api-scans.c — tickets scanned at the door, the door's list of tickets and the
 * attendance, for the owning outlet's Scanner level and up (rules F4, F5, C4, P5, P7)
 *
 * A code is read here before the database decides: its shape, then its outlet (another
 * outlet's code is "not for this door" before its signature is looked at, so a door
 * learns nothing of a ticket it may not scan, not even whether it is genuine), then the
 * owner's Ed25519 signature.  What remains — refunded, replaced, which performance,
 * admitted once, re-entry, the nonce of a retried upload — is ts_scan_decide's
 * (server/functions/scans.sql), under the ticket's row lock. */
#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"
#include "ts-ticket-code.h"
#include "ts-ticket-signer.h"

/* An offline upload carries at most this many scans. */
#define MAX_BATCH 500
/* A scan made offline may be stamped by a clock a little ahead of the server's. */
#define CLOCK_SKEW_US (2 * G_TIME_SPAN_MINUTE)

/* C4: any signed-in employee of the owning outlet (No Access cannot sign in). */
#define SCANNER_REFUSAL "Scanning tickets is for Scanner level and up"

/* Scans ------------------------------------------------------------------ */

/* What ts_scan_decide takes, built from one body: its input checked here
 * (400 naming the member), the code's verdict when it is already given. */
static JsonObject *
read_scan (JsonObject *body,
           GError    **error)
{
  static const char * const allowed[] = { "code", "item_id", "door", "nonce", "performance_id", "direction",
                                          "scanned_at", NULL };
  g_autoptr(JsonObject) p = json_object_new ();
  const char *code, *door, *nonce, *direction, *scanned_at;
  gboolean has_item, has_perf;
  gint64 item_id, performance_id;

  if (!ts_json_check_members (body, allowed, error)
      || !ts_json_field_text (body, "code", TS_JSON_FIELD_NOT_BLANK, 200, &code, NULL, error)
      || !ts_json_field_int (body, "item_id", TS_JSON_FIELD_NOT_NULL | TS_JSON_FIELD_BIGINT, 1, G_MAXINT64,
                             &item_id, &has_item, error)
      || !ts_json_field_text (body, "door", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 60, &door, NULL, error)
      || !ts_json_field_text (body, "nonce", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 100, &nonce, NULL,
                              error)
      || !ts_json_field_id (body, "performance_id", TS_JSON_FIELD_OPTIONAL, &performance_id, &has_perf, error)
      || !ts_json_field_text (body, "direction", TS_JSON_FIELD_OPTIONAL, 3, &direction, NULL, error)
      || !ts_json_field_text (body, "scanned_at", TS_JSON_FIELD_OPTIONAL, 40, &scanned_at, NULL, error))
    return NULL;
  if ((code != NULL) == has_item)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                           "code: give the code read from the ticket, or item_id for a ticket found by hand");
      return NULL;
    }
  if (g_utf8_strlen (nonce, -1) < 8)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "nonce: 8 to 100 characters, new for each scan");
      return NULL;
    }
  if (direction != NULL && !g_str_equal (direction, "in") && !g_str_equal (direction, "out"))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "direction: \"in\" or \"out\"");
      return NULL;
    }
  if (scanned_at != NULL)
    {
      /* a time without its offset would be read in the server's zone, not the door's */
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (scanned_at, NULL);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (at == NULL)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                               "scanned_at: an ISO 8601 time with its offset (2026-12-06T20:15:00-05:00)");
          return NULL;
        }
      if (g_date_time_difference (at, now) > CLOCK_SKEW_US)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID, "scanned_at: cannot be in the future");
          return NULL;
        }
      json_object_set_string_member (p, "scanned_at", scanned_at);
    }

  json_object_set_string_member (p, "door", door);
  json_object_set_string_member (p, "nonce", nonce);
  json_object_set_string_member (p, "direction", direction != NULL ? direction : "in");
  if (has_perf && performance_id > 0)   /* null: the door named no performance */
    json_object_set_int_member (p, "performance_id", performance_id);
  if (has_item)
    {
      g_autofree char *subject = g_strdup_printf ("item:%" G_GINT64_FORMAT, item_id);

      json_object_set_int_member (p, "item_id", item_id);
      json_object_set_string_member (p, "subject", subject);
    }
  else
    json_object_set_string_member (p, "code", code);
  return g_steal_pointer (&p);
}

/* The code's part of the decision, in the order that tells nothing about
 * another outlet's tickets (F4): its shape, whose it is, then its signature. */
static gboolean
judge_code (TsRequest  *req,
            PGconn     *conn,
            JsonObject *p,
            GError    **error)
{
  g_autofree char *subject = g_strstrip (g_ascii_strup (json_object_get_string_member (p, "code"), -1));
  guint8 key[TS_TICKET_KEY_BYTES];
  TsTicketCode code;

  json_object_set_string_member (p, "subject", subject);
  json_object_remove_member (p, "code");
  if (!ts_ticket_code_parse (subject, &code, NULL))
    {
      json_object_set_string_member (p, "verdict", "forged");
      return TRUE;
    }
  if (!ts_request_is_master (req) && code.outlet_id != req->outlet_id)
    {
      json_object_set_string_member (p, "verdict", "not_for_this_door");  /* F4 */
      return TRUE;
    }
  if (ts_request_is_master (req))
    {
      /* the Master User's code may name an outlet that does not exist: no key is made for it */
      g_autofree char *outlet = g_strdup_printf ("%d", code.outlet_id);
      g_autoptr(PGresult) known = ts_pg_exec (conn, "SELECT 1 FROM outlet WHERE id = $1::integer",
                                              1, (const char *[]) { outlet }, error);

      if (known == NULL)
        return FALSE;
      if (PQntuples (known) == 0)
        {
          json_object_set_string_member (p, "verdict", "forged");
          return TRUE;
        }
    }
  if (!ts_ticket_signer_public_key (conn, code.outlet_id, key, error))
    return FALSE;
  if (!ts_ticket_code_verify (subject, key, &code, NULL))
    {
      json_object_set_string_member (p, "verdict", "forged");  /* F5 */
      return TRUE;
    }
  json_object_set_int_member (p, "outlet_id", code.outlet_id);
  json_object_set_int_member (p, "ticket_number", code.ticket_number);
  json_object_set_int_member (p, "version", code.version);
  return TRUE;
}

/* One scan decided and recorded: the answer, or the database's refusal. */
static JsonNode *
decide (TsRequest  *req,
        PGconn     *conn,
        JsonObject *p,
        GError    **error)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  if (json_object_has_member (p, "code") && !judge_code (req, conn, p, error))
    return NULL;
  json_node_set_object (node, p);
  text = json_to_string (node, FALSE);
  return ts_pg_exec_json (conn, "SELECT ts_scan_decide ($1::jsonb)", 1, (const char *[]) { text }, error);
}

gboolean
ts_api_scans_create (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  JsonObject *body;
  g_autoptr(JsonObject) p = NULL;

  if (!ts_policy_require_level (req, TS_LEVEL_SCANNER, SCANNER_REFUSAL, error)  /* C4 */
      || (body = ts_request_body_object (req, error)) == NULL
      || (p = read_scan (body, error)) == NULL)
    return FALSE;
  return ts_request_answer (req, 200, decide (req, conn, p, error));
}

/* An offline door's scans, decided in the order they were made.  The shape
 * of every one is checked first (400 naming scans[i], nothing recorded); a
 * refusal of one scan by the rules (scanned out where there is no re-entry)
 * is its answer, "refused", so that one scan never holds the others back. */
gboolean
ts_api_scans_batch (TsRequest *req,
                    PGconn    *conn,
                    GError   **error)
{
  static const char * const allowed[] = { "scans", NULL };
  JsonObject *body;
  JsonArray *scans;
  guint n;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonArray) results = json_array_new ();
  JsonNode *answer;

  if (!ts_policy_require_level (req, TS_LEVEL_SCANNER, SCANNER_REFUSAL, error)  /* C4 */
      || (body = ts_request_body (req, allowed, error)) == NULL
      || !ts_json_get_array (body, "scans", TRUE, &scans, error))
    return FALSE;
  n = json_array_get_length (scans);
  if (n == 0 || n > MAX_BATCH)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "scans: 1 to %d scans", MAX_BATCH);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("scans[%u]", i);
      JsonObject *one;
      JsonObject *p;

      if (!ts_json_element_object (scans, i, where, &one, error))
        return FALSE;
      if ((p = read_scan (one, error)) == NULL)
        {
          g_prefix_error (error, "scans[%u].", i);
          return FALSE;
        }
      g_ptr_array_add (inputs, p);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) refusal = NULL;
      JsonNode *result;

      if (!ts_pg_exec_simple (conn, "SAVEPOINT scan", error))
        return FALSE;
      result = decide (req, conn, g_ptr_array_index (inputs, i), &refusal);
      if (result == NULL
          && (g_error_matches (refusal, TS_ERROR, TS_ERROR_INVALID)
              || g_error_matches (refusal, TS_ERROR, TS_ERROR_CONFLICT)))
        {
          g_autoptr(JsonObject) refused = json_object_new ();

          if (!ts_pg_exec_simple (conn, "ROLLBACK TO SAVEPOINT scan", error))
            return FALSE;
          json_object_set_string_member (refused, "result", "refused");
          json_object_set_string_member (refused, "message", refusal->message);
          json_object_set_boolean_member (refused, "replayed", FALSE);
          result = json_node_new (JSON_NODE_OBJECT);
          json_node_set_object (result, refused);
        }
      else if (result == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&refusal));
          return FALSE;
        }
      else if (!ts_pg_exec_simple (conn, "RELEASE SAVEPOINT scan", error))
        {
          json_node_unref (result);
          return FALSE;
        }
      json_array_add_element (results, result);
    }

  answer = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (answer, json_object_new ());
  json_object_set_array_member (json_node_get_object (answer), "results", g_steal_pointer (&results));
  return ts_request_answer (req, 200, answer);
}

/* The door's performances ------------------------------------------------- */

/* F4: the caller's own outlet's performances from yesterday to a week ahead
 * (in the owner's time zone), with their counters; the Master User's: every
 * outlet's. */
gboolean
ts_api_scans_performances (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  g_autofree char *outlet = NULL;

  if (!ts_policy_require_level (req, TS_LEVEL_SCANNER, SCANNER_REFUSAL, error))  /* C4 */
    return FALSE;
  outlet = ts_policy_outlet_param (req);
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      "SELECT coalesce (jsonb_agg (jsonb_build_object ('id', p.id, 'event_id', p.event_id, 'event', e.name,"
      "                                                'starts_at', p.starts_at, 'venue', m.name, 'reentry', e.reentry,"
      "                                                'sold', c.sold, 'admitted', c.admitted)"
      "                            ORDER BY p.starts_at, p.id), '[]')"
      "  FROM performance p JOIN event e ON e.id = p.event_id JOIN theatre_map m ON m.id = e.map_id"
      "  JOIN outlet o ON o.id = p.outlet_id"
      "  CROSS JOIN LATERAL (SELECT count (*) AS sold, count (*) FILTER (WHERE i.admitted_at IS NOT NULL) AS admitted"
      "                        FROM order_item i WHERE i.performance_id = p.id AND i.status = 'sold') c"
      " WHERE ($1::integer IS NULL OR p.outlet_id = $1::integer) AND p.status <> 'cancelled'"
      "   AND p.starts_at >= (date_trunc ('day', now () AT TIME ZONE o.time_zone) - interval '1 day')"
      "                      AT TIME ZONE o.time_zone"
      "   AND p.starts_at < (date_trunc ('day', now () AT TIME ZONE o.time_zone) + interval '8 days')"
      "                     AT TIME ZONE o.time_zone",
      1, (const char *[]) { outlet }, error));
}

/* The owning outlet's performance, or not_found as for an unknown id (F4, P7). */
static gboolean
own_performance (TsRequest *req,
                 PGconn    *conn,
                 const char *id,
                 gint64     *out_outlet,
                 GError    **error)
{
  g_autofree char *outlet = ts_policy_outlet_param (req);
  g_autoptr(PGresult) row = ts_row_lookup (conn, "performance",
      "SELECT outlet_id FROM performance WHERE id = $1::integer AND ($2::integer IS NULL OR outlet_id = $2::integer)",
      2, (const char *[]) { id, outlet }, error);

  if (row == NULL)
    return FALSE;
  *out_outlet = g_ascii_strtoll (ts_pg_value (row, 0, 0), NULL, 10);
  return TRUE;
}

/* What an offline door needs (F4, F5): every ticket of the performance, the
 * refunded too, with its current barcode version and who it is for (the
 * owner's own lines, P5), and the owner's public key to check codes. */
gboolean
ts_api_performance_door_list (TsRequest *req,
                              PGconn    *conn,
                              GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *key_text = NULL;
  guint8 key[TS_TICKET_KEY_BYTES];
  gint64 owner;
  JsonNode *list;

  if (!ts_policy_require_level (req, TS_LEVEL_SCANNER, SCANNER_REFUSAL, error)  /* C4 */
      || !own_performance (req, conn, id, &owner, error)
      || !ts_ticket_signer_public_key (conn, owner, key, error))
    return FALSE;
  key_text = ts_ticket_key_to_base64 (key);
  list = ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('performance_id', p.id, 'event', e.name, 'starts_at', p.starts_at,"
      "  'reentry', e.reentry, 'outlet_id', p.outlet_id, 'public_key', $2::text,"
      "  'tickets', ts_door_list_tickets (p.id))"
      "  FROM performance p JOIN event e ON e.id = p.event_id WHERE p.id = $1::integer",
      2, (const char *[]) { id, key_text }, error);
  return ts_request_answer (req, 200, list);
}

/* F4: admitted / sold, who is in now (re-entry), and the first admissions by door. */
gboolean
ts_api_performance_attendance (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  gint64 owner;

  if (!ts_policy_require_level (req, TS_LEVEL_SCANNER, SCANNER_REFUSAL, error)  /* C4 */
      || !own_performance (req, conn, id, &owner, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_pg_exec_json (conn,
      "SELECT jsonb_build_object ('sold', count (*), 'admitted', count (*) FILTER (WHERE admitted_at IS NOT NULL),"
      "  'inside', count (*) FILTER (WHERE inside),"
      "  'by_door', coalesce ((SELECT jsonb_agg (jsonb_build_object ('door', d.door, 'admitted', d.n) ORDER BY d.door)"
      "                        FROM (SELECT admitted_door AS door, count (*) AS n FROM order_item"
      "                               WHERE performance_id = $1::integer AND status = 'sold' AND admitted_at IS NOT NULL"
      "                               GROUP BY admitted_door) d), '[]'))"
      "  FROM order_item WHERE performance_id = $1::integer AND status = 'sold'",
      1, (const char *[]) { id }, error));
}
