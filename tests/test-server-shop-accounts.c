/* test-server-shop-accounts.c — patrons' web accounts and My Account as a
 * patron uses them in a browser (issue 14; F6, F7, C6, P3, P4, P5, K3, K4,
 * T3, R1): sign-up confirmed by the link in the mail, sign-in, the same
 * answers whether an address has an account or not, throttling, password
 * reset by the mailed link, once; each storefront shows only its own
 * outlet's orders, preferences and vouchers */
#include <libsoup/soup.h>
#include <string.h>

#include "ts-cart-sweeper.h"
#include "ts-demo-season.h"
#include "ts-test-client.h"
#include "ts-test-smtp-sink.h"

static TsTestServer *server;
static TsTestSmtpSink *sink;
static gint64 emile;          /* the demo web account's patron */

/* A browser ------------------------------------------------------------------------------- */

typedef struct
{
  SoupSession   *session;
  SoupCookieJar *jar;
  const char    *accept_language;
} Visitor;

typedef struct
{
  guint               status;
  char               *body;
  SoupMessageHeaders *headers;
} Page;

static Visitor *
visitor_new (void)
{
  Visitor *v = g_new0 (Visitor, 1);

  v->session = soup_session_new ();
  v->jar = soup_cookie_jar_new ();
  soup_session_add_feature (v->session, SOUP_SESSION_FEATURE (v->jar));
  return v;
}

static void
visitor_free (Visitor *v)
{
  g_object_unref (v->jar);
  g_object_unref (v->session);
  g_free (v);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Visitor, visitor_free)

static void
page_free (Page *page)
{
  g_free (page->body);
  g_clear_pointer (&page->headers, soup_message_headers_unref);
  g_free (page);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Page, page_free)

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Call;

static void
call_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Call *call = user_data;

  call->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &call->error);
  call->done = TRUE;
}

