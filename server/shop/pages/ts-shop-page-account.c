/* ts-shop-page-account.c — a patron's web account: sign-up confirmed by
 * mail, sign-in, sign-out, forgotten password (F6, F7, C6, R1).  No page
 * ever tells whether an e-mail address has an account: sign-up and
 * forgotten password answer alike and mail the address itself; a wrong
 * password and an unknown address are one message after the same work. */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "ts-error.h"
#include "ts-pg.h"
#include "ts-shop-layout.h"
#include "ts-shop-page-account-form.h"
#include "ts-shop-pages.h"
#include "ts-shop-session.h"

typedef struct
{
  const char *field;     /* the input it is about, or NULL for the form */
  const char *message;   /* translated */
} Refusal;

static gboolean
is_email (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && strchr (at + 1, '@') == NULL && strchr (at + 1, '.') != NULL
         && at[1] != '.' && email[strlen (email) - 1] != '.' && strlen (email) <= 254
         && strpbrk (email, " \t\r\n<>,;\"") == NULL;
}

static gboolean
is_password (const char *password)
{
  glong n = g_utf8_strlen (password, -1);

  return n >= 10 && n <= 200;
}

/* Sign-up ----------------------------------------------------------------------- */

static void
sign_up_form (TsShopRequest *req,
              Refusal       *refusal)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *action = ts_shop_url (req, "/account/sign-up");
  g_autofree char *sign_in = ts_shop_url (req, "/account/sign-in");
  g_autofree char *first = ts_shop_account_field_value (req, "first_name");
  g_autofree char *last = ts_shop_account_field_value (req, "last_name");
  g_autofree char *email = ts_shop_account_field_value (req, "email");
  const char *field = refusal != NULL ? refusal->field : NULL;
  const char *message = refusal != NULL ? refusal->message : NULL;

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Create an account")));
  ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("Your account works at every storefront of the "
                                                          "consortium; each one shows only its own orders.")));
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\" novalidate>\n", action);
  ts_shop_csrf_field (req, h);
  ts_shop_account_input (req, h, "first_name", ts_shop_tr (req, N_("First name")), "text", first, "given-name", TRUE,
                         g_strcmp0 (field, "first_name") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "last_name", ts_shop_tr (req, N_("Last name")), "text", last, "family-name", TRUE,
                         g_strcmp0 (field, "last_name") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "email", ts_shop_tr (req, N_("E-mail")), "email", email, "email", TRUE,
                         g_strcmp0 (field, "email") == 0 ? message : NULL);
  ts_shop_account_input (req, h, "password", ts_shop_tr (req, N_("Password (at least 10 characters)")), "password",
                         NULL, "new-password", TRUE, g_strcmp0 (field, "password") == 0 ? message : NULL);
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Create the account")));
  ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", sign_in, ts_shop_tr (req, N_("I already have an account")));
  ts_shop_page_end (req, h);
  if (refusal != NULL)
    req->status = 422;
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_sign_up (TsShopRequest  *req,
                              PGconn         *conn,
                              GError        **error)
{
  sign_up_form (req, NULL);
  return TRUE;
}

