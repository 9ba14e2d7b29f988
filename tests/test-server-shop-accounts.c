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
#include "ts-test-visitor.h"

static TsTestServer *server;
static TsTestSmtpSink *sink;
static gint64 emile;          /* the demo web account's patron */

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
static TsTestVisitor *
sign_up (const char *code,
         const char *first,
         const char *last,
         const char *email,
         const char *password)
{
  TsTestVisitor *v = ts_test_visitor_new (server);
  g_autofree char *form_path = g_strdup_printf ("/shop/%s/account/sign-up", code);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, form_path, 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(TsTestPage) sent = ts_test_visitor_submit (v, form, form_path, 200, "first_name", first, "last_name", last, "email", email,
                                 "password", password, NULL);
  g_autofree char *link = mailed_path (email, "/account/confirm/", before);
  g_autoptr(TsTestPage) confirm = NULL;
  g_autoptr(TsTestPage) done = NULL;
  g_autofree char *welcome = g_strdup_printf ("/shop/%s/account?welcome=1", code);

  g_assert_true (ts_test_page_says (sent, "Check your e-mail"));
  g_assert_nonnull (link);
  confirm = ts_test_visitor_get (v, link, 200);
  done = ts_test_visitor_submit (v, confirm, link, 303, NULL);
  g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, welcome);
  return v;
}

static TsTestVisitor *
sign_in (const char *code,
         const char *email,
         const char *password)
{
  TsTestVisitor *v = ts_test_visitor_new (server);
  g_autofree char *path = g_strdup_printf ("/shop/%s/account/sign-in", code);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, path, 200);
  g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, form, path, 303, "email", email, "password", password, NULL);
  g_autofree char *account = g_strdup_printf ("/shop/%s/account", code);

  g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, account);
  return v;
}

/* Sign-up, sign-in, sign-out (F6, F7) ---------------------------------------------------------- */

/* A new patron signs up at UTH, finds the link in his mail, is signed in by
 * it, and signs in again later with his password; the link works once. */
static void
test_sign_up_and_in (void)
{
  g_autoptr(TsTestVisitor) v = sign_up ("UTH", "Marie", "Tremblay", "marie.tremblay@example.org", "correct-horse-1");
  g_autoptr(TsTestPage) account = ts_test_visitor_get (v, "/shop/UTH/account", 200);
  g_autoptr(TsTestPage) out = NULL;
  g_autoptr(TsTestPage) after = NULL;
  g_autoptr(TsTestVisitor) again = NULL;
  g_autoptr(TsTestVisitor) stranger = ts_test_visitor_new (server);
  const TsTestMail *mail = ts_test_smtp_sink_get (sink, ts_test_smtp_sink_get_n (sink) - 1);
  g_autofree char *link = NULL;

  g_assert_true (ts_test_page_says (account, "Your account is ready") || ts_test_page_says (account, "My orders"));
  g_assert_true (ts_test_page_says (account, "You have no orders at this box office yet."));
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
    g_autoptr(TsTestPage) form = ts_test_visitor_get (stranger, link, 200);
    g_autoptr(TsTestPage) used = ts_test_visitor_submit (stranger, form, link, 404, NULL);

    g_assert_true (ts_test_page_says (used, "This link is no longer valid"));
  }

  /* sign out: My Account asks to sign in again */
  out = ts_test_visitor_submit (v, account, "/shop/UTH/account/sign-out", 303, NULL);
  g_assert_cmpstr (ts_test_page_header (out, "Location"), ==, "/shop/UTH/");
  after = ts_test_visitor_get (v, "/shop/UTH/account", 303);
  g_assert_cmpstr (ts_test_page_header (after, "Location"), ==, "/shop/UTH/account/sign-in?next=%2Faccount");

  /* F6: the same account at another outlet's storefront */
  again = sign_in ("ATH", "marie.tremblay@example.org", "correct-horse-1");
  {
    g_autoptr(TsTestPage) ath = ts_test_visitor_get (again, "/shop/ATH/account", 200);

    g_assert_true (ts_test_page_says (ath, "You have no orders at this box office yet."));
  }
}

/* F7: the names and e-mail of a patron of the directory: the account is
 * hers; otherwise (another first name) a new patron. */
static void
test_sign_up_links_exact_patron (void)
{
  g_autoptr(TsTestVisitor) ada = sign_up ("UTH", "Ada", "Lovelace", "ada@example.org", "analytical-engine");
  g_autoptr(TsTestVisitor) other = sign_up ("UTH", "Joanie", "Mitchell", "joni@example.org", "both-sides-now");

  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_account a JOIN patron p ON p.id = a.patron_id"
                                      " WHERE a.email = 'ada@example.org' AND p.first_name = 'Ada'"
                                      " AND p.id = (SELECT min (id) FROM patron WHERE first_name = 'Ada')"), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM patron WHERE last_name = 'Mitchell'"), ==, 2);
  /* Ada sees her own UTH order from the box office (the demo season's) */
  {
    g_autoptr(TsTestPage) account = ts_test_visitor_get (ada, "/shop/UTH/account", 200);

    g_assert_true (ts_test_page_says (account, "Hamlet"));
  }
}

/* F7: signing up with an address that has an account answers the same page
 * and makes nothing; the address's owner is told by mail. */
