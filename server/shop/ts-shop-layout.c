/* ts-shop-layout.c — the frame of every storefront page and the ways it
 * writes money, dates and messages (WCAG 2.1 AA: a skip link, landmarks,
 * labelled navigation, alerts tied to their fields) */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-shop-layout.h"
#include "ts-shop-session.h"
#include "ts-shop-static.h"

static const char *const days_en[] = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };
static const char *const days_fr[] = { "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche" };
static const char *const months_en[] = { "January", "February", "March", "April", "May", "June", "July",
                                         "August", "September", "October", "November", "December" };
static const char *const months_fr[] = { "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
                                         "août", "septembre", "octobre", "novembre", "décembre" };

static gboolean
is_fr (TsShopRequest *req)
{
  return g_strcmp0 (req->lang, "fr") == 0;
}

/* The link that shows this page in the other language (?lang= sets the
 * cookie and comes back here without it). */
static void
language_switch (TsShopRequest *req,
                 TsHtml        *h)
{
  /* outside a storefront (an error page) the list of storefronts */
  g_autofree char *here = req->outlet.id > 0 ? ts_shop_url (req, req->path) : g_strdup ("/shop/");
  gboolean fr = is_fr (req);

  ts_html_printf (h, "<a class=\"lang-switch\" href=\"%s?lang=%s\" lang=\"%s\" hreflang=\"%s\">%s</a>",
                  here, fr ? "en" : "fr", fr ? "en" : "fr-CA", fr ? "en" : "fr-CA",
                  fr ? "English" : "Français");
}

void
ts_shop_page_begin (TsShopRequest *req,
                    TsHtml        *h,
                    const char    *title)
{
  g_autofree char *css = ts_shop_static_url ("shop.css");
  g_autofree char *js = ts_shop_static_url ("shop.js");
  g_autofree char *home = ts_shop_url (req, "/");
  g_autofree char *cart = ts_shop_url (req, "/cart");
  g_autofree char *account = ts_shop_url (req, req->account_id > 0 ? "/account" : "/account/sign-in");
  gboolean in_store = req->outlet.id > 0;

  ts_html_printf (h, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
                  is_fr (req) ? "fr-CA" : "en");
  if (in_store)
    ts_html_printf (h, "<title>%s — %s</title>\n", title, req->outlet.name);
  else
    ts_html_printf (h, "<title>%s</title>\n", title);
  if (css != NULL)
    ts_html_printf (h, "<link rel=\"stylesheet\" href=\"%s\">\n", css);
  if (in_store)
    {
      g_autofree char *brand = ts_shop_url (req, "/brand.css");

      ts_html_printf (h, "<link rel=\"stylesheet\" href=\"%s?v=%s\">\n", brand, req->outlet.colour + 1);
    }
  if (js != NULL)
    ts_html_printf (h, "<script src=\"%s\" defer></script>\n", js);
  ts_html_raw (h, "</head>\n<body>\n");
  ts_html_printf (h, "<a class=\"skip-link\" href=\"#main\">%s</a>\n", ts_shop_tr (req, N_("Skip to content")));
  ts_html_raw (h, "<header class=\"site-header\">\n");
  if (in_store)
    {
      ts_html_printf (h, "<a class=\"brand\" href=\"%s\">", home);
      if (req->outlet.has_logo)
        {
          g_autofree char *logo = ts_shop_url (req, "/logo");

          ts_html_printf (h, "<img class=\"logo\" src=\"%s\" alt=\"\" width=\"48\" height=\"48\">", logo);
        }
      ts_html_printf (h, "<span class=\"brand-name\">%s</span></a>\n", req->outlet.name);
      ts_html_printf (h, "<nav class=\"site-nav\" aria-label=\"%s\"><ul>", ts_shop_tr (req, N_("Site")));
      ts_html_printf (h, "<li><a href=\"%s\">%s</a></li>", home, ts_shop_tr (req, N_("Performances")));
      ts_html_printf (h, "<li><a href=\"%s\">%s</a></li>", cart, ts_shop_tr (req, N_("Cart")));
      ts_html_printf (h, "<li><a href=\"%s\">%s</a></li>", account,
                      req->account_id > 0 ? ts_shop_tr (req, N_("My account")) : ts_shop_tr (req, N_("Sign in")));
      ts_html_raw (h, "<li>");
      language_switch (req, h);
      ts_html_raw (h, "</li></ul></nav>\n");
    }
  else
    {
      ts_html_printf (h, "<span class=\"brand-name\">%s</span>\n", ts_shop_tr (req, N_("Tickets online")));
      ts_html_printf (h, "<nav class=\"site-nav\" aria-label=\"%s\"><ul><li>", ts_shop_tr (req, N_("Site")));
      language_switch (req, h);
      ts_html_raw (h, "</li></ul></nav>\n");
    }
  ts_html_raw (h, "</header>\n<main id=\"main\" tabindex=\"-1\">\n");
  ts_html_printf (h, "<h1>%s</h1>\n", title);
}

void
ts_shop_page_end (TsShopRequest *req,
                  TsHtml        *h)
{
  ts_html_raw (h, "</main>\n<footer class=\"site-footer\">\n");
  if (req->outlet.id > 0)
    ts_html_printf (h, "<p>%s</p>\n", req->outlet.name);
  ts_html_raw (h, "</footer>\n</body>\n</html>\n");
}