/* The same page for every address, mail or no mail (F7). */
static void
check_your_email (TsShopRequest *req,
                  const char    *title,
                  const char    *email)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *text = ts_shop_tr_fill (req, N_("We sent a message to %s. Follow its link to go on. If nothing "
                                                   "arrives within a few minutes, look in your junk mail."),
                                           email);

  ts_shop_page_begin (req, h, title);
  ts_html_printf (h, "<p role=\"status\">%s</p>\n", text);
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_sign_up_post (TsShopRequest  *req,
                                   PGconn         *conn,
                                   GError        **error)
{
  g_autofree char *first = ts_shop_account_field_value (req, "first_name");
  g_autofree char *last = ts_shop_account_field_value (req, "last_name");
  g_autofree char *email = ts_shop_account_field_value (req, "email");
  const char *password = ts_shop_form_get (req, "password");
  g_autofree char *token_hash = NULL;
  g_autofree char *token = ts_shop_account_new_token (&token_hash);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  const char *result;
  Refusal refusal = { NULL, NULL };

  if (*first == '\0' || g_utf8_strlen (first, -1) > 80)
    refusal = (Refusal) { "first_name", ts_shop_tr (req, N_("Enter your first name (at most 80 characters).")) };
  else if (*last == '\0' || g_utf8_strlen (last, -1) > 80)
    refusal = (Refusal) { "last_name", ts_shop_tr (req, N_("Enter your last name (at most 80 characters).")) };
  else if (!is_email (email))
    refusal = (Refusal) { "email", ts_shop_tr (req, N_("Enter an e-mail address, such as name@example.org.")) };
  else if (password == NULL || !is_password (password))
    refusal = (Refusal) { "password", ts_shop_tr (req, N_("Choose a password of 10 to 200 characters.")) };
  if (refusal.field != NULL)
    {
      sign_up_form (req, &refusal);
      return TRUE;
    }

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "first_name");
  json_builder_add_string_value (b, first);
  json_builder_set_member_name (b, "last_name");
  json_builder_add_string_value (b, last);
  json_builder_set_member_name (b, "email");
  json_builder_add_string_value (b, email);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_set_member_name (b, "token_hash");
  json_builder_add_string_value (b, token_hash);
  json_builder_set_member_name (b, "source");
  json_builder_add_string_value (b, req->peer != NULL ? req->peer : "");
  json_builder_set_member_name (b, "cost");
  json_builder_add_int_value (b, ts_shop_account_get_bcrypt_cost ());
  json_builder_end_object (b);
  answer = ts_shop_account_call (conn, "SELECT ts_web_account_sign_up ($1::jsonb)", b, error);
  if (answer == NULL)
    return FALSE;
  result = json_object_get_string_member (json_node_get_object (answer), "result");
  if (g_strcmp0 (result, "confirm") == 0)
    {
      g_autofree char *path = g_strconcat ("/account/confirm/", token, NULL);
      g_autofree char *link = ts_shop_account_link (req, path);

      if (!ts_shop_account_mail (req, conn, email,
                                 ts_shop_tr (req, N_("Confirm your account at {outlet}")),
                                 ts_shop_tr (req, N_("Hello {name},\n\n"
                                                     "To finish creating your account at {outlet}, open this link "
                                                     "within 24 hours:\n\n{link}\n\n"
                                                     "If you did not ask for an account, ignore this message: "
                                                     "nothing will be made.\n")),
                                 error, "outlet", req->outlet.name, "name", first, "link", link, NULL))
        return FALSE;
    }
  else if (g_strcmp0 (result, "exists") == 0)
    {
      g_autofree char *sign_in = ts_shop_account_link (req, "/account/sign-in");
      g_autofree char *forgot = ts_shop_account_link (req, "/account/forgot");

      /* F7: the owner of the address learns of it, the visitor does not */
      if (!ts_shop_account_mail (req, conn, email,
                                 ts_shop_tr (req, N_("Someone tried to create an account with your address")),
                                 ts_shop_tr (req, N_("Hello,\n\n"
                                                     "Someone tried to create an account at {outlet} with this "
                                                     "e-mail address, which already has one. If it was you, sign "
                                                     "in:\n\n{sign_in}\n\nor choose a new password:\n\n{forgot}\n\n"
                                                     "If it was not you, ignore this message: nothing has changed.\n")),
                                 error, "outlet", req->outlet.name, "sign_in", sign_in, "forgot", forgot, NULL))
        return FALSE;
    }
  check_your_email (req, ts_shop_tr (req, N_("Check your e-mail")), email);
  return TRUE;
}

/* The mailed link: a button, so that a mail program that opens links to
 * look at them confirms nothing. */
gboolean
ts_shop_page_account_confirm (TsShopRequest  *req,
                              PGconn         *conn,
                              GError        **error)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *token = g_uri_escape_string (req->tail, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/account/confirm/", token, NULL);
  g_autofree char *action = ts_shop_url (req, path);

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Confirm your account")));
  ts_html_printf (h, "<form method=\"post\" action=\"%s\">\n", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Confirm my account")));
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
  return TRUE;
}

static void
link_no_longer_valid (TsShopRequest *req)
{
  req->status = 404;
  ts_shop_message_page (req, ts_shop_tr (req, N_("This link is no longer valid")),
                        ts_shop_tr (req, N_("It was used already, or it is too old. Ask for a new one.")));
}

/* What a mailed link's page does with the link's answer ({account_id}):
 * signs the account in and goes to where; a link used or run out says so
 * (F6). */
static gboolean
signed_in_by_link (TsShopRequest  *req,
                   PGconn         *conn,
                   JsonNode       *answer,
                   GError         *link_error,
                   const char     *where,
                   GError        **error)
{
  if (g_error_matches (link_error, TS_ERROR, TS_ERROR_NOT_FOUND))
    {
      link_no_longer_valid (req);
      return TRUE;
    }
  if (link_error != NULL)
    {
      g_propagate_error (error, g_error_copy (link_error));
      return FALSE;
    }
  if (!ts_shop_session_sign_in (req, conn, json_object_get_int_member (json_node_get_object (answer), "account_id"),
                                error))
    return FALSE;
  ts_shop_redirect (req, where);
  return TRUE;
}

gboolean
ts_shop_page_account_confirm_post (TsShopRequest  *req,
                                   PGconn         *conn,
                                   GError        **error)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, req->tail, -1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) answer = ts_pg_exec_json (conn, "SELECT ts_web_account_confirm ($1)", 1,
                                                (const char *[]) { hash }, &local_error);

  return signed_in_by_link (req, conn, answer, local_error, "/account?welcome=1", error);
}

