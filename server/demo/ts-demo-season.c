/* ts-demo-season.c — a season to sell in the demo: venues, events,
 * performances on sale now, ticket types with zone prices, a commission
 * table, house holds, patrons and a few sales, so that the demo's Sales
 * section has something to show (`tessera-server --demo-season`); one venue
 * mixes a general-admission floor with reserved seats (rules M3, S1);
 * partner companies with a few patrons' answers, so that the partner lists
 * are not empty (K1–K5); UTH's and ATH's web storefronts, ATH's selling
 * UTH's Hamlet online too (F3, E2, E3).
 *
 * Everything goes in through the same tables and selling functions as the
 * API (ts_order_submit for the sales), as the Master User or, for a sale,
 * as the selling outlet's Box Office agent. */
#include "ts-db.h"
#include "ts-demo-data.h"
#include "ts-demo-season.h"
#include "ts-error.h"
#include "ts-pg.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-plan-pretix.h"

/* Runs SQL with parameters and answers its first value (a new row's id). */
static char *
value_of (PGconn              *conn,
          const char          *sql,
          int                  n_params,
          const char * const  *params,
          GError             **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn, sql, n_params, params, error);

  if (result == NULL)
    return NULL;
  if (PQntuples (result) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INTERNAL, "demo season: no row from %s", sql);
      return NULL;
    }
  return g_strdup (ts_pg_value (result, 0, 0));
}

/* A club: a standing floor (general admission, M3) under a balcony of
 * reserved seats, so the demo sells both kinds of place in one performance. */
static const char club[] =
  "{\"name\": \"Club Room\", \"size\": {\"width\": 520, \"height\": 420},"
  " \"categories\": [{\"name\": \"Standing\", \"color\": \"#2ec27e\"}, {\"name\": \"Balcony\", \"color\": \"#3584e4\"}],"
  " \"blocks\": ["
  "  {\"kind\": \"shape\", \"zone\": \"Floor\", \"shape\": \"rectangle\", \"x\": 110, \"y\": 20, \"width\": 300,"
  "   \"height\": 40, \"text\": \"STAGE\", \"color\": \"#deddda\"},"
  "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 120, \"x\": 60, \"y\": 90,"
  "   \"width\": 400, \"height\": 160, \"text\": \"Standing floor\"},"
  "  {\"kind\": \"straight\", \"zone\": \"Balcony\", \"category\": \"Balcony\", \"rows\": 3, \"seats\": 16,"
  "   \"x\": 70, \"y\": 300, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}";

/* description: the generator's JSON (common/ts-seat-plan-generator.h) */
static char *
insert_map (PGconn       *conn,
            const char   *outlet,
            const char   *venue,
            GError      **error)
{
  g_autoptr(JsonNode) description = json_from_string (venue, error);
  g_autoptr(TsSeatPlan) plan = description ? ts_seat_plan_generate (description, error) : NULL;
  g_autoptr(JsonNode) pretix = NULL;
  g_autoptr(JsonNode) compact = NULL;
  g_autofree char *pretix_text = NULL;
  g_autofree char *compact_text = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *capacity = NULL;

  if (plan == NULL)
    return NULL;
  pretix = ts_seat_plan_to_pretix (plan, FALSE);
  compact = ts_seat_plan_to_compact (plan);
  pretix_text = json_to_string (pretix, FALSE);
  compact_text = json_to_string (compact, FALSE);
  seats = g_strdup_printf ("%u", plan->seats->len);
  capacity = g_strdup_printf ("%u", ts_seat_plan_ga_capacity (plan));
  return value_of (conn,
      "INSERT INTO theatre_map (outlet_id, name, plan, seat_count, ga_capacity, compact)"
      " VALUES ($1::integer, $2, $3::jsonb, $4::integer, $5::integer, $6::jsonb) RETURNING id",
      6, (const char *[]) { outlet, plan->name, pretix_text, seats, capacity, compact_text }, error);
}

/* A performance a number of days from today at a local time, on sale now at
 * the box office and (when others is TRUE) at every other outlet (E2, E3). */