static Page *
visit (Visitor    *v,
       const char *method,
       const char *path,
       const char *form)
{
  g_autofree char *url = g_strconcat (ts_test_server_get_url (server), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GUri) site = g_uri_parse (ts_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  Call call = { 0 };
  Page *page = g_new0 (Page, 1);

  g_assert_nonnull (msg);
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_site_for_cookies (msg, site);
  soup_message_set_is_top_level_navigation (msg, TRUE);
  if (v->accept_language != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept-Language", v->accept_language);
  if (form != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (form, strlen (form));

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
    }
  soup_session_send_and_read_async (v->session, msg, G_PRIORITY_DEFAULT, NULL, call_done, &call);
  while (!call.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (call.error);
  page->status = soup_message_get_status (msg);
  page->body = g_strndup (g_bytes_get_data (call.body, NULL), g_bytes_get_size (call.body));
  page->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  g_bytes_unref (call.body);
  return page;
}

static Page *
get (Visitor    *v,
     const char *path,
     guint       status)
{
  Page *page = visit (v, "GET", path, NULL);

  if (page->status != status)
    g_error ("GET %s: %u, not %u:\n%s", path, page->status, status, page->body);
  return page;
}

static const char *
header (Page       *page,
        const char *name)
{
  return soup_message_headers_get_one (page->headers, name);
}

/* Submits the first form of the page whose action ends with action_path, as
 * a browser does: its csrf field, then fields (name, value pairs, NULL-ended),
 * values URL-encoded.  Expects status. */
static Page *
submit (Visitor    *v,
        Page       *page,
        const char *action_path,
        guint       status,
        ...)
{
  const char *at = strstr (page->body, "name=\"csrf\" value=\"");
  g_autofree char *csrf = NULL;
  g_autoptr(GString) form = g_string_new (NULL);
  va_list args;
  const char *name;
  Page *answer;

  g_assert_nonnull (at);
  at += strlen ("name=\"csrf\" value=\"");
  csrf = g_strndup (at, strchr (at, '"') - at);
  g_string_append_printf (form, "csrf=%s", csrf);
  va_start (args, status);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_autofree char *value = g_uri_escape_string (va_arg (args, const char *), NULL, FALSE);
      g_autofree char *key = g_uri_escape_string (name, NULL, FALSE);

      g_string_append_printf (form, "&%s=%s", key, value);
    }
  va_end (args);
  answer = visit (v, "POST", action_path, form->str);
  if (answer->status != status)
    g_error ("POST %s: %u, not %u:\n%s", action_path, answer->status, status, answer->body);
  return answer;
}

static gboolean
says (Page       *page,
      const char *text)
{
  return strstr (page->body, text) != NULL;
}

/* The path of a link in a mail ("http://127.0.0.1:PORT/shop/UTH/…"). */
static char *
mailed_path (const char *recipient,
             const char *marker,
             guint       mails_before)
{
  g_autofree char *prefix = g_strconcat (ts_test_server_get_url (server), "/shop/", NULL);
  char *line;

  ts_test_smtp_sink_wait (sink, mails_before + 1, 30);
  for (guint i = mails_before; i < ts_test_smtp_sink_get_n (sink); i++)
    {
      const TsTestMail *mail = ts_test_smtp_sink_get (sink, i);
      g_auto(GStrv) lines = g_strsplit (mail->body, "\n", -1);
      g_autofree char *wanted = g_strdup_printf ("<%s>", recipient);

      if (!g_str_equal (mail->rcpt_to, wanted))
        continue;
      for (guint j = 0; lines[j] != NULL; j++)
        if (g_str_has_prefix (lines[j], prefix) && strstr (lines[j], marker) != NULL)
          {
            line = g_strdup (lines[j] + strlen (ts_test_server_get_url (server)));
            return line;
          }
    }
  return NULL;
}

/* Signs up at a storefront and follows the mailed link: a signed-in visitor. */
static Visitor *
sign_up (const char *code,
         const char *first,
         const char *last,
         const char *email,
         const char *password)
{
  Visitor *v = visitor_new ();
  g_autofree char *form_path = g_strdup_printf ("/shop/%s/account/sign-up", code);
  g_autoptr(Page) form = get (v, form_path, 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(Page) sent = submit (v, form, form_path, 200, "first_name", first, "last_name", last, "email", email,
                                 "password", password, NULL);
  g_autofree char *link = mailed_path (email, "/account/confirm/", before);
  g_autoptr(Page) confirm = NULL;
  g_autoptr(Page) done = NULL;
  g_autofree char *welcome = g_strdup_printf ("/shop/%s/account?welcome=1", code);

  g_assert_true (says (sent, "Check your e-mail"));
  g_assert_nonnull (link);
  confirm = get (v, link, 200);
  done = submit (v, confirm, link, 303, NULL);
  g_assert_cmpstr (header (done, "Location"), ==, welcome);
  return v;
}

static Visitor *
sign_in (const char *code,
         const char *email,
         const char *password)
{
  Visitor *v = visitor_new ();
  g_autofree char *path = g_strdup_printf ("/shop/%s/account/sign-in", code);
  g_autoptr(Page) form = get (v, path, 200);
  g_autoptr(Page) done = submit (v, form, path, 303, "email", email, "password", password, NULL);
  g_autofree char *account = g_strdup_printf ("/shop/%s/account", code);

  g_assert_cmpstr (header (done, "Location"), ==, account);
  return v;
}

/* Sign-up, sign-in, sign-out (F6, F7) ---------------------------------------------------------- */

/* A new patron signs up at UTH, finds the link in his mail, is signed in by
 * it, and signs in again later with his password; the link works once. */
static void
test_sign_up_and_in (void)
{
  g_autoptr(Visitor) v = sign_up ("UTH", "Marie", "Tremblay", "marie.tremblay@example.org", "correct-horse-1");
  g_autoptr(Page) account = get (v, "/shop/UTH/account", 200);
  g_autoptr(Page) out = NULL;
  g_autoptr(Page) after = NULL;
  g_autoptr(Visitor) again = NULL;
  g_autoptr(Visitor) stranger = visitor_new ();
  const TsTestMail *mail = ts_test_smtp_sink_get (sink, ts_test_smtp_sink_get_n (sink) - 1);
  g_autofree char *link = NULL;

  g_assert_true (says (account, "Your account is ready") || says (account, "My orders"));
  g_assert_true (says (account, "You have no orders at this box office yet."));
  g_assert_cmpstr (mail->subject, ==, "Confirm your account at University Theatre");
  /* a patron of the shared directory, with the e-mail, made by UTH — the
   * e-mail too, as a guest's at checkout (F7: one matching, ts_web_patron) */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM patron p JOIN web_account a ON a.patron_id = p.id"
                                      " JOIN contact_point cp ON cp.patron_id = p.id AND cp.kind = 'email'"
                                      " WHERE p.first_name = 'Marie' AND p.last_name = 'Tremblay'"
                                      " AND cp.value = 'marie.tremblay@example.org'"
                                      " AND p.created_by_outlet = (SELECT id FROM outlet WHERE code = 'UTH')"
                                      " AND cp.created_by_outlet = p.created_by_outlet"), ==, 1);
  /* R1: the audit log has the account, never its password's hash */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'web_account'"
                                      " AND (after ? 'password_hash' OR before ? 'password_hash')"), ==, 0);

  /* the link again: no longer valid */
  link = mailed_path ("marie.tremblay@example.org", "/account/confirm/", 0);
  {
    g_autoptr(Page) form = get (stranger, link, 200);
    g_autoptr(Page) used = submit (stranger, form, link, 404, NULL);

    g_assert_true (says (used, "This link is no longer valid"));
  }

  /* sign out: My Account asks to sign in again */
  out = submit (v, account, "/shop/UTH/account/sign-out", 303, NULL);
  g_assert_cmpstr (header (out, "Location"), ==, "/shop/UTH/");
  after = get (v, "/shop/UTH/account", 303);
  g_assert_cmpstr (header (after, "Location"), ==, "/shop/UTH/account/sign-in?next=%2Faccount");

  /* F6: the same account at another outlet's storefront */
  again = sign_in ("ATH", "marie.tremblay@example.org", "correct-horse-1");
  {
    g_autoptr(Page) ath = get (again, "/shop/ATH/account", 200);

    g_assert_true (says (ath, "You have no orders at this box office yet."));
  }
}

/* F7: the names and e-mail of a patron of the directory: the account is
 * hers; otherwise (another first name) a new patron. */
static void
test_sign_up_links_exact_patron (void)
{
  g_autoptr(Visitor) ada = sign_up ("UTH", "Ada", "Lovelace", "ada@example.org", "analytical-engine");
  g_autoptr(Visitor) other = sign_up ("UTH", "Joanie", "Mitchell", "joni@example.org", "both-sides-now");

  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_account a JOIN patron p ON p.id = a.patron_id"
                                      " WHERE a.email = 'ada@example.org' AND p.first_name = 'Ada'"
                                      " AND p.id = (SELECT min (id) FROM patron WHERE first_name = 'Ada')"), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM patron WHERE last_name = 'Mitchell'"), ==, 2);
  /* Ada sees her own UTH order from the box office (the demo season's) */
  {
    g_autoptr(Page) account = get (ada, "/shop/UTH/account", 200);

    g_assert_true (says (account, "Hamlet"));
  }
}

