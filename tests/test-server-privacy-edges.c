/* test-server-privacy-edges.c — privacy at its edges, from the side of an
 * outlet that probes another's: every route answers another outlet's
 * private object exactly as it answers an id that names nothing (E1, E4, P4,
 * P5, C5, T5), and the audit views tell nothing of another outlet's
 * activity (R1, R2, P1)
 *
 * UTH owns the private objects; ATH probes them.  Each probe is made twice,
 * once with UTH's id and once with an id that exists nowhere, and the two
 * answers must be the same: status, error code and message, the id aside. */
#include <string.h>

#include <libpq-fe.h>

#include "ts-router.h"
#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_admin, *uth_manager, *uth_boxoffice, *ath_admin, *ath_boxoffice, *tix_boxoffice;
static gint64 uth, ath, tix;
static gint64 map_id, patron;
static char *seats[12];
static guint key_counter;

/* UTH's private objects */
static gint64 uth_event, perf_private, perf_tix_only, perf_not_yet, perf_shared;
static gint64 uth_commission, type_offered, type_private, type_comp, type_members, type_season, type_bundle;
static gint64 uth_redemption, uth_list, uth_employee, uth_order, uth_item, uth_voucher;
static char *uth_cart;
/* ATH's own, to probe from */
static gint64 ath_event, ath_perf, ath_type, ath_list, ath_order, ath_item;
static char *ath_cart;
/* An order ATH sold with one line on UTH's performance and one on its own:
 * UTH sees only its own line (P5). */
static gint64 mixed_order, mixed_uth_item, mixed_ath_item;

#define UNKNOWN_ID   "1999999"
#define UNKNOWN_CART "6b1c52a4-3c3e-4b8e-9f6a-2f1e0c7d9a11"

static char *
next_key (void)
{
  return g_strdup_printf ("privacy-edges-%05u", ++key_counter);
}

static char *
id_text (gint64 id)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, id);
}

/* The sweep ------------------------------------------------------------------ */

typedef struct
{
  GPtrArray  *differences;   /* char*: one line per probe that told the two apart */
  GHashTable *routes;        /* "METHOD /pattern" of the route table probed */
  guint       probes;
} Sweep;

static Sweep *
sweep_new (void)
{
  Sweep *sweep = g_new0 (Sweep, 1);

  sweep->differences = g_ptr_array_new_with_free_func (g_free);
  sweep->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return sweep;
}

static void
sweep_free (Sweep *sweep)
{
  g_ptr_array_unref (sweep->differences);
  g_hash_table_unref (sweep->routes);
  g_free (sweep);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Sweep, sweep_free)

/* Every "{ID}" of template replaced by id. */
static char *
fill (const char *template,
      const char *id)
{
  g_auto(GStrv) parts = NULL;

  if (template == NULL)
    return NULL;
  parts = g_strsplit (template, "{ID}", -1);
  return g_strjoinv (id, parts);
}

/* The message with each whole occurrence of id (not part of a longer number
 * or identifier) written as {ID}, so that two answers can be compared. */
