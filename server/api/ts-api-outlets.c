/* ts-api-outlets.c — the outlet directory, outlets and their preferences (C1, C2, C7),
 * their web storefront's settings among them (F3) */
#include <string.h>

#include "ts-api.h"
#include "ts-error.h"
#include "ts-json-field.h"
#include "ts-json.h"
#include "ts-pg.h"
#include "ts-policy.h"
#include "ts-row-lookup.h"
#include "ts-sql-json.h"
#include "ts-validate.h"

#define OUTLET_JSON \
  "jsonb_build_object ('id', o.id, 'code', o.code, 'name', o.name, 'address', o.address," \
  " 'phone', o.phone, 'email', o.email, 'web_site', o.web_site, 'time_zone', o.time_zone," \
  " 'currency', o.currency, 'logo_svg', o.logo_svg, 'logo', o.logo," \
  " 'default_hold_minutes', o.default_hold_minutes," \
  " 'releasable_hold_letters', o.releasable_hold_letters," \
  " 'payment_methods', to_jsonb (o.payment_methods)," \
  " 'receipt_header', o.receipt_header, 'receipt_footer', o.receipt_footer," \
  " 'web_enabled', o.web_enabled, 'web_host', o.web_host, 'web_colour', o.web_colour," \
  " 'web_intro_en', o.web_intro_en, 'web_intro_fr', o.web_intro_fr, 'web_cancel_hours', o.web_cancel_hours," \
  " 'created_at', o.created_at, 'updated_at', o.updated_at)"

/* The editable preferences, in the order of the UPDATE's parameters. */
typedef gboolean (*Validator) (const char *field, const char *value, GError **error);

typedef struct
{
  const char *name;
  gboolean    nullable;
  gsize       max_len;
  Validator   validate;
} Preference;

static gboolean
validate_svg (const char *field, const char *value, GError **error)
{
  return ts_validate_svg (field, value, 256 * 1024, error);
}

static const Preference preferences[] = {
  { "name", FALSE, 120, NULL },
  { "address", TRUE, 500, NULL },
  { "phone", TRUE, 40, ts_validate_phone },
  { "email", TRUE, 254, ts_validate_email },
  { "web_site", TRUE, 300, ts_validate_web_site },
  { "time_zone", FALSE, 64, ts_validate_time_zone },
  { "currency", FALSE, 3, ts_validate_currency },
  { "logo_svg", TRUE, 256 * 1024, validate_svg },
  /* C7: printed above and below the lines of the outlet's receipts */
  { "receipt_header", TRUE, 500, NULL },
  { "receipt_footer", TRUE, 500, NULL },
};
#define N_PREFERENCES G_N_ELEMENTS (preferences)
#define TIME_ZONE_PREFERENCE 5          /* preferences[5] */
/* …followed by default_hold_minutes, the one integer preference; creating an
 * outlet reads the first eight and the minutes (the receipt texts come later). */

typedef struct
{
  char *present[N_PREFERENCES + 1];   /* "t" / "f" */
  char *value[N_PREFERENCES + 1];
} PreferenceValues;