static char *
insert_performance (PGconn      *conn,
                    const char  *event,
                    const char  *outlet,
                    int          days,
                    const char  *time,
                    gboolean     others,
                    GError     **error)
{
  g_autofree char *day_text = g_strdup_printf ("%d", days);

  return value_of (conn,
      "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
      "  box_office_on_sale, internet_on_sale, outlets_on_sale, allow_other_outlets)"
      " SELECT $1::integer, $2::integer,"
      "        ((now () AT TIME ZONE o.time_zone)::date + $3::integer + $4::time) AT TIME ZONE o.time_zone,"
      "        m.seat_count + m.ga_capacity, m.seat_count + m.ga_capacity,"
      "        now () - interval '30 days', now () - interval '30 days',"
      "        CASE WHEN $5::boolean THEN now () - interval '7 days' END, $5::boolean"
      "   FROM outlet o, event e JOIN theatre_map m ON m.id = e.map_id"
      "  WHERE o.id = $2::integer AND e.id = $1::integer RETURNING id",
      5, (const char *[]) { event, outlet, day_text, time, others ? "true" : "false" }, error);
}

static gboolean
redeem (PGconn      *conn,
        const char  *outlet,
        const char  *ticket_type,
        const char  *performance,
        const char  *zone_prices,     /* JSON object category → cents, or NULL */
        GError     **error)
{
  g_autofree char *redemption = value_of (conn,
      "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES ($1::integer, $2::integer, $3::integer)"
      " RETURNING id", 3, (const char *[]) { outlet, ticket_type, performance }, error);
  g_autoptr(PGresult) prices = NULL;

  if (redemption == NULL)
    return FALSE;
  if (zone_prices == NULL)
    return TRUE;
  prices = ts_pg_exec (conn,
      "INSERT INTO redemption_price (redemption_id, category, price_cents)"
      " SELECT $1::integer, key, value::integer FROM jsonb_each_text ($2::jsonb)",
      2, (const char *[]) { redemption, zone_prices }, error);
  return prices != NULL;
}

/* Calls a selling function with one JSON argument as one of the outlet's
 * demo employees (its rules apply as to anyone), then goes back to the
 * Master User's context. */
static gboolean
as_employee (PGconn      *conn,
             const char  *outlet_code,
             const char  *login,
             const char  *sql,
             const char  *argument,
             GError     **error)
{
  g_autoptr(PGresult) context = ts_pg_exec (conn,
      "SELECT set_config ('tessera.outlet_id', o.id::text, true), set_config ('tessera.employee_id', e.id::text, true),"
      "       set_config ('tessera.master', 'off', true)"
      "  FROM outlet o JOIN employee e ON e.outlet_id = o.id AND e.login = $2 WHERE o.code = $1",
      2, (const char *[]) { outlet_code, login }, error);
  g_autoptr(PGresult) done = NULL;
  g_autoptr(PGresult) back = NULL;

  if (context == NULL)
    return FALSE;
  done = ts_pg_exec (conn, sql, 1, (const char *[]) { argument }, error);
  back = ts_pg_exec (conn, "SELECT set_config ('tessera.outlet_id', '', true), set_config ('tessera.employee_id', '', true),"
                           " set_config ('tessera.master', 'on', true)", 0, NULL, NULL);
  return done != NULL;
}

static const char *demo_patrons[][3] = {
  { "Ada", "Lovelace", "ada@example.org" },
  { "Grace", "Hopper", "grace@example.org" },
  { "Émile", "Nelligan", "emile@example.org" },
  { "Gabrielle", "Roy", "gabrielle@example.org" },
  { "Oscar", "Peterson", "oscar@example.org" },
  { "Joni", "Mitchell", "joni@example.org" },
};

/* K1: a partner company of the outlet, on the event when one is named. */
static char *
insert_partner (PGconn      *conn,
                const char  *outlet,
                const char  *name,
                gboolean     collect,
                const char  *web_description,
                const char  *event,
                GError     **error)
{
  g_autofree char *id = value_of (conn, "INSERT INTO partner_company (outlet_id, name, collect_preferences, web_description)"
                                        " VALUES ($1::integer, $2, $3::boolean, $4) RETURNING id",
                                  4, (const char *[]) { outlet, name, collect ? "t" : "f", web_description }, error);
  g_autoptr(PGresult) attached = NULL;

  if (id == NULL || event == NULL)
    return g_steal_pointer (&id);
  attached = ts_pg_exec (conn, "INSERT INTO event_partner_company (event_id, partner_company_id)"
                               " VALUES ($1::integer, $2::integer)", 2, (const char *[]) { event, id }, error);
  return attached != NULL ? g_steal_pointer (&id) : NULL;
}

