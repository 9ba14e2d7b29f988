/* ts-test-storefront.c — the storefront tests' season (see the header): maps through the API, the rest as the owner role. */
#include "ts-test-storefront.h"

#define OPEN "now () - interval '1 day'"

static gint64
make_map (TsTestServer *server,
          const char   *token,
          const char   *description)
{
  g_autofree char *body = g_strdup_printf ("{\"format\": \"generator\", \"description\": %s}", description);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", token, body, 201);

  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
}

/* A performance; `windows` is the rest of its columns and values. */
static gint64
make_performance (TsTestStorefront *self,
                  gint64            event,
                  gint64            outlet,
                  int               days,
                  const char       *columns,
                  const char       *values)
{
  return ts_test_owner_int (self->server,
                            "INSERT INTO performance (event_id, outlet_id, starts_at, capacity, advance_limit,"
                            " box_office_on_sale%s) VALUES (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                            ", now () + interval '%d days', 13, 13, " OPEN "%s) RETURNING id",
                            columns, event, outlet, days, values);
}

static gint64
offer (TsTestStorefront *self,
       gint64            outlet,
       gint64            type,
       gint64            performance)
{
  return ts_test_owner_int (self->server, "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id) VALUES (%"
                            G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") RETURNING id",
                            outlet, type, performance);
}