/* F7: signing up with an address that has an account answers the same page
 * and makes nothing; the address's owner is told by mail. */
static void
test_sign_up_existing_alike (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-up", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(Page) existing = submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Somebody",
                                     "last_name", "Else", "email", "emile.nelligan@example.ca",
                                     "password", "not-his-password", NULL);
  g_autoptr(Page) form2 = get (v, "/shop/UTH/account/sign-up", 200);
  g_autoptr(Page) fresh = submit (v, form2, "/shop/UTH/account/sign-up", 200, "first_name", "Somebody",
                                  "last_name", "Else", "email", "emile.nellig@example.ca",
                                  "password", "not-his-password", NULL);
  g_autoptr(GString) a = g_string_new (existing->body);
  const TsTestMail *warning = NULL;

  /* the same page but for the address typed */
  g_string_replace (a, "emile.nelligan@example.ca", "emile.nellig@example.ca", 0);
  g_assert_cmpstr (a->str, ==, fresh->body);
  ts_test_smtp_sink_wait (sink, before + 2, 30);
  for (guint i = before; i < ts_test_smtp_sink_get_n (sink); i++)
    if (g_str_equal (ts_test_smtp_sink_get (sink, i)->rcpt_to, "<emile.nelligan@example.ca>"))
      warning = ts_test_smtp_sink_get (sink, i);
  g_assert_nonnull (warning);
  g_assert_cmpstr (warning->subject, ==, "Someone tried to create an account with your address");
  g_assert_null (strstr (warning->body, "/account/confirm/"));
  /* nothing made for the address that had an account */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_token WHERE email = 'emile.nelligan@example.ca'"), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM patron WHERE first_name = 'Somebody'"), ==, 0);
}

/* Signing up again and again with one address sends it a few mails, then
 * none for a while; the page says the same every time (F7). */
static void
test_sign_up_mail_throttle (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-up", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autofree char *first_body = NULL;

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(Page) sent = submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Bomb", "last_name", "Target",
                                     "email", "target@example.org", "password", "whatever-it-is", NULL);

      if (first_body == NULL)
        first_body = g_strdup (sent->body);
      g_assert_cmpstr (sent->body, ==, first_body);
    }
  ts_test_smtp_sink_wait (sink, before + 5, 30);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_token WHERE email = 'target@example.org'"), ==, 5);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM mail_queue WHERE recipient = 'target@example.org'"), ==, 5);
}

/* F7: a wrong password and an unknown address get one answer. */
static void
test_wrong_password_alike (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-in", 200);
  g_autoptr(Page) wrong = submit (v, form, "/shop/UTH/account/sign-in", 422, "email", "emile.nelligan@example.ca",
                                  "password", "not-hamlet", NULL);
  g_autoptr(Page) unknown = submit (v, form, "/shop/UTH/account/sign-in", 422, "email", "nobody.here@example.ca",
                                    "password", "not-hamlet", NULL);
  g_autoptr(GString) a = g_string_new (wrong->body);

  g_assert_true (says (wrong, "The e-mail address or the password is not right."));
  g_string_replace (a, "emile.nelligan@example.ca", "nobody.here@example.ca", 0);
  g_assert_cmpstr (a->str, ==, unknown->body);
  g_assert_null (header (wrong, "Set-Cookie") != NULL && strstr (header (wrong, "Set-Cookie"), "ts_shop=") ? "session" : NULL);
}

/* C6: a stream of bad passwords for one address makes it wait (429, with
 * the time), even for the right password, and an unknown address alike. */
static void
test_throttle (void)
{
  g_autoptr(Visitor) marie = sign_up ("UTH", "Louis", "Cyr", "louis.cyr@example.org", "strongest-man-1");
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-in", 200);
  const char *addresses[] = { "louis.cyr@example.org", "no.account@example.org" };

  for (guint a = 0; a < G_N_ELEMENTS (addresses); a++)
    {
      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(Page) wrong = submit (v, form, "/shop/UTH/account/sign-in", 422, "email", addresses[a],
                                          "password", "guess-guess-guess", NULL);
        }
      {
        g_autoptr(Page) waiting = submit (v, form, "/shop/UTH/account/sign-in", 429, "email", addresses[a],
                                          "password", "strongest-man-1", NULL);

        g_assert_true (says (waiting, "Too many attempts"));
        g_assert_nonnull (header (waiting, "Retry-After"));
        g_assert_cmpint (g_ascii_strtoll (header (waiting, "Retry-After"), NULL, 10), >, 0);
      }
    }
  /* the account was not signed in by the right password while waiting */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session s JOIN web_account a ON a.id = s.account_id"
                                      " WHERE a.email = 'louis.cyr@example.org' AND s.ended_at IS NULL"), ==, 1);
  /* others are not held up */
  {
    g_autoptr(Visitor) other = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
  }
}

/* A forgotten password: the mailed link sets a new one, once, and the old
 * password no longer works; an unknown address gets the same page and no
 * mail. */
