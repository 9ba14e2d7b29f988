/* ts-remote-page.c — the gateway's pages: plain HTML from string literals,
 * every value escaped, no inline script or style (the CSP forbids them) */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-catalog.h"
#include "ts-remote-page.h"

/* broadway.js makes an image of each texture from a blob: (or data:) URL,
 * and opens its WebSocket back to this origin */
#define CSP "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; " \
            "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

const char ts_remote_page_css[] =
  "/* remote.css — the gateway's sign-in page and the desktop's frame */\n"
  "body { font: 16px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #f4f4f2; margin: 0; }\n"
  "body.desktop { overflow: hidden; background: #3a3a3a; }\n"
  "main { max-width: 24rem; margin: 4rem auto; padding: 2rem; background: #fff; border: 1px solid #8a8a8a; border-radius: 6px; }\n"
  "h1 { font-size: 1.5rem; margin: 0 0 1rem; }\n"
  "label { display: block; font-weight: 600; margin-top: 1rem; }\n"
  "input { display: block; width: 100%; box-sizing: border-box; font: inherit; padding: .4rem; border: 1px solid #6b6b6b; border-radius: 4px; }\n"
  ".hint { font-size: .875rem; color: #4d4d4d; margin: .25rem 0 0; }\n"
  "button { margin-top: 1.5rem; font: inherit; font-weight: 600; padding: .5rem 1.25rem; color: #fff; background: #1f4e99; border: 0; border-radius: 4px; cursor: pointer; }\n"
  "button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #1f4e99; outline-offset: 2px; }\n"
  ".problem { color: #a4121a; font-weight: 600; }\n"
  ".ended { position: fixed; z-index: 100000; top: 2rem; left: 50%; transform: translateX(-50%); margin: 0; padding: 1rem 1.5rem; "
  "background: #fff; border: 1px solid #8a8a8a; border-radius: 6px; }\n";

/* broadway.js opens its WebSocket ("socket", beside the page) in connect(),
 * which GTK's own page calls from an inline onload; and it says a lost
 * connection with alert(), which would block the page: it is said in the
 * page instead, with a way back to the sign-in page. */
const char ts_remote_page_js[] =
  "/* remote.js — starts the desktop's connection; says in the page when it ends */\n"
  "'use strict';\n"
  "window.alert = function () {\n"
  "  if (document.querySelector ('.ended')) return;\n"
  "  var p = document.createElement ('p');\n"
  "  var a = document.createElement ('a');\n"
  "  p.className = 'ended';\n"
  "  p.setAttribute ('role', 'alert');\n"
  "  p.textContent = document.body.dataset.ended + ' ';\n"
  "  a.href = '/';\n"
  "  a.textContent = document.body.dataset.again;\n"
  "  p.appendChild (a);\n"
  "  document.body.appendChild (p);\n"
  "};\n"
  "window.addEventListener ('load', function () { connect (); });\n";

const char *
ts_remote_page_language (SoupServerMessage *msg)
{
  const char *accept = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "Accept-Language");

  /* the first language named wins: fr, fr-CA, fr-FR… (as the storefront) */
  if (accept == NULL)
    return "en";
  while (*accept == ' ')
    accept++;
  if (g_ascii_strncasecmp (accept, "fr", 2) == 0 && (accept[2] == '\0' || strchr ("-;, ", accept[2]) != NULL))
    return "fr";
  return "en";
}

const char *
ts_remote_tr (const char *lang,
              const char *msgid)
{
  TsCatalog *catalog = g_strcmp0 (lang, "fr") == 0 ? ts_catalog_get ("fr") : NULL;

  return catalog != NULL ? ts_catalog_lookup (catalog, msgid) : msgid;
}

static void
page_begin (GString    *page,
            const char *lang,
            const char *title)
{
  g_autofree char *escaped = g_markup_escape_text (title, -1);

  g_string_append_printf (page,
                          "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                          "<title>%s</title>\n<link rel=\"stylesheet\" href=\"/static/remote.css\">\n",
                          g_strcmp0 (lang, "fr") == 0 ? "fr-CA" : "en", escaped);
}