/* Sign-in ------------------------------------------------------------------------ */

static void
sign_in_form (TsShopRequest *req,
              const char    *message)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *action = ts_shop_url (req, "/account/sign-in");
  g_autofree char *sign_up = ts_shop_url (req, "/account/sign-up");
  g_autofree char *forgot = ts_shop_url (req, "/account/forgot");
  g_autofree char *email = ts_shop_account_field_value (req, "email");
  const char *next = ts_shop_form_get (req, "next");

  if (next == NULL)
    next = ts_shop_query_get (req, "next");
  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Sign in")));
  if (message != NULL)
    ts_shop_notice (req, h, message, TRUE);
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\" novalidate>\n", action);
  ts_shop_csrf_field (req, h);
  ts_html_printf (h, "<input type=\"hidden\" name=\"next\" value=\"%s\">\n", ts_shop_account_safe_next (next));
  ts_shop_account_input (req, h, "email", ts_shop_tr (req, N_("E-mail")), "email", email, "username", TRUE, NULL);
  ts_shop_account_input (req, h, "password", ts_shop_tr (req, N_("Password")), "password", NULL,
                         "current-password", TRUE, NULL);
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Sign in")));
  ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", forgot, ts_shop_tr (req, N_("I forgot my password")));
  ts_html_printf (h, "<p><a href=\"%s\">%s</a></p>\n", sign_up, ts_shop_tr (req, N_("Create an account")));
  ts_shop_page_end (req, h);
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_sign_in (TsShopRequest  *req,
                              PGconn         *conn,
                              GError        **error)
{
  if (req->account_id > 0)
    {
      ts_shop_redirect (req, ts_shop_account_safe_next (ts_shop_query_get (req, "next")));
      return TRUE;
    }
  sign_in_form (req, NULL);
  return TRUE;
}

gboolean
ts_shop_page_account_sign_in_post (TsShopRequest  *req,
                                   PGconn         *conn,
                                   GError        **error)
{
  g_autofree char *email = ts_shop_account_field_value (req, "email");
  const char *password = ts_shop_form_get (req, "password");
  g_autofree char *cost = g_strdup_printf ("%u", ts_shop_account_get_bcrypt_cost ());
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;
  const char *result;

  answer = ts_pg_exec_json (conn, "SELECT ts_web_account_sign_in ($1, $2, $3, $4::integer)", 4,
                            (const char *[]) { email, password != NULL ? password : "",
                                               req->peer != NULL ? req->peer : "", cost }, error);
  if (answer == NULL)
    return FALSE;
  o = json_node_get_object (answer);
  result = json_object_get_string_member (o, "result");
  if (g_strcmp0 (result, "ok") == 0)
    {
      if (!ts_shop_session_sign_in (req, conn, json_object_get_int_member (o, "account_id"), error))
        return FALSE;
      ts_shop_redirect (req, ts_shop_account_safe_next (ts_shop_form_get (req, "next")));
      return TRUE;
    }
  if (g_strcmp0 (result, "throttled") == 0)
    {
      gint64 seconds = json_object_get_int_member_with_default (o, "retry_after", 60);
      g_autofree char *minutes = g_strdup_printf ("%" G_GINT64_FORMAT, MAX ((seconds + 59) / 60, 1));
      g_autofree char *text = ts_shop_tr_fill (req, N_("Too many attempts to sign in with this address or from "
                                                       "this network. Wait %s minute(s), then try again."),
                                               minutes);
      g_autofree char *retry = g_strdup_printf ("%" G_GINT64_FORMAT, MAX (seconds, 1));

      req->status = 429;
      ts_shop_set_header (req, "Retry-After", retry);
      ts_shop_message_page (req, ts_shop_tr (req, N_("Please wait")), text);
      return TRUE;
    }
  /* F7: the same words for an unknown address and a wrong password */
  req->status = 422;
  sign_in_form (req, ts_shop_tr (req, N_("The e-mail address or the password is not right.")));
  return TRUE;
}

gboolean
ts_shop_page_account_sign_out (TsShopRequest  *req,
                               PGconn         *conn,
                               GError        **error)
{
  if (!ts_shop_session_sign_out (req, conn, error))
    return FALSE;
  ts_shop_redirect (req, "/");
  return TRUE;
}

/* Forgotten password --------------------------------------------------------------- */