static void
preference_values_clear (PreferenceValues *values)
{
  for (guint i = 0; i <= N_PREFERENCES; i++)
    {
      g_free (values->present[i]);
      g_free (values->value[i]);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PreferenceValues, preference_values_clear)

static gboolean
read_preferences (JsonObject       *body,
                  gboolean          creating,
                  PreferenceValues *values,
                  GError          **error)
{
  gint64 minutes;
  gboolean present;

  for (guint i = 0; i < N_PREFERENCES; i++)
    {
      const Preference *pref = &preferences[i];
      const char *value;
      gboolean required = creating && g_str_equal (pref->name, "name");
      JsonNode *node = json_object_get_member (body, pref->name);

      if (!ts_json_get_string (body, pref->name, required, &value, &present, error))
        return FALSE;
      if (present && !pref->nullable && JSON_NODE_HOLDS_NULL (node))
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "%s: cannot be empty", pref->name);
          return FALSE;
        }
      if (value != NULL && *value == '\0' && pref->nullable)
        value = NULL;               /* an emptied field clears it */
      if (value != NULL)
        {
          if (!pref->nullable && !ts_validate_required (pref->name, value, pref->max_len, error))
            return FALSE;
          if (!ts_validate_optional (pref->name, value, pref->max_len, error))
            return FALSE;
          if (pref->validate != NULL && !pref->validate (pref->name, value, error))
            return FALSE;
        }
      values->present[i] = g_strdup (present ? "t" : "f");
      values->value[i] = g_strdup (value);
    }

  if (!ts_json_field_int (body, "default_hold_minutes", TS_JSON_FIELD_NOT_NULL, 1, 1440, &minutes, &present, error))
    return FALSE;
  values->present[N_PREFERENCES] = g_strdup (present ? "t" : "f");
  values->value[N_PREFERENCES] = present ? g_strdup_printf ("%" G_GINT64_FORMAT, minutes) : NULL;
  return TRUE;
}

/* The zone must also be one the database knows: every date of the outlet
 * is computed there (AT TIME ZONE), and a zone GLib reads but PostgreSQL
 * does not would break them all.  index is the time zone's preference. */
static gboolean
check_zone_in_database (PGconn            *conn,
                        PreferenceValues  *values,
                        guint              index,
                        GError           **error)
{
  g_autoptr(PGresult) known = NULL;

  if (values->value[index] == NULL)
    return TRUE;
  known = ts_pg_exec (conn, "SELECT 1 FROM pg_timezone_names WHERE name = $1",
                      1, (const char *[]) { values->value[index] }, error);
  if (known == NULL)
    return FALSE;
  if (PQntuples (known) == 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "time_zone: is not a known time zone (expected for example America/Toronto)");
      return FALSE;
    }
  return TRUE;
}

/* M8: the hold letters other outlets' agents may release on this outlet's
 * performances: hold letters a–z, each once, in order ("cp").  NULL when
 * the body does not give them. */
static gboolean
read_releasable_letters (PGconn      *conn,
                         JsonObject  *body,
                         char       **out_letters,
                         GError     **error)
{
  const char *given;
  gboolean present;
  gboolean wanted[26] = { FALSE };
  g_autoptr(GString) letters = g_string_new (NULL);
  g_autoptr(PGresult) known = NULL;

  *out_letters = NULL;
  if (!ts_json_get_string (body, "releasable_hold_letters", FALSE, &given, &present, error))
    return FALSE;
  if (!present)
    return TRUE;
  for (const char *p = given ? given : ""; *p != '\0'; p++)
    {
      if (*p < 'a' || *p > 'z')
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "releasable_hold_letters: must be hold letters a–z, such as \"cp\"");  /* M8 */
          return FALSE;
        }
      wanted[*p - 'a'] = TRUE;
    }
  known = ts_pg_exec (conn, "SELECT letter FROM hold_letter", 0, NULL, error);
  if (known == NULL)
    return FALSE;
  for (int i = 0; i < 26; i++)
    {
      gboolean exists = FALSE;

      if (!wanted[i])
        continue;
      for (int row = 0; row < PQntuples (known); row++)
        exists = exists || ts_pg_value (known, row, 0)[0] == 'a' + i;
      if (!exists)
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "releasable_hold_letters: “%c” is not a hold letter", 'a' + i);  /* M8 */
          return FALSE;
        }
      g_string_append_c (letters, 'a' + i);
    }
  *out_letters = g_strdup (letters->str);
  return TRUE;
}

/* The methods a checkout may be paid by (ts_order_pay), in the order the
 * outlet's preferences list them. */
static const char * const payment_methods[] = {
  "cash", "cheque", "card", "gift_certificate", "pass", "on_account"
};