static void
test_sign_up_existing_alike (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-up", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(TsTestPage) existing = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Somebody",
                                     "last_name", "Else", "email", "emile.nelligan@example.ca",
                                     "password", "not-his-password", NULL);
  g_autoptr(TsTestPage) form2 = ts_test_visitor_get (v, "/shop/UTH/account/sign-up", 200);
  g_autoptr(TsTestPage) fresh = ts_test_visitor_submit (v, form2, "/shop/UTH/account/sign-up", 200, "first_name", "Somebody",
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
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-up", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autofree char *first_body = NULL;

  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(TsTestPage) sent = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Bomb", "last_name", "Target",
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
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-in", 200);
  g_autoptr(TsTestPage) wrong = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-in", 422, "email", "emile.nelligan@example.ca",
                                  "password", "not-hamlet", NULL);
  g_autoptr(TsTestPage) unknown = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-in", 422, "email", "nobody.here@example.ca",
                                    "password", "not-hamlet", NULL);
  g_autoptr(GString) a = g_string_new (wrong->body);

  g_assert_true (ts_test_page_says (wrong, "The e-mail address or the password is not right."));
  g_string_replace (a, "emile.nelligan@example.ca", "nobody.here@example.ca", 0);
  g_assert_cmpstr (a->str, ==, unknown->body);
  g_assert_null (ts_test_page_header (wrong, "Set-Cookie") != NULL && strstr (ts_test_page_header (wrong, "Set-Cookie"), "ts_shop=") ? "session" : NULL);
}

/* C6: a stream of bad passwords for one address makes it wait (429, with
 * the time), even for the right password, and an unknown address alike. */
static void
test_throttle (void)
{
  g_autoptr(TsTestVisitor) marie = sign_up ("UTH", "Louis", "Cyr", "louis.cyr@example.org", "strongest-man-1");
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-in", 200);
  const char *addresses[] = { "louis.cyr@example.org", "no.account@example.org" };

  for (guint a = 0; a < G_N_ELEMENTS (addresses); a++)
    {
      for (guint i = 0; i < 5; i++)
        {
          g_autoptr(TsTestPage) wrong = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-in", 422, "email", addresses[a],
                                          "password", "guess-guess-guess", NULL);
        }
      {
        g_autoptr(TsTestPage) waiting = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-in", 429, "email", addresses[a],
                                          "password", "strongest-man-1", NULL);

        g_assert_true (ts_test_page_says (waiting, "Too many attempts"));
        g_assert_nonnull (ts_test_page_header (waiting, "Retry-After"));
        g_assert_cmpint (g_ascii_strtoll (ts_test_page_header (waiting, "Retry-After"), NULL, 10), >, 0);
      }
    }
  /* the account was not signed in by the right password while waiting */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_session s JOIN web_account a ON a.id = s.account_id"
                                      " WHERE a.email = 'louis.cyr@example.org' AND s.ended_at IS NULL"), ==, 1);
  /* others are not held up */
  {
    g_autoptr(TsTestVisitor) other = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
  }
}

/* A forgotten password: the mailed link sets a new one, once, and the old
 * password no longer works; an unknown address gets the same page and no
 * mail. */
