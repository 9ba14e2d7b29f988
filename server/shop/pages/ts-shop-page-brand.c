/* ts-shop-page-brand.c — a storefront's colour as a style sheet, and its
 * logo: no inline style anywhere (the CSP), so the colour comes from here */
#include <math.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-pages.h"

/* WCAG 2.1 relative luminance of one sRGB channel (0–255). */
static double
channel_luminance (guint value)
{
  double c = value / 255.0;

  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const char *hex)
{
  guint r = 0, g = 0, b = 0;

  if (hex == NULL || sscanf (hex, "#%02x%02x%02x", &r, &g, &b) != 3)
    return 0;
  return 0.2126 * channel_luminance (r) + 0.7152 * channel_luminance (g) + 0.0722 * channel_luminance (b);
}

/* The text colour on the brand colour: white or black, whichever contrasts
 * more (one of them always reaches 4.5:1, WCAG 2.1 AA). */
static const char *
contrast_colour (const char *hex)
{
  double l = luminance (hex);
  double with_white = 1.05 / (l + 0.05);
  double with_black = (l + 0.05) / 0.05;

  return with_white >= with_black ? "#fff" : "#000";
}

gboolean
ts_shop_page_brand_css (TsShopRequest  *req,
                        PGconn         *conn,
                        GError        **error)
{
  /* web_colour is checked by the database: #rrggbb, nothing else */
  g_autofree char *css = g_strdup_printf (":root { --brand: %s; --brand-contrast: %s; }\n",
                                          req->outlet.colour, contrast_colour (req->outlet.colour));
  gsize len = strlen (css);
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&css), len);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", req->outlet.colour + 1);

  ts_shop_respond_bytes (req, "text/css; charset=utf-8", bytes, NULL);
  ts_shop_set_cache (req, 300);
  g_free (req->etag);
  req->etag = g_steal_pointer (&etag);
  return TRUE;
}

gboolean
ts_shop_page_logo (TsShopRequest  *req,
                   PGconn         *conn,
                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = ts_pg_exec_json (conn, "SELECT ts_shop_logo ()", 0, NULL, &local_error);
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *o;
  const char *type = "image/svg+xml";

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
      return FALSE;
    }
  o = json_node_get_object (node);
  if (json_object_has_member (o, "svg"))
    {
      const char *svg = json_object_get_string_member (o, "svg");

      bytes = g_bytes_new (svg, strlen (svg));
    }
  else
    {
      /* data:image/png;base64,…  or  data:image/svg+xml;base64,… */
      const char *uri = json_object_get_string_member (o, "data_uri");
      const char *comma = uri != NULL ? strchr (uri, ',') : NULL;
      gsize len = 0;
      guchar *data;

      if (comma == NULL || !g_str_has_prefix (uri, "data:") || strstr (uri, ";base64,") == NULL)
        {
          g_set_error_literal (error, TS_ERROR, TS_ERROR_NOT_FOUND, "No such page");
          return FALSE;
        }
      type = g_str_has_prefix (uri, "data:image/png") ? "image/png" : "image/svg+xml";
      data = g_base64_decode (comma + 1, &len);
      bytes = g_bytes_new_take (data, len);
    }
  ts_shop_respond_bytes (req, type, bytes, NULL);
  /* an SVG opened on its own runs nothing and loads nothing */
  ts_shop_set_header (req, "Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
  ts_shop_set_cache (req, 300);
  return TRUE;
}