/* C7, S4: the payment methods the outlet's tills take, as a PostgreSQL
 * array of known names ("{cash,card}"); NULL when the body does not give
 * them.  At least one: an outlet that takes nothing could sell nothing. */
static gboolean
read_payment_methods (JsonObject  *body,
                      char       **out_methods,
                      GError     **error)
{
  JsonArray *given = NULL;
  gboolean wanted[G_N_ELEMENTS (payment_methods)] = { FALSE };
  g_autoptr(GString) methods = g_string_new ("{");

  *out_methods = NULL;
  if (!ts_json_get_array (body, "payment_methods", FALSE, &given, error))
    return FALSE;
  if (given == NULL)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (given); i++)
    {
      const char *method;
      guint known;

      if (!ts_json_element_string (given, i, "payment_methods", &method, error))
        return FALSE;
      for (known = 0; known < G_N_ELEMENTS (payment_methods); known++)
        if (g_str_equal (method, payment_methods[known]))
          break;
      if (known == G_N_ELEMENTS (payment_methods))
        {
          g_autofree char *quoted = ts_validate_quote (method);

          g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                       "payment_methods: %s is not a payment method (cash, cheque, card, gift_certificate,"
                       " pass, on_account)", quoted);
          return FALSE;
        }
      if (wanted[known])
        {
          g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "payment_methods: %s is given twice", method);
          return FALSE;
        }
      wanted[known] = TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (payment_methods); i++)
    if (wanted[i])
      g_string_append_printf (methods, "%s%s", methods->len > 1 ? "," : "", payment_methods[i]);
  if (methods->len == 1)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "payment_methods: the outlet must take at least one payment method");
      return FALSE;
    }
  g_string_append_c (methods, '}');
  *out_methods = g_string_free (g_steal_pointer (&methods), FALSE);
  return TRUE;
}

/* Storefront (F3) ---------------------------------------------------------- */

/* An outlet's web storefront, in the order of its UPDATE's parameters. */
enum
{
  W_ENABLED,
  W_HOST,
  W_COLOUR,
  W_INTRO_EN,
  W_INTRO_FR,
  W_CANCEL_HOURS,
  N_WEB
};

typedef struct
{
  char     *present[N_WEB];     /* "t" / "f" */
  char     *value[N_WEB];       /* SQL text; NULL when absent or cleared */
  gboolean  any;
} WebValues;

static void
web_values_clear (WebValues *values)
{
  for (guint i = 0; i < N_WEB; i++)
    {
      g_free (values->present[i]);
      g_free (values->value[i]);
    }
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WebValues, web_values_clear)

static void
web_value (WebValues *values,
           guint      field,
           gboolean   present,
           char      *value)
{
  values->present[field] = g_strdup (present ? "t" : "f");
  values->value[field] = value;
  values->any = values->any || present;
}

/* F3: whether the storefront is open, its own host name (kept in lower case,
 * null or "" for none; another outlet's is a conflict, said by the unique
 * index), its colour (#rrggbb, kept in lower case), its welcome texts in
 * English and French (null or "" for none) and how many hours before a
 * performance patrons may still cancel their web orders (null: never). */