static void
test_reset (void)
{
  g_autoptr(TsTestVisitor) first = sign_up ("ATH", "Gilles", "Vigneault", "gilles@example.org", "mon-pays-c-est-l-hiver");
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/ATH/account/forgot", 200);
  guint before = ts_test_smtp_sink_get_n (sink);
  g_autoptr(TsTestPage) sent = ts_test_visitor_submit (v, form, "/shop/ATH/account/forgot", 200, "email", "gilles@example.org", NULL);
  g_autoptr(TsTestPage) unknown = ts_test_visitor_submit (v, form, "/shop/ATH/account/forgot", 200, "email", "gille@example.org", NULL);
  g_autofree char *link = mailed_path ("gilles@example.org", "/account/reset/", before);
  g_autoptr(GString) a = g_string_new (sent->body);
  g_autoptr(TsTestPage) reset_form = NULL;
  g_autoptr(TsTestPage) reset = NULL;
  g_autoptr(TsTestPage) again = NULL;

  g_string_replace (a, "gilles@example.org", "gille@example.org", 0);
  g_assert_cmpstr (a->str, ==, unknown->body);
  g_assert_nonnull (link);
  g_assert_cmpstr (ts_test_smtp_sink_get (sink, before)->subject, ==, "Choose a new password at Athletic Centre");
  reset_form = ts_test_visitor_get (v, link, 200);
  {
    g_autoptr(TsTestPage) short_one = ts_test_visitor_submit (v, reset_form, link, 422, "password", "short", NULL);

    g_assert_true (ts_test_page_says (short_one, "aria-describedby=\"password-error\""));
  }
  reset = ts_test_visitor_submit (v, reset_form, link, 303, "password", "gens-du-pays-2026", NULL);
  g_assert_cmpstr (ts_test_page_header (reset, "Location"), ==, "/shop/ATH/account?password=1");
  again = ts_test_visitor_get (v, link, 404);
  g_assert_true (ts_test_page_says (again, "This link is no longer valid"));
  /* the old password is gone, the new one signs in; the other sessions ended */
  {
    g_autoptr(TsTestVisitor) w = ts_test_visitor_new (server);
    g_autoptr(TsTestPage) in = ts_test_visitor_get (w, "/shop/ATH/account/sign-in", 200);
    g_autoptr(TsTestPage) old = ts_test_visitor_submit (w, in, "/shop/ATH/account/sign-in", 422, "email", "gilles@example.org",
                                  "password", "mon-pays-c-est-l-hiver", NULL);
    g_autoptr(TsTestVisitor) fresh = sign_in ("ATH", "gilles@example.org", "gens-du-pays-2026");
    g_autoptr(TsTestPage) first_account = ts_test_visitor_get (first, "/shop/ATH/account", 303);
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
  g_autoptr(TsTestVisitor) at_uth = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestVisitor) at_ath = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestPage) uth_list = ts_test_visitor_get (at_uth, "/shop/UTH/account", 200);
  g_autoptr(TsTestPage) ath_list = ts_test_visitor_get (at_ath, "/shop/ATH/account", 200);
  g_autofree char *uth_path = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, uth_order);
  g_autofree char *ath_at_uth = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, ath_order);
  g_autofree char *ath_path = g_strdup_printf ("/shop/ATH/account/orders/%" G_GINT64_FORMAT, ath_order);
  g_autoptr(TsTestPage) unknown = ts_test_visitor_get (at_uth, "/shop/UTH/account/orders/999999", 404);

  g_assert_true (ts_test_page_says (uth_list, "Hamlet pass (2 performances)"));
  g_assert_false (ts_test_page_says (uth_list, "Varsity Volleyball"));
  g_assert_true (ts_test_page_says (ath_list, "Varsity Volleyball"));
  g_assert_false (ts_test_page_says (ath_list, "Hamlet pass"));
  {
    g_autoptr(TsTestPage) mine = ts_test_visitor_get (at_uth, uth_path, 200);
    g_autoptr(TsTestPage) theirs = ts_test_visitor_get (at_uth, ath_at_uth, 404);
    g_autoptr(TsTestPage) ath_own = ts_test_visitor_get (at_ath, ath_path, 200);

    g_assert_true (ts_test_page_says (mine, "$80.00"));
    g_assert_cmpstr (theirs->body, ==, unknown->body);
    g_assert_true (ts_test_page_says (ath_own, "$15.00"));
  }
  /* another patron, at the same storefront, sees nothing of Émile's */
  {
    g_autoptr(TsTestVisitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
    g_autoptr(TsTestPage) not_hers = ts_test_visitor_get (marie, uth_path, 404);
    g_autoptr(TsTestPage) unknown_for_her = ts_test_visitor_get (marie, "/shop/UTH/account/orders/999999", 404);

    g_assert_cmpstr (not_hers->body, ==, unknown_for_her->body);
  }
}

/* K3, K4: Émile answers UTH's partners yes/no online; the box office sees
 * it on the patron record, as the patron's own; ATH's partners are not
 * asked at UTH. */
static void
test_preferences (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, "/shop/UTH/account/preferences", 200);
  gint64 stratford = ts_test_owner_int (server, "SELECT id FROM partner_company WHERE name = 'Stratford Touring Company'");
  gint64 maritime = ts_test_owner_int (server, "SELECT id FROM partner_company WHERE name = 'Maritime Opera Co-op'");
  g_autofree char *s_name = g_strdup_printf ("partner.%" G_GINT64_FORMAT, stratford);
  g_autofree char *m_name = g_strdup_printf ("partner.%" G_GINT64_FORMAT, maritime);
  g_autofree char *uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT "/partner-preferences", emile);
  g_autoptr(TsTestPage) saved = NULL;
  g_autoptr(JsonNode) seen = NULL;
  g_autofree char *seen_text = NULL;

  g_assert_true (ts_test_page_says (page, "Stratford Touring Company"));
  g_assert_true (ts_test_page_says (page, "Maritime Opera Co-op"));
  g_assert_false (ts_test_page_says (page, "Varsity Boosters Club"));
  saved = ts_test_visitor_submit (v, page, "/shop/UTH/account/preferences", 303, s_name, "yes", m_name, "no", NULL);
  g_assert_cmpstr (ts_test_page_header (saved, "Location"), ==, "/shop/UTH/account/preferences?saved=1");
  seen = ts_test_expect (server, "GET", path, uth_staff, NULL, 200);
  seen_text = json_to_string (seen, FALSE);
  g_assert_nonnull (strstr (seen_text, "\"answer\":\"yes\""));
  g_assert_nonnull (strstr (seen_text, "\"answer\":\"no\""));
  g_assert_nonnull (strstr (seen_text, "\"set_by\":\"patron\""));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM partner_preference_history"
                                      " WHERE patron_id = %" G_GINT64_FORMAT " AND source = 'online'", emile), ==, 2);
  /* online only yes or no (K3); another outlet's partner is unknown (P4) */
  {
    g_autoptr(TsTestPage) again = ts_test_visitor_get (v, "/shop/UTH/account/preferences", 200);
    g_autoptr(TsTestPage) not_asked = ts_test_visitor_submit (v, again, "/shop/UTH/account/preferences", 400, s_name, "not_asked", NULL);
    g_autofree char *boosters = g_strdup_printf ("partner.%s", ts_test_owner_sql (server,
                                                 "SELECT id FROM partner_company WHERE name = 'Varsity Boosters Club'"));
    g_autoptr(TsTestPage) other = ts_test_visitor_submit (v, again, "/shop/UTH/account/preferences", 400, boosters, "yes", NULL);
  }
}