static void
forgot_form (TsShopRequest *req,
             const char    *message)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *action = ts_shop_url (req, "/account/forgot");
  g_autofree char *email = ts_shop_account_field_value (req, "email");

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Forgot your password?")));
  ts_html_printf (h, "<p>%s</p>\n", ts_shop_tr (req, N_("Give the e-mail address of your account: we will send "
                                                          "it a link to choose a new password.")));
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\" novalidate>\n", action);
  ts_shop_csrf_field (req, h);
  ts_shop_account_input (req, h, "email", ts_shop_tr (req, N_("E-mail")), "email", email, "email", TRUE, message);
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Send the link")));
  ts_shop_page_end (req, h);
  if (message != NULL)
    req->status = 422;
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_forgot (TsShopRequest  *req,
                             PGconn         *conn,
                             GError        **error)
{
  forgot_form (req, NULL);
  return TRUE;
}

gboolean
ts_shop_page_account_forgot_post (TsShopRequest  *req,
                                  PGconn         *conn,
                                  GError        **error)
{
  g_autofree char *email = ts_shop_account_field_value (req, "email");
  g_autofree char *token_hash = NULL;
  g_autofree char *token = ts_shop_account_new_token (&token_hash);
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *o;

  if (!is_email (email))
    {
      forgot_form (req, ts_shop_tr (req, N_("Enter an e-mail address, such as name@example.org.")));
      return TRUE;
    }
  answer = ts_pg_exec_json (conn, "SELECT ts_web_account_forgot ($1, $2, $3)", 3,
                            (const char *[]) { email, token_hash, req->peer != NULL ? req->peer : "" }, error);
  if (answer == NULL)
    return FALSE;
  o = json_node_get_object (answer);
  if (g_strcmp0 (json_object_get_string_member (o, "result"), "reset") == 0)
    {
      g_autofree char *path = g_strconcat ("/account/reset/", token, NULL);
      g_autofree char *link = ts_shop_account_link (req, path);
      const char *name = json_object_get_string_member_with_default (o, "first_name", "");

      if (!ts_shop_account_mail (req, conn, json_object_get_string_member (o, "email"),
                                 ts_shop_tr (req, N_("Choose a new password at {outlet}")),
                                 ts_shop_tr (req, N_("Hello {name},\n\n"
                                                     "To choose a new password, open this link within an hour:\n\n"
                                                     "{link}\n\n"
                                                     "If you did not ask for it, ignore this message: your password "
                                                     "has not changed.\n")),
                                 error, "outlet", req->outlet.name, "name", name != NULL ? name : "", "link", link,
                                 NULL))
        return FALSE;
    }
  check_your_email (req, ts_shop_tr (req, N_("Check your e-mail")), email);
  return TRUE;
}

static void
reset_form (TsShopRequest *req,
            const char    *message)
{
  TsHtml *h = ts_html_new ();
  g_autofree char *token = g_uri_escape_string (req->tail, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/account/reset/", token, NULL);
  g_autofree char *action = ts_shop_url (req, path);

  ts_shop_page_begin (req, h, ts_shop_tr (req, N_("Choose a new password")));
  ts_html_printf (h, "<form method=\"post\" action=\"%s\" class=\"account-form\" novalidate>\n", action);
  ts_shop_csrf_field (req, h);
  ts_shop_account_input (req, h, "password", ts_shop_tr (req, N_("New password (at least 10 characters)")),
                         "password", NULL, "new-password", TRUE, message);
  ts_html_printf (h, "<button type=\"submit\">%s</button>\n</form>\n", ts_shop_tr (req, N_("Save the password")));
  ts_shop_page_end (req, h);
  if (message != NULL)
    req->status = 422;
  ts_shop_respond_html (req, h);
}

gboolean
ts_shop_page_account_reset (TsShopRequest  *req,
                            PGconn         *conn,
                            GError        **error)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, req->tail, -1);
  g_autoptr(PGresult) valid = ts_pg_exec (conn, "SELECT ts_web_account_reset_valid ($1)", 1,
                                          (const char *[]) { hash }, error);

  if (valid == NULL)
    return FALSE;
  if (!g_str_equal (ts_pg_value (valid, 0, 0), "t"))
    link_no_longer_valid (req);
  else
    reset_form (req, NULL);
  return TRUE;
}

gboolean
ts_shop_page_account_reset_post (TsShopRequest  *req,
                                 PGconn         *conn,
                                 GError        **error)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, req->tail, -1);
  g_autofree char *cost = g_strdup_printf ("%u", ts_shop_account_get_bcrypt_cost ());
  const char *password = ts_shop_form_get (req, "password");
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (password == NULL || !is_password (password))
    {
      reset_form (req, ts_shop_tr (req, N_("Choose a password of 10 to 200 characters.")));
      return TRUE;
    }
  answer = ts_pg_exec_json (conn, "SELECT ts_web_account_reset ($1, $2, $3::integer)", 3,
                            (const char *[]) { hash, password, cost }, &local_error);
  return signed_in_by_link (req, conn, answer, local_error, "/account?password=1", error);
}