static char *
without_id (const char *message,
            const char *id)
{
  GString *out = g_string_new (NULL);
  gsize n = strlen (id);

  for (const char *p = message; *p != '\0';)
    {
      gboolean before_ok = p == message || !g_ascii_isalnum (p[-1]);

      if (before_ok && strncmp (p, id, n) == 0 && !g_ascii_isalnum (p[n]))
        {
          g_string_append (out, "{ID}");
          p += n;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* status code message, the id written {ID} */
static char *
describe (guint       status,
          JsonNode   *answer,
          const char *id)
{
  gboolean is_error = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                      && json_object_has_member (json_node_get_object (answer), "error");
  const char *code = is_error ? ts_test_error_code (answer) : NULL;
  g_autofree char *text = NULL;

  if (code == NULL)
    {
      text = answer ? json_to_string (answer, FALSE) : g_strdup ("(no body)");
      return g_strdup_printf ("%u %s", status, text);
    }
  text = without_id (ts_test_error_message (answer), id);
  return g_strdup_printf ("%u %s “%s”", status, code, text);
}

/* Makes the call with the private id and with the unknown one, as token, and
 * records a difference.  route names the route of the table the probe is
 * for; path and body are templates where {ID} stands for the probed id. */
static void
probe (Sweep      *sweep,
       const char *route,
       const char *token,
       const char *method,
       const char *path,
       const char *body,
       const char *private_id,
       const char *unknown_id)
{
  g_autofree char *private_path = fill (path, private_id);
  g_autofree char *private_body = fill (body, private_id);
  g_autofree char *unknown_path = fill (path, unknown_id);
  g_autofree char *unknown_body = fill (body, unknown_id);
  g_autofree char *url_private = g_strconcat ("/api/v1", private_path, NULL);
  g_autofree char *url_unknown = g_strconcat ("/api/v1", unknown_path, NULL);
  guint status_private = 0, status_unknown = 0;
  g_autoptr(JsonNode) answer_private = ts_test_call (server, method, url_private, token, private_body, &status_private);
  g_autoptr(JsonNode) answer_unknown = ts_test_call (server, method, url_unknown, token, unknown_body, &status_unknown);
  g_autofree char *seen_private = describe (status_private, answer_private, private_id);
  g_autofree char *seen_unknown = describe (status_unknown, answer_unknown, unknown_id);

  g_hash_table_add (sweep->routes, g_strdup (route));
  sweep->probes++;
  if (status_unknown < 400)
    g_error ("%s %s: an id that names nothing was accepted: %s", method, unknown_path, seen_unknown);
  if (!g_str_equal (seen_private, seen_unknown))
    g_ptr_array_add (sweep->differences,
                     g_strdup_printf ("%s %s %s\n    another outlet's: %s\n    unknown:          %s",
                                      method, path, body ? body : "", seen_private, seen_unknown));
}

/* probe () with ids as numbers */
static void
probe_id (Sweep      *sweep,
          const char *route,
          const char *token,
          const char *method,
          const char *path,
          const char *body,
          gint64      private_id)
{
  g_autofree char *id = id_text (private_id);

  probe (sweep, route, token, method, path, body, id, UNKNOWN_ID);
}

static void
sweep_report (Sweep      *sweep,
              const char *what)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_test_message ("%s: %u probes, %u told apart", what, sweep->probes, sweep->differences->len);
  if (sweep->differences->len == 0)
    return;
  for (guint i = 0; i < sweep->differences->len; i++)
    g_string_append_printf (text, "\n  %s", (const char *) g_ptr_array_index (sweep->differences, i));
  g_error ("%s: another outlet's objects answer unlike unknown ids:%s", what, text->str);
}

/* The routes of the table that take an {id} or {key}: each must be probed by
 * this file, or be listed here with the reason its objects are not private. */
static const struct
{
  const char *route;
  const char *why;
} not_private[] = {
  { "GET /maps/{id}", "M1: every outlet may use every map" },
  { "PATCH /maps/{id}", "M1: maps are listed for all; only the owner changes one (403)" },
  { "GET /maps/{id}/export", "M1" },
  { "GET /maps/{id}/compact", "M1" },
  { "POST /maps/{id}/duplicate", "M1, M2: the Master User's" },
  { "POST /faces/{id}/duplicate", "F1, M2: the Master User's, who sees every outlet's faces" },
  { "PUT /maps/{id}/plan", "M1: maps are listed for all; only the owner changes one (403)" },
  { "GET /patrons/{id}", "P1: the directory is shared" },
  { "PATCH /patrons/{id}", "P1" },
  { "GET /patrons/{id}/account", "P1: the patron is shared; the answer holds the caller's own data" },
  { "GET /patrons/{id}/audit", "P1; the entries shown are tested in /privacy-edges/audit" },
  { "POST /patrons/{id}/contact-points", "P1" },
  { "GET /patrons/{id}/notes", "P1, P4: the caller's own notes (empty for another's patron)" },
  { "POST /patrons/{id}/notes", "P1; outlet_id in the body is probed" },
  { "GET /patrons/{id}/tags", "P1, P4" },
  { "PUT /patrons/{id}/tags", "P1, P4" },
  { "GET /patrons/{id}/donations", "P1, P4" },
  { "POST /patrons/{id}/donations", "P1, P4" },
  { "GET /patrons/{id}/memberships", "P1, P4" },
  { "POST /patrons/{id}/memberships", "P1, P4" },
  { "GET /patrons/{id}/contact-preferences", "P1, P4" },
  { "PUT /patrons/{id}/contact-preferences", "P1, P4" },
  { "GET /patrons/{id}/mailing-lists", "P1, P4" },
  { "GET /patrons/{id}/partner-preferences", "P1, P4: the caller's own partners' preferences" },
  { "PUT /patrons/{id}/partner-preferences", "P1, P4; the partner in the body is probed" },
  { "GET /patrons/{id}/vouchers", "P1, P4: the caller's own vouchers" },
  { "GET /patrons/{id}/orders", "P1, P5: the caller's own orders" },
  { "PATCH /contact-points/{id}", "P1: contact points are shared" },
  { "DELETE /contact-points/{id}", "P1" },
  { "POST /contact-points/{id}/primary", "P1" },
  { "PUT /hold-letters/{key}", "M8: hold letters are system-wide" },
  { "DELETE /hold-letters/{key}", "M8" },
};

static void
assert_every_route_swept (GHashTable *probed)
{
  gsize n = 0;
  const TsRoute *routes = ts_router_routes (&n);

  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *route = g_strdup_printf ("%s %s", routes[i].method, routes[i].pattern);
      gboolean excused = FALSE;

      if (strchr (routes[i].pattern, '{') == NULL)
        continue;
      for (gsize k = 0; k < G_N_ELEMENTS (not_private); k++)
        excused = excused || g_str_equal (not_private[k].route, route);
      if (!excused && !g_hash_table_contains (probed, route))
        g_error ("The route %s takes an id but no probe of /privacy-edges/unknown-alike covers it", route);
    }
}

static GHashTable *all_probed;

static void
remember_routes (Sweep *sweep)
{
  GHashTableIter iter;
  gpointer route;

  g_hash_table_iter_init (&iter, sweep->routes);
  while (g_hash_table_iter_next (&iter, &route, NULL))
    g_hash_table_add (all_probed, g_strdup (route));
}

/* Season setup, employees, outlets, mailing lists: handlers and SQL outside
 * the selling functions (E1, C5, C7, P4, T1–T6). */
static void
test_unknown_alike_setup (void)
{
  g_autoptr(Sweep) sweep = sweep_new ();
  g_autofree char *redemption_body = NULL;
  g_autofree char *type_with_table = NULL;
  g_autofree char *bundle_body = NULL;
  g_autofree char *path = NULL;
  gint64 private_perfs[] = { perf_private, perf_tix_only, perf_not_yet, perf_shared };

  /* outlets (C5, C7): their list is public, but their settings and
   * employees are not, and a probe must not tell an outlet from nothing */
  probe_id (sweep, "GET /outlets/{id}", ath_admin, "GET", "/outlets/{ID}", NULL, uth);
  probe_id (sweep, "PATCH /outlets/{id}", ath_admin, "PATCH", "/outlets/{ID}", "{\"phone\": \"514-555-0100\"}", uth);
  /* F3: nor its storefront's */
  probe_id (sweep, "PATCH /outlets/{id}", ath_admin, "PATCH", "/outlets/{ID}",
            "{\"web_enabled\": true, \"web_host\": \"probe.example.org\", \"web_colour\": \"#000000\","
            " \"web_intro_en\": \"Probe\", \"web_intro_fr\": \"Sonde\", \"web_cancel_hours\": 1}", uth);
  probe_id (sweep, "GET /outlets/{id}/employees", ath_admin, "GET", "/outlets/{ID}/employees", NULL, uth);
  probe_id (sweep, "POST /outlets/{id}/employees", ath_admin, "POST", "/outlets/{ID}/employees",
            "{\"login\": \"probe\", \"password\": \"probe-password\", \"level\": \"staff\","
            " \"person\": {\"last_name\": \"Probe\"}}", uth);

  /* employees (C5) */
  probe_id (sweep, "GET /employees/{id}", ath_admin, "GET", "/employees/{ID}", NULL, uth_employee);
  probe_id (sweep, "PATCH /employees/{id}", ath_admin, "PATCH", "/employees/{ID}", "{\"level\": \"walkup\"}", uth_employee);
  probe_id (sweep, "POST /employees/{id}/lock", ath_admin, "POST", "/employees/{ID}/lock", NULL, uth_employee);
  probe_id (sweep, "POST /employees/{id}/unlock", ath_admin, "POST", "/employees/{ID}/unlock", NULL, uth_employee);

  /* events and performances (E1, E4: a performance another outlet may sell
   * is seen through the sales routes only, never its setup) */
  probe_id (sweep, "GET /events/{id}", ath_admin, "GET", "/events/{ID}", NULL, uth_event);
  probe_id (sweep, "PATCH /events/{id}", ath_admin, "PATCH", "/events/{ID}", "{\"name\": \"Mine now\"}", uth_event);
  probe_id (sweep, "POST /events/{id}/performances", ath_admin, "POST", "/events/{ID}/performances",
            "{\"starts_at\": \"2031-05-01T20:00:00-04:00\"}", uth_event);
  for (guint i = 0; i < G_N_ELEMENTS (private_perfs); i++)
    {
      probe_id (sweep, "GET /performances/{id}", ath_admin, "GET", "/performances/{ID}", NULL, private_perfs[i]);
      probe_id (sweep, "PATCH /performances/{id}", ath_admin, "PATCH", "/performances/{ID}", "{\"capacity\": 5}",
                private_perfs[i]);
      /* F3: a permitted seller cannot switch on its own online sale of it */
      probe_id (sweep, "PATCH /performances/{id}", ath_admin, "PATCH", "/performances/{ID}",
                "{\"online_at_other_outlets\": true}", private_perfs[i]);
      probe_id (sweep, "DELETE /performances/{id}", ath_admin, "DELETE", "/performances/{ID}", NULL, private_perfs[i]);
      probe_id (sweep, "GET /performances/{id}/redemptions", ath_admin, "GET", "/performances/{ID}/redemptions", NULL,
                private_perfs[i]);
      g_free (redemption_body);
      redemption_body = g_strdup_printf ("{\"ticket_type_id\": %" G_GINT64_FORMAT "}", ath_type);
      probe_id (sweep, "POST /performances/{id}/redemptions", ath_admin, "POST", "/performances/{ID}/redemptions",
                redemption_body, private_perfs[i]);
    }

  /* pricing (T1–T6) */
  probe_id (sweep, "PATCH /redemptions/{id}", ath_admin, "PATCH", "/redemptions/{ID}", "{\"cap\": 1}", uth_redemption);
  probe_id (sweep, "DELETE /redemptions/{id}", ath_admin, "DELETE", "/redemptions/{ID}", NULL, uth_redemption);
  probe_id (sweep, "PATCH /commission-tables/{id}", ath_admin, "PATCH", "/commission-tables/{ID}",
            "{\"amount_cents\": 0}", uth_commission);
  for (gint64 *t = (gint64[]) { type_offered, type_private, type_comp, 0 }; *t != 0; t++)
    {
      probe_id (sweep, "GET /ticket-types/{id}", ath_admin, "GET", "/ticket-types/{ID}", NULL, *t);
      probe_id (sweep, "PATCH /ticket-types/{id}", ath_admin, "PATCH", "/ticket-types/{ID}", "{\"price_cents\": 1}", *t);
    }

  /* ids in bodies: UTH's ticket types and tables as parts of ATH's own setup */
  path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "/redemptions", ath_perf);
  for (gint64 *t = (gint64[]) { type_offered, type_private, type_comp, type_bundle, 0 }; *t != 0; t++)
    probe_id (sweep, "POST /performances/{id}/redemptions", ath_admin, "POST", path, "{\"ticket_type_id\": {ID}}", *t);
  type_with_table = g_strdup_printf ("/ticket-types/%" G_GINT64_FORMAT, ath_type);
  probe_id (sweep, "PATCH /ticket-types/{id}", ath_admin, "PATCH", type_with_table,
            "{\"other_outlets\": true, \"commission_table_id\": {ID}}", uth_commission);
  probe_id (sweep, "POST /ticket-types", ath_admin, "POST", "/ticket-types",
            "{\"name\": \"Probe adult\", \"price_cents\": 100, \"other_outlets\": true, \"commission_table_id\": {ID}}",
            uth_commission);
  bundle_body = g_strdup ("{\"name\": \"Probe pack\", \"category\": \"subscription\", \"price_cents\": 100,"
                          " \"bundle_component_id\": {ID}, \"bundle_size\": 2}");
  probe_id (sweep, "POST /ticket-types", ath_admin, "POST", "/ticket-types", bundle_body, type_bundle);

  /* another outlet named in a query or a body (E1, P4) */
  probe_id (sweep, "GET /events", ath_admin, "GET", "/events?outlet_id={ID}", NULL, uth);
  probe_id (sweep, "GET /ticket-types", ath_admin, "GET", "/ticket-types?outlet_id={ID}", NULL, uth);
  probe_id (sweep, "GET /commission-tables", ath_admin, "GET", "/commission-tables?outlet_id={ID}", NULL, uth);
  {
    g_autofree char *event_body = g_strdup_printf ("{\"name\": \"Probe\", \"map_id\": %" G_GINT64_FORMAT
                                                   ", \"outlet_id\": {ID}}", map_id);
    g_autofree char *notes = g_strdup_printf ("/patrons/%" G_GINT64_FORMAT "/notes", patron);

    probe_id (sweep, "POST /events", ath_admin, "POST", "/events", event_body, uth);
    probe_id (sweep, "POST /ticket-types", ath_admin, "POST", "/ticket-types",
              "{\"name\": \"Probe\", \"price_cents\": 100, \"outlet_id\": {ID}}", uth);
    probe_id (sweep, "POST /commission-tables", ath_admin, "POST", "/commission-tables",
              "{\"name\": \"Probe\", \"outlet_id\": {ID}}", uth);
    probe_id (sweep, "POST /maps", ath_admin, "POST", "/maps",
              "{\"format\": \"generator\", \"demo\": \"studio\", \"outlet_id\": {ID}}", uth);
    probe_id (sweep, "POST /mailing-lists", ath_admin, "POST", "/mailing-lists",
              "{\"name\": \"Probe\", \"outlet_id\": {ID}}", uth);
    probe_id (sweep, "POST /patrons/{id}/notes", ath_admin, "POST", notes, "{\"body\": \"x\", \"outlet_id\": {ID}}", uth);
  }

  /* mailing lists (P4) */
  {
    g_autofree char *remove = g_strdup_printf ("/mailing-lists/{ID}/members/%" G_GINT64_FORMAT, patron);
    g_autofree char *add = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);

    probe_id (sweep, "GET /mailing-lists/{id}/members", ath_admin, "GET", "/mailing-lists/{ID}/members", NULL, uth_list);
    probe_id (sweep, "POST /mailing-lists/{id}/members", ath_admin, "POST", "/mailing-lists/{ID}/members", add, uth_list);
    probe_id (sweep, "DELETE /mailing-lists/{id}/members/{id}", ath_admin, "DELETE", remove, NULL, uth_list);
  }

  /* partner companies (K1, P4): their routes, and named in an event's partners or a
   * patron's preferences */
  {
    gint64 uth_partner = ts_test_owner_int (server, "INSERT INTO partner_company (outlet_id, name) VALUES (%"
                                            G_GINT64_FORMAT ", 'Probe Partner') RETURNING id", uth);
    g_autofree char *event_path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, ath_event);
    g_autofree char *prefs = g_strdup_printf ("/patrons/%" G_GINT64_FORMAT "/partner-preferences", patron);

    probe_id (sweep, "GET /partner-companies", ath_admin, "GET", "/partner-companies?outlet_id={ID}", NULL, uth);
    probe_id (sweep, "POST /partner-companies", ath_admin, "POST", "/partner-companies",
              "{\"name\": \"Probe\", \"outlet_id\": {ID}}", uth);
    probe_id (sweep, "GET /partner-companies/{id}", ath_admin, "GET", "/partner-companies/{ID}", NULL, uth_partner);
    probe_id (sweep, "PATCH /partner-companies/{id}", ath_admin, "PATCH", "/partner-companies/{ID}",
              "{\"name\": \"Mine now\"}", uth_partner);
    probe_id (sweep, "DELETE /partner-companies/{id}", ath_admin, "DELETE", "/partner-companies/{ID}", NULL, uth_partner);
    probe_id (sweep, "GET /partner-companies/{id}/patrons", ath_admin, "GET", "/partner-companies/{ID}/patrons?answer=yes",
              NULL, uth_partner);
    probe_id (sweep, "PATCH /events/{id}", ath_admin, "PATCH", event_path, "{\"partner_company_ids\": [{ID}]}", uth_partner);
    probe_id (sweep, "PUT /patrons/{id}/partner-preferences", ath_admin, "PUT", prefs,
              "{\"preferences\": [{\"partner_company_id\": {ID}, \"answer\": \"yes\"}]}", uth_partner);
  }

  /* ticket faces (F1): never shared, not even named on one's own event */
  {
    gint64 uth_face = ts_test_owner_int (server, "SELECT id FROM ticket_face WHERE outlet_id = %" G_GINT64_FORMAT
                                         " AND is_default", uth);
    g_autofree char *event_path = g_strdup_printf ("/events/%" G_GINT64_FORMAT, ath_event);

    probe_id (sweep, "GET /faces/{id}", ath_admin, "GET", "/faces/{ID}", NULL, uth_face);
    probe_id (sweep, "PATCH /faces/{id}", ath_admin, "PATCH", "/faces/{ID}", "{\"name\": \"Mine now\"}", uth_face);
    probe_id (sweep, "DELETE /faces/{id}", ath_admin, "DELETE", "/faces/{ID}", NULL, uth_face);
    probe_id (sweep, "PATCH /events/{id}", ath_admin, "PATCH", event_path, "{\"face_id\": {ID}}", uth_face);
    probe_id (sweep, "POST /events", ath_admin, "POST", "/events",
              "{\"name\": \"Probe\", \"map_id\": 1, \"face_id\": {ID}}", uth_face);
  }

  remember_routes (sweep);
  sweep_report (sweep, "setup, employees and lists");
}