/* P3: at ATH Émile changes his e-mail; UTH uses the old one as its primary,
 * so the change is a new point, ATH's primary only; UTH still shows the
 * old one.  A phone nobody else uses changes in place. */
static void
test_details_p3 (void)
{
  g_autoptr(TsTestVisitor) v = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestVisitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestPage) page = ts_test_visitor_get (v, "/shop/ATH/account/details", 200);
  g_autoptr(TsTestPage) bad = ts_test_visitor_submit (v, page, "/shop/ATH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                                "email", "not-an-address", NULL);
  g_autoptr(TsTestPage) saved = NULL;
  g_autoptr(TsTestPage) ath = NULL;
  g_autoptr(TsTestPage) uth = NULL;

  g_assert_true (ts_test_page_says (page, "value=\"emile@example.org\""));
  g_assert_true (ts_test_page_says (bad, "aria-describedby=\"email-error\""));
  g_assert_true (ts_test_page_says (bad, "value=\"not-an-address\""));
  saved = ts_test_visitor_submit (v, page, "/shop/ATH/account/details", 303, "first_name", "Émile", "last_name", "Nelligan",
                  "email", "emile.n@example.net", "phone", "514 555 0199", NULL);
  ath = ts_test_visitor_get (v, "/shop/ATH/account/details", 200);
  uth = ts_test_visitor_get (u, "/shop/UTH/account/details", 200);
  g_assert_true (ts_test_page_says (ath, "value=\"emile.n@example.net\""));
  g_assert_true (ts_test_page_says (uth, "value=\"emile@example.org\""));
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT
                                      " AND value = 'emile@example.org' AND retired_at IS NULL", emile), ==, 1);
  /* the phone given at ATH is a lone point, so every outlet's primary (P2):
   * UTH's change of it is UTH's own new point, and ATH keeps its phone */
  {
    g_autoptr(TsTestPage) form = ts_test_visitor_get (u, "/shop/UTH/account/details", 200);
    g_autoptr(TsTestPage) done = ts_test_visitor_submit (u, form, "/shop/UTH/account/details", 303, "first_name", "Émile",
                                   "last_name", "Nelligan", "email", "emile@example.org", "phone", "514 555 0100", NULL);
    g_autoptr(TsTestPage) ath_now = ts_test_visitor_get (v, "/shop/ATH/account/details", 200);
    g_autoptr(TsTestPage) uth_now = ts_test_visitor_get (u, "/shop/UTH/account/details", 200);

    g_assert_true (ts_test_page_says (form, "value=\"514 555 0199\""));
    g_assert_true (ts_test_page_says (ath_now, "value=\"514 555 0199\""));
    g_assert_true (ts_test_page_says (uth_now, "value=\"514 555 0100\""));
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT
                                      " AND kind = 'phone'", emile), ==, 2);
  /* the same values again write nothing */
  {
    gint64 audited = ts_test_owner_int (server, "SELECT count (*) FROM audit_log");
    g_autoptr(TsTestPage) form = ts_test_visitor_get (u, "/shop/UTH/account/details", 200);
    g_autoptr(TsTestPage) done = ts_test_visitor_submit (u, form, "/shop/UTH/account/details", 303, "first_name", "Émile",
                                   "last_name", "Nelligan", "email", "emile@example.org", "phone", "514 555 0100", NULL);

    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log"), ==, audited);
  }
  /* R1: audited */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity = 'contact_point'"
                                      " AND after ->> 'value' = 'emile.n@example.net'"), >=, 1);
}

/* The id of UTH's Hamlet performance n (from 0, soonest first): 1 is in
 * three days, 2 in ten. */
static char *
hamlet_performance (int n)
{
  return ts_test_owner_sqlf (server, "SELECT p.id FROM performance p JOIN event e ON e.id = p.event_id"
                             " WHERE e.name = 'Hamlet' ORDER BY p.starts_at OFFSET %d LIMIT 1", n);
}

/* S6, F6: with web_cancel_hours set, Émile cancels a ticket of his web
 * order whose performance is far enough away; it is refunded to the card
 * from UTH's till; a nearer one, another patron, or a box-office order
 * cannot be cancelled online. */