static gboolean
read_storefront (JsonObject  *body,
                 WebValues   *values,
                 GError     **error)
{
  static const char * const intros[] = { "web_intro_en", "web_intro_fr" };
  g_autofree char *host = NULL;
  gboolean enabled, present;
  const char *text;
  gint64 hours;

  if (!ts_json_check_not_null (body, "web_enabled", error)
      || !ts_json_get_bool (body, "web_enabled", FALSE, &enabled, &present, error))
    return FALSE;
  web_value (values, W_ENABLED, present, present ? g_strdup (enabled ? "t" : "f") : NULL);

  if (!ts_json_field_text (body, "web_host", TS_JSON_FIELD_OPTIONAL, 253, &text, &present, error)
      || !ts_validate_host_name ("web_host", text, error))
    return FALSE;
  /* blank clears it, as null does (ts_validate_host_name passes blank) */
  host = g_strstrip (g_ascii_strdown (text != NULL ? text : "", -1));
  web_value (values, W_HOST, present, *host != '\0' ? g_steal_pointer (&host) : NULL);

  if (!ts_json_field_text (body, "web_colour", TS_JSON_FIELD_NOT_NULL, 7, &text, &present, error)
      || (present && !ts_validate_colour ("web_colour", text, error)))
    return FALSE;
  web_value (values, W_COLOUR, present, present ? g_ascii_strdown (text, -1) : NULL);

  for (guint i = 0; i < G_N_ELEMENTS (intros); i++)
    {
      if (!ts_json_field_text (body, intros[i], TS_JSON_FIELD_OPTIONAL, 2000, &text, &present, error))
        return FALSE;
      web_value (values, W_INTRO_EN + i, present, g_strdup (text != NULL ? text : ""));
    }

  /* a year at most */
  if (!ts_json_field_int (body, "web_cancel_hours", TS_JSON_FIELD_OPTIONAL, 1, 8760, &hours, &present, error))
    return FALSE;
  web_value (values, W_CANCEL_HOURS, present,
             present && !json_object_get_null_member (body, "web_cancel_hours")
             ? g_strdup_printf ("%" G_GINT64_FORMAT, hours) : NULL);
  return TRUE;
}

static gboolean
store_storefront (PGconn      *conn,
                  const char  *id,
                  WebValues   *values,
                  GError     **error)
{
  g_autoptr(PGresult) result = NULL;
  const char *params[1 + 2 * N_WEB];

  if (!values->any)
    return TRUE;
  params[0] = id;
  for (guint i = 0; i < N_WEB; i++)
    {
      params[1 + 2 * i] = values->present[i];
      params[2 + 2 * i] = values->value[i];
    }
  result = ts_pg_exec (conn,
      "UPDATE outlet SET"
      "  web_enabled = CASE WHEN $2::boolean THEN $3::boolean ELSE web_enabled END,"
      "  web_host = CASE WHEN $4::boolean THEN $5 ELSE web_host END,"
      "  web_colour = CASE WHEN $6::boolean THEN $7 ELSE web_colour END,"
      "  web_intro_en = CASE WHEN $8::boolean THEN $9 ELSE web_intro_en END,"
      "  web_intro_fr = CASE WHEN $10::boolean THEN $11 ELSE web_intro_fr END,"
      "  web_cancel_hours = CASE WHEN $12::boolean THEN $13::integer ELSE web_cancel_hours END"
      " WHERE id = $1::integer",
      G_N_ELEMENTS (params), params, error);
  return result != NULL;
}

gboolean
ts_api_outlets_directory (TsRequest *req,
                          PGconn    *conn,
                          GError   **error)
{
  JsonNode *node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("outlets", "jsonb_build_object ('id', id, 'code', code, 'name', name)", "name")
      "  FROM outlet",
      0, NULL, error);

  return ts_request_answer (req, 200, node);
}

gboolean
ts_api_outlets_list (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  g_autofree char *own = ts_policy_outlet_param (req);
  JsonNode *node = ts_pg_exec_json (conn,
      TS_SQL_JSON_LIST ("outlets", OUTLET_JSON, "o.name")
      "  FROM outlet o WHERE $1::integer IS NULL OR o.id = $1::integer",
      1, (const char *[]) { own }, error);

  return ts_request_answer (req, 200, node);
}

static JsonNode *
outlet_json (PGconn      *conn,
             const char  *id,
             GError     **error)
{
  return ts_row_lookup_json (conn, "outlet", "SELECT " OUTLET_JSON " FROM outlet o WHERE o.id = $1::integer",
                             1, (const char *[]) { id }, error);
}