static void
test_reset (void)
{
  g_autoptr(Visitor) first = sign_up ("ATH", "Gilles", "Vigneault", "gilles@example.org", "mon-pays-c-est-l-hiver");
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/ATH/account/forgot", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(Page) sent = submit (v, form, "/shop/ATH/account/forgot", 200, "email", "gilles@example.org", NULL);
  g_autoptr(Page) unknown = submit (v, form, "/shop/ATH/account/forgot", 200, "email", "gille@example.org", NULL);
  g_autofree char *link = mailed_path ("gilles@example.org", "/account/reset/", before);
  g_autoptr(GString) a = g_string_new (sent->body);
  g_autoptr(Page) reset_form = NULL;
  g_autoptr(Page) reset = NULL;
  g_autoptr(Page) again = NULL;

  g_string_replace (a, "gilles@example.org", "gille@example.org", 0);
  g_assert_cmpstr (a->str, ==, unknown->body);
  g_assert_nonnull (link);
  g_assert_cmpstr (ts_test_smtp_sink_get (sink, before)->subject, ==, "Choose a new password at Athletic Centre");
  reset_form = get (v, link, 200);
  {
    g_autoptr(Page) short_one = submit (v, reset_form, link, 422, "password", "short", NULL);

    g_assert_true (says (short_one, "aria-describedby=\"password-error\""));
  }
  reset = submit (v, reset_form, link, 303, "password", "gens-du-pays-2026", NULL);
  g_assert_cmpstr (header (reset, "Location"), ==, "/shop/ATH/account?password=1");
  again = get (v, link, 404);
  g_assert_true (says (again, "This link is no longer valid"));
  /* the old password is gone, the new one signs in; the other sessions ended */
  {
    g_autoptr(Visitor) w = visitor_new ();
    g_autoptr(Page) in = get (w, "/shop/ATH/account/sign-in", 200);
    g_autoptr(Page) old = submit (w, in, "/shop/ATH/account/sign-in", 422, "email", "gilles@example.org",
                                  "password", "mon-pays-c-est-l-hiver", NULL);
    g_autoptr(Visitor) fresh = sign_in ("ATH", "gilles@example.org", "gens-du-pays-2026");
    g_autoptr(Page) first_account = get (first, "/shop/ATH/account", 303);
  }
  /* no mail for the unknown address */
  g_assert_cmpuint (ts_test_smtp_sink_get_n (sink), ==, before + 1);
}

/* My Account (F6, P4, P5) ------------------------------------------------------------------------- */

/* Émile bought a pass at UTH and a volleyball ticket at ATH's box office:
 * each storefront shows its own order only; another outlet's order and
 * another patron's answer as an id that names nothing. */
static void
test_orders_per_outlet (void)
{
  g_autofree char *ath_boxoffice = ts_test_sign_in (server, "ATH", "boxoffice", "boxoffice-password");
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"acct-test-ath-1\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": ["
      " {\"performance_id\": %s, \"seat\": \"%s\", \"ticket_type_id\": %s}],"
      " \"payments\": [{\"method\": \"cash\", \"amount_cents\": 1500}]}",
      emile,
      ts_test_owner_sql (server, "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                                 " WHERE e.name = 'Varsity Volleyball'"),
      ts_test_owner_sql (server, "SELECT s.guid FROM map_seat s JOIN event e ON e.map_id = s.map_id"
                                 " WHERE e.name = 'Varsity Volleyball' ORDER BY s.guid LIMIT 1"),
      ts_test_owner_sql (server, "SELECT id FROM ticket_type WHERE name = 'General'"));
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", ath_boxoffice, body, 201);
  gint64 ath_order = ts_test_member_int (order, "id");
  gint64 uth_order = ts_test_owner_int (server, "SELECT id FROM ticket_order WHERE idempotency_key = 'demo-season-pass'");
  g_autoptr(Visitor) at_uth = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Visitor) at_ath = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Page) uth_list = get (at_uth, "/shop/UTH/account", 200);
  g_autoptr(Page) ath_list = get (at_ath, "/shop/ATH/account", 200);
  g_autofree char *uth_path = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, uth_order);
  g_autofree char *ath_at_uth = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, ath_order);
  g_autofree char *ath_path = g_strdup_printf ("/shop/ATH/account/orders/%" G_GINT64_FORMAT, ath_order);
  g_autoptr(Page) unknown = get (at_uth, "/shop/UTH/account/orders/999999", 404);

  g_assert_true (says (uth_list, "Hamlet pass (2 performances)"));
  g_assert_false (says (uth_list, "Varsity Volleyball"));
  g_assert_true (says (ath_list, "Varsity Volleyball"));
  g_assert_false (says (ath_list, "Hamlet pass"));
  {
    g_autoptr(Page) mine = get (at_uth, uth_path, 200);
    g_autoptr(Page) theirs = get (at_uth, ath_at_uth, 404);
    g_autoptr(Page) ath_own = get (at_ath, ath_path, 200);

    g_assert_true (says (mine, "$80.00"));
    g_assert_cmpstr (theirs->body, ==, unknown->body);
    g_assert_true (says (ath_own, "$15.00"));
  }
  /* another patron, at the same storefront, sees nothing of Émile's */
  {
    g_autoptr(Visitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
    g_autoptr(Page) not_hers = get (marie, uth_path, 404);
    g_autoptr(Page) unknown_for_her = get (marie, "/shop/UTH/account/orders/999999", 404);

    g_assert_cmpstr (not_hers->body, ==, unknown_for_her->body);
  }
}