static void
test_self_cancel (void)
{
  g_autofree char *uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *near = hamlet_performance (1);
  g_autofree char *far = hamlet_performance (2);
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
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestPage) box_office_order = ts_test_visitor_get (v, path, 200);

  /* a box-office order is not cancelled online */
  g_assert_false (ts_test_page_says (box_office_order, "name=\"item\""));
  /* made a web order on purpose here (checkout is the payments part's) */
  ts_test_owner_sqlf (server, "UPDATE ticket_order SET channel = 'internet' WHERE id = %" G_GINT64_FORMAT, id);
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE code = 'UTH'");
  {
    g_autoptr(TsTestPage) no_cancelling = ts_test_visitor_get (v, path, 200);

    g_assert_false (ts_test_page_says (no_cancelling, "name=\"item\""));   /* UTH lets nobody cancel online yet */
  }
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = 100 WHERE code = 'UTH'");
  {
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
    g_autoptr(TsTestPage) too_near = NULL;
    g_autoptr(TsTestPage) done = NULL;
    g_autoptr(TsTestPage) after = NULL;
    g_autoptr(TsTestVisitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
    g_autoptr(TsTestPage) marie_page = ts_test_visitor_get (marie, "/shop/UTH/account", 200);

    g_assert_true (ts_test_page_says (page, far_box));
    g_assert_false (ts_test_page_says (page, near_box));
    g_assert_true (ts_test_page_says (page, "until 100 hours before"));
    too_near = ts_test_visitor_submit (v, page, cancel, 409, "item", near_text, NULL);
    g_assert_true (ts_test_page_says (too_near, "can no longer be cancelled"));
    /* another patron's order: unknown */
    {
      g_autoptr(TsTestPage) not_hers = ts_test_visitor_submit (marie, marie_page, cancel, 404, "item", far_text, NULL);
    }
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND status = 'refunded'", id), ==, 0);
    done = ts_test_visitor_submit (v, page, cancel, 303, "item", far_text, NULL);
    g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, cancelled);
    after = ts_test_visitor_get (v, ts_test_page_header (done, "Location"), 200);
    g_assert_true (ts_test_page_says (after, "The tickets are cancelled."));
    g_assert_true (ts_test_page_says (after, "refunded"));
    g_assert_false (ts_test_page_says (after, far_box));
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

/* The price of type in zone at performance (a redemption's zone price). */
static void
set_price (const char *zone,
           const char *performance,
           const char *type,
           const char *cents)
{
  g_free (ts_test_owner_sqlf (server, "UPDATE redemption_price SET price_cents = %s WHERE category = '%s'"
                              " AND redemption_id = (SELECT id FROM redemption WHERE performance_id = %s"
                              " AND ticket_type_id = %s)", cents, zone, performance, type));
}

/* S6, F6: with web_cancel_hours set, Émile exchanges tickets of his web
 * order for another performance of Hamlet: at the same price nothing is
 * paid; cheaper, the difference goes back to his card; dearer is refused
 * (the box office's); a ticket too near, or another patron, cannot; with
 * the window off (the default) no exchange is offered. */
static void
test_self_exchange (void)
{
  g_autofree char *uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  g_autofree char *near = hamlet_performance (1);
  g_autofree char *far = hamlet_performance (2);
  g_autofree char *adult = ts_test_owner_sql (server, "SELECT id FROM ticket_type WHERE name = 'Adult'");
  g_autofree char *body = g_strdup_printf (
      "{\"idempotency_key\": \"acct-test-exchange-1\", \"purchaser_id\": %" G_GINT64_FORMAT ", \"items\": ["
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-3\", \"ticket_type_id\": %s},"
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-4\", \"ticket_type_id\": %s},"
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-5\", \"ticket_type_id\": %s},"
      " {\"performance_id\": %s, \"seat\": \"Orchestra-C-6\", \"ticket_type_id\": %s}],"
      " \"payments\": [{\"method\": \"card\", \"amount_cents\": 26000}]}",
      emile, far, adult, far, adult, far, adult, near, adult);
  g_autoptr(JsonNode) order = ts_test_expect (server, "POST", "/api/v1/orders", uth_boxoffice, body, 201);
  gint64 id = ts_test_member_int (order, "id");
  g_autofree char *items_sql = g_strdup_printf ("SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                                " AND performance_id = %s ORDER BY id", id, far);
  gint64 first = ts_test_owner_int (server, "%s LIMIT 1", items_sql);
  gint64 second = ts_test_owner_int (server, "%s OFFSET 1 LIMIT 1", items_sql);
  gint64 third = ts_test_owner_int (server, "%s OFFSET 2 LIMIT 1", items_sql);
  gint64 near_item = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND performance_id = %s", id, near);
  g_autofree char *zone = ts_test_owner_sqlf (server, "SELECT price_zone FROM order_item WHERE id = %" G_GINT64_FORMAT,
                                             first);
  g_autofree char *first_text = g_strdup_printf ("%" G_GINT64_FORMAT, first);
  g_autofree char *second_text = g_strdup_printf ("%" G_GINT64_FORMAT, second);
  g_autofree char *third_text = g_strdup_printf ("%" G_GINT64_FORMAT, third);
  g_autofree char *near_text = g_strdup_printf ("%" G_GINT64_FORMAT, near_item);
  g_autofree char *path = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, id);
  g_autofree char *exchange = g_strdup_printf ("%s/exchange", path);
  g_autofree char *first_select = g_strdup_printf ("id=\"exchange-%" G_GINT64_FORMAT "\"", first);
  g_autofree char *near_select = g_strdup_printf ("id=\"exchange-%" G_GINT64_FORMAT "\"", near_item);
  g_autofree char *near_option = g_strdup_printf ("<option value=\"%s\">", near);
  g_autofree char *old_price = ts_test_owner_sqlf (server, "SELECT price_cents FROM order_item WHERE id = %" G_GINT64_FORMAT,
                                                  first);
  g_autoptr(TsTestVisitor) v = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  gint64 new_order;

  ts_test_owner_sqlf (server, "UPDATE ticket_order SET channel = 'internet' WHERE id = %" G_GINT64_FORMAT, id);
  /* off by default: no exchange offered */
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = NULL WHERE code = 'UTH'");
  {
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);

    g_assert_false (ts_test_page_says (page, "name=\"performance_id\""));
    g_assert_false (ts_test_page_says (page, "Exchange a ticket"));
  }
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = 100 WHERE code = 'UTH'");
  {
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
    g_autoptr(TsTestPage) too_near = NULL;
    g_autoptr(TsTestVisitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
    g_autoptr(TsTestPage) marie_page = ts_test_visitor_get (marie, "/shop/UTH/account", 200);

    g_assert_true (ts_test_page_says (page, "Exchange a ticket"));
    g_assert_true (ts_test_page_says (page, first_select));
    g_assert_true (ts_test_page_says (page, near_option));   /* the nearer performance is on offer */
    g_assert_false (ts_test_page_says (page, near_select));  /* the nearer ticket is not */
    /* outside the window */
    too_near = ts_test_visitor_submit (v, page, exchange, 409, "item", near_text, "performance_id", far, NULL);
    g_assert_true (ts_test_page_says (too_near, "can no longer be exchanged"));
    /* another patron's order: unknown */
    {
      g_autoptr(TsTestPage) not_hers = ts_test_visitor_submit (marie, marie_page, exchange, 404, "item", first_text,
                                                               "performance_id", near, NULL);
    }
    /* a form not from the page: a ticket that is no number, or not one of
     * this order's, is said so, and nothing changes */
    {
      g_autoptr(TsTestPage) no_number = ts_test_visitor_submit (v, page, exchange, 422, "item", "abc",
                                                                "performance_id", near, NULL);
      g_autoptr(TsTestPage) not_this_order = ts_test_visitor_submit (v, page, exchange, 409, "item", "1",
                                                                     "performance_id", near, NULL);

      g_assert_true (ts_test_page_says (no_number, "Choose the ticket to exchange."));
      g_assert_false (ts_test_page_says (not_this_order, "too near"));
      g_assert_true (ts_test_page_says (not_this_order, "can no longer be exchanged"));
    }
    /* not a performance of Hamlet sold here */
    {
      g_autoptr(TsTestPage) same = ts_test_visitor_submit (v, page, exchange, 422, "item", first_text,
                                                           "performance_id", far, NULL);

      g_assert_true (ts_test_page_says (same, "Choose another performance"));
    }
    /* dearer: the box office's */
    set_price (zone, near, adult, "99900");
    {
      g_autoptr(TsTestPage) dearer = ts_test_visitor_submit (v, page, exchange, 409, "item", third_text,
                                                             "performance_id", near, NULL);

      g_assert_true (ts_test_page_says (dearer, "ask the box office"));
    }
    /* the same refusal in French */
    ts_test_visitor_set_language (v, "fr-CA,fr;q=0.9");
    {
      g_autoptr(TsTestPage) fr_page = ts_test_visitor_get (v, path, 200);
      g_autoptr(TsTestPage) dearer = ts_test_visitor_submit (v, fr_page, exchange, 409, "item", third_text,
                                                             "performance_id", near, NULL);

      g_assert_true (ts_test_page_says (fr_page, "Échanger un billet"));
      g_assert_true (ts_test_page_says (dearer, "demandez à la billetterie"));
    }
    ts_test_visitor_set_language (v, NULL);
    /* no seat left in the ticket's price zone: every free one held (M8) */
    set_price (zone, near, adult, old_price);
    g_free (ts_test_owner_sql (server, "INSERT INTO hold_letter (letter, description, color)"
                                       " VALUES ('x', 'Exchange test', '#000000')"));
    g_free (ts_test_owner_sqlf (server, "WITH held AS (INSERT INTO seat_claim (performance_id, seat_guid, kind, hold_letter)"
                                " SELECT %s, s.guid, 'held', 'x' FROM map_seat s"
                                " WHERE s.category = '%s' AND s.map_id = (SELECT e.map_id FROM performance p JOIN event e"
                                " ON e.id = p.event_id WHERE p.id = %s) ON CONFLICT DO NOTHING RETURNING 1)"
                                " UPDATE performance SET claimed = claimed + (SELECT count (*) FROM held) WHERE id = %s",
                                near, zone, near, near));
    {
      g_autoptr(TsTestPage) full = ts_test_visitor_submit (v, page, exchange, 409, "item", third_text,
                                                           "performance_id", near, NULL);

      g_assert_true (ts_test_page_says (full, "No seat is left at your ticket"));
    }
    g_free (ts_test_owner_sqlf (server, "WITH freed AS (DELETE FROM seat_claim WHERE performance_id = %s AND hold_letter = 'x'"
                                " RETURNING 1) UPDATE performance SET claimed = claimed - (SELECT count (*) FROM freed)"
                                " WHERE id = %s", near, near));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                        " AND status = 'refunded'", id), ==, 0);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT,
                                        id), ==, 0);
  }
  /* equal price: nothing to pay, the new ticket on its order's page */
  set_price (zone, near, adult, old_price);
  {
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
    g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, page, exchange, 303, "item", first_text, "performance_id", near, NULL);
    g_autoptr(TsTestPage) after = NULL;
    g_autofree char *location = NULL;

    new_order = ts_test_owner_int (server, "SELECT id FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT, id);
    location = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT "?exchanged=1", new_order);
    g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, location);
    after = ts_test_visitor_get (v, location, 200);
    g_assert_true (ts_test_page_says (after, "Your ticket is exchanged"));
    g_assert_true (ts_test_page_says (after, "Adult"));
    g_assert_true (ts_test_page_says (after, "class=\"ticket-qr\""));   /* the new ticket, with its QR code */
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE id = %" G_GINT64_FORMAT
                                      " AND status = 'refunded'", first), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM order_item WHERE order_id = %" G_GINT64_FORMAT
                                      " AND status = 'sold' AND performance_id = %s AND ticket_type_id = %s"
                                      " AND price_zone = '%s' AND price_cents = %s AND seat_guid IS NOT NULL",
                                      new_order, near, adult, zone, old_price), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE method = 'card' AND order_id IN (%"
                                      G_GINT64_FORMAT ", %" G_GINT64_FORMAT ") AND amount_cents < 0", id, new_order), ==, 0);
  /* cheaper: the difference goes back to the order's card (the sweeper's) */
  set_price (zone, near, adult, "5000");
  {
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, path, 200);
    g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, page, exchange, 303, "item", second_text, "performance_id", near, NULL);
    g_autoptr(TsTestPage) after = ts_test_visitor_get (v, ts_test_page_header (done, "Location"), 200);

    g_assert_true (g_str_has_suffix (ts_test_page_header (done, "Location"), "?paid_back=1"));
    g_assert_true (ts_test_page_says (after, "the difference goes back to your card"));
  }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM payment WHERE order_id = %" G_GINT64_FORMAT
                                      " AND method = 'card' AND amount_cents = 5000 - %s AND refund_id IS NOT NULL"
                                      " AND outlet_id = (SELECT id FROM outlet WHERE code = 'UTH')", id, old_price), ==, 1);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT,
                                      id), ==, 2);
  /* the patron's own path: audited as his web account, by no employee */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE action = 'web_self_exchange'"
                                      " AND entity_id = '%" G_GINT64_FORMAT "' AND (after ->> 'web_account_id')::bigint ="
                                      " (SELECT id FROM web_account WHERE lower (email) = 'emile.nelligan@example.ca')", id), ==, 2);
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM refund WHERE order_id = %" G_GINT64_FORMAT
                                      " AND employee_id IS NULL AND reason = 'Exchanged online by the patron'", id), ==, 2);
  /* the order was paid by card online: the difference, and later the
   * exchanged ticket's own refund, go back to that card (the sweeper's) */
  g_free (ts_test_owner_sqlf (server, "INSERT INTO payment_intent (outlet_id, web_session_id, idempotency_key, amount_cents,"
                              " currency, provider, provider_reference, status, order_request, order_id)"
                              " SELECT o.outlet_id, (SELECT s.id FROM web_session s WHERE s.account_id = (SELECT id FROM"
                              " web_account WHERE lower (email) = 'emile.nelligan@example.ca') LIMIT 1), 'exchange-test-intent',"
                              " 26000, 'CAD', 'exchange-test', 'exchange-test-ref', 'captured', '{}', o.id"
                              " FROM ticket_order o WHERE o.id = %" G_GINT64_FORMAT, id));
  ts_test_owner_sql (server, "UPDATE outlet SET web_cancel_hours = 1 WHERE code = 'UTH'");
  {
    gint64 cheaper = ts_test_owner_int (server, "SELECT max (id) FROM ticket_order WHERE exchange_of = %" G_GINT64_FORMAT, id);
    gint64 ticket = ts_test_owner_int (server, "SELECT id FROM order_item WHERE order_id = %" G_GINT64_FORMAT, cheaper);
    g_autofree char *cheaper_path = g_strdup_printf ("/shop/UTH/account/orders/%" G_GINT64_FORMAT, cheaper);
    g_autofree char *cheaper_cancel = g_strdup_printf ("%s/cancel", cheaper_path);
    g_autofree char *ticket_text = g_strdup_printf ("%" G_GINT64_FORMAT, ticket);
    g_autoptr(TsTestPage) page = ts_test_visitor_get (v, cheaper_path, 200);
    g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, page, cheaper_cancel, 303, "item", ticket_text, NULL);

    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM jsonb_array_elements (ts_shop_payment_refunds_due"
                                        " ('exchange-test')) x JOIN payment y ON y.id = (x ->> 'payment_id')::bigint"
                                        " WHERE y.order_id IN (%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")"
                                        " AND x ->> 'reference' = 'exchange-test-ref'", id, cheaper), ==, 2);
  }
  ts_test_assert_ledgers (server);
  set_price (zone, near, adult, old_price);
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
  g_autoptr(TsTestVisitor) emile_visit = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestVisitor) marie = sign_in ("UTH", "marie.tremblay@example.org", "correct-horse-1");
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
    g_autoptr(TsTestPage) gone = ts_test_visitor_get (emile_visit, "/shop/UTH/account", 303);
    g_autoptr(TsTestPage) kept = ts_test_visitor_get (marie, "/shop/UTH/account", 200);
  }
  ts_test_assert_ledgers (server);
}