/* The sales map, carts, holds, orders, refunds and seat changes: the rules
 * live in the selling functions (E4, P5, S6, T5, M8). */
static void
test_unknown_alike_selling (void)
{
  g_autoptr(Sweep) sweep = sweep_new ();
  gint64 hidden_perfs[] = { perf_private, perf_tix_only, perf_not_yet };
  g_autofree char *seat = g_strdup (seats[11]);

  for (guint i = 0; i < G_N_ELEMENTS (hidden_perfs); i++)
    {
      g_autofree char *party = g_strdup_printf ("/performances/{ID}/party?seat=%s", seats[0]);
      g_autofree char *hold = g_strdup_printf ("{\"letter\": \"c\", \"seats\": [\"%s\"]}", seat);
      g_autofree char *release = g_strdup_printf ("{\"seats\": [\"%s\"]}", seats[0]);
      g_autofree char *cart_hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": {ID}, \"seats\": [\"%s\"]}",
                                                    ath_cart, seat);
      g_autofree char *key = next_key ();
      g_autofree char *order = g_strdup_printf (
          "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
          " \"items\": [{\"performance_id\": {ID}, \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
          " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}", key, patron, seat, type_offered);

      probe_id (sweep, "GET /performances/{id}/offer", ath_boxoffice, "GET", "/performances/{ID}/offer", NULL, hidden_perfs[i]);
      probe_id (sweep, "GET /performances/{id}/seats", ath_boxoffice, "GET", "/performances/{ID}/seats", NULL, hidden_perfs[i]);
      probe_id (sweep, "GET /performances/{id}/party", ath_boxoffice, "GET", party, NULL, hidden_perfs[i]);
      probe_id (sweep, "GET /performances/{id}/will-call", ath_boxoffice, "GET", "/performances/{ID}/will-call", NULL,
                hidden_perfs[i]);
      probe_id (sweep, "POST /performances/{id}/will-call/hand-over", ath_boxoffice, "POST",
                "/performances/{ID}/will-call/hand-over", "{\"items\": [1]}", hidden_perfs[i]);
      probe_id (sweep, "POST /performances/{id}/holds", ath_admin, "POST", "/performances/{ID}/holds", hold, hidden_perfs[i]);
      probe_id (sweep, "POST /performances/{id}/holds/release", ath_admin, "POST", "/performances/{ID}/holds/release",
                release, hidden_perfs[i]);
      probe_id (sweep, "POST /carts/hold", ath_boxoffice, "POST", "/carts/hold", cart_hold, hidden_perfs[i]);
      probe_id (sweep, "POST /orders", ath_boxoffice, "POST", "/orders", order, hidden_perfs[i]);
    }
  /* F4: only the owner's doors scan, list or count a performance, even one the
   * caller may sell (perf_shared) */
  for (const gint64 *p = (const gint64[]) { perf_private, perf_tix_only, perf_not_yet, perf_shared, 0 }; *p != 0; p++)
    {
      probe_id (sweep, "GET /performances/{id}/door-list", ath_boxoffice, "GET", "/performances/{ID}/door-list", NULL, *p);
      probe_id (sweep, "GET /performances/{id}/attendance", ath_boxoffice, "GET", "/performances/{ID}/attendance", NULL, *p);
      probe_id (sweep, "POST /scans", ath_boxoffice, "POST", "/scans",
                "{\"code\": \"TS1-1-1-1-AAAA\", \"door\": \"Main\", \"nonce\": \"privacy-probe\", \"performance_id\": {ID}}", *p);
    }

  /* another outlet's cart (S1) */
  {
    g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"{ID}\", \"performance_id\": %" G_GINT64_FORMAT
                                             ", \"seats\": [\"%s\"]}", ath_perf, seat);
    g_autofree char *key = next_key ();
    g_autofree char *order = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"cart_id\": \"{ID}\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 1000}]}", key, patron, ath_perf, seat, ath_type);
    g_autofree char *release = g_strdup_printf ("{\"seats\": [\"%s\"], \"into_cart\": \"{ID}\"}", seats[10]);
    g_autofree char *release_path = g_strdup_printf ("/performances/%" G_GINT64_FORMAT "/holds/release", ath_perf);

    probe (sweep, "POST /carts/hold", ath_boxoffice, "POST", "/carts/hold", hold, uth_cart, UNKNOWN_CART);
    probe (sweep, "POST /carts/release", ath_boxoffice, "POST", "/carts/release", "{\"cart_id\": \"{ID}\"}",
           uth_cart, UNKNOWN_CART);
    probe (sweep, "POST /orders", ath_boxoffice, "POST", "/orders", order, uth_cart, UNKNOWN_CART);
    probe (sweep, "POST /performances/{id}/holds/release", ath_admin, "POST", release_path, release,
           uth_cart, UNKNOWN_CART);
  }

  /* T5: of a performance ATH may sell, UTH's ticket types not offered to
   * other outlets, whatever their kind, read as ticket types that do not
   * exist; so does a subscription sold without a performance */
  for (gint64 *t = (gint64[]) { type_private, type_comp, type_members, type_bundle, 0 }; *t != 0; t++)
    {
      g_autofree char *key = next_key ();
      g_autofree char *order = g_strdup_printf (
          "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
          " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": {ID},"
          " \"comp_reason\": \"probe\"}], \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
          key, patron, perf_shared, seat);

      probe_id (sweep, "POST /orders", ath_boxoffice, "POST", "/orders", order, *t);
    }
  {
    g_autofree char *key = next_key ();
    g_autofree char *order = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"ticket_type_id\": {ID}}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 9000}]}", key, patron);
    g_autofree char *key2 = next_key ();
    g_autofree char *voucher = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"voucher_id\": {ID}}]}",
        key2, patron, perf_shared, seat);

    probe_id (sweep, "POST /orders", ath_boxoffice, "POST", "/orders", order, type_season);
    probe_id (sweep, "POST /orders", ath_boxoffice, "POST", "/orders", voucher, uth_voucher);
  }

  /* orders (P5, S6): UTH's own order, as a whole */
  {
    g_autofree char *refund = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"probe\","
                                               " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2000}]}", uth_item);
    g_autofree char *key = next_key ();
    g_autofree char *exchange = g_strdup_printf (
        "{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"probe\", \"new\": {\"idempotency_key\": \"%s\","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]}}",
        uth_item, key, perf_shared, seat, type_offered);
    g_autofree char *move = g_strdup_printf ("{\"moves\": [{\"item_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\"}]}",
                                             uth_item, seat);
    g_autofree char *patron_body = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);
    g_autofree char *reprint = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"probe\"}", uth_item);

    probe_id (sweep, "GET /orders/{id}", ath_boxoffice, "GET", "/orders/{ID}", NULL, uth_order);
    probe_id (sweep, "POST /orders/{id}/refund", ath_admin, "POST", "/orders/{ID}/refund", refund, uth_order);
    probe_id (sweep, "POST /orders/{id}/patron", ath_admin, "POST", "/orders/{ID}/patron", patron_body, uth_order);
    probe_id (sweep, "POST /orders/{id}/exchange", ath_admin, "POST", "/orders/{ID}/exchange", exchange, uth_order);
    probe_id (sweep, "POST /orders/{id}/move", ath_admin, "POST", "/orders/{ID}/move", move, uth_order);
    /* F2, P5: printed tickets, as the order itself */
    probe_id (sweep, "GET /orders/{id}/tickets", ath_boxoffice, "GET", "/orders/{ID}/tickets", NULL, uth_order);
    probe_id (sweep, "GET /orders/{id}/tickets.pdf", ath_boxoffice, "GET", "/orders/{ID}/tickets.pdf", NULL, uth_order);
    probe_id (sweep, "POST /orders/{id}/reprint", ath_admin, "POST", "/orders/{ID}/reprint", reprint, uth_order);
  }

  /* items of another order named on one's own (S6) */
  {
    g_autofree char *refund_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/refund", ath_order);
    g_autofree char *move_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/move", ath_order);
    g_autofree char *move = g_strdup_printf ("{\"moves\": [{\"item_id\": {ID}, \"seat\": \"%s\"}]}", seat);

    probe_id (sweep, "POST /orders/{id}/refund", ath_admin, "POST", refund_path,
              "{\"items\": [{ID}], \"reason\": \"probe\", \"payments\": [{\"method\": \"cash\", \"amount_cents\": 2000}]}",
              uth_item);
    probe_id (sweep, "POST /orders/{id}/move", ath_admin, "POST", move_path, move, uth_item);
  }

  /* P5: the owning outlet of one line of another outlet's order sees that
   * line only; the order's other lines are as unknown to it as any id */
  {
    g_autofree char *refund_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/refund", mixed_order);
    g_autofree char *move_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/move", mixed_order);
    g_autofree char *exchange_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/exchange", mixed_order);
    g_autofree char *tickets_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/tickets?items={ID}", mixed_order);
    g_autofree char *reprint_path = g_strdup_printf ("/orders/%" G_GINT64_FORMAT "/reprint", mixed_order);
    g_autofree char *move = g_strdup_printf ("{\"moves\": [{\"item_id\": {ID}, \"seat\": \"%s\"}]}", seat);
    g_autofree char *key = next_key ();
    g_autofree char *exchange = g_strdup_printf (
        "{\"items\": [{ID}], \"reason\": \"probe\", \"new\": {\"idempotency_key\": \"%s\","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}]}}",
        key, perf_private, seat, type_offered);

    probe_id (sweep, "POST /orders/{id}/refund", uth_admin, "POST", refund_path,
              "{\"items\": [{ID}], \"reason\": \"probe\", \"payments\": [{\"method\": \"cash\", \"amount_cents\": 1000}]}",
              mixed_ath_item);
    probe_id (sweep, "POST /orders/{id}/move", uth_admin, "POST", move_path, move, mixed_ath_item);
    probe_id (sweep, "POST /orders/{id}/exchange", uth_admin, "POST", exchange_path, exchange, mixed_ath_item);
    /* P5: the tickets of the other lines are as unknown as any id */
    probe_id (sweep, "GET /orders/{id}/tickets", uth_admin, "GET", tickets_path, NULL, mixed_ath_item);
    probe_id (sweep, "POST /orders/{id}/reprint", uth_admin, "POST", reprint_path,
              "{\"items\": [{ID}], \"reason\": \"probe\"}", mixed_ath_item);
  }

  remember_routes (sweep);
  sweep_report (sweep, "selling");
}