/* K3, K4: Émile answers UTH's partners yes/no online; the box office sees
 * it on the patron record, as the patron's own; ATH's partners are not
 * asked at UTH. */
static void
test_preferences (void)
{
  g_autoptr(Visitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Page) page = get (v, "/shop/UTH/account/preferences", 200);
  gint64 stratford = ts_test_owner_int (server, "SELECT id FROM partner_company WHERE name = 'Stratford Touring Company'");
  gint64 maritime = ts_test_owner_int (server, "SELECT id FROM partner_company WHERE name = 'Maritime Opera Co-op'");
  g_autofree char *s_name = g_strdup_printf ("partner.%" G_GINT64_FORMAT, stratford);
  g_autofree char *m_name = g_strdup_printf ("partner.%" G_GINT64_FORMAT, maritime);
  g_autofree char *uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", emile);
  g_autoptr(Page) saved = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autofree char *seen_text = NULL;

  g_assert_true (says (page, "Stratford Touring Company"));
  g_assert_true (says (page, "Maritime Opera Co-op"));
  g_assert_false (says (page, "Varsity Boosters Club"));
  saved = submit (v, page, "/shop/UTH/account/preferences", 303, s_name, "yes", m_name, "no", NULL);
  g_assert_cmpstr (header (saved, "Location"), ==, "/shop/UTH/account/preferences?saved=1");
  seen = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  seen_text = json_to_string (seen, FALSE);
  g_assert_nonnull (strstr (seen_text, "\"answer\":\"yes\""));
  g_assert_nonnull (strstr (seen_text, "\"answer\":\"no\""));
  g_assert_nonnull (strstr (seen_text, "\"set_by\":\"patron\""));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_preference_history"
                                      " WHERE patron_id = %" G_GINT64_FORMAT " AND source = 'online'", emile), ==, 2);
  /* online only yes or no (K3); another outlet's partner is unknown (P4) */
  {
    g_autoptr(Page) again = get (v, "/shop/UTH/account/preferences", 200);
    g_autoptr(Page) not_asked = submit (v, again, "/shop/UTH/account/preferences", 400, s_name, "not_asked", NULL);
    g_autofree char *boosters = g_strdup_printf ("partner.%s", ts_test_owner_sql (server,
                                                 "SELECT id FROM partner_company WHERE name = 'Varsity Boosters Club'"));
    g_autoptr(Page) other = submit (v, again, "/shop/UTH/account/preferences", 400, boosters, "yes", NULL);
  }
}

/* P3: at ATH Émile changes his e-mail; UTH uses the old one as its primary,
 * so the change is a new point, ATH's primary only; UTH still shows the
 * old one.  A phone nobody else uses changes in place. */
static void
test_details_p3 (void)
{
  g_autoptr(Visitor) v = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Visitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Page) page = get (v, "/shop/ATH/account/details", 200);
  g_autoptr(Page) bad = submit (v, page, "/shop/ATH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                                "email", "not-an-address", NULL);
  g_autoptr(Page) saved = NULL;
  g_autoptr(Page) ath = NULL;
  g_autoptr(Page) uth = NULL;

  g_assert_true (says (page, "value=\"emile@example.org\""));
  g_assert_true (says (bad, "aria-describedby=\"email-error\""));
  g_assert_true (says (bad, "value=\"not-an-address\""));
  saved = submit (v, page, "/shop/ATH/account/details", 303, "first_name", "Émile", "last_name", "Nelligan",
                  "email", "emile.n@example.net", "phone", "514 555 0199", NULL);
  ath = get (v, "/shop/ATH/account/details", 200);
  uth = get (u, "/shop/UTH/account/details", 200);
  g_assert_true (says (ath, "value=\"emile.n@example.net\""));
  g_assert_true (says (uth, "value=\"emile@example.org\""));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT
                                      " AND value = 'emile@example.org' AND retired_at IS NULL", emile), ==, 1);
  /* the phone given at ATH is a lone point, so every outlet's primary (P2):
   * UTH's change of it is UTH's own new point, and ATH keeps its phone */
  {
    g_autoptr(Page) form = get (u, "/shop/UTH/account/details", 200);
    g_autoptr(Page) done = submit (u, form, "/shop/UTH/account/details", 303, "first_name", "Émile",
                                   "last_name", "Nelligan", "email", "emile@example.org", "phone", "514 555 0100", NULL);
    g_autoptr(Page) ath_now = get (v, "/shop/ATH/account/details", 200);
    g_autoptr(Page) uth_now = get (u, "/shop/UTH/account/details", 200);

    g_assert_true (says (form, "value=\"514 555 0199\""));
    g_assert_true (says (ath_now, "value=\"514 555 0199\""));
    g_assert_true (says (uth_now, "value=\"514 555 0100\""));
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT
                                      " AND kind = 'phone'", emile), ==, 2);
  /* the same values again write nothing */
  {
    gint64 audited = ts_test_owner_int (server, "SELECT count (*) FROM audit_log");
    g_autoptr(Page) form = get (u, "/shop/UTH/account/details", 200);
    g_autoptr(Page) done = submit (u, form, "/shop/UTH/account/details", 303, "first_name", "Émile",
                                   "last_name", "Nelligan", "email", "emile@example.org", "phone", "514 555 0100", NULL);

    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log"), ==, audited);
  }
  /* R1: audited */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'contact_point'"
                                      " AND after ->> 'value' = 'emile.n@example.net'"), >=, 1);
}

