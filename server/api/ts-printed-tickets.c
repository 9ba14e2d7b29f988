/* ts-printed-tickets.c — an order's tickets as they print (F1, F2, F5, P5):
 * ts_order_tickets (server/functions/printed-tickets.sql) reads each ticket's
 * values and its owner's face, which the seller may not otherwise read; here
 * each is signed and filled with the renderer library (common/faces). */
#include "ts-printed-tickets.h"

#include "ts-error.h"
#include "ts-face.h"
#include "ts-json.h"
#include "ts-money.h"
#include "ts-pg.h"
#include "ts-ticket-signer.h"

/* A face's printed size, read once per face of an answer. */
typedef struct
{
  double width_mm;
  double height_mm;
} FaceSize;

/* The placeholders' values of one ticket (name → text), price included. */
static GHashTable *
ticket_values (JsonObject *ticket)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonObject *given = json_object_get_object_member (ticket, "values");
  g_autoptr(GList) names = json_object_get_members (given);

  for (GList *l = names; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (given, l->data);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_hash_table_insert (values, g_strdup (l->data), g_strdup (json_node_get_string (node)));
    }
  /* language-neutral, as the owner's currency writes it: "35.00 CAD" */
  g_hash_table_insert (values, g_strdup ("price"),
                       ts_money_format (json_object_get_int_member (ticket, "price_cents"),
                                        json_object_get_string_member (ticket, "currency")));
  return values;
}

/* F2, F5: signed with the owning outlet's key, whoever sold it. */
static char *
ticket_barcode (PGconn      *conn,
                JsonObject  *ticket,
                GError     **error)
{
  return ts_ticket_signer_code (conn, (int) json_object_get_int_member (ticket, "owner_outlet_id"),
                                json_object_get_int_member (ticket, "ticket_number"),
                                (int) json_object_get_int_member (ticket, "barcode_version"), error);
}

static JsonNode *
order_tickets (PGconn      *conn,
               const char  *order_id,
               const char  *viewer,
               const char  *items,
               GError     **error)
{
  g_autoptr(PGresult) result = ts_pg_exec (conn, "SELECT ts_order_tickets ($1::bigint, $2::integer, $3::bigint[])",
                                           3, (const char *[]) { order_id, viewer, items }, error);

  if (result == NULL)
    return NULL;
  if (PQgetisnull (result, 0, 0))
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No order %s that you may see", order_id);  /* P5 */
      return NULL;
    }
  return json_from_string (ts_pg_value (result, 0, 0), error);
}