gboolean
ts_api_outlet_get (TsRequest *req,
                   PGconn    *conn,
                   GError   **error)
{
  g_autofree char *id = ts_request_id_string (req, 0);

  if (!ts_policy_require_outlet_member (req, req->ids[0], error))
    return FALSE;
  return ts_request_answer (req, 200, outlet_json (conn, id, error));
}

/* F1: the logo ticket faces show ({{owner_logo}}): a PNG or SVG image as a
 * data: URI, drawn by librsvg on every ticket; "" removes it.  *out_logo
 * stays NULL when absent. */
static gboolean
read_logo (JsonObject  *body,
           char       **out_logo,
           gboolean    *out_present,
           GError     **error)
{
  static const char * const prefixes[] = { "data:image/png;base64,", "data:image/svg+xml;base64,", NULL };
  const char *logo;
  g_autofree guchar *image = NULL;
  gsize size = 0;

  *out_logo = NULL;
  if (!ts_json_get_string (body, "logo", FALSE, &logo, out_present, error))
    return FALSE;
  if (logo == NULL || *logo == '\0')
    return TRUE;
  if (strlen (logo) > 256 * 1024)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "logo: is larger than 256 KB");
      return FALSE;
    }
  for (guint i = 0; prefixes[i] != NULL && image == NULL; i++)
    if (g_str_has_prefix (logo, prefixes[i])
        && g_regex_match_simple ("^[A-Za-z0-9+/]*={0,2}$", logo + strlen (prefixes[i]), 0, 0))
      {
        image = g_base64_decode (logo + strlen (prefixes[i]), &size);
        /* a PNG starts with its signature; an SVG is checked as any logo */
        if (i == 0 ? size < 8 || memcmp (image, "\x89PNG\r\n\x1a\n", 8) != 0
                   : !g_utf8_validate ((const char *) image, size, NULL))
          g_clear_pointer (&image, g_free);
        else if (i == 1)
          {
            g_autofree char *svg = g_strndup ((const char *) image, size);

            if (!ts_validate_svg ("logo", svg, 256 * 1024, error))
              return FALSE;
          }
      }
  if (image == NULL)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "logo: must be a PNG or SVG image as a data: URI (data:image/png;base64,…)");
      return FALSE;
    }
  *out_logo = g_strdup (logo);
  return TRUE;
}