/* T3: the pass's two open vouchers at UTH; none at ATH. */
static void
test_vouchers (void)
{
  g_autoptr(TsTestVisitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestVisitor) a = sign_in ("ATH", "emile.nelligan@example.ca", "hamlet-online");
  g_autoptr(TsTestPage) uth = ts_test_visitor_get (u, "/shop/UTH/account/vouchers", 200);
  g_autoptr(TsTestPage) ath = ts_test_visitor_get (a, "/shop/ATH/account/vouchers", 200);
  const char *at = strstr (uth->body, "Subscriber seat");

  g_assert_nonnull (at);
  g_assert_nonnull (strstr (at + 1, "Subscriber seat"));
  g_assert_true (ts_test_page_says (ath, "You have no subscription vouchers at this box office."));
}

/* A page of My Account asks to sign in first, and comes back after it; a
 * "next" to another site goes to My Account instead. */
static void
test_sign_in_next (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) away = ts_test_visitor_get (v, "/shop/UTH/account/details", 303);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-in?next=%2Faccount%2Fdetails", 200);
  g_autoptr(TsTestPage) done = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-in", 303, "email", "emile.nelligan@example.ca",
                                 "password", "hamlet-online", "next", "/account/details", NULL);
  g_autoptr(TsTestVisitor) w = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form2 = ts_test_visitor_get (w, "/shop/UTH/account/sign-in", 200);
  g_autoptr(TsTestPage) done2 = ts_test_visitor_submit (w, form2, "/shop/UTH/account/sign-in", 303, "email", "emile.nelligan@example.ca",
                                  "password", "hamlet-online", "next", "//evil.example/", NULL);

  g_assert_cmpstr (ts_test_page_header (away, "Location"), ==, "/shop/UTH/account/sign-in?next=%2Faccount%2Fdetails");
  g_assert_true (ts_test_page_says (form, "name=\"next\" value=\"/account/details\""));
  g_assert_cmpstr (ts_test_page_header (done, "Location"), ==, "/shop/UTH/account/details");
  g_assert_cmpstr (ts_test_page_header (done2, "Location"), ==, "/shop/UTH/account");
}