/* Runs last: the sweeps above cover every route of the table that takes an
 * id, except those whose objects are not private (listed with the rule). */
static void
test_unknown_alike_covers_every_route (void)
{
  if (g_hash_table_size (all_probed) == 0)
    {
      g_test_skip ("Run with /privacy-edges/unknown-alike/setup and …/selling");
      return;
    }
  assert_every_route_swept (all_probed);
}

/* The audit views (R1, R2) ------------------------------------------------------- */

typedef struct
{
  gint64      outlet;        /* whose administrator reads */
  const char *who;
  guint       entries;
  GHashTable *seen;          /* "action entity" of the entries read */
} AuditReader;

/* Nothing in an entry an outlet reads tells of another outlet: made by its
 * own employees, or by the Master User or the system about its own data;
 * no shared row says who created it. */
static void
check_entry (AuditReader *reader,
             JsonObject  *entry)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), entry);
  g_autofree char *text = json_to_string (node, FALSE);
  gboolean by_outlet = !json_object_get_null_member (entry, "outlet_id");

  reader->entries++;
  g_hash_table_add (reader->seen, g_strdup_printf ("%s %s", json_object_get_string_member (entry, "action"),
                                                   json_object_get_string_member (entry, "entity")));
  if (by_outlet && json_object_get_int_member (entry, "outlet_id") != reader->outlet)
    g_error ("%s's administrator reads another outlet's work: %s", reader->who, text);
  if (!by_outlet && (json_object_get_null_member (entry, "subject_outlet_id")
                     || json_object_get_int_member (entry, "subject_outlet_id") != reader->outlet))
    g_error ("%s's administrator reads work on another outlet's data: %s", reader->who, text);
  if (strstr (text, "created_by_outlet") != NULL)
    g_error ("%s's administrator reads who created a shared record: %s", reader->who, text);
}