gboolean
ts_api_outlet_patch (TsRequest *req,
                     PGconn    *conn,
                     GError   **error)
{
  static const char * const allowed[] = {
    "name", "address", "phone", "email", "web_site", "time_zone", "currency", "logo_svg",
    "default_hold_minutes", "releasable_hold_letters", "payment_methods", "receipt_header", "receipt_footer",
    "logo", "web_enabled", "web_host", "web_colour", "web_intro_en", "web_intro_fr", "web_cancel_hours", NULL
  };
  g_autofree char *id = ts_request_id_string (req, 0);
  g_autofree char *letters = NULL;
  g_autofree char *methods = NULL;
  g_autofree char *logo = NULL;
  gboolean logo_present = FALSE;
  JsonObject *body;
  g_auto(PreferenceValues) values = { { 0 } };
  g_auto(WebValues) web = { { 0 } };
  g_autoptr(PGresult) result = NULL;
  const char *params[1 + 2 * (N_PREFERENCES + 1) + 4];

  if (!ts_policy_require_outlet_admin (req, req->ids[0], error))
    return FALSE;
  body = ts_request_body_object (req, error);
  if (body == NULL)
    return FALSE;
  if (json_object_has_member (body, "code"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID, "code: an outlet's code cannot be changed");
      return FALSE;
    }
  if (!ts_json_check_members (body, allowed, error)
      || !read_releasable_letters (conn, body, &letters, error)
      || !read_payment_methods (body, &methods, error)
      || !read_logo (body, &logo, &logo_present, error)
      || !read_preferences (body, FALSE, &values, error)
      || !read_storefront (body, &web, error)
      || !check_zone_in_database (conn, &values, TIME_ZONE_PREFERENCE, error))
    return FALSE;

  params[0] = id;
  for (guint i = 0; i <= N_PREFERENCES; i++)
    {
      params[1 + 2 * i] = values.present[i];
      params[2 + 2 * i] = values.value[i];
    }
  params[G_N_ELEMENTS (params) - 4] = letters != NULL ? "t" : "f";
  params[G_N_ELEMENTS (params) - 3] = letters;
  params[G_N_ELEMENTS (params) - 2] = methods != NULL ? "t" : "f";
  params[G_N_ELEMENTS (params) - 1] = methods;
  result = ts_pg_exec (conn,
      "UPDATE outlet SET"
      "  name = CASE WHEN $2::boolean THEN $3 ELSE name END,"
      "  address = CASE WHEN $4::boolean THEN $5 ELSE address END,"
      "  phone = CASE WHEN $6::boolean THEN $7 ELSE phone END,"
      "  email = CASE WHEN $8::boolean THEN $9 ELSE email END,"
      "  web_site = CASE WHEN $10::boolean THEN $11 ELSE web_site END,"
      "  time_zone = CASE WHEN $12::boolean THEN $13 ELSE time_zone END,"
      "  currency = CASE WHEN $14::boolean THEN $15 ELSE currency END,"
      "  logo_svg = CASE WHEN $16::boolean THEN $17 ELSE logo_svg END,"
      "  receipt_header = CASE WHEN $18::boolean THEN $19 ELSE receipt_header END,"
      "  receipt_footer = CASE WHEN $20::boolean THEN $21 ELSE receipt_footer END,"
      "  default_hold_minutes = CASE WHEN $22::boolean THEN $23::integer ELSE default_hold_minutes END,"
      "  releasable_hold_letters = CASE WHEN $24::boolean THEN $25 ELSE releasable_hold_letters END,"
      "  payment_methods = CASE WHEN $26::boolean THEN $27::text[] ELSE payment_methods END"
      " WHERE id = $1::integer",
      G_N_ELEMENTS (params), params, error);
  if (result == NULL)
    return FALSE;
  if (g_str_equal (PQcmdTuples (result), "0"))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such outlet");
      return FALSE;
    }
  if (logo_present)
    {
      g_autoptr(PGresult) logo_set = ts_pg_exec (conn, "UPDATE outlet SET logo = $2 WHERE id = $1::integer",
                                                 2, (const char *[]) { id, logo }, error);

      if (logo_set == NULL)
        return FALSE;
    }
  if (!store_storefront (conn, id, &web, error))
    return FALSE;
  return ts_request_answer (req, 200, outlet_json (conn, id, error));
}

/* Creating an outlet also creates its first administrator (C4: every outlet
 * has at least one), in the same transaction. */
