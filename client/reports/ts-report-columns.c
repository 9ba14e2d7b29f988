/* ts-report-columns.c — the reports' column labels (translated, keyed by the column's key) and their cells */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-order-format.h"
#include "ts-report-columns.h"

/* Every column key of the report routes and of the K5 list (docs/api.md,
 * "Reports"); the labels are the client's, the keys the server's. */
static const struct
{
  const char *key;
  const char *label;
} labels[] = {
  { "event",                 N_("Event") },
  { "performance",           N_("Performance") },
  { "starts_at",             N_("Starts") },
  { "ticket_type",           N_("Ticket type") },
  { "price_zone",            N_("Price zone") },
  { "selling_outlet",        N_("Sold by") },
  { "channel",               N_("Channel") },
  { "tickets",               N_("Tickets") },
  { "comps",                 N_("Comps") },
  { "refunded",              N_("Refunded") },
  { "gross_cents",           N_("Gross") },
  { "refunds_cents",         N_("Refunds") },
  { "net_cents",             N_("Net") },
  { "commission_owed_cents", N_("Commission we owe") },
  { "commission_due_cents",  N_("Commission owed to us") },
  { "date",                  N_("Date") },
  { "days_before",           N_("Days before") },
  { "cumulative_tickets",    N_("Tickets to date") },
  { "cumulative_cents",      N_("Net to date") },
  { "capacity",              N_("Capacity") },
  { "sold",                  N_("Sold") },
  { "held",                  N_("Held") },
  { "percent_sold",          N_("Sold (%)") },
  { "admitted",              N_("Admitted") },
  { "no_show",               N_("No-shows") },
  { "percent_admitted",      N_("Admitted (%)") },
  { "fund",                  N_("Fund") },
  { "month",                 N_("Month") },
  { "method",                N_("Method") },
  { "donations",             N_("Donations") },
  { "donors",                N_("Donors") },
  { "amount_cents",          N_("Amount") },
  { "level",                 N_("Level") },
  { "started",               N_("Started") },
  { "active",                N_("Active") },
  { "ended",                 N_("Ended") },
  { "name",                  N_("Name") },
  { "members",               N_("Members") },
  { "with_email",            N_("With e-mail") },
  { "with_address",          N_("With address") },
  { "first_name",            N_("First name") },
  { "last_name",             N_("Last name") },
  { "email",                 N_("E-mail") },
  { "address_line1",         N_("Address") },
  { "address_line2",         N_("Address (line 2)") },
  { "city",                  N_("City") },
  { "region",                N_("Province or state") },
  { "postal_code",           N_("Postal code") },
  { "country",               N_("Country") },
  { "answer",                N_("Answer") },
  { "set_at",                N_("Answered") },
  { "orders",                N_("Orders") },
  { "employee",              N_("Employee") },
  { "taken_cents",           N_("Taken") },
  { "sales_cents",           N_("Sales") },
  { "balanced",              N_("Balanced") },
  { "closed_at",             N_("Till closed") },
  { "counted_cents",         N_("Counted") },
  { "over_short_cents",      N_("Over or short") },
  { "item",                  N_("Item") },
  { "count",                 N_("Count") },
};

/* Values of text columns that are codes rather than words. */
static const struct
{
  const char *value;
  const char *label;
} values[] = {
  { "box_office",  N_("Box office") },
  { "internet",    N_("Internet") },
  { "yes",         N_("Yes") },
  { "no",          N_("No") },
  { "not_asked",   N_("Not asked") },
  { "orders",      N_("Orders") },
  { "tickets",     N_("Tickets") },
  { "gross",       N_("Gross sales") },
  { "refunds",     N_("Refunds") },
  { "net",         N_("Net") },
  { "donations",   N_("Donations") },
};

const char *
ts_report_column_label (const char *key)
{
  for (guint i = 0; key != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].key, key))
      return _(labels[i].label);
  return key != NULL ? key : "";
}

gboolean
ts_report_kind_is_numeric (const char *kind)
{
  return g_strcmp0 (kind, "count") == 0 || g_strcmp0 (kind, "cents") == 0 || g_strcmp0 (kind, "percent") == 0;
}

const char *
ts_report_value_label (const char *key,
                       const char *value)
{
  /* donations by payment method */
  if (g_strcmp0 (key, "method") == 0)
    return ts_order_method_name (value);
  if (g_strcmp0 (key, "channel") != 0 && g_strcmp0 (key, "answer") != 0 && g_strcmp0 (key, "balanced") != 0
      && g_strcmp0 (key, "item") != 0)
    return value;
  /* the end of day's money taken by each method: a few strings, kept */
  if (g_strcmp0 (key, "item") == 0 && value != NULL && g_str_has_prefix (value, "payment:"))
    {
      g_autofree char *text = g_strdup_printf (_("Taken (%s)"), ts_order_method_name (value + strlen ("payment:")));

      return g_intern_string (text);
    }
  for (guint i = 0; value != NULL && i < G_N_ELEMENTS (values); i++)
    if (g_str_equal (values[i].value, value))
      return _(values[i].label);
  return value;
}

static JsonNode *
cell_node (JsonObject *row,
           const char *key)
{
  JsonNode *node = row != NULL ? json_object_get_member (row, key) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? node : NULL;
}

static gint64
cell_int (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);
  return json_node_get_int (node);
}

static double
cell_double (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static char *
cell (JsonObject *row,
      const char *key,
      const char *kind,
      gboolean    plain)
{
  JsonNode *node = cell_node (row, key);

  if (node == NULL)
    return g_strdup ("");
  if (g_strcmp0 (kind, "cents") == 0)
    {
      gint64 cents = cell_int (node);

      if (!plain)
        return ts_format_money (cents);
      /* integer cents written out without a double (never a float, rule of money) */
      return g_strdup_printf ("%s%" G_GINT64_FORMAT ".%02d", cents < 0 ? "-" : "",
                              ABS (cents) / 100, (int) (ABS (cents) % 100));
    }
  if (g_strcmp0 (kind, "count") == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, cell_int (node));
  if (g_strcmp0 (kind, "percent") == 0)
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (plain)
        return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.1f", cell_double (node)));
      /* the reader's decimal separator and spacing (62.5% and 62,5 %) */
      return ts_format_percent (cell_double (node), 1);
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return json_node_get_value_type (node) == G_TYPE_BOOLEAN
           ? g_strdup (ts_report_value_label ("balanced", json_node_get_boolean (node) ? "yes" : "no"))
           : g_strdup_printf ("%" G_GINT64_FORMAT, cell_int (node));
  if (g_strcmp0 (kind, "datetime") == 0)
    return ts_format_time (json_node_get_string (node), TS_TIME_ENTRY);
  return g_strdup (ts_report_value_label (key, json_node_get_string (node)));
}

char *
ts_report_cell_text (JsonObject *row,
                     const char *key,
                     const char *kind)
{
  return cell (row, key, kind, FALSE);
}

char *
ts_report_cell_plain (JsonObject *row,
                      const char *key,
                      const char *kind)
{
  return cell (row, key, kind, TRUE);
}