static void
read_whole_log (AuditReader *reader,
                const char  *token)
{
  gint64 before_id = 0;

  for (;;)
    {
      g_autofree char *url = before_id > 0
        ? g_strdup_printf ("/api/v1/audit?limit=500&before_id=%" G_GINT64_FORMAT, before_id)
        : g_strdup ("/api/v1/audit?limit=500");
      g_autoptr(JsonNode) page = ts_test_expect (server, "GET", url, token, NULL, 200);
      JsonArray *entries = json_object_get_array_member (json_node_get_object (page), "entries");

      if (json_array_get_length (entries) == 0)
        return;
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);

          check_entry (reader, entry);
          before_id = json_object_get_int_member (entry, "id");
        }
    }
}

static guint
read_patron_history (AuditReader *reader,
                     const char  *token,
                     gint64       patron_id)
{
  g_autofree char *url = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/audit", patron_id);
  g_autoptr(JsonNode) history = ts_test_expect (server, "GET", url, token, NULL, 200);
  JsonArray *entries = json_object_get_array_member (json_node_get_object (history), "entries");

  for (guint i = 0; i < json_array_get_length (entries); i++)
    check_entry (reader, json_array_get_object_element (entries, i));
  return json_array_get_length (entries);
}

static AuditReader *
reader_new (gint64      outlet,
            const char *who)
{
  AuditReader *reader = g_new0 (AuditReader, 1);

  reader->outlet = outlet;
  reader->who = who;
  reader->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return reader;
}