/* K2, K4: a patron's answer as UTH's Staff record it on the patron record. */
static gboolean
record_answer (PGconn      *conn,
               const char  *patron,
               const char  *partner,
               const char  *answer,
               GError     **error)
{
  g_autofree char *argument = g_strdup_printf ("{\"patron\": %s, \"preferences\": [{\"partner_company_id\": %s,"
                                               " \"answer\": \"%s\"}]}", patron, partner, answer);

  return as_employee (conn, "UTH", "staff",
                      "SELECT ts_patron_partner_preferences_put (($1::jsonb ->> 'patron')::bigint, NULL,"
                      "                                         $1::jsonb -> 'preferences')",
                      argument, error);
}

/* F6, T3: the demo's web account (emile.nelligan@example.ca, password
 * "hamlet-online") for Émile, who bought UTH's Hamlet pass at the box office
 * and has its two vouchers open, to reserve for Hamlet online. */
static gboolean
insert_web_account (PGconn      *conn,
                    const char  *uth,
                    const char  *patron,
                    const char  *hamlet_performances[],
                    GError     **error)
{
  g_autofree char *seat = value_of (conn, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                          " VALUES ($1::integer, 'Subscriber seat', 'bundle_component', 0, 'S') RETURNING id",
                                    1, (const char *[]) { uth }, error);
  g_autofree char *pass = seat ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter,"
                                                 " qualifies_subscriber, bundle_component_id, bundle_size)"
                                                 " VALUES ($1::integer, 'Hamlet pass (2 performances)', 'subscription', 8000, 'S',"
                                                 " true, $2::integer, 2) RETURNING id",
                                           2, (const char *[]) { uth, seat }, error) : NULL;
  g_autofree char *order = NULL;
  g_autoptr(PGresult) account = NULL;

  if (pass == NULL)
    return FALSE;
  for (guint i = 0; hamlet_performances[i] != NULL; i++)
    if (!redeem (conn, uth, seat, hamlet_performances[i], NULL, error))
      return FALSE;
  order = g_strdup_printf ("{\"idempotency_key\": \"demo-season-pass\", \"purchaser_id\": %s,"
                           " \"items\": [{\"ticket_type_id\": %s}],"
                           " \"payments\": [{\"method\": \"card\", \"amount_cents\": 8000}]}", patron, pass);
  if (!as_employee (conn, "UTH", "boxoffice", "SELECT ts_order_submit ($1::jsonb)", order, error))
    return FALSE;
  account = ts_pg_exec (conn,
      "WITH point AS (INSERT INTO contact_point (patron_id, kind, value, created_by_outlet)"
      "               VALUES ($1::bigint, 'email', 'emile.nelligan@example.ca', $2::integer))"
      " SELECT ts_web_account_create ($1::bigint, 'emile.nelligan@example.ca', 'hamlet-online', 10)",
      2, (const char *[]) { patron, uth }, error);
  return account != NULL;
}

/* F3: UTH's and ATH's storefronts, each in its colour with its welcome in
 * both languages; UTH's also at a host name of its own, which a browser on
 * this computer reaches (every *.localhost is the loopback), and its patrons
 * may cancel online until two days before.  Every performance of the season
 * is inside its internet window already (E2: on sale online a month ago);
 * Hamlet is sold online by other outlets' storefronts too, and ATH is the
 * one other outlet on its list (E3), so ATH's storefront sells it for UTH. */
static gboolean
open_storefronts (PGconn      *conn,
                  const char  *hamlet,
                  const char  *ath,
                  GError     **error)
{
  static const char *storefronts[][6] = {
    { "UTH", "#1d4f91", "uth.localhost", "48",
      "Theatre, music and dance on the University's stages. Choose your seats on the map, pay by card, and show"
      " the tickets on your phone at the door.",
      "Théâtre, musique et danse sur les scènes de l'Université. Choisissez vos places sur le plan, payez par"
      " carte et présentez vos billets sur votre téléphone à l'entrée." },
    { "ATH", "#a3191f", NULL, NULL,
      "Varsity games at the Athletic Centre, and the University Theatre's Hamlet, sold here for the theatre.",
      "Les matchs universitaires au Centre athlétique, et Hamlet du Théâtre universitaire, vendu ici pour le"
      " théâtre." },
  };
  g_autoptr(PGresult) online = NULL;
  g_autoptr(PGresult) permitted = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (storefronts); i++)
    {
      g_autoptr(PGresult) opened = ts_pg_exec (conn,
          "UPDATE outlet SET web_enabled = true, web_colour = $2, web_host = $3, web_cancel_hours = $4::integer,"
          "                  web_intro_en = $5, web_intro_fr = $6"
          " WHERE code = $1",
          6, storefronts[i], error);

      if (opened == NULL)
        return FALSE;
    }
  online = ts_pg_exec (conn, "UPDATE performance SET online_at_other_outlets = true WHERE event_id = $1::integer",
                       1, (const char *[]) { hamlet }, error);
  permitted = online ? ts_pg_exec (conn,
      "INSERT INTO performance_seller (performance_id, outlet_id)"
      " SELECT id, $2::integer FROM performance WHERE event_id = $1::integer",
      2, (const char *[]) { hamlet, ath }, error) : NULL;
  return permitted != NULL;
}

