/* ts-api-pricing.c — commission tables, ticket types, redemptions with their
 * zone prices, and the system-wide hold letters (rules T1–T6, M8, C2, C4)
 *
 * Like events, an outlet's pricing is its own (E1): row-level security and
 * a filter on the caller's outlet (P7) make another outlet's rows not_found. */
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-outlet-table.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

/* The most a price or a commission may be: $1,000,000.00 (the schema's). */
#define MAX_CENTS 100000000

/* A name: required on creation, never cleared by an edit. */
#define NAME_FIELD(creating) \
  (TS_JSON_FIELD_NOT_NULL | TS_JSON_FIELD_NOT_BLANK | ((creating) ? TS_JSON_FIELD_REQUIRED : 0))

#define COMMISSION_TABLE_JSON \
  "jsonb_build_object ('id', c.id, 'outlet_id', c.outlet_id, 'name', c.name," \
  "  'amount_cents', c.amount_cents, 'percent_bp', c.percent_bp," \
  "  'created_at', c.created_at, 'updated_at', c.updated_at)"

#define TICKET_TYPE_JSON \
  "jsonb_build_object ('id', t.id, 'outlet_id', t.outlet_id, 'name', t.name, 'category', t.category," \
  "  'price_cents', t.price_cents, 'display_letter', t.display_letter," \
  "  'subscribers_only', t.subscribers_only, 'qualifies_subscriber', t.qualifies_subscriber," \
  "  'other_outlets', t.other_outlets, 'commission_table_id', t.commission_table_id," \
  "  'bundle_component_id', t.bundle_component_id, 'bundle_size', t.bundle_size, 'active', t.active," \
  "  'created_at', t.created_at, 'updated_at', t.updated_at)"

/* T2: seats left for the type = min (cap − sold of the type, advance limit −
 * everything claimed: sold, held and in carts), never negative.  least ()
 * skips the NULL of a redemption without a cap, leaving the second term. */
#define REDEMPTION_JSON \
  "jsonb_build_object ('id', r.id, 'outlet_id', r.outlet_id, 'performance_id', r.performance_id," \
  "  'ticket_type_id', r.ticket_type_id," \
  "  'ticket_type', jsonb_build_object ('id', t.id, 'name', t.name, 'category', t.category," \
  "                                     'price_cents', t.price_cents, 'active', t.active)," \
  "  'sales_start', r.sales_start, 'sales_end', r.sales_end, 'cap', r.cap," \
  "  'min_per_order', r.min_per_order, 'max_per_order', r.max_per_order," \
  "  'promo_codes', to_jsonb (r.promo_codes)," \
  "  'prices', coalesce ((SELECT jsonb_agg (jsonb_build_object ('category', z.category, 'price_cents', z.price_cents)" \
  "                                         ORDER BY z.category)" \
  "                         FROM redemption_price z WHERE z.redemption_id = r.id), '[]')," \
  "  'sold', r.sold, 'seats_left', greatest (0, least (r.cap - r.sold, p.advance_limit - p.claimed))," \
  "  'created_at', r.created_at, 'updated_at', r.updated_at)"

#define REDEMPTION_FROM \
  " FROM redemption r JOIN performance p ON p.id = r.performance_id JOIN ticket_type t ON t.id = r.ticket_type_id"

#define HOLD_LETTER_JSON \
  "jsonb_build_object ('letter', h.letter, 'description', h.description, 'color', h.color," \
  "  'min_level', h.min_level)"

static const TsOutletTable commission_tables = {
  "commission table",
  TS_OUTLET_TABLE_OWNER_SQL ("commission_table"),
  "SELECT " COMMISSION_TABLE_JSON " FROM commission_table c WHERE c.id = $1::integer",
  TS_SQL_JSON_LIST ("commission_tables", COMMISSION_TABLE_JSON, "c.name, c.id")
  "  FROM commission_table c WHERE $1::integer IS NULL OR c.outlet_id = $1::integer",
};

static const TsOutletTable ticket_types = {
  "ticket type",
  TS_OUTLET_TABLE_OWNER_SQL ("ticket_type"),
  "SELECT " TICKET_TYPE_JSON " FROM ticket_type t WHERE t.id = $1::integer",
  TS_SQL_JSON_LIST ("ticket_types", TICKET_TYPE_JSON, "t.name, t.id")
  "  FROM ticket_type t WHERE $1::integer IS NULL OR t.outlet_id = $1::integer",
};

/* listed per performance (ts_api_redemptions_list), not per outlet */
static const TsOutletTable redemptions = {
  "redemption",
  TS_OUTLET_TABLE_OWNER_SQL ("redemption"),
  "SELECT " REDEMPTION_JSON REDEMPTION_FROM " WHERE r.id = $1::integer",
  NULL,
};

/* the performances redemptions are set on (ts-api-events.c shows them) */
static const TsOutletTable performances = {
  "performance", TS_OUTLET_TABLE_OWNER_SQL ("performance"), NULL, NULL,
};

/* The Master User names the outlet a new commission table (T6) or ticket
 * type (T1) belongs to. */
static const TsOutletRule commission_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet sets up its own season only"  /* T6 */
};
static const TsOutletRule ticket_type_owner = {
  TS_POLICY_NAMES_THE_OWNER, "An outlet sets up its own season only"  /* T1 */
};