/* S6, F6: with web_cancel_hours set, Émile cancels a ticket of his web
 * order whose performance is far enough away; it is refunded to the card
 * from UTH's till; a nearer one, another patron, or a box-office order
 * cannot be cancelled online. */
static void
test_self_cancel (void)
{
  g_autofree char *uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *near = ts_test_owner_sql (server, "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                                                    " WHERE e.name = 'Hamlet' ORDER BY p.starts_at OFFSET 1 LIMIT 1");
  g_autofree char *far = ts_test_owner_sql (server, "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                                                   " WHERE e.name = 'Hamlet' ORDER BY p.starts_at OFFSET 2 LIMIT 1");
  g_autofree char *adult = ts_test_owner_sql (server, "SELECT id FROM ticket_type WHERE name = 'Adult'");
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"acct-test-web-1\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": ["
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-1\", \"ticket_type_id\": %s},"
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-2\", \"ticket_type_id\": %s}],"
      " \"payments\": [{\"method\": \"card\", \"amount_cents\": 13000}]}", emile, near, adult, far, adult);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  gint64 id = ts_test_member_int (order, "id");
  gint64 far_item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                       " AND performance_id = %s", id, far);
  gint64 near_item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND performance_id = %s", id, near);
  g_autofree char *path = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, id);
  g_autofree char *cancel = g_strdup_printf ("%s/cancel", path);
  g_autofree char *cancelled = g_strdup_printf ("%s?cancelled=1", path);
  g_autofree char *far_text = g_strdup_printf ("%" G_GINT64_FORMAT, far_item);
  g_autofree char *near_text = g_strdup_printf ("%" G_GINT64_FORMAT, near_item);
  g_autofree char *far_box = g_strdup_printf ("name=\"item\" value=\"%" G_GINT64_FORMAT "\"", far_item);
  g_autofree char *near_box = g_strdup_printf ("name=\"item\" value=\"%" G_GINT64_FORMAT "\"", near_item);
  g_autoptr(Visitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Page) box_office_order = get (v, path, 200);

  /* a box-office order is not cancelled online */
  g_assert_false (says (box_office_order, "name=\"item\""));
  /* made a web order on purpose here (checkout is the payments part's) */
  ts_test_owner_sqlf (server, "UPDATE ticket_order SET channel = 'internet' WHERE id = %" G_GINT64_FORMAT, id);
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE code = 'UTH'");
  {
    g_autoptr(Page) no_cancelling = get (v, path, 200);

    g_assert_false (says (no_cancelling, "name=\"item\""));   /* UTH lets nobody cancel online yet */
  }
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = 100 WHERE code = 'UTH'");
  {
    g_autoptr(Page) page = get (v, path, 200);
    g_autoptr(Page) too_near = NULL;
    g_autoptr(Page) done = NULL;
    g_autoptr(Page) after = NULL;
    g_autoptr(Visitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
    g_autoptr(Page) marie_page = get (marie, "/shop/UTH/account", 200);

    g_assert_true (says (page, far_box));
    g_assert_false (says (page, near_box));
    g_assert_true (says (page, "until 100 hours before"));
    too_near = submit (v, page, cancel, 409, "item", near_text, NULL);
    g_assert_true (says (too_near, "can no longer be cancelled"));
    /* another patron's order: unknown */
    {
      g_autoptr(Page) not_hers = submit (marie, marie_page, cancel, 404, "item", far_text, NULL);
    }
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND status = 'refunded'", id), ==, 0);
    done = submit (v, page, cancel, 303, "item", far_text, NULL);
    g_assert_cmpstr (header (done, "Location"), ==, cancelled);
    after = get (v, header (done, "Location"), 200);
    g_assert_true (says (after, "The tickets are cancelled."));
    g_assert_true (says (after, "refunded"));
    g_assert_false (says (after, far_box));
  }
  /* refunded to the card, from UTH's till (S7), audited as the patron's */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND status = 'refunded'", far_item), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT
                                      " AND method = 'card' AND amount_cents = -6500 AND refund_id IS NOT NULL"
                                      " AND outlet_id = (SELECT id FROM outlet WHERE code = 'UTH')", id), ==, 1);
  /* the patron's own refund path: audited as his web account, by no
   * employee, from the storefront's outlet (never the Master User's) */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'web_self_cancel'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "' AND (after ->> 'web_account_id')::bigint ="
                                      " (SELECT id FROM web_account WHERE lower (email) = 'emile.nelligan@example.ca')", id), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'refund'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "' AND actor_employee_id IS NULL"
                                      " AND actor_outlet_id = (SELECT id FROM outlet WHERE code = 'UTH')", id), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM refund WHERE order_id = %" G_GINT64_FORMAT
                                      " AND employee_id IS NULL AND reason = 'Cancelled online by the patron'", id), ==, 1);
  ts_test_assert_ledgers (server);
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE code = 'UTH'");
}

/* Forgetting (R1, P3) --------------------------------------------------------------------------- */

/* Émile's visits lie idle past their expiry and a mailed link and a
 * throttle grow old: the sweep that already runs every minute deletes
 * them; his order made on one of those visits stays, and a patron signed
 * in now keeps her visit. */