static gboolean
load_season (PGconn   *conn,
             gpointer  data,
             GError  **error)
{
  g_autoptr(PGresult) context = NULL;
  g_autoptr(PGresult) existing = NULL;
  g_autofree char *uth = NULL, *ath = NULL, *studio = NULL, *opera = NULL, *club_map = NULL;
  g_autofree char *commission = NULL, *adult = NULL, *senior = NULL, *student = NULL, *press = NULL;
  g_autofree char *hamlet = NULL, *sessions = NULL, *volleyball = NULL, *ath_adult = NULL, *ath_commission = NULL;
  g_autofree char *h1 = NULL, *h2 = NULL, *h3 = NULL, *s1 = NULL, *s2 = NULL, *v1 = NULL, *jazz = NULL, *j1 = NULL;
  g_autofree char *ada = NULL, *grace = NULL, *emile = NULL, *gabrielle = NULL;
  g_autofree char *stratford = NULL, *maritime = NULL, *boosters = NULL;
  const char *zones = "{\"Premium\": 6500, \"Orchestra\": 4500, \"Mezzanine\": 3500, \"Balcony\": 2500}";
  gboolean ok;

  if (!ts_db_begin (conn, error))
    return FALSE;
  if (!ts_pg_exec_simple (conn, TS_DEMO_LOCK_SQL, error))
    goto failed;
  context = ts_pg_exec (conn, "SELECT set_config ('tessera.master', 'on', true)", 0, NULL, error);
  existing = context ? ts_pg_exec (conn, "SELECT count (*) FROM event", 0, NULL, error) : NULL;
  if (existing == NULL)
    goto failed;
  if (!g_str_equal (ts_pg_value (existing, 0, 0), "0"))
    return ts_pg_exec_simple (conn, "COMMIT", error);          /* a season is there already */
  g_message ("Loading the demo season (events on sale at UTH and ATH)");

  uth = value_of (conn, "SELECT id FROM outlet WHERE code = 'UTH'", 0, NULL, error);
  ath = uth ? value_of (conn, "SELECT id FROM outlet WHERE code = 'ATH'", 0, NULL, error) : NULL;
  studio = ath ? insert_map (conn, uth, ts_seat_plan_demo_venue (TS_DEMO_VENUE_STUDIO), error) : NULL;
  opera = studio ? insert_map (conn, uth, ts_seat_plan_demo_venue (TS_DEMO_VENUE_OPERA), error) : NULL;
  club_map = opera ? insert_map (conn, uth, club, error) : NULL;
  if (club_map == NULL)
    goto failed;
  ok = ts_pg_exec_simple (conn, "UPDATE outlet SET releasable_hold_letters = 'c' WHERE code = 'UTH'", error);

  /* UTH: ticket types, one offered to other outlets with a commission (T5, T6) */
  commission = ok ? value_of (conn, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                    " VALUES ($1::integer, 'Consortium standard', 100, 500) RETURNING id",
                              1, (const char *[]) { uth }, error) : NULL;
  adult = commission ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                                       " commission_table_id) VALUES ($1::integer, 'Adult', 4500, 'A', true, $2::integer)"
                                       " RETURNING id", 2, (const char *[]) { uth, commission }, error) : NULL;
  senior = adult ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                                   " VALUES ($1::integer, 'Senior', 3800, 'E') RETURNING id",
                             1, (const char *[]) { uth }, error) : NULL;
  student = senior ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                                     " VALUES ($1::integer, 'Student', 2500, 'S') RETURNING id",
                               1, (const char *[]) { uth }, error) : NULL;
  press = student ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                    " VALUES ($1::integer, 'Press Comp', 'comp', 0, 'P') RETURNING id",
                              1, (const char *[]) { uth }, error) : NULL;
  if (press == NULL)
    goto failed;

  /* UTH: Hamlet in the opera house, tonight and later; a studio series */
  hamlet = value_of (conn, "INSERT INTO event (outlet_id, name, description, map_id) VALUES ($1::integer, 'Hamlet',"
                           " 'Shakespeare''s tragedy, in the opera house.', $2::integer) RETURNING id",
                     2, (const char *[]) { uth, opera }, error);
  sessions = hamlet ? value_of (conn, "INSERT INTO event (outlet_id, name, description, map_id) VALUES ($1::integer,"
                                      " 'The Studio Sessions', 'New chamber music in the studio.', $2::integer) RETURNING id",
                                2, (const char *[]) { uth, studio }, error) : NULL;
  h1 = sessions ? insert_performance (conn, hamlet, uth, 0, "23:30", TRUE, error) : NULL;
  h2 = h1 ? insert_performance (conn, hamlet, uth, 3, "19:30", TRUE, error) : NULL;
  h3 = h2 ? insert_performance (conn, hamlet, uth, 10, "14:00", TRUE, error) : NULL;
  s1 = h3 ? insert_performance (conn, sessions, uth, 5, "20:00", FALSE, error) : NULL;
  s2 = s1 ? insert_performance (conn, sessions, uth, 12, "20:00", FALSE, error) : NULL;
  if (s2 == NULL)
    goto failed;
  for (const char * const *p = (const char * const[]) { h1, h2, h3, NULL }; *p != NULL; p++)
    if (!redeem (conn, uth, adult, *p, zones, error) || !redeem (conn, uth, senior, *p, NULL, error)
        || !redeem (conn, uth, student, *p, NULL, error) || !redeem (conn, uth, press, *p, NULL, error))
      goto failed;
  for (const char * const *p = (const char * const[]) { s1, s2, NULL }; *p != NULL; p++)
    if (!redeem (conn, uth, adult, *p, NULL, error) || !redeem (conn, uth, student, *p, NULL, error))
      goto failed;

  /* UTH: a late show in the club, standing floor and balcony, on sale at the
   * box office and to every other outlet (E2, E3); Adult is offered to them */
  jazz = value_of (conn, "INSERT INTO event (outlet_id, name, description, map_id) VALUES ($1::integer,"
                         " 'Late Night Jazz', 'A standing floor and a seated balcony.', $2::integer) RETURNING id",
                   2, (const char *[]) { uth, club_map }, error);
  j1 = jazz ? insert_performance (conn, jazz, uth, 4, "21:30", TRUE, error) : NULL;
  if (j1 == NULL
      || !redeem (conn, uth, adult, j1, "{\"Standing\": 3000, \"Balcony\": 4000}", error)
      || !redeem (conn, uth, student, j1, "{\"Standing\": 2000, \"Balcony\": 3000}", error))
    goto failed;

  /* ATH: a match in UTH's studio (any outlet may use any map, M1), sold by UTH too */
  ath_commission = value_of (conn, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                   " VALUES ($1::integer, 'Flat fee', 150, 0) RETURNING id",
                             1, (const char *[]) { ath }, error);
  ath_adult = ath_commission ? value_of (conn, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter,"
                                               " other_outlets, commission_table_id) VALUES ($1::integer, 'General', 1500, 'G',"
                                               " true, $2::integer) RETURNING id",
                                         2, (const char *[]) { ath, ath_commission }, error) : NULL;
  /* F5: a game lets people out at half time and in again; the plays do not. */
  volleyball = ath_adult ? value_of (conn, "INSERT INTO event (outlet_id, name, map_id, reentry) VALUES ($1::integer,"
                                           " 'Varsity Volleyball', $2::integer, true) RETURNING id",
                                     2, (const char *[]) { ath, studio }, error) : NULL;
  v1 = volleyball ? insert_performance (conn, volleyball, ath, 2, "18:00", TRUE, error) : NULL;
  if (v1 == NULL || !redeem (conn, ath, ath_adult, v1, NULL, error)
      || !open_storefronts (conn, hamlet, ath, error))
    goto failed;

  /* K1: UTH's touring company on Hamlet; a co-op on nothing yet (a partner
   * its patrons never booked for, K4); ATH's boosters on the volleyball,
   * whose preferences ATH does not collect */
  stratford = insert_partner (conn, uth, "Stratford Touring Company", TRUE,
                              "The touring company that brings Hamlet to us. Say yes to hear about its next tour.",
                              hamlet, error);
  maritime = stratford ? insert_partner (conn, uth, "Maritime Opera Co-op", TRUE,
                                         "A co-operative of opera companies from the Maritimes.", NULL, error) : NULL;
  boosters = maritime ? insert_partner (conn, ath, "Varsity Boosters Club", FALSE, "", volleyball, error) : NULL;
  if (boosters == NULL)
    goto failed;

  /* Patrons, house seats held on Hamlet's later performance (M8), a few sales */
  for (guint i = 0; i < G_N_ELEMENTS (demo_patrons); i++)
    {
      g_autofree char *id = value_of (conn, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                            " VALUES ($1, $2, $3::integer) RETURNING id",
                                      3, (const char *[]) { demo_patrons[i][0], demo_patrons[i][1], uth }, error);
      g_autoptr(PGresult) email = NULL;

      if (id == NULL)
        goto failed;
      email = ts_pg_exec (conn, "INSERT INTO contact_point (patron_id, kind, value, created_by_outlet)"
                                " VALUES ($1::bigint, 'email', $2, $3::integer)",
                          3, (const char *[]) { id, demo_patrons[i][2], uth }, NULL);
      if (i == 0)
        ada = g_steal_pointer (&id);
      else if (i == 1)
        grace = g_steal_pointer (&id);
      else if (i == 2)
        emile = g_steal_pointer (&id);
      else if (i == 3)
        gabrielle = g_steal_pointer (&id);
    }
  {
    g_autofree char *house = value_of (conn,
        "SELECT jsonb_build_object ('performance_id', $1::integer, 'letter', 'h', 'seats', jsonb_agg (guid))"
        "  FROM map_seat WHERE map_id = $2::integer AND zone = 'Orchestra' AND row_label = 'A'",
        2, (const char *[]) { h2, opera }, error);

    if (house == NULL || !as_employee (conn, "UTH", "manager", "SELECT ts_hold_set ($1::jsonb)", house, error))
      goto failed;
  }
  {
    g_autofree char *own = g_strdup_printf (
        "{\"idempotency_key\": \"demo-season-1\", \"purchaser_id\": %s, \"items\": ["
        " {\"performance_id\": %s, \"seat\": \"%s\", \"ticket_type_id\": %s},"
        " {\"performance_id\": %s, \"seat\": \"%s\", \"ticket_type_id\": %s}],"
        " \"payments\": [{\"method\": \"card\", \"amount_cents\": 13000}],"
        " \"partner_answers\": [{\"partner_company_id\": %s, \"answer\": \"yes\"}]}",
        ada, h2, "Orchestra-B-20", adult, h2, "Orchestra-B-21", adult, stratford);
    g_autofree char *theirs = g_strdup_printf (
        "{\"idempotency_key\": \"demo-season-2\", \"purchaser_id\": %s, \"items\": ["
        " {\"performance_id\": %s, \"seat\": \"%s\", \"ticket_type_id\": %s}],"
        " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 6500}]}",
        grace, h2, "Orchestra-B-22", adult);

    /* two places on the club's standing floor, sold by ATH (a GA sale, S1) */
    g_autofree char *standing = g_strdup_printf (
        "{\"idempotency_key\": \"demo-season-3\", \"purchaser_id\": %s, \"items\": ["
        " {\"performance_id\": %s, \"area\": \"Floor#1\", \"quantity\": 2, \"ticket_type_id\": %s}],"
        " \"payments\": [{\"method\": \"card\", \"amount_cents\": 6000}]}",
        grace, j1, adult);

    if (!as_employee (conn, "UTH", "boxoffice", "SELECT ts_order_submit ($1::jsonb)", own, error)
        || !as_employee (conn, "ATH", "boxoffice", "SELECT ts_order_submit ($1::jsonb)", theirs, error)
        || !as_employee (conn, "ATH", "boxoffice", "SELECT ts_order_submit ($1::jsonb)", standing, error))
      goto failed;
  }
  /* K5: Ada said yes at the sale; Grace, who bought Hamlet at ATH, said no
   * on the phone; Gabrielle said yes without a booking */
  if (!record_answer (conn, grace, stratford, "no", error) || !record_answer (conn, gabrielle, stratford, "yes", error))
    goto failed;
  if (!insert_web_account (conn, uth, emile, (const char *[]) { h2, h3, NULL }, error))
    goto failed;
  return ts_pg_exec_simple (conn, "COMMIT", error);

failed:
  ts_pg_exec_simple (conn, "ROLLBACK", NULL);
  return FALSE;
}

gboolean
ts_demo_season_load (TsDb    *db,
                     GError **error)
{
  return ts_db_run_sync (db, load_season, NULL, error);
}