/* Commission tables (T6) ---------------------------------------------------- */

/* T6: a dollar amount and/or a percentage (hundredths of a percent) per
 * ticket, of the price after discounts and before fees.  Both may be 0 (T5:
 * "which may be $0.00"). */
static gboolean
read_commission (JsonObject  *body,
                 gboolean     creating,
                 const char **out_name,
                 char       **out_amount,
                 char       **out_percent,
                 GError     **error)
{
  gint64 amount, percent;
  gboolean amount_present, percent_present;

  if (!ts_json_field_text (body, "name", NAME_FIELD (creating), 120, out_name, NULL, error)
      || !ts_json_field_int (body, "amount_cents", TS_JSON_FIELD_NOT_NULL, 0, MAX_CENTS, &amount, &amount_present, error)
      || !ts_json_field_int (body, "percent_bp", TS_JSON_FIELD_NOT_NULL, 0, 10000, &percent, &percent_present, error))
    return FALSE;
  *out_amount = amount_present ? g_strdup_printf ("%" G_GINT64_FORMAT, amount) : NULL;
  *out_percent = percent_present ? g_strdup_printf ("%" G_GINT64_FORMAT, percent) : NULL;
  return TRUE;
}

gboolean
ts_api_commission_tables_list (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_list (req, conn, &commission_tables, error);
}

gboolean
ts_api_commission_tables_create (TsRequest *req,
                                 PGconn    *conn,
                                 GError   **error)
{
  static const char * const allowed[] = { "name", "amount_cents", "percent_bp", "outlet_id", NULL };
  JsonObject *body;
  const char *name;
  g_autofree char *amount = NULL;
  g_autofree char *percent = NULL;
  g_autofree char *outlet = NULL;
  gint64 outlet_id;
  gboolean outlet_present;
  g_autoptr(PGresult) inserted = NULL;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  /* outlet_id out of range says "between 1 and …", as it always has here */
  if (body == NULL
      || !read_commission (body, TRUE, &name, &amount, &percent, error)
      || !ts_json_field_int (body, "outlet_id", TS_JSON_FIELD_NOT_NULL, 1, G_MAXINT32, &outlet_id, &outlet_present, error)
      || !ts_policy_acting_outlet (req, outlet_present, outlet_id, &commission_owner, &outlet, error))
    return FALSE;
  inserted = ts_pg_exec (conn,
      "INSERT INTO commission_table (outlet_id, name, amount_cents, percent_bp)"
      " VALUES ($1::integer, $2, coalesce ($3::integer, 0), coalesce ($4::integer, 0)) RETURNING id",
      4, (const char *[]) { outlet, name, amount, percent }, error);
  if (inserted == NULL)
    return FALSE;
  return ts_request_answer (req, 201,
                            ts_outlet_table_json (conn, &commission_tables, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_commission_table_patch (TsRequest *req,
                               PGconn    *conn,
                               GError   **error)
{
  static const char * const allowed[] = { "name", "amount_cents", "percent_bp", NULL };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *amount = NULL;
  g_autofree char *percent = NULL;
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;
  const char *name;

  if (!ts_policy_require_season_setup (req, error)
      || !ts_outlet_table_check (req, conn, &commission_tables, id, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL || !read_commission (body, FALSE, &name, &amount, &percent, error))
    return FALSE;
  updated = ts_pg_exec (conn,
      "UPDATE commission_table SET name = coalesce ($2, name),"
      "  amount_cents = coalesce ($3::integer, amount_cents), percent_bp = coalesce ($4::integer, percent_bp)"
      " WHERE id = $1::integer",
      4, (const char *[]) { id, name, amount, percent }, error);
  if (updated == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &commission_tables, id, error));
}

/* Ticket types (T1, T3, T5) --------------------------------------------------- */

typedef struct
{
  char     *name;
  char     *category;
  gint64    price_cents;
  char     *display_letter;          /* NULL: none */
  gboolean  subscribers_only;
  gboolean  qualifies_subscriber;
  gboolean  other_outlets;
  gint64    commission_table_id;     /* 0: none */
  gint64    bundle_component_id;     /* 0: none */
  gint64    bundle_size;
  gboolean  active;
} TicketType;

static void
ticket_type_clear (TicketType *type)
{
  g_free (type->name);
  g_free (type->category);
  g_free (type->display_letter);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TicketType, ticket_type_clear)

static const char * const ticket_type_fields[] = {
  "name", "category", "price_cents", "display_letter", "subscribers_only", "qualifies_subscriber",
  "other_outlets", "commission_table_id", "bundle_component_id", "bundle_size", "active", NULL
};

/* …and the Master User names the owning outlet */
static const char * const ticket_type_create_fields[] = {
  "name", "category", "price_cents", "display_letter", "subscribers_only", "qualifies_subscriber",
  "other_outlets", "commission_table_id", "bundle_component_id", "bundle_size", "active", "outlet_id", NULL
};

static gboolean
read_flag (JsonObject  *body,
           const char  *member,
           gboolean    *value,
           GError     **error)
{
  gboolean given;
  gboolean present;

  if (!ts_json_check_not_null (body, member, error)
      || !ts_json_get_bool (body, member, FALSE, &given, &present, error))
    return FALSE;
  if (present)
    *value = given;
  return TRUE;
}

/* Lays the body (its members already checked) over type: the stored row, or
 * the defaults of a new one. */
static gboolean
read_ticket_type (JsonObject  *body,
                  gboolean     creating,
                  TicketType  *type,
                  GError     **error)
{
  const char *name, *category, *letter;
  gint64 price, id, size;
  gboolean present, letter_present, bundle_given = FALSE;

  if (!ts_json_field_text (body, "name", NAME_FIELD (creating), 120, &name, NULL, error)
      || !ts_json_check_not_null (body, "category", error)
      || !ts_json_get_string (body, "category", FALSE, &category, NULL, error)
      || !ts_json_field_int (body, "price_cents", TS_JSON_FIELD_NOT_NULL | (creating ? TS_JSON_FIELD_REQUIRED : 0),
                             0, MAX_CENTS, &price, &present, error))
    return FALSE;
  if (name != NULL)
    {
      g_free (type->name);
      type->name = g_strdup (name);
    }
  if (present)
    type->price_cents = price;
  if (category != NULL)
    {
      static const char * const categories[] = {
        "regular", "comp", "subscription", "bundle_component", "non_ticket", NULL
      };

      if (!g_strv_contains (categories, category))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "category: must be regular, comp, subscription, bundle_component or non_ticket");  /* T1 */
          return FALSE;
        }
      g_free (type->category);
      type->category = g_strdup (category);
    }

  /* M5: the upper-case letter a sold seat shows */
  if (!ts_json_get_string (body, "display_letter", FALSE, &letter, &letter_present, error))
    return FALSE;
  if (letter != NULL && *letter != '\0' && (strlen (letter) != 1 || !g_ascii_isupper (letter[0])))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "display_letter: must be one capital letter A–Z");  /* M5 */
      return FALSE;
    }
  if (letter_present)
    {
      g_free (type->display_letter);
      type->display_letter = letter != NULL && *letter != '\0' ? g_strdup (letter) : NULL;
    }

  if (!read_flag (body, "subscribers_only", &type->subscribers_only, error)
      || !read_flag (body, "qualifies_subscriber", &type->qualifies_subscriber, error)
      || !read_flag (body, "other_outlets", &type->other_outlets, error)
      || !read_flag (body, "active", &type->active, error))
    return FALSE;

  /* null clears an id (0) */
  if (!ts_json_field_int (body, "commission_table_id", TS_JSON_FIELD_OPTIONAL, 1, G_MAXINT32, &id, &present, error))
    return FALSE;
  if (present)
    type->commission_table_id = id;
  if (!ts_json_field_int (body, "bundle_component_id", TS_JSON_FIELD_OPTIONAL, 1, G_MAXINT32, &id, &present, error))
    return FALSE;
  if (present)
    type->bundle_component_id = id;
  bundle_given = present;
  if (!ts_json_field_int (body, "bundle_size", TS_JSON_FIELD_NOT_NULL, 0, 100, &size, &present, error))
    return FALSE;
  if (present)
    type->bundle_size = size;
  bundle_given = bundle_given || present;

  /* A type that stops being a subscription stops holding bundle components,
   * unless the body says otherwise (and is then refused below). */
  if (category != NULL && !g_str_equal (category, "subscription") && !bundle_given)
    {
      type->bundle_component_id = 0;
      type->bundle_size = 0;
    }
  return TRUE;
}