static void
reader_free (AuditReader *reader)
{
  g_hash_table_unref (reader->seen);
  g_free (reader);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AuditReader, reader_free)

/* R2: UTH, ATH and TIX work on a shared patron and on each other's sales;
 * each outlet's audit views show its own work and nothing of the others'
 * (who, what, when), while the Master User's show everything (R1). */
static void
test_audit_reveals_no_other_outlet (void)
{
  g_autofree char *uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *tix_admin = ts_test_sign_in (server, "TIX", "admin", "admin-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", uth_staff,
      "{\"first_name\": \"Aude\", \"last_name\": \"Ithée\","
      " \"contact_points\": [{\"kind\": \"email\", \"value\": \"aude@home.example.org\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  gint64 email = ts_test_owner_int (server, "SELECT min (id) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT, id);
  g_autofree char *points = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/contact-points", id);
  g_autofree char *record = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT, id);
  g_autofree char *email_url = g_strdup_printf ("/api/v1/contact-points/%" G_GINT64_FORMAT, email);
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(AuditReader) uth_reader = reader_new (uth, "UTH");
  g_autoptr(AuditReader) ath_reader = reader_new (ath, "ATH");
  g_autoptr(AuditReader) tix_reader = reader_new (tix, "TIX");
  gint64 work;

  /* UTH, which created the patron, adds a work address and changes the
   * e-mail everybody follows: kept as it was for ATH and TIX (P3) */
  second = ts_test_expect (server, "POST", points, uth_staff,
                           "{\"kind\": \"email\", \"value\": \"aude@work.example.org\", \"label\": \"work\"}", 201);
  work = ts_test_owner_int (server, "SELECT max (id) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT, id);
  json_node_unref (ts_test_expect (server, "PATCH", email_url, uth_staff, "{\"value\": \"aude@new.example.org\"}", 200));
  /* ATH corrects the shared name and the work address in place (P1) */
  json_node_unref (ts_test_expect (server, "PATCH", record, ath_admin, "{\"middle_name\": \"Marie\"}", 200));
  {
    g_autofree char *url = g_strdup_printf ("/api/v1/contact-points/%" G_GINT64_FORMAT, work);

    json_node_unref (ts_test_expect (server, "PATCH", url, ath_admin, "{\"label\": \"other\"}", 200));
  }
  /* ATH holds and sells a seat of UTH's performance from a cart (E3) */
  {
    g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", ath_boxoffice, "{}", 201);
    g_autofree char *hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                             " \"seats\": [\"%s\", \"%s\"]}", ts_test_member_string (cart, "id"),
                                             perf_shared, seats[3], seats[4]);
    g_autofree char *release = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ","
                                                " \"seats\": [\"%s\"]}", ts_test_member_string (cart, "id"),
                                                perf_shared, seats[4]);

    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", ath_boxoffice, hold, 200));
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/release", ath_boxoffice, release, 200));
  }
  /* UTH, owning the event, refunds its line of an order ATH sold (S6) */
  {
    g_autofree char *url = g_strdup_printf ("/api/v1/orders/%" G_GINT64_FORMAT "/refund", mixed_order);
    g_autofree char *body = g_strdup_printf ("{\"items\": [%" G_GINT64_FORMAT "], \"reason\": \"Cancelled trip\","
                                             " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 3500}]}",
                                             mixed_uth_item);

    json_node_unref (ts_test_expect (server, "POST", url, uth_admin, body, 200));
  }

  read_whole_log (uth_reader, uth_admin);
  read_whole_log (ath_reader, ath_admin);
  read_whole_log (tix_reader, tix_admin);
  /* TIX did nothing about this patron, and so reads nothing about it */
  g_assert_cmpuint (read_patron_history (tix_reader, tix_admin, id), ==, 0);
  g_assert_cmpuint (read_patron_history (uth_reader, uth_admin, id), >, 0);
  g_assert_cmpuint (read_patron_history (ath_reader, ath_admin, id), >, 0);

  /* each reads its own work */
  g_assert_true (g_hash_table_contains (uth_reader->seen, "refund ticket_order"));
  g_assert_true (g_hash_table_contains (uth_reader->seen, "insert contact_point"));
  g_assert_true (g_hash_table_contains (ath_reader->seen, "hold cart"));
  g_assert_true (g_hash_table_contains (ath_reader->seen, "release cart"));
  g_assert_true (g_hash_table_contains (ath_reader->seen, "update patron"));
  g_assert_true (g_hash_table_contains (ath_reader->seen, "update contact_point"));
  g_assert_cmpuint (tix_reader->entries, >, 0);

  /* the Master User reads everything, the kept primaries included (R1) */
  {
    g_autofree char *url = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/audit", id);
    g_autoptr(JsonNode) all = ts_test_expect (server, "GET", url, master, NULL, 200);
    g_autofree char *text = json_to_string (all, FALSE);
    g_autofree char *kept_for_tix = g_strdup_printf ("\"subject_outlet_id\":%" G_GINT64_FORMAT, tix);

    g_assert_nonnull (strstr (text, "contact_primary"));
    g_assert_nonnull (strstr (text, kept_for_tix));
    g_assert_nonnull (strstr (text, "created_by_outlet"));
  }
}