static void
test_expired_visits_forgotten (void)
{
  g_autoptr(Visitor) emile_visit = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Visitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
  const char *mine = "(SELECT s.id FROM web_session s JOIN web_account a ON a.id = s.account_id"
                     " WHERE lower (a.email) = 'emile.nelligan@example.ca')";
  gint64 order = ts_test_owner_int (server, "SELECT id FROM ticket_order WHERE idempotency_key = 'demo-season-pass'");
  TsCartSweeper *sweeper = ts_server_get_cart_sweeper (ts_test_server_get_server (server));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session WHERE id IN %s", mine), >, 0);
  ts_test_owner_sqlf (server, "UPDATE ticket_order SET web_session_id = (SELECT min (id::text)::uuid FROM web_session"
                      " WHERE id IN %s) WHERE id = %" G_GINT64_FORMAT, mine, order);
  ts_test_owner_sqlf (server, "UPDATE web_session SET expires_at = now () - interval '1 minute' WHERE id IN %s", mine);
  ts_test_owner_sql (server, "INSERT INTO web_token (token_hash, kind, outlet_id, email, expires_at)"
                     " VALUES (repeat ('ab', 32), 'sign_up', (SELECT id FROM outlet WHERE code = 'UTH'),"
                     " 'old.link@example.org', now () - interval '1 hour')");
  ts_test_owner_sql (server, "INSERT INTO web_sign_in_throttle (key, failures, last_failure_at)"
                     " VALUES ('email:old.throttle@example.org', 3, now () - interval '2 days')");

  while (g_get_monotonic_time () < deadline
         && (ts_test_owner_int (server, "SELECT count (*) FROM web_session WHERE id IN %s", mine) > 0
             || ts_test_owner_int (server, "SELECT count (*) FROM web_token WHERE email = 'old.link@example.org'") > 0
             || ts_test_owner_int (server, "SELECT count (*) FROM web_sign_in_throttle"
                                           " WHERE key = 'email:old.throttle@example.org'") > 0))
    {
      ts_cart_sweeper_sweep (sweeper);
      for (guint i = 0; i < 20; i++)
        {
          g_main_context_iteration (NULL, FALSE);
          g_usleep (10000);
        }
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session WHERE id IN %s", mine), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_token WHERE email = 'old.link@example.org'"), ==, 0);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_sign_in_throttle"
                                              " WHERE key = 'email:old.throttle@example.org'"), ==, 0);
  /* the order outlives the visit it came from; the sweep is audited */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE id = %" G_GINT64_FORMAT
                                      " AND web_session_id IS NULL", order), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'web_sweep'"), >, 0);
  /* Émile signs in again; Marie, signed in now, still is */
  {
    g_autoptr(Page) gone = get (emile_visit, "/shop/UTH/account", 303);
    g_autoptr(Page) kept = get (marie, "/shop/UTH/account", 200);
  }
  ts_test_assert_ledgers (server);
}

/* T3: the pass's two open vouchers at UTH; none at ATH. */
static void
test_vouchers (void)
{
  g_autoptr(Visitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Visitor) a = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(Page) uth = get (u, "/shop/UTH/account/vouchers", 200);
  g_autoptr(Page) ath = get (a, "/shop/ATH/account/vouchers", 200);
  const char *at = strstr (uth->body, "Subscriber seat");

  g_assert_nonnull (at);
  g_assert_nonnull (strstr (at + 1, "Subscriber seat"));
  g_assert_true (says (ath, "You have no subscription vouchers at this box office."));
}

/* A page of My Account asks to sign in first, and comes back after it; a
 * "next" to another site goes to My Account instead. */
static void
test_sign_in_next (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) away = get (v, "/shop/UTH/account/details", 303);
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-in?next=%2Faccount%2Fdetails", 200);
  g_autoptr(Page) done = submit (v, form, "/shop/UTH/account/sign-in", 303, "email", "emile.nelligan@example.ca",
                                 "password", "hamlet-online", "next", "/account/details", NULL);
  g_autoptr(Visitor) w = visitor_new ();
  g_autoptr(Page) form2 = get (w, "/shop/UTH/account/sign-in", 200);
  g_autoptr(Page) done2 = submit (w, form2, "/shop/UTH/account/sign-in", 303, "email", "emile.nelligan@example.ca",
                                  "password", "hamlet-online", "next", "//evil.example/", NULL);

  g_assert_cmpstr (header (away, "Location"), ==, "/shop/UTH/account/sign-in?next=%2Faccount%2Fdetails");
  g_assert_true (says (form, "name=\"next\" value=\"/account/details\""));
  g_assert_cmpstr (header (done, "Location"), ==, "/shop/UTH/account/details");
  g_assert_cmpstr (header (done2, "Location"), ==, "/shop/UTH/account");
}

/* Bad input: each refusal names its field next to it (422), keeps what was
 * typed (never the password), and changes nothing. */