/* T1, T3, T5, each refused with its own reason.  The table's constraints say
 * the same; this says it more precisely. */
static gboolean
check_ticket_type (const TicketType  *type,
                   GError           **error)
{
  gboolean subscription = g_str_equal (type->category, "subscription");

  if (g_str_equal (type->category, "comp") && type->price_cents != 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "price_cents: a comp ticket type is free: its price is 0");  /* T1 */
      return FALSE;
    }
  if (subscription && type->bundle_component_id == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "bundle_component_id: a subscription names the bundle-component ticket type its vouchers are for");  /* T3 */
      return FALSE;
    }
  if (subscription && type->bundle_size < 1)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "bundle_size: a subscription holds from 1 to 100 vouchers");  /* T3 */
      return FALSE;
    }
  if (!subscription && (type->bundle_component_id != 0 || type->bundle_size != 0))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "bundle_component_id: only a subscription holds bundle components (bundle_component_id, bundle_size)");  /* T3 */
      return FALSE;
    }
  if (type->other_outlets && !g_str_equal (type->category, "regular"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "other_outlets: other outlets may sell only regular tickets, never subscriptions, bundles, comps "
                   "or non-ticket items");  /* T5 */
      return FALSE;
    }
  if (type->other_outlets && type->commission_table_id == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "commission_table_id: a ticket type sold at other outlets needs a commission table, "
                   "which may be $0.00");  /* T5 */
      return FALSE;
    }
  return TRUE;
}

/* The type's columns as SQL text, in the order of the INSERT and UPDATE
 * parameters $2…$12. */
typedef struct
{
  char *text[11];
} TicketTypeParams;