char *
ts_remote_page_sign_in (const char *lang,
                        const char *outlet,
                        const char *login,
                        const char *problem)
{
  GString *page = g_string_new (NULL);
  g_autofree char *outlet_text = g_markup_escape_text (outlet != NULL ? outlet : "", -1);
  g_autofree char *login_text = g_markup_escape_text (login != NULL ? login : "", -1);
  g_autofree char *problem_text = problem != NULL ? g_markup_escape_text (problem, -1) : NULL;
  g_autofree char *title = g_markup_escape_text (ts_remote_tr (lang, N_("Tessera remote box office")), -1);

  page_begin (page, lang, ts_remote_tr (lang, N_("Tessera remote box office")));
  g_string_append_printf (page, "</head>\n<body>\n<main>\n<h1>%s</h1>\n<p>%s</p>\n", title,
                          ts_remote_tr (lang, N_("Sign in to open your box office in this browser.")));
  g_string_append (page, "<form method=\"post\" action=\"/sign-in\">\n");
  if (problem_text != NULL)
    g_string_append_printf (page, "<p class=\"problem\" id=\"problem\" role=\"alert\">%s</p>\n", problem_text);
  g_string_append_printf (page,
                          "<label for=\"outlet\">%s</label>\n"
                          "<input id=\"outlet\" name=\"outlet\" value=\"%s\" maxlength=\"20\" autocapitalize=\"characters\" "
                          "autocomplete=\"organization\" aria-describedby=\"outlet-hint\">\n"
                          "<p class=\"hint\" id=\"outlet-hint\">%s</p>\n",
                          ts_remote_tr (lang, N_("Outlet")), outlet_text,
                          ts_remote_tr (lang, N_("Its code, e.g. UTH; empty for the Master User")));
  g_string_append_printf (page,
                          "<label for=\"login\">%s</label>\n"
                          "<input id=\"login\" name=\"login\" value=\"%s\" maxlength=\"100\" required "
                          "autocomplete=\"username\"%s%s>\n",
                          ts_remote_tr (lang, N_("Login")), login_text,
                          problem_text != NULL ? " aria-describedby=\"problem\"" : "",
                          *login_text == '\0' ? " autofocus" : "");
  g_string_append_printf (page,
                          "<label for=\"password\">%s</label>\n"
                          "<input id=\"password\" name=\"password\" type=\"password\" maxlength=\"200\" required "
                          "autocomplete=\"current-password\"%s>\n",
                          ts_remote_tr (lang, N_("Password")), *login_text != '\0' ? " autofocus" : "");
  g_string_append_printf (page, "<button type=\"submit\">%s</button>\n</form>\n</main>\n</body>\n</html>\n",
                          ts_remote_tr (lang, N_("Sign in")));
  return g_string_free (page, FALSE);
}

char *
ts_remote_page_desktop (const char *lang)
{
  GString *page = g_string_new (NULL);
  g_autofree char *ended = g_markup_escape_text (ts_remote_tr (lang, N_("Your session has ended.")), -1);
  g_autofree char *again = g_markup_escape_text (ts_remote_tr (lang, N_("Sign in again")), -1);

  page_begin (page, lang, "Tessera");
  /* broadway.js beside the page (the display's own), ours from /static */
  g_string_append_printf (page,
                          "<script src=\"broadway.js\"></script>\n<script src=\"/static/remote.js\"></script>\n"
                          "</head>\n<body class=\"desktop\" data-ended=\"%s\" data-again=\"%s\">\n</body>\n</html>\n",
                          ended, again);
  return g_string_free (page, FALSE);
}

char *
ts_remote_page_message (const char *lang,
                        const char *title,
                        const char *text)
{
  GString *page = g_string_new (NULL);
  g_autofree char *title_text = g_markup_escape_text (title, -1);
  g_autofree char *body_text = g_markup_escape_text (text, -1);

  page_begin (page, lang, title);
  g_string_append_printf (page, "</head>\n<body>\n<main>\n<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n"
                          "</main>\n</body>\n</html>\n",
                          title_text, body_text, ts_remote_tr (lang, N_("Sign in")));
  return g_string_free (page, FALSE);
}

void
ts_remote_page_secure (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Content-Security-Policy", CSP);
  soup_message_headers_replace (headers, "X-Content-Type-Options", "nosniff");
  soup_message_headers_replace (headers, "Referrer-Policy", "same-origin");
  soup_message_headers_replace (headers, "X-Frame-Options", "DENY");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
}