JsonNode *
ts_printed_tickets_load (PGconn      *conn,
                         const char  *order_id,
                         const char  *viewer,
                         const char  *items,
                         GError     **error)
{
  g_autoptr(JsonNode) root = order_tickets (conn, order_id, viewer, items, error);
  g_autoptr(GHashTable) sizes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonObject *answer;
  JsonObject *faces;
  JsonArray *tickets, *missing;

  if (root == NULL)
    return NULL;
  answer = json_node_get_object (root);
  missing = json_object_get_array_member (answer, "missing");
  if (json_array_get_length (missing) > 0)
    {
      g_set_error (error, TS_ERROR, TS_ERROR_NOT_FOUND, "items: no ticket %" G_GINT64_FORMAT " in this order that you may see",
                   json_array_get_int_element (missing, 0));  /* P5 */
      return NULL;
    }
  faces = json_object_get_object_member (answer, "faces");
  tickets = json_object_get_array_member (answer, "tickets");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "order_id");
  json_builder_add_int_value (builder, json_object_get_int_member (answer, "order_id"));
  json_builder_set_member_name (builder, "tickets");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *ticket = json_array_get_object_element (tickets, i);
      g_autofree char *face_id = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (ticket, "face_id"));
      const char *face = json_object_get_string_member (faces, face_id);
      FaceSize *size = g_hash_table_lookup (sizes, face_id);
      g_autoptr(GHashTable) values = ticket_values (ticket);
      g_autofree char *barcode = ticket_barcode (conn, ticket, error);
      g_autofree char *filled = NULL;

      if (barcode == NULL)
        return NULL;
      if (size == NULL)
        {
          size = g_new0 (FaceSize, 1);
          g_hash_table_insert (sizes, g_strdup (face_id), size);
          if (!ts_face_size_mm (face, &size->width_mm, &size->height_mm, error))
            return NULL;
        }
      filled = ts_face_fill (face, values, barcode, error);
      if (filled == NULL)
        return NULL;
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "item_id");
      json_builder_add_int_value (builder, json_object_get_int_member (ticket, "item_id"));
      json_builder_set_member_name (builder, "ticket_number");
      json_builder_add_int_value (builder, json_object_get_int_member (ticket, "ticket_number"));
      json_builder_set_member_name (builder, "barcode");
      json_builder_add_string_value (builder, barcode);
      json_builder_set_member_name (builder, "width_mm");
      json_builder_add_double_value (builder, size->width_mm);
      json_builder_set_member_name (builder, "height_mm");
      json_builder_add_double_value (builder, size->height_mm);
      json_builder_set_member_name (builder, "svg");
      json_builder_add_string_value (builder, filled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* What a face shows before the outlet has sold anything. */
static const struct
{
  const char *name;
  const char *value;
} made_up[] = {
  { "event", "The Marriage of Figaro" },
  { "performance_date", "2027-03-14" },
  { "performance_time", "19:30" },
  { "venue", "Main Hall" },
  { "section", "Orchestra" },
  { "row", "F" },
  { "seat", "12" },
  { "area", "" },
  { "place", "Orchestra row F seat 12" },
  { "price", "65.00 CAD" },
  { "ticket_type", "Adult" },
  { "display_letter", "A" },
  { "patron", "Alex Martin" },
  { "order_number", "1001" },
  { "ticket_number", "1" },
};

JsonNode *
ts_printed_tickets_sample (PGconn      *conn,
                           const char  *outlet,
                           GError     **error)
{
  g_autoptr(PGresult) latest = ts_pg_exec (conn,
      "SELECT i.order_id, i.id FROM order_item i"
      " WHERE i.owner_outlet_id = $1::integer AND i.status = 'sold' AND i.performance_id IS NOT NULL"
      " ORDER BY i.id DESC LIMIT 1",
      1, (const char *[]) { outlet }, error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *barcode = NULL;
  g_autoptr(PGresult) names = NULL;
  JsonObject *ticket = NULL;

  if (latest == NULL)
    return NULL;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "item_id");
  if (PQntuples (latest) == 1)
    {
      g_autofree char *items = g_strdup_printf ("{%s}", ts_pg_value (latest, 0, 1));
      g_autoptr(GHashTable) values = NULL;
      GHashTableIter iter;
      gpointer name, value;

      root = order_tickets (conn, ts_pg_value (latest, 0, 0), outlet, items, error);
      if (root == NULL)
        return NULL;
      ticket = json_array_get_object_element (json_object_get_array_member (json_node_get_object (root), "tickets"), 0);
      barcode = ticket_barcode (conn, ticket, error);
      if (barcode == NULL)
        return NULL;
      values = ticket_values (ticket);
      json_builder_add_int_value (builder, json_object_get_int_member (ticket, "item_id"));
      json_builder_set_member_name (builder, "values");
      json_builder_begin_object (builder);
      g_hash_table_iter_init (&iter, values);
      while (g_hash_table_iter_next (&iter, &name, &value))
        {
          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);
    }
  else
    {
      names = ts_pg_exec (conn,
          "SELECT name, coalesce (logo, 'data:image/svg+xml;base64,'"
          "  || translate (encode (convert_to (logo_svg, 'UTF8'), 'base64'), E'\\n', ''), '')"
          "  FROM outlet WHERE id = $1::integer",
          1, (const char *[]) { outlet }, error);
      if (names == NULL)
        return NULL;
      json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "values");
      json_builder_begin_object (builder);
      for (guint i = 0; i < G_N_ELEMENTS (made_up); i++)
        {
          json_builder_set_member_name (builder, made_up[i].name);
          json_builder_add_string_value (builder, made_up[i].value);
        }
      for (guint i = 0; i < 3; i++)
        {
          static const char * const outlet_names[] = { "seller", "owner", "owner_logo" };

          json_builder_set_member_name (builder, outlet_names[i]);
          json_builder_add_string_value (builder, PQntuples (names) == 1 ? ts_pg_value (names, 0, i == 2 ? 1 : 0) : "");
        }
      json_builder_end_object (builder);
      /* the shape of a real barcode, signed by no one: it admits nothing */
      barcode = g_strdup_printf ("TS1-%s-1-1-%s", outlet,
                                 "SAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLESAMPLE");
    }
  json_builder_set_member_name (builder, "barcode");
  json_builder_add_string_value (builder, barcode);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