static void
ticket_type_params_clear (TicketTypeParams *params)
{
  for (guint i = 0; i < G_N_ELEMENTS (params->text); i++)
    g_free (params->text[i]);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TicketTypeParams, ticket_type_params_clear)

static void
ticket_type_params (const TicketType *type,
                    TicketTypeParams *params)
{
  params->text[0] = g_strdup (type->name);
  params->text[1] = g_strdup (type->category);
  params->text[2] = g_strdup_printf ("%" G_GINT64_FORMAT, type->price_cents);
  params->text[3] = g_strdup (type->display_letter);
  params->text[4] = g_strdup (type->subscribers_only ? "t" : "f");
  params->text[5] = g_strdup (type->qualifies_subscriber ? "t" : "f");
  params->text[6] = g_strdup (type->other_outlets ? "t" : "f");
  params->text[7] = type->commission_table_id ? g_strdup_printf ("%" G_GINT64_FORMAT, type->commission_table_id) : NULL;
  params->text[8] = type->bundle_component_id ? g_strdup_printf ("%" G_GINT64_FORMAT, type->bundle_component_id) : NULL;
  params->text[9] = g_strdup_printf ("%" G_GINT64_FORMAT, type->bundle_size);
  params->text[10] = g_strdup (type->active ? "t" : "f");
}

gboolean
ts_api_ticket_types_list (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_list (req, conn, &ticket_types, error);
}

gboolean
ts_api_ticket_type_get (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  return ts_policy_require_setup_reader (req, error)
         && ts_outlet_table_answer_row (req, conn, &ticket_types, error);
}