/* Bad input: each refusal names its field next to it (422), keeps what was
 * typed (never the password), and changes nothing. */
static void
test_bad_input (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = ts_test_visitor_get (v, "/shop/UTH/account/sign-up", 200);
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
      g_autoptr(TsTestPage) refused = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-up", 422, "first_name", cases[i].first,
                                        "last_name", cases[i].last, "email", cases[i].email,
                                        "password", cases[i].password, NULL);
      g_autofree char *described = g_strdup_printf ("aria-describedby=\"%s-error\"", cases[i].field);

      g_assert_true (ts_test_page_says (refused, described));
      g_assert_false (ts_test_page_says (refused, "<script>@"));             /* escaped */
      g_assert_false (ts_test_page_says (refused, cases[i].password[0] != '\0' ? "bonheur-d-occasion" : "\x01"));
    }
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM web_token"), ==, tokens);

  /* My details: a line too long, a phone of letters */
  {
    g_autoptr(TsTestVisitor) u = sign_in ("UTH", "emile.nelligan@example.ca", "hamlet-online");
    g_autoptr(TsTestPage) details = ts_test_visitor_get (u, "/shop/UTH/account/details", 200);
    g_autoptr(TsTestPage) line = NULL;
    g_autoptr(TsTestPage) phone = NULL;

    audited = ts_test_owner_int (server, "SELECT count (*) FROM audit_log");
    line = ts_test_visitor_submit (u, details, "/shop/UTH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                   "address.line1", long_line, NULL);
    phone = ts_test_visitor_submit (u, details, "/shop/UTH/account/details", 422, "first_name", "Émile", "last_name", "Nelligan",
                    "phone", "call me maybe", NULL);
    g_assert_true (ts_test_page_says (line, "aria-describedby=\"address.line1-error\""));
    g_assert_true (ts_test_page_says (phone, "aria-describedby=\"phone-error\""));
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM audit_log"), ==, audited);
  }
}

/* In French: the pages and the mail. */
static void
test_french (void)
{
  g_autoptr(TsTestVisitor) v = ts_test_visitor_new (server);
  g_autoptr(TsTestPage) form = NULL;
  g_autoptr(TsTestPage) sent = NULL;
  guint before = ts_test_smtp_sink_get_n (sink);
  const TsTestMail *mail;

  ts_test_visitor_set_language (v, "fr-CA,fr;q=0.9");
  form = ts_test_visitor_get (v, "/shop/UTH/account/sign-up", 200);
  g_assert_true (ts_test_page_says (form, "lang=\"fr-CA\""));
  g_assert_true (ts_test_page_says (form, "Créer un compte"));
  sent = ts_test_visitor_submit (v, form, "/shop/UTH/account/sign-up", 200, "first_name", "Félix", "last_name", "Leclerc",
                 "email", "felix@example.org", "password", "le-petit-bonheur", NULL);
  g_assert_true (ts_test_page_says (sent, "Vérifiez vos courriels"));
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
  g_test_add_func ("/shop-accounts/self-exchange", test_self_exchange);
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