/* P7: without the handlers, the application role under TIX's context reads
 * no entry of UTH's work, and what rows held only through ts_audit_entry. */
static void
test_audit_row_level_security (void)
{
  PGconn *conn = PQconnectdb (ts_test_server_get_app_conninfo (server));
  g_autofree char *context = g_strdup_printf ("SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true)", tix);
  g_autofree char *theirs = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE actor_outlet_id = %" G_GINT64_FORMAT
                                             " OR subject_outlet_id = %" G_GINT64_FORMAT, uth, uth);
  PGresult *r;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "BEGIN"));
  PQclear (PQexec (conn, context));
  r = PQexec (conn, theirs);
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
  g_assert_cmpstr (PQgetvalue (r, 0, 0), ==, "0");
  PQclear (r);
  /* …though UTH's entries are there (its sales, at least) */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE actor_outlet_id = %" G_GINT64_FORMAT,
                                      uth), >, 0);
  r = PQexec (conn, "SELECT after FROM audit_log LIMIT 1");
  g_assert_cmpint (PQresultStatus (r), ==, PGRES_FATAL_ERROR);
  g_assert_cmpstr (PQresultErrorField (r, PG_DIAG_SQLSTATE), ==, "42501");
  PQclear (r);
  PQclear (PQexec (conn, "ROLLBACK"));
  PQfinish (conn);
}

/* Setup ------------------------------------------------------------------------ */

static gint64
sell_one (const char *token,
          gint64      performance,
          const char *seat,
          gint64      ticket_type,
          gint64      amount)
{
  g_autofree char *key = next_key ();
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
      " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": %" G_GINT64_FORMAT "}]}",
      key, patron, performance, seat, ticket_type, amount);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", token, body, 201);

  return ts_test_member_int (order, "id");
}

static gint64
first_item (gint64 order)
{
  return ts_test_owner_int (server, "SELECT min (id) FROM order_item WHERE order_id = %" G_GINT64_FORMAT, order);
}

static gint64
performance_of (gint64      event,
                gint64      outlet,
                const char *extra_columns,
                const char *extra_values)
{
  return ts_test_owner_int (server,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit, box_office_on_sale%s)"
      " VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", now () + interval '10 days', 12, 12,"
      " now () - interval '1 day'%s) RETURNING id",
      extra_columns, event, outlet, extra_values);
}

static void
offer (gint64 performance,
       gint64 ticket_type)
{
  ts_test_owner_sqlf (server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id)"
                      " SELECT outlet_id, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT " FROM ticket_type WHERE id = %" G_GINT64_FORMAT,
                      ticket_type, performance, ticket_type);
}