TsTestStorefront *
ts_test_storefront_new (TsTestServer *server)
{
  TsTestStorefront *self = g_new0 (TsTestStorefront, 1);
  g_autofree char *uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  g_autofree char *ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");
  g_autofree char *tix_manager = ts_test_sign_in (server, "TIX", "manager", "manager-password");
  gint64 hamlet_event, gala_event, tix_event, ath_map, tix_map, commission;

  self->server = server;
  self->uth = ts_test_outlet_id (server, "UTH");
  self->ath = ts_test_outlet_id (server, "ATH");
  self->tix = ts_test_outlet_id (server, "TIX");

  self->map_id = make_map (server, uth_manager,
      "{\"name\": \"Black Box\", \"size\": {\"width\": 400, \"height\": 300},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#3584e4\"}, {\"name\": \"Standing\", \"color\": \"#2ec27e\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Stalls\", \"category\": \"Regular\", \"rows\": 2, \"seats\": 5,"
      "   \"x\": 40, \"y\": 40, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"},"
      "  {\"kind\": \"ga\", \"zone\": \"Floor\", \"category\": \"Standing\", \"capacity\": 3, \"x\": 40, \"y\": 150,"
      "   \"width\": 200, \"height\": 80, \"text\": \"Standing floor\"}]}");
  for (guint i = 0; i < G_N_ELEMENTS (self->seats); i++)
    self->seats[i] = ts_test_owner_sqlf (server, "SELECT guid FROM map_seat WHERE map_id = %" G_GINT64_FORMAT
                                         " ORDER BY row_label, number::integer OFFSET %u LIMIT 1", self->map_id, i);
  ath_map = make_map (server, ath_manager,
      "{\"name\": \"Field House\", \"size\": {\"width\": 300, \"height\": 200},"
      " \"categories\": [{\"name\": \"Bleachers\", \"color\": \"#e66100\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Bleachers\", \"category\": \"Bleachers\", \"rows\": 1, \"seats\": 6,"
      "   \"x\": 30, \"y\": 30, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}");
  tix_map = make_map (server, tix_manager,
      "{\"name\": \"Studio\", \"size\": {\"width\": 200, \"height\": 100},"
      " \"categories\": [{\"name\": \"Regular\", \"color\": \"#813d9c\"}],"
      " \"blocks\": [{\"kind\": \"straight\", \"zone\": \"Studio\", \"category\": \"Regular\", \"rows\": 1, \"seats\": 4,"
      "   \"x\": 20, \"y\": 20, \"seat_spacing\": 24, \"row_spacing\": 30, \"first_row\": \"A\"}]}");

  /* F3: UTH's and ATH's storefronts; TIX has none. */
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true, web_colour = '#7a1f2b',"
                      " web_intro_en = 'Tickets for the University Theatre.', web_intro_fr = 'Billets du Théâtre universitaire.'"
                      " WHERE id = %" G_GINT64_FORMAT, self->uth);
  ts_test_owner_sqlf (server, "UPDATE outlet SET web_enabled = true WHERE id = %" G_GINT64_FORMAT, self->ath);

  hamlet_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                    ", 'Hamlet', %" G_GINT64_FORMAT ") RETURNING id", self->uth, self->map_id);
  gala_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                  ", 'Varsity Gala', %" G_GINT64_FORMAT ") RETURNING id", self->ath, ath_map);
  tix_event = ts_test_owner_int (server, "INSERT INTO event (outlet_id, name, map_id) VALUES (%" G_GINT64_FORMAT
                                 ", 'Ticket Centre Revue', %" G_GINT64_FORMAT ") RETURNING id", self->tix, tix_map);

  /* E2, E3, F3 */
  self->hamlet = make_performance (self, hamlet_event, self->uth, 10,
                                   ", internet_on_sale, outlets_on_sale, allow_other_outlets, online_at_other_outlets",
                                   ", " OPEN ", " OPEN ", true, true");
  self->hamlet_local = make_performance (self, hamlet_event, self->uth, 11,
                                         ", internet_on_sale, outlets_on_sale, allow_other_outlets",
                                         ", " OPEN ", " OPEN ", true");
  self->hamlet_closed = make_performance (self, hamlet_event, self->uth, 12, "", "");
  self->gala = make_performance (self, gala_event, self->ath, 14, ", internet_on_sale", ", " OPEN);
  self->gala_closed = make_performance (self, gala_event, self->ath, 15, "", "");
  self->tix_show = make_performance (self, tix_event, self->tix, 16, ", internet_on_sale", ", " OPEN);
  ts_test_owner_sqlf (server, "INSERT INTO performance_seller (performance_id, outlet_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT "), (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                      self->hamlet, self->ath, self->hamlet_local, self->ath);

  /* T3, T5 */
  commission = ts_test_owner_int (server, "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Standard', 100, 1000) RETURNING id", self->uth);
  self->adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter, other_outlets,"
                                   " commission_table_id) VALUES (%" G_GINT64_FORMAT ", 'Adult', 3500, 'A', true, %"
                                   G_GINT64_FORMAT ") RETURNING id", self->uth, commission);
  self->student = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, display_letter)"
                                     " VALUES (%" G_GINT64_FORMAT ", 'Student', 2000, 'S') RETURNING id", self->uth);
  self->comp = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                  " VALUES (%" G_GINT64_FORMAT ", 'Press Comp', 'comp', 0, 'P') RETURNING id", self->uth);
  self->member = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents, subscribers_only)"
                                    " VALUES (%" G_GINT64_FORMAT ", 'Member', 2500, true) RETURNING id", self->uth);
  self->ath_adult = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, price_cents)"
                                       " VALUES (%" G_GINT64_FORMAT ", 'Athletics Adult', 1000) RETURNING id", self->ath);
  for (gint64 *p = (gint64[]) { self->hamlet, self->hamlet_local, self->hamlet_closed, 0 }; *p != 0; p++)
    {
      gint64 adult_offer = offer (self, self->uth, self->adult, *p);

      ts_test_owner_sqlf (server, "INSERT INTO redemption_price (redemption_id, category, price_cents) VALUES (%"
                          G_GINT64_FORMAT ", 'Standing', 1500)", adult_offer);
      offer (self, self->uth, self->student, *p);
      offer (self, self->uth, self->comp, *p);
      offer (self, self->uth, self->member, *p);
    }
  /* K3: a partner of Hamlet's: patrons answer its question at checkout. */
  self->partner = ts_test_owner_int (server, "INSERT INTO partner_company (outlet_id, name, web_description) VALUES (%"
                                     G_GINT64_FORMAT ", 'Friends of the Theatre', 'News of the season from the Friends.')"
                                     " RETURNING id", self->uth);
  ts_test_owner_sqlf (server, "INSERT INTO event_partner_company (event_id, partner_company_id) VALUES (%" G_GINT64_FORMAT
                      ", %" G_GINT64_FORMAT ")", hamlet_event, self->partner);
  offer (self, self->ath, self->ath_adult, self->gala);
  offer (self, self->ath, self->ath_adult, self->gala_closed);

  /* T3, F6: a subscriber with a web account: bought UTH's Hamlet pass at
   * the box office (two open vouchers), so may buy Member tickets online. */
  {
    g_autofree char *boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
    g_autofree char *order = NULL;
    gint64 voucher_seat, pass;

    voucher_seat = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter)"
                                      " VALUES (%" G_GINT64_FORMAT ", 'Subscriber seat', 'bundle_component', 0, 'V')"
                                      " RETURNING id", self->uth);
    pass = ts_test_owner_int (server, "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter,"
                              " qualifies_subscriber, bundle_component_id, bundle_size) VALUES (%" G_GINT64_FORMAT
                              ", 'Hamlet pass', 'subscription', 8000, 'H', true, %" G_GINT64_FORMAT ", 2) RETURNING id",
                              self->uth, voucher_seat);
    offer (self, self->uth, voucher_seat, self->hamlet);
    offer (self, self->uth, voucher_seat, self->hamlet_local);
    self->subscriber = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name, created_by_outlet)"
                                          " VALUES ('Émile', 'Nelligan', %" G_GINT64_FORMAT ") RETURNING id", self->uth);
    order = g_strdup_printf ("{\"idempotency_key\": \"storefront-pass-1\", \"purchaser_id\": %" G_GINT64_FORMAT ","
                             " \"items\": [{\"ticket_type_id\": %" G_GINT64_FORMAT "}],"
                             " \"payments\": [{\"method\": \"card\", \"amount_cents\": 8000}]}", self->subscriber, pass);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/orders", boxoffice, order, 201));
    ts_test_owner_sqlf (server, "INSERT INTO web_account (patron_id, email, password_hash) VALUES (%" G_GINT64_FORMAT
                        ", '" TS_TEST_STOREFRONT_SUBSCRIBER "', crypt ('" TS_TEST_STOREFRONT_PASSWORD "', gen_salt ('bf', 4)))",
                        self->subscriber);
  }
  return self;
}

void
ts_test_storefront_free (TsTestStorefront *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->seats); i++)
    g_free (self->seats[i]);
  g_free (self);
}

char *
ts_test_storefront_url (TsTestStorefront *self,
                        const char       *code,
                        const char       *path)
{
  return g_strdup_printf ("%s/shop/%s%s", ts_test_server_get_url (self->server), code, path);
}

gint64
ts_test_storefront_claimed (TsTestStorefront *self,
                            gint64            performance)
{
  /* as the next hold on it would leave them: a hold an earlier journey let
   * expire is no longer counted (each journey's count is its own) */
  g_free (ts_test_owner_sqlf (self->server, "SELECT ts_let_go_expired (%" G_GINT64_FORMAT ")", performance));
  return ts_test_owner_int (self->server, "SELECT claimed FROM performance WHERE id = %" G_GINT64_FORMAT, performance);
}

gint64
ts_test_storefront_sold (TsTestStorefront *self,
                         gint64            performance)
{
  return ts_test_owner_int (self->server, "SELECT sold FROM performance WHERE id = %" G_GINT64_FORMAT, performance);
}