gboolean
ts_api_outlets_create (TsRequest *req,
                       PGconn    *conn,
                       GError   **error)
{
  static const char * const allowed[] = {
    "code", "name", "address", "phone", "email", "web_site", "time_zone", "currency", "logo_svg",
    "default_hold_minutes", "administrator", NULL
  };
  static const char * const admin_allowed[] = {
    "login", "password", "title", "first_name", "last_name", NULL
  };
  JsonObject *body;
  JsonObject *admin;
  JsonNode *admin_node;
  const char *code, *login, *password, *first_name, *last_name, *title;
  g_auto(PreferenceValues) values = { { 0 } };
  g_autoptr(PGresult) inserted = NULL;
  g_autoptr(PGresult) person = NULL;
  g_autoptr(PGresult) employee = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *outlet_id = NULL;
  g_autofree char *cost = g_strdup_printf ("%u", req->bcrypt_cost);
  JsonNode *outlet_node, *admin_json;

  if (!ts_policy_require_master (req, "create outlets", error))
    return FALSE;
  body = ts_request_body (req, allowed, error);
  if (body == NULL
      || !ts_json_get_string (body, "code", TRUE, &code, NULL, error)
      || !ts_validate_outlet_code ("code", code, error))
    return FALSE;

  admin_node = json_object_get_member (body, "administrator");
  if (admin_node == NULL || !JSON_NODE_HOLDS_OBJECT (admin_node))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_INVALID,
                   "administrator: is required (every outlet has at least one administrator)");  /* C4 */
      return FALSE;
    }
  admin = json_node_get_object (admin_node);
  if (!ts_json_check_members (admin, admin_allowed, error)
      || !ts_json_get_string (admin, "login", TRUE, &login, NULL, error)
      || !ts_validate_login ("administrator.login", login, error)
      || !ts_json_get_string (admin, "password", TRUE, &password, NULL, error)
      || !ts_validate_password ("administrator.password", password, error)
      || !ts_json_get_string (admin, "title", FALSE, &title, NULL, error)
      || !ts_validate_optional ("administrator.title", title, 40, error)
      || !ts_json_get_string (admin, "first_name", FALSE, &first_name, NULL, error)
      || !ts_validate_optional ("administrator.first_name", first_name, 80, error)
      || !ts_json_get_string (admin, "last_name", TRUE, &last_name, NULL, error)
      || !ts_validate_required ("administrator.last_name", last_name, 80, error)
      || !read_preferences (body, TRUE, &values, error)
      || !check_zone_in_database (conn, &values, TIME_ZONE_PREFERENCE, error))
    return FALSE;

  inserted = ts_pg_exec (conn,
      "INSERT INTO outlet (code, name, address, phone, email, web_site, time_zone, currency,"
      "                    logo_svg, default_hold_minutes)"
      " VALUES ($1, $2, $3, $4, $5, $6, coalesce ($7, 'America/Toronto'), coalesce ($8, 'CAD'),"
      "         $9, coalesce ($10::integer, 15))"
      " RETURNING id",
      10, (const char *[]) { code, values.value[0], values.value[1], values.value[2], values.value[3],
                             values.value[4], values.value[5], values.value[6], values.value[7],
                             values.value[N_PREFERENCES] },
      error);
  if (inserted == NULL)
    return FALSE;
  outlet_id = g_strdup (ts_pg_value (inserted, 0, 0));

  person = ts_pg_exec (conn,
                       "INSERT INTO patron (title, first_name, last_name, created_by_outlet)"
                       " VALUES ($1, $2, $3, $4::integer) RETURNING id",
                       4, (const char *[]) { title, first_name, last_name, outlet_id }, error);
  if (person == NULL)
    return FALSE;

  employee = ts_pg_exec (conn,
      "INSERT INTO employee (outlet_id, patron_id, login, level, password_hash)"
      " VALUES ($1::integer, $2::bigint, $3, 'outlet_admin', crypt ($4, gen_salt ('bf', $5::integer)))"
      " RETURNING id",
      5, (const char *[]) { outlet_id, ts_pg_value (person, 0, 0), login, password, cost }, error);
  if (employee == NULL)
    return FALSE;

  outlet_node = outlet_json (conn, outlet_id, error);
  if (outlet_node == NULL)
    return FALSE;
  admin_json = ts_pg_exec_json (conn, "SELECT json FROM employee_api WHERE id = $1::integer",
                                1, (const char *[]) { ts_pg_value (employee, 0, 0) }, error);
  if (admin_json == NULL)
    {
      json_node_unref (outlet_node);
      return FALSE;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outlet");
  json_builder_add_value (builder, outlet_node);
  json_builder_set_member_name (builder, "administrator");
  json_builder_add_value (builder, admin_json);
  json_builder_end_object (builder);
  ts_request_take_response (req, 201, json_builder_get_root (builder));
  return TRUE;
}