void
ts_shop_csrf_field (TsShopRequest *req,
                    TsHtml        *h)
{
  if (req->csrf == NULL)
    {
      /* double-submit: the cookie and the field carry the same value */
      req->csrf = ts_shop_session_new_token ();
      ts_shop_set_cookie (req, TS_SHOP_CSRF_COOKIE, req->csrf, 0, TRUE);
    }
  ts_html_printf (h, "<input type=\"hidden\" name=\"csrf\" value=\"%s\">", req->csrf);
}

/* Groups of three digits: "1,440" (en), "1 440" (fr, no-break spaces). */
static void
append_grouped (GString    *out,
                guint64     whole,
                const char *separator)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GUINT64_FORMAT, whole);
  gsize length = strlen (digits), i;

  for (i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
}

char *
ts_shop_money_text (TsShopRequest *req,
                    gint64         cents)
{
  guint64 magnitude = (guint64) (cents < 0 ? -cents : cents);
  GString *out = g_string_new (cents < 0 ? "-" : "");

  if (is_fr (req))
    {
      append_grouped (out, magnitude / 100, "\u00a0");
      g_string_append_printf (out, ",%02u\u00a0$", (guint) (magnitude % 100));
    }
  else
    {
      g_string_append_c (out, '$');
      append_grouped (out, magnitude / 100, ",");
      g_string_append_printf (out, ".%02u", (guint) (magnitude % 100));
    }
  return g_string_free (out, FALSE);
}

void
ts_shop_money (TsShopRequest *req,
               TsHtml        *h,
               gint64         cents)
{
  g_autofree char *text = ts_shop_money_text (req, cents);

  ts_html_text (h, text);
}

/* The moment in the storefront's time zone, or NULL if it is not one. */
static GDateTime *
local_time (TsShopRequest *req,
            const char    *iso_timestamp)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GTimeZone) zone = NULL;

  if (iso_timestamp == NULL)
    return NULL;
  utc = g_date_time_new_from_iso8601 (iso_timestamp, NULL);
  if (utc == NULL)
    return NULL;
  zone = g_time_zone_new_identifier (req->outlet.time_zone != NULL ? req->outlet.time_zone : "UTC");
  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  return g_date_time_to_timezone (utc, zone);
}

static char *
clock_of (TsShopRequest *req,
          GDateTime     *t)
{
  int hour = g_date_time_get_hour (t), minute = g_date_time_get_minute (t);

  if (is_fr (req))
    return g_strdup_printf ("%d\u00a0h\u00a0%02d", hour, minute);
  return g_strdup_printf ("%d:%02d\u00a0%s", hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? "a.m." : "p.m.");
}

char *
ts_shop_clock_text (TsShopRequest *req,
                    const char    *iso_timestamp)
{
  g_autoptr(GDateTime) t = local_time (req, iso_timestamp);

  return t != NULL ? clock_of (req, t) : g_strdup ("");
}

void
ts_shop_countdown_open (TsShopRequest *req,
                        TsHtml        *h,
                        const char    *expires)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  g_autofree char *reload = ts_shop_url (req, "/cart?problem=expired");

  ts_html_printf (h, "<p class=\"countdown\" data-expires=\"%s\" data-now=\"%s\" data-reload=\"%s\" role=\"timer\""
                  " aria-live=\"off\">", expires, now_text, reload);
}

char *
ts_shop_when_text (TsShopRequest *req,
                   const char    *iso_timestamp)
{
  g_autoptr(GDateTime) t = local_time (req, iso_timestamp);
  g_autofree char *clock = NULL;
  int day, month;

  if (t == NULL)
    return g_strdup ("");
  clock = clock_of (req, t);
  day = g_date_time_get_day_of_week (t) - 1;
  month = g_date_time_get_month (t) - 1;
  if (is_fr (req))
    return g_strdup_printf ("%s %d %s %d, %s", days_fr[day], g_date_time_get_day_of_month (t),
                            months_fr[month], g_date_time_get_year (t), clock);
  return g_strdup_printf ("%s, %s %d, %d, %s", days_en[day], months_en[month],
                          g_date_time_get_day_of_month (t), g_date_time_get_year (t), clock);
}

void
ts_shop_when (TsShopRequest *req,
              TsHtml        *h,
              const char    *iso_timestamp)
{
  g_autofree char *text = ts_shop_when_text (req, iso_timestamp);

  ts_html_printf (h, "<time datetime=\"%s\">%s</time>", iso_timestamp != NULL ? iso_timestamp : "", text);
}

void
ts_shop_field_error (TsShopRequest *req,
                     TsHtml        *h,
                     const char    *field_id,
                     const char    *message)
{
  ts_html_printf (h, "<p id=\"%s-error\" class=\"field-error\" role=\"alert\">%s</p>", field_id, message);
}

void
ts_shop_notice (TsShopRequest *req,
                TsHtml        *h,
                const char    *message,
                gboolean       is_error)
{
  ts_html_printf (h, "<p class=\"%s\" role=\"%s\">%s</p>\n", is_error ? "notice notice-error" : "notice",
                  is_error ? "alert" : "status", message);
}

void
ts_shop_message_page (TsShopRequest *req,
                      const char    *title,
                      const char    *message)
{
  TsHtml *h = ts_html_new ();

  ts_shop_page_begin (req, h, title);
  ts_html_printf (h, "<p>%s</p>\n", message);
  if (req->outlet.id > 0)
    {
      g_autofree char *home = ts_shop_url (req, "/");

      ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", home, ts_shop_tr (req, N_("See the performances")));
    }
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
}