gboolean
ts_api_ticket_types_create (TsRequest *req,
                            PGconn    *conn,
                            GError   **error)
{
  g_auto(TicketType) type = { .category = g_strdup ("regular"), .active = TRUE };
  g_auto(TicketTypeParams) params = { { 0 } };
  g_autofree char *outlet = NULL;
  g_autoptr(PGresult) inserted = NULL;
  JsonObject *body;
  gint64 outlet_id;
  gboolean outlet_present;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  body = ts_request_body (req, ticket_type_create_fields, error);
  /* outlet_id out of range says "between 1 and …", as it always has here */
  if (body == NULL
      || !ts_json_field_int (body, "outlet_id", TS_JSON_FIELD_NOT_NULL, 1, G_MAXINT32, &outlet_id, &outlet_present, error)
      || !ts_policy_acting_outlet (req, outlet_present, outlet_id, &ticket_type_owner, &outlet, error)
      || !read_ticket_type (body, TRUE, &type, error)
      || !check_ticket_type (&type, error))
    return FALSE;
  ticket_type_params (&type, &params);
  /* the trigger checks that the commission table and bundle component are
   * this outlet's own */
  inserted = ts_pg_exec (conn,
      "INSERT INTO ticket_type (outlet_id, name, category, price_cents, display_letter, subscribers_only,"
      "                         qualifies_subscriber, other_outlets, commission_table_id,"
      "                         bundle_component_id, bundle_size, active)"
      " VALUES ($1::integer, $2, $3, $4::integer, $5, $6::boolean, $7::boolean, $8::boolean, $9::integer,"
      "         $10::integer, $11::integer, $12::boolean) RETURNING id",
      12, (const char *[]) { outlet, params.text[0], params.text[1], params.text[2], params.text[3],
                             params.text[4], params.text[5], params.text[6], params.text[7],
                             params.text[8], params.text[9], params.text[10] },
      error);
  if (inserted == NULL)
    return FALSE;
  return ts_request_answer (req, 201, ts_outlet_table_json (conn, &ticket_types, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_ticket_type_patch (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_auto(TicketType) type = { 0 };
  g_auto(TicketTypeParams) params = { { 0 } };
  g_autoptr(PGresult) stored = NULL;
  g_autoptr(PGresult) updated = NULL;
  JsonObject *body;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  /* the whole row is checked after the change, so it is read under a lock */
  stored = ts_outlet_table_find (req, conn, &ticket_types,
      "SELECT name, category, price_cents, display_letter, subscribers_only, qualifies_subscriber,"
      "       other_outlets, coalesce (commission_table_id, 0), coalesce (bundle_component_id, 0),"
      "       bundle_size, active"
      "  FROM ticket_type WHERE id = $1::integer AND ($2::integer IS NULL OR outlet_id = $2::integer)"
      "   FOR UPDATE",
      id, error);
  if (stored == NULL)
    return FALSE;
  type.name = g_strdup (ts_pg_value (stored, 0, 0));
  type.category = g_strdup (ts_pg_value (stored, 0, 1));
  type.price_cents = g_ascii_strtoll (ts_pg_value (stored, 0, 2), NULL, 10);
  type.display_letter = g_strdup (ts_pg_value (stored, 0, 3));
  type.subscribers_only = g_str_equal (ts_pg_value (stored, 0, 4), "t");
  type.qualifies_subscriber = g_str_equal (ts_pg_value (stored, 0, 5), "t");
  type.other_outlets = g_str_equal (ts_pg_value (stored, 0, 6), "t");
  type.commission_table_id = g_ascii_strtoll (ts_pg_value (stored, 0, 7), NULL, 10);
  type.bundle_component_id = g_ascii_strtoll (ts_pg_value (stored, 0, 8), NULL, 10);
  type.bundle_size = g_ascii_strtoll (ts_pg_value (stored, 0, 9), NULL, 10);
  type.active = g_str_equal (ts_pg_value (stored, 0, 10), "t");

  body = ts_request_body (req, ticket_type_fields, error);
  if (body == NULL
      || !read_ticket_type (body, FALSE, &type, error)
      || !check_ticket_type (&type, error))
    return FALSE;
  ticket_type_params (&type, &params);
  updated = ts_pg_exec (conn,
      "UPDATE ticket_type SET name = $2, category = $3, price_cents = $4::integer, display_letter = $5,"
      "  subscribers_only = $6::boolean, qualifies_subscriber = $7::boolean, other_outlets = $8::boolean,"
      "  commission_table_id = $9::integer, bundle_component_id = $10::integer, bundle_size = $11::integer,"
      "  active = $12::boolean"
      " WHERE id = $1::integer",
      12, (const char *[]) { id, params.text[0], params.text[1], params.text[2], params.text[3],
                             params.text[4], params.text[5], params.text[6], params.text[7],
                             params.text[8], params.text[9], params.text[10] },
      error);
  if (updated == NULL)
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &ticket_types, id, error));
}

/* Redemptions (T2, T4) ---------------------------------------------------------- */

static const char * const redemption_fields[] = {
  "ticket_type_id", "sales_start", "sales_end", "cap", "min_per_order", "max_per_order",
  "promo_codes", "prices", NULL
};

enum
{
  R_SALES_START,
  R_SALES_END,
  R_CAP,
  R_MIN_PER_ORDER,
  R_MAX_PER_ORDER,
  N_REDEMPTION_FIELDS
};

typedef struct
{
  char *present[N_REDEMPTION_FIELDS];   /* "t" / "f" */
  char *value[N_REDEMPTION_FIELDS];     /* SQL text; NULL when absent or cleared */
  char *promo_codes;                    /* JSON array of lower-case words; NULL: not given */
  char *prices;                         /* JSON array of {category, price_cents}; NULL: not given */
} RedemptionInput;

static void
redemption_input_clear (RedemptionInput *input)
{
  for (guint i = 0; i < N_REDEMPTION_FIELDS; i++)
    {
      g_free (input->present[i]);
      g_free (input->value[i]);
    }
  g_free (input->promo_codes);
  g_free (input->prices);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RedemptionInput, redemption_input_clear)

/* T2: promo codes are matched case-insensitively as whole words, so each is
 * one word, stored lower-case, once. */
static gboolean
read_promo_codes (JsonObject       *body,
                  RedemptionInput  *input,
                  GError          **error)
{
  JsonNode *node = json_object_get_member (body, "promo_codes");
  JsonArray *array;
  g_autoptr(GPtrArray) codes = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) list = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "promo_codes: must be a list of words");
      return FALSE;
    }
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (array != NULL && json_array_get_length (array) > 100)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "promo_codes: at most 100 codes");
      return FALSE;
    }
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *code = NULL;

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING
          || !g_utf8_validate (json_node_get_string (element), -1, NULL))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "promo_codes[%u]: must be a word", i);
          return FALSE;
        }
      code = g_utf8_strdown (json_node_get_string (element), -1);
      g_strstrip (code);
      if (!g_regex_match_simple ("^[a-z0-9_-]{2,40}$", code, 0, 0))
        {
          g_autofree char *quoted = ts_validate_quote (json_node_get_string (element));

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "promo_codes[%u]: %s is not one word of 2–40 letters, digits, - or _",  /* T2 */
                       i, quoted);
          return FALSE;
        }
      if (g_ptr_array_find_with_equal_func (codes, code, g_str_equal, NULL))
        continue;
      json_builder_add_string_value (builder, code);
      g_ptr_array_add (codes, g_steal_pointer (&code));
    }
  json_builder_end_array (builder);
  list = json_builder_get_root (builder);
  input->promo_codes = json_to_string (list, FALSE);
  return TRUE;
}

/* T4: a price per price zone (a category of the event's map); the list
 * replaces the stored one, and zones without a price sell at the ticket
 * type's.  zones: the map's categories; comp: the type is a comp (T1). */
static gboolean
read_prices (JsonObject       *body,
             GPtrArray        *zones,
             gboolean          comp,
             RedemptionInput  *input,
             GError          **error)
{
  static const char * const price_fields[] = { "category", "price_cents", NULL };
  JsonNode *node = json_object_get_member (body, "prices");
  JsonArray *array;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) list = NULL;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_NULL (node) && !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "prices: must be a list of {category, price_cents}");
      return FALSE;
    }
  array = JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  json_builder_begin_array (builder);
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *price = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *category;
      gint64 cents;

      if (price == NULL)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "prices[%u]: must be {category, price_cents}", i);
          return FALSE;
        }
      if (!ts_json_check_members (price, price_fields, error)
          || !ts_json_get_string (price, "category", TRUE, &category, NULL, error)
          || !ts_json_get_int (price, "price_cents", TRUE, &cents, NULL, error)
          || !ts_validate_int_range ("price_cents", cents, 0, MAX_CENTS, error))
        {
          g_prefix_error (error, "prices[%u].", i);
          return FALSE;
        }
      if (!g_ptr_array_find_with_equal_func (zones, category, g_str_equal, NULL))
        {
          g_autofree char *quoted = ts_validate_quote (category);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "prices[%u].category: %s is not a price zone of this event's map", i, quoted);  /* T4 */
          return FALSE;
        }
      if (!g_hash_table_add (seen, (gpointer) category))
        {
          g_autofree char *quoted = ts_validate_quote (category);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "prices[%u].category: %s has a price already", i, quoted);
          return FALSE;
        }
      if (comp && cents != 0)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "prices[%u].price_cents: a comp ticket type is free in every zone", i);  /* T1 */
          return FALSE;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, category);
      json_builder_set_member_name (builder, "price_cents");
      json_builder_add_int_value (builder, cents);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  list = json_builder_get_root (builder);
  input->prices = json_to_string (list, FALSE);
  return TRUE;
}