static void
set_up (void)
{
  g_autoptr(JsonNode) created = NULL;
  gint64 ath_commission;

  /* Ids well apart from the small numbers messages carry ("items[0]", "2
   * left"), so that telling them apart in a message is not luck. */
  ts_test_owner_sql (server,
      "SELECT count (setval (x.oid, x.next)) FROM ("
      "  SELECT c.oid, coalesce (s.last_value, 1) + 700 + 37 * row_number () OVER (ORDER BY c.relname) AS next"
      "    FROM pg_class c JOIN pg_sequences s ON s.schemaname = 'public' AND s.sequencename = c.relname"
      "   WHERE c.relkind = 'S') x");

  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
      "{\"format\": \"generator\", \"description\": {\"name\": \"Probe Hall\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 6,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}}", 201);
  map_id = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                   " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", map_id, i);
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                              " VALUES ('Ada', 'Lovelace', %" G_GINT64_FORMAT ") RETURNING id", uth);

  /* UTH: an event with a performance kept to itself, one offered to TIX
   * only, one offered to ATH whose window has not opened, and one ATH may
   * sell now (E3, E4) */
  uth_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                 ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", uth, map_id);
  perf_private = performance_of (uth_event, uth, "", "");
  perf_tix_only = performance_of (uth_event, uth, ", allow_other_outlets, outlets_on_sale", ", true, now () - interval '1 day'");
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", perf_tix_only, tix);
  perf_not_yet = performance_of (uth_event, uth, ", allow_other_outlets, outlets_on_sale", ", true, now () + interval '5 days'");
  perf_shared = performance_of (uth_event, uth, ", allow_other_outlets, outlets_on_sale", ", true, now () - interval '1 day'");

  uth_commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents)"
                                      " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100) RETURNING id", uth);
  type_offered = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, other_outlets, commission_table_id)"
                                    " VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, true, %" G_GINT64_FORMAT ") RETURNING id",
                                    uth, uth_commission);
  type_private = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                    " VALUES (%" G_GINT64_FORMAT ", 'Senior', 2000) RETURNING id", uth);
  type_comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents)"
                                 " VALUES (%" G_GINT64_FORMAT ", 'Press Comp', 'comp', 0) RETURNING id", uth);
  type_members = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, subscribers_only)"
                                    " VALUES (%" G_GINT64_FORMAT ", 'Friends', 2500, true) RETURNING id", uth);
  type_bundle = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents)"
                                   " VALUES (%" G_GINT64_FORMAT ", 'Season seat', 'bundle_component', 0) RETURNING id", uth);
  type_season = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents,"
                                   " bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT ", 'Season pack',"
                                   " 'subscription', 9000, %" G_GINT64_FORMAT ", 2) RETURNING id", uth, type_bundle);
  for (gint64 *p = (gint64[]) { perf_private, perf_tix_only, perf_not_yet, perf_shared, 0 }; *p != 0; p++)
    for (gint64 *t = (gint64[]) { type_offered, type_private, type_comp, type_members, type_bundle, 0 }; *t != 0; t++)
      offer (*p, *t);
  uth_redemption = ts_test_owner_int (server, "SELECT id FROM redemption WHERE performance_id = %" G_GINT64_FORMAT
                                      " AND ticket_type_id = %" G_GINT64_FORMAT, perf_private, type_private);
  uth_list = ts_test_owner_int (server, "INSERT INTO mailing_list (outlet_id, name) VALUES (%" G_GINT64_FORMAT
                                ", 'Donors') RETURNING id", uth);
  ts_test_owner_sqlf (server, "INSERT INTO mailing_list_member (mailing_list_id, patron_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", uth_list, patron);
  uth_employee = ts_test_owner_int (server, "SELECT id FROM employee WHERE outlet_id = %" G_GINT64_FORMAT
                                    " AND login = 'staff'", uth);

  /* ATH: its own event, performance, ticket type and list */
  ath_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                 ", 'Relay', %" G_GINT64_FORMAT ") RETURNING id", ath, map_id);
  ath_perf = performance_of (ath_event, ath, "", "");
  ath_commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name) VALUES (%" G_GINT64_FORMAT
                                      ", 'Zero') RETURNING id", ath);
  ath_type = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents) VALUES (%" G_GINT64_FORMAT
                                ", 'Athletics Adult', 1000) RETURNING id", ath);
  offer (ath_perf, ath_type);
  ath_list = ts_test_owner_int (server, "INSERT INTO mailing_list (outlet_id, name) VALUES (%" G_GINT64_FORMAT
                                ", 'Runners') RETURNING id", ath);
  (void) ath_commission;
  (void) ath_list;

  /* Sales: UTH's own order, a subscription with its vouchers, UTH's cart;
   * ATH's own order; an order ATH sold with a line on each outlet */
  uth_order = sell_one (uth_boxoffice, perf_private, seats[0], type_private, 2000);
  uth_item = first_item (uth_order);
  {
    g_autofree char *key = next_key ();
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 9000}]}", key, patron, type_season);
    g_autoptr(JsonNode) sold = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);

    uth_voucher = ts_test_owner_int (server, "SELECT min (v.id) FROM voucher v JOIN order_item i ON i.id = v.order_item_id"
                                     " WHERE i.order_id = %" G_GINT64_FORMAT, ts_test_member_int (sold, "id"));
  }
  {
    g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", uth_boxoffice, "{}", 201);
    g_autofree char *hold = NULL;

    uth_cart = g_strdup (ts_test_member_string (cart, "id"));
    hold = g_strdup_printf ("{\"cart_id\": \"%s\", \"performance_id\": %" G_GINT64_FORMAT ", \"seats\": [\"%s\"]}",
                            uth_cart, perf_private, seats[1]);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/carts/hold", uth_boxoffice, hold, 200));
  }
  {
    g_autoptr(JsonNode) cart = ts_test_expect (server, "POST", "/api/v1/carts", ath_boxoffice, "{}", 201);

    ath_cart = g_strdup (ts_test_member_string (cart, "id"));
  }
  ath_order = sell_one (ath_boxoffice, ath_perf, seats[0], ath_type, 1000);
  ath_item = first_item (ath_order);
  (void) ath_item;
  {
    g_autofree char *key = next_key ();
    g_autofree char *body = g_strdup_printf (
        "{\"idempotency_key\": \"%s\", \"purchaser_id\": %" G_GINT64_FORMAT ","
        " \"items\": [{\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "},"
        "           {\"performance_id\": %" G_GINT64_FORMAT ", \"seat\": \"%s\", \"ticket_type_id\": %" G_GINT64_FORMAT "}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 4500}]}",
        key, patron, perf_shared, seats[2], type_offered, ath_perf, seats[2], ath_type);
    g_autoptr(JsonNode) mixed = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201);

    mixed_order = ts_test_member_int (mixed, "id");
    mixed_uth_item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND performance_id = %" G_GINT64_FORMAT, mixed_order, perf_shared);
    mixed_ath_item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND performance_id = %" G_GINT64_FORMAT, mixed_order, ath_perf);
  }
  /* a letter hold ATH could release into a cart, were the cart its own */
  ts_test_owner_sqlf (server, "UPDATE outlet SET releasable_hold_letters = 'c' WHERE id = %" G_GINT64_FORMAT, ath);
  ts_test_owner_sqlf (server, "INSERT INTO seat_claim (performance_id, seat_guid, kind, outlet_id, hold_letter)"
                      " VALUES (%" G_GINT64_FORMAT ", '%s', 'held', %" G_GINT64_FORMAT ", 'c')", ath_perf, seats[10], ath);
  ts_test_owner_sqlf (server, "UPDATE performance SET claimed = claimed + 1 WHERE id = %" G_GINT64_FORMAT, ath_perf);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tix = ts_test_outlet_id (server, "TIX");
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_admin = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_admin = ts_test_sign_in (server, "ATH", "admin", "admin-password");
  ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  tix_boxoffice = ts_test_sign_in (server, "TIX", "boxoffice", "boxoffice-password");
  all_probed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  set_up ();

  g_test_add_func ("/privacy-edges/unknown-alike/setup", test_unknown_alike_setup);
  g_test_add_func ("/privacy-edges/unknown-alike/selling", test_unknown_alike_selling);
  g_test_add_func ("/privacy-edges/unknown-alike/every-route", test_unknown_alike_covers_every_route);
  g_test_add_func ("/privacy-edges/audit/other-outlets", test_audit_reveals_no_other_outlet);
  g_test_add_func ("/privacy-edges/audit/row-level-security", test_audit_row_level_security);

  status = g_test_run ();
  g_hash_table_unref (all_probed);
  for (guint i = 0; i < G_N_ELEMENTS (seats); i++)
    g_free (seats[i]);
  g_free (uth_cart);
  g_free (ath_cart);
  g_free (master);
  g_free (uth_admin);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (ath_admin);
  g_free (ath_boxoffice);
  g_free (tix_boxoffice);
  ts_test_server_free (server);
  return status;
}