static void
test_bad_input (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = get (v, "/shop/UTH/account/sign-up", 200);
  g_autofree char *long_name = g_strnfill (81, 'x');
  g_autofree char *long_line = g_strnfill (121, 'y');
  gint64 tokens = ts_test_owner_int (server, "SELECT count (*) FROM web_token");
  gint64 audited = 0;
  const struct { const char *first, *last, *email, *password, *field; } cases[] = {
    { "", "Roy", "g.roy@example.org", "bonheur-d-occasion", "first_name" },
    { long_name, "Roy", "g.roy@example.org", "bonheur-d-occasion", "first_name" },
    { "Gabrielle", " ", "g.roy@example.org", "bonheur-d-occasion", "last_name" },
    { "Gabrielle", "Roy", "g.roy@", "bonheur-d-occasion", "email" },
    { "Gabrielle", "Roy", "g roy@example.org", "bonheur-d-occasion", "email" },
    { "Gabrielle", "Roy", "<script>@example.org", "bonheur-d-occasion", "email" },
    { "Gabrielle", "Roy", "g.roy@example.org", "short", "password" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Page) refused = submit (v, form, "/shop/UTH/account/sign-up", 422, "first_name", cases[i].first,
                                        "last_name", cases[i].last, "email", cases[i].email,
                                        "password", cases[i].password, NULL);
      g_autofree char *described = g_strdup_printf ("aria-describedby=\"%s-error\"", cases[i].field);

      g_assert_true (says (refused, described));
      g_assert_false (says (refused, "<script>@"));             /* escaped */
      g_assert_false (says (refused, cases[i].password[0] != '\0' ? "bonheur-d-occasion" : "\x01"));
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_token"), ==, tokens);

  /* My details: a line too long, a phone of letters */
  {
    g_autoptr(Visitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
    g_autoptr(Page) details = get (u, "/shop/UTH/account/details", 200);
    g_autoptr(Page) line = NULL;
    g_autoptr(Page) phone = NULL;

    audited = ts_test_owner_int (server, "SELECT count (*) FROM audit_log");
    line = submit (u, details, "/shop/UTH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                   "address.line1", long_line, NULL);
    phone = submit (u, details, "/shop/UTH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                    "phone", "call me maybe", NULL);
    g_assert_true (says (line, "aria-describedby=\"address.line1-error\""));
    g_assert_true (says (phone, "aria-describedby=\"phone-error\""));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log"), ==, audited);
  }
}

/* In French: the pages and the mail. */
static void
test_french (void)
{
  g_autoptr(Visitor) v = visitor_new ();
  g_autoptr(Page) form = NULL;
  g_autoptr(Page) sent = NULL;
  guint before = ts_test_smtp_sink_get_n (sink);
  const TsTestMail *mail;

  v->accept_language = "fr-CA,fr;q=0.9";
  form = get (v, "/shop/UTH/account/sign-up", 200);
  g_assert_true (says (form, "lang=\"fr-CA\""));
  g_assert_true (says (form, "Créer un compte"));
  sent = submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Félix", "last_name", "Leclerc",
                 "email", "felix@example.org", "password", "le-petit-bonheur", NULL);
  g_assert_true (says (sent, "Vérifiez vos courriels"));
  ts_test_smtp_sink_wait (sink, before + 1, 30);
  mail = ts_test_smtp_sink_get (sink, before);
  g_assert_cmpstr (mail->subject, ==, "Confirmez votre compte auprès de University Theatre");
  if (strstr (mail->body, "Bonjour Félix") == NULL)
    g_error ("mail body: %s", mail->body);
}

static void
setup_mail (TsServerConfig *config,
            gpointer        data)
{
  config->smtp_host = g_strdup ("127.0.0.1");
  config->smtp_port = ts_test_smtp_sink_get_port (sink);
  config->mail_from = g_strdup ("tickets@tessera.example.org");
  config->mail_retry_seconds = 1;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
#ifdef TS_TEST_LOCALEDIR
  g_setenv ("TESSERA_LOCALEDIR", TS_TEST_LOCALEDIR, TRUE);
#endif
  sink = ts_test_smtp_sink_new (0);
  server = ts_test_server_new_with (setup_mail, NULL);
  if (!ts_demo_season_load (ts_server_get_db (ts_test_server_get_server (server)), &error))
    g_error ("The demo season does not load: %s", error->message);
  ts_test_owner_sql (server, "UPDATE outlet SET web_enabled = true WHERE code IN ('UTH', 'ATH')");
  emile = ts_test_owner_int (server, "SELECT patron_id FROM web_account WHERE email = 'emile.nelligan@example.ca'");

  g_test_add_func ("/shop-accounts/sign-up-and-in", test_sign_up_and_in);
  g_test_add_func ("/shop-accounts/sign-up-links-exact-patron", test_sign_up_links_exact_patron);
  g_test_add_func ("/shop-accounts/sign-up-existing-alike", test_sign_up_existing_alike);
  g_test_add_func ("/shop-accounts/sign-up-mail-throttle", test_sign_up_mail_throttle);
  g_test_add_func ("/shop-accounts/wrong-password-alike", test_wrong_password_alike);
  g_test_add_func ("/shop-accounts/throttle", test_throttle);
  g_test_add_func ("/shop-accounts/reset", test_reset);
  g_test_add_func ("/shop-accounts/orders-per-outlet", test_orders_per_outlet);
  g_test_add_func ("/shop-accounts/preferences", test_preferences);
  g_test_add_func ("/shop-accounts/details-p3", test_details_p3);
  g_test_add_func ("/shop-accounts/self-cancel", test_self_cancel);
  g_test_add_func ("/shop-accounts/vouchers", test_vouchers);
  g_test_add_func ("/shop-accounts/expired-visits-forgotten", test_expired_visits_forgotten);
  g_test_add_func ("/shop-accounts/sign-in-next", test_sign_in_next);
  g_test_add_func ("/shop-accounts/bad-input", test_bad_input);
  g_test_add_func ("/shop-accounts/french", test_french);
  status = g_test_run ();
  ts_test_server_free (server);
  ts_test_smtp_sink_free (sink);
  return status;
}