static gboolean
read_redemption (JsonObject       *body,
                 GPtrArray        *zones,
                 gboolean          comp,
                 RedemptionInput  *input,
                 GError          **error)
{
  static const char * const names[] = { "sales_start", "sales_end", "cap", "min_per_order", "max_per_order" };

  for (guint i = 0; i < N_REDEMPTION_FIELDS; i++)
    {
      gboolean present = FALSE;

      if (i == R_SALES_START || i == R_SALES_END)
        {
          const char *text;

          if (!ts_json_get_string (body, names[i], FALSE, &text, &present, error)
              || (text != NULL && !ts_validate_timestamp (names[i], text, error)))
            return FALSE;
          input->value[i] = g_strdup (text);
        }
      else
        {
          gint64 count;

          /* only min_per_order cannot be cleared: it is 1 at least */
          if (!ts_json_field_int (body, names[i], i == R_MIN_PER_ORDER ? TS_JSON_FIELD_NOT_NULL : TS_JSON_FIELD_OPTIONAL,
                                  i == R_CAP ? 0 : 1, 1000000, &count, &present, error))
            return FALSE;
          if (present && !json_object_get_null_member (body, names[i]))
            input->value[i] = g_strdup_printf ("%" G_GINT64_FORMAT, count);
        }
      input->present[i] = g_strdup (present ? "t" : "f");
    }
  return read_promo_codes (body, input, error) && read_prices (body, zones, comp, input, error);
}

/* The price zones of the map of a performance's event (T4). */
static GPtrArray *
price_zones (PGconn      *conn,
             const char  *performance,
             GError     **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn,
      "SELECT c ->> 'name' FROM performance p JOIN event e ON e.id = p.event_id"
      "  JOIN theatre_map m ON m.id = e.map_id,"
      "  jsonb_array_elements (coalesce (m.plan -> 'categories', '[]')) c"
      " WHERE p.id = $1::integer AND c ->> 'name' IS NOT NULL",
      1, (const char *[]) { performance }, error);
  g_autoptr(GPtrArray) zones = NULL;

  if (result == NULL)
    return NULL;
  zones = g_ptr_array_new_with_free_func (g_free);
  for (int i = 0; i < PQntuples (result); i++)
    g_ptr_array_add (zones, g_strdup (ts_pg_value (result, i, 0)));
  return g_steal_pointer (&zones);
}

static gboolean
store_prices (PGconn      *conn,
              const char  *redemption,
              const char  *prices,
              GError     **error)
{
  g_autoptr(PGresult) removed = NULL;
  g_autoptr(PGresult) stored = NULL;

  if (prices == NULL)
    return TRUE;
  /* only the differences, so the audit shows what changed (R1) */
  removed = ts_pg_exec (conn,
      "DELETE FROM redemption_price WHERE redemption_id = $1::integer"
      "   AND category NOT IN (SELECT x ->> 'category' FROM jsonb_array_elements ($2::jsonb) x)",
      2, (const char *[]) { redemption, prices }, error);
  if (removed == NULL)
    return FALSE;
  stored = ts_pg_exec (conn,
      "INSERT INTO redemption_price (redemption_id, category, price_cents)"
      " SELECT $1::integer, x ->> 'category', (x ->> 'price_cents')::integer FROM jsonb_array_elements ($2::jsonb) x"
      " ON CONFLICT (redemption_id, category) DO UPDATE SET price_cents = EXCLUDED.price_cents"
      "   WHERE redemption_price.price_cents <> EXCLUDED.price_cents",
      2, (const char *[]) { redemption, prices }, error);
  return stored != NULL;
}

gboolean
ts_api_redemptions_list (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  g_autofree char *performance = ts_request_id_string (req, 0);
  JsonNode *node;

  if (!ts_policy_require_setup_reader (req, error)
      || !ts_outlet_table_check (req, conn, &performances, performance, error))
    return FALSE;
  node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("redemptions", REDEMPTION_JSON, "t.name, r.id") REDEMPTION_FROM
      " WHERE r.performance_id = $1::integer",
      1, (const char *[]) { performance }, error);
  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_redemptions_create (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  g_autofree char *performance = ts_request_id_string (req, 0);
  g_autofree char *owner = NULL;
  g_autofree char *type_text = NULL;
  g_autoptr(GPtrArray) zones = NULL;
  g_autoptr(PGresult) type = NULL;
  g_autoptr(PGresult) inserted = NULL;
  g_auto(RedemptionInput) input = { { 0 } };
  JsonObject *body;
  gint64 type_id;
  const char **v = (const char **) input.value;

  if (!ts_policy_require_season_setup (req, error)
      || (owner = ts_outlet_table_owner (req, conn, &performances, performance, error)) == NULL)
    return FALSE;
  body = ts_request_body (req, redemption_fields, error);
  /* out of range, the id says "between 1 and …", as it always has here */
  if (body == NULL
      || !ts_json_field_int (body, "ticket_type_id", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_NULL, 1, G_MAXINT32,
                             &type_id, NULL, error))
    return FALSE;
  /* T2: a redemption names one of the owning outlet's ticket types */
  type_text = g_strdup_printf ("%" G_GINT64_FORMAT, type_id);
  type = ts_pg_exec (conn, "SELECT category, active FROM ticket_type WHERE id = $1::integer AND outlet_id = $2::integer",
                     2, (const char *[]) { type_text, owner }, error);
  if (type == NULL)
    return FALSE;
  if (PQntuples (type) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "ticket_type_id: not one of this outlet's ticket types");
      return FALSE;
    }
  if (g_str_equal (ts_pg_value (type, 0, 1), "f"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "ticket_type_id: the ticket type is inactive; make it active to offer it again");
      return FALSE;
    }
  zones = price_zones (conn, performance, error);
  if (zones == NULL
      || !read_redemption (body, zones, g_str_equal (ts_pg_value (type, 0, 0), "comp"), &input, error))
    return FALSE;

  /* The table's constraints order the window and the per-order limits, and
   * keep one redemption per type and performance (their messages name the
   * field). */
  inserted = ts_pg_exec (conn,
      "INSERT INTO redemption (outlet_id, ticket_type_id, performance_id, sales_start, sales_end, cap,"
      "                        min_per_order, max_per_order, promo_codes)"
      " VALUES ($1::integer, $2::integer, $3::integer, $4::timestamptz, $5::timestamptz, $6::integer,"
      "         coalesce ($7::integer, 1), $8::integer,"
      "         ARRAY (SELECT jsonb_array_elements_text (coalesce ($9::jsonb, '[]'))))"
      " RETURNING id",
      9, (const char *[]) { owner, type_text, performance, v[R_SALES_START], v[R_SALES_END], v[R_CAP],
                            v[R_MIN_PER_ORDER], v[R_MAX_PER_ORDER], input.promo_codes },
      error);
  if (inserted == NULL || !store_prices (conn, ts_pg_value (inserted, 0, 0), input.prices, error))
    return FALSE;
  return ts_request_answer (req, 201, ts_outlet_table_json (conn, &redemptions, ts_pg_value (inserted, 0, 0), error));
}

gboolean
ts_api_redemption_patch (TsRequest *req,
                         PGconn    *conn,
                         GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(GPtrArray) zones = NULL;
  g_autoptr(PGresult) stored = NULL;
  g_autoptr(PGresult) updated = NULL;
  g_auto(RedemptionInput) input = { { 0 } };
  JsonObject *body;
  const char **v = (const char **) input.value;
  const char **p = (const char **) input.present;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  stored = ts_outlet_table_find (req, conn, &redemptions,
      "SELECT r.performance_id, t.category FROM redemption r JOIN ticket_type t ON t.id = r.ticket_type_id"
      " WHERE r.id = $1::integer AND ($2::integer IS NULL OR r.outlet_id = $2::integer)",
      id, error);
  if (stored == NULL)
    return FALSE;
  body = ts_request_body (req, redemption_fields, error);
  if (body == NULL)
    return FALSE;
  if (json_object_has_member (body, "ticket_type_id"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "ticket_type_id: a redemption's ticket type cannot change; add a redemption for the other type");
      return FALSE;
    }
  zones = price_zones (conn, ts_pg_value (stored, 0, 0), error);
  if (zones == NULL
      || !read_redemption (body, zones, g_str_equal (ts_pg_value (stored, 0, 1), "comp"), &input, error))
    return FALSE;

  updated = ts_pg_exec (conn,
      "UPDATE redemption SET"
      "  sales_start = CASE WHEN $2::boolean THEN $3::timestamptz ELSE sales_start END,"
      "  sales_end = CASE WHEN $4::boolean THEN $5::timestamptz ELSE sales_end END,"
      "  cap = CASE WHEN $6::boolean THEN $7::integer ELSE cap END,"
      "  min_per_order = coalesce ($8::integer, min_per_order),"
      "  max_per_order = CASE WHEN $9::boolean THEN $10::integer ELSE max_per_order END,"
      "  promo_codes = CASE WHEN $11::jsonb IS NULL THEN promo_codes"
      "                     ELSE ARRAY (SELECT jsonb_array_elements_text ($11::jsonb)) END"
      " WHERE id = $1::integer",
      11, (const char *[]) { id, p[R_SALES_START], v[R_SALES_START], p[R_SALES_END], v[R_SALES_END],
                             p[R_CAP], v[R_CAP], v[R_MIN_PER_ORDER], p[R_MAX_PER_ORDER], v[R_MAX_PER_ORDER],
                             input.promo_codes },
      error);
  if (updated == NULL || !store_prices (conn, id, input.prices, error))
    return FALSE;
  return ts_request_answer (req, 200, ts_outlet_table_json (conn, &redemptions, id, error));
}

/* T2: a redemption that has sold tickets stays (its count is the cap's
 * measure and the sales refer to it); ending its sales is the way out. */
gboolean
ts_api_redemption_delete (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autoptr(PGresult) stored = NULL;
  g_autoptr(PGresult) deleted = NULL;

  if (!ts_policy_require_season_setup (req, error))
    return FALSE;
  /* locked, so no sale slips in between the check and the delete */
  stored = ts_outlet_table_find (req, conn, &redemptions,
      "SELECT sold FROM redemption WHERE id = $1::integer AND ($2::integer IS NULL OR outlet_id = $2::integer)"
      "   FOR UPDATE",
      id, error);
  if (stored == NULL)
    return FALSE;
  if (!g_str_equal (ts_pg_value (stored, 0, 0), "0"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_CONFLICT,
                   "This redemption has sold %s ticket(s): it cannot be deleted; end its sales (sales_end) "
                   "instead", ts_pg_value (stored, 0, 0));  /* T2 */
      return FALSE;
    }
  deleted = ts_pg_exec (conn, "DELETE FROM redemption WHERE id = $1::integer", 1, (const char *[]) { id }, error);
  return deleted != NULL && ts_request_answer_no_content (req);
}

/* Hold letters (M8): system-wide, so the Master User's (C2) ------------------- */

static gboolean
check_letter (TsRequest  *req,
              GError    **error)
{
  const char *letter = req->key;

  if (letter == NULL || strlen (letter) != 1 || letter[0] < 'a' || letter[0] > 'z')
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "letter: a hold letter is one lower-case letter a–z");  /* M8 */
      return FALSE;
    }
  return TRUE;
}

gboolean
ts_api_hold_letters_list (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  JsonNode *node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("hold_letters", HOLD_LETTER_JSON, "h.letter")
      "  FROM hold_letter h",
      0, NULL, error);

  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_hold_letter_put (TsRequest *req,
                        PGconn    *conn,
                        GError   **error)
{
  static const char * const allowed[] = { "description", "color", "min_level", NULL };
  JsonObject *body;
  const char *description, *color, *level_name;
  TsLevel level = TS_LEVEL_BOX_OFFICE;
  g_autofree char *upper = NULL;
  g_autoptr(PGresult) stored = NULL;

  if (!ts_policy_require_master (req, "set the system-wide hold letters", error)  /* M8 */
      || !check_letter (req, error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_field_text (body, "description", TS_JSON_FIELD_REQUIRED | TS_JSON_FIELD_NOT_BLANK, 120,
                              &description, NULL, error)
      || !ts_json_get_string (body, "color", TRUE, &color, NULL, error)
      || !ts_json_get_string (body, "min_level", FALSE, &level_name, NULL, error))
    return FALSE;
  if (!g_regex_match_simple ("^#[0-9A-Fa-f]{6}$", color, 0, 0))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "color: must be a colour like #8E44AD");
      return FALSE;
    }
  /* M8: the lowest level that may set and release the letter (C4) */
  if (level_name != NULL && (!ts_level_from_string (level_name, &level) || level < TS_LEVEL_WALKUP))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "min_level: must be walkup, box_office, box_office_manager, outlet_admin or master");  /* M8 */
      return FALSE;
    }
  upper = g_ascii_strup (color, -1);
  stored = ts_pg_exec (conn,
      "INSERT INTO hold_letter (letter, description, color, min_level) VALUES ($1, $2, $3, $4)"
      " ON CONFLICT (letter) DO UPDATE SET description = EXCLUDED.description, color = EXCLUDED.color,"
      "   min_level = EXCLUDED.min_level",
      4, (const char *[]) { req->key, description, upper, ts_level_to_string (level) }, error);
  if (stored == NULL)
    return FALSE;
  return ts_request_answer (req, 200,
                            ts_pg_exec_json (conn, "SELECT " HOLD_LETTER_JSON " FROM hold_letter h WHERE h.letter = $1",
                                             1, (const char *[]) { req->key }, error));
}

/* The letter also leaves every outlet's list of letters other outlets may
 * release (M8). */
gboolean
ts_api_hold_letter_delete (TsRequest *req,
                           PGconn    *conn,
                           GError   **error)
{
  g_autoptr(PGresult) deleted = NULL;
  g_autoptr(PGresult) released = NULL;

  if (!ts_policy_require_master (req, "set the system-wide hold letters", error)  /* M8 */
      || !check_letter (req, error))
    return FALSE;
  deleted = ts_pg_exec (conn, "DELETE FROM hold_letter WHERE letter = $1", 1, (const char *[]) { req->key }, error);
  if (deleted == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (deleted), "0"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such hold letter");
      return FALSE;
    }
  released = ts_pg_exec (conn,
      "UPDATE outlet SET releasable_hold_letters = replace (releasable_hold_letters, $1, '')"
      " WHERE strpos (releasable_hold_letters, $1) > 0",
      1, (const char *[]) { req->key }, error);
  return released != NULL && ts_request_answer_no_content (req);
}
