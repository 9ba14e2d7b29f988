/* test-server-patrons.c — the shared directory and each outlet's privacy:
 * P1 shared names and contacts, P2 per-outlet primaries, P3 protected
 * primaries, P4 private data, P6 search, P7 row-level security, and the
 * privacy matrix of docs/privacy.md */
#include <string.h>

#include <libpq-fe.h>

#include "ts-test-client.h"

static TsTestServer *server;

/* The six callers of the privacy matrix. */
typedef enum
{
  MASTER,
  SAME_ADMIN,      /* UTH, which owns the data below */
  SAME_STAFF,
  OTHER_ADMIN,     /* ATH */
  OTHER_STAFF,
  SIGNED_OUT,
  N_CALLERS
} Caller;

static const char *caller_names[N_CALLERS] = {
  "master", "UTH admin", "UTH staff", "ATH admin", "ATH staff", "signed out"
};
static char *tokens[N_CALLERS];
static gint64 uth, ath;
static gint64 patron;          /* created by UTH, with UTH's private data */
static gint64 uth_list;        /* UTH's mailing list, with the patron on it */

static char *
path (const char *before,
      gint64      id,
      const char *after)
{
  return g_strdup_printf ("%s%" G_GINT64_FORMAT "%s", before, id, after);
}

static JsonNode *
call_as (Caller      who,
         const char *method,
         const char *url,
         const char *body,
         guint       expected)
{
  guint status = 0;
  JsonNode *answer = ts_test_call (server, method, url, tokens[who], body, &status);

  if (status != expected)
    {
      g_autofree char *text = answer ? json_to_string (answer, FALSE) : g_strdup ("(none)");
      g_error ("%s %s as %s: expected %u, got %u: %s", method, url, caller_names[who], expected, status, text);
    }
  return answer;
}

static guint
array_length (JsonNode   *answer,
              const char *member)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (answer), member));
}

static void
set_up_patron (void)
{
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *body = NULL;
  g_autofree char *url = NULL;

  created = call_as (SAME_STAFF, "POST", "/api/v1/patrons",
      "{\"title\": \"Mme\", \"first_name\": \"Geneviève\", \"last_name\": \"Létourneau\","
      " \"contact_points\": ["
      "   {\"kind\": \"email\", \"value\": \"gen@example.org\"},"
      "   {\"kind\": \"phone\", \"value\": \"514-555-0188\", \"label\": \"mobile\"},"
      "   {\"kind\": \"address\", \"line1\": \"12 Avenue du Parc\", \"city\": \"Montréal\","
      "    \"region\": \"QC\", \"postal_code\": \"H2V 4E7\", \"country\": \"Canada\"}]}", 201);
  patron = ts_test_member_int (created, "id");

  url = path ("/api/v1/patrons/", patron, "/notes");
  json_node_unref (call_as (SAME_STAFF, "POST", url, "{\"body\": \"Major donor: seat near the aisle\"}", 201));
  g_free (url);
  url = path ("/api/v1/patrons/", patron, "/tags");
  json_node_unref (call_as (SAME_STAFF, "PUT", url, "{\"tags\": [\"VIP\", \"board\"]}", 200));
  g_free (url);
  url = path ("/api/v1/patrons/", patron, "/donations");
  json_node_unref (call_as (SAME_STAFF, "POST", url,
                            "{\"amount_cents\": 2500000, \"donated_on\": \"2026-10-01\", \"fund\": \"Annual\","
                            " \"method\": \"cheque\"}", 201));
  g_free (url);
  url = path ("/api/v1/patrons/", patron, "/memberships");
  json_node_unref (call_as (SAME_STAFF, "POST", url,
                            "{\"level\": \"Patron Circle\", \"starts_on\": \"2026-01-01\", \"ends_on\": \"2026-12-31\"}", 201));
  g_free (url);
  url = path ("/api/v1/patrons/", patron, "/contact-preferences");
  json_node_unref (call_as (SAME_STAFF, "PUT", url,
                            "{\"may_mail\": true, \"may_email\": true, \"may_phone\": false, \"consent_on\": \"2026-09-01\"}", 200));

  list = call_as (SAME_STAFF, "POST", "/api/v1/mailing-lists", "{\"name\": \"Season brochure\"}", 201);
  uth_list = ts_test_member_int (list, "id");
  g_free (url);
  url = path ("/api/v1/mailing-lists/", uth_list, "/members");
  body = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);
  json_node_unref (call_as (SAME_STAFF, "POST", url, body, 200));
}

/* P4: every private read, by every caller. */
static void
test_privacy_matrix_reads (void)
{
  const struct { const char *tail; const char *member; } reads[] = {
    { "/notes", "notes" },
    { "/tags", "tags" },
    { "/donations", "donations" },
    { "/memberships", "memberships" },
    { "/contact-preferences", "preferences" },
    { "/mailing-lists", "mailing_lists" },
  };

  for (guint r = 0; r < G_N_ELEMENTS (reads); r++)
    {
      g_autofree char *url = path ("/api/v1/patrons/", patron, reads[r].tail);

      for (Caller who = 0; who < N_CALLERS; who++)
        {
          g_autoptr(JsonNode) answer = call_as (who, "GET", url, NULL, who == SIGNED_OUT ? 401 : 200);
          guint expected_min = (who == MASTER || who == SAME_ADMIN || who == SAME_STAFF) ? 1 : 0;

          if (who == SIGNED_OUT)
            continue;
          if (expected_min == 0)
            g_assert_cmpuint (array_length (answer, reads[r].member), ==, 0);
          else
            g_assert_cmpuint (array_length (answer, reads[r].member), >=, 1);
        }
    }

  /* the donation total is private too */
  {
    g_autofree char *url = path ("/api/v1/patrons/", patron, "/donations");
    g_autoptr(JsonNode) same = call_as (SAME_STAFF, "GET", url, NULL, 200);
    g_autoptr(JsonNode) other = call_as (OTHER_ADMIN, "GET", url, NULL, 200);

    g_assert_cmpint (ts_test_member_int (same, "total_cents"), ==, 2500000);
    g_assert_cmpint (ts_test_member_int (other, "total_cents"), ==, 0);
  }
}

static void
test_privacy_matrix_lists (void)
{
  g_autofree char *members = path ("/api/v1/mailing-lists/", uth_list, "/members");
  g_autofree char *remove = g_strdup_printf ("/api/v1/mailing-lists/%" G_GINT64_FORMAT "/members/%" G_GINT64_FORMAT,
                                             uth_list, patron);
  g_autofree char *add = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", patron);
  const guint member_status[N_CALLERS] = { 200, 200, 200, 404, 404, 401 };

  for (Caller who = 0; who < N_CALLERS; who++)
    {
      g_autoptr(JsonNode) answer = call_as (who, "GET", members, NULL, member_status[who]);
      g_autoptr(JsonNode) lists = call_as (who, "GET", "/api/v1/mailing-lists", NULL, who == SIGNED_OUT ? 401 : 200);

      if (who == OTHER_ADMIN || who == OTHER_STAFF)
        {
          JsonArray *all = json_object_get_array_member (json_node_get_object (lists), "mailing_lists");

          for (guint i = 0; i < json_array_get_length (all); i++)
            g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (all, i), "outlet_id"), ==, ath);
        }
    }
  /* another outlet can neither add to nor remove from UTH's list */
  json_node_unref (call_as (OTHER_STAFF, "POST", members, add, 404));
  json_node_unref (call_as (OTHER_ADMIN, "DELETE", remove, NULL, 404));
  {
    g_autoptr(JsonNode) still = call_as (SAME_STAFF, "GET", members, NULL, 200);
    g_assert_cmpuint (array_length (still, "members"), ==, 1);
  }
}

static void
test_privacy_matrix_writes (void)
{
  g_autofree char *notes = path ("/api/v1/patrons/", patron, "/notes");
  g_autofree char *for_uth = g_strdup_printf ("{\"body\": \"sneaky\", \"outlet_id\": %" G_GINT64_FORMAT "}", uth);
  g_autofree char *master_for_ath = g_strdup_printf ("{\"body\": \"from the Master User\", \"outlet_id\": %" G_GINT64_FORMAT "}", ath);

  /* each outlet writes its own notes about a shared patron */
  json_node_unref (call_as (OTHER_STAFF, "POST", notes, "{\"body\": \"Prefers matinées\"}", 201));
  json_node_unref (call_as (SIGNED_OUT, "POST", notes, "{\"body\": \"x\"}", 401));
  /* …never another outlet's (P4) */
  json_node_unref (call_as (OTHER_ADMIN, "POST", notes, for_uth, 403));
  /* the Master User names the outlet */
  json_node_unref (call_as (MASTER, "POST", notes, "{\"body\": \"x\"}", 400));
  json_node_unref (call_as (MASTER, "POST", notes, master_for_ath, 201));

  {
    g_autoptr(JsonNode) uth_view = call_as (SAME_STAFF, "GET", notes, NULL, 200);
    g_autoptr(JsonNode) ath_view = call_as (OTHER_STAFF, "GET", notes, NULL, 200);
    g_autoptr(JsonNode) master_view = call_as (MASTER, "GET", notes, NULL, 200);
    g_autofree char *uth_text = json_to_string (uth_view, FALSE);

    g_assert_cmpuint (array_length (uth_view, "notes"), ==, 1);
    g_assert_null (strstr (uth_text, "matinées"));
    g_assert_cmpuint (array_length (ath_view, "notes"), ==, 2);
    g_assert_cmpuint (array_length (master_view, "notes"), ==, 3);
  }
}

/* P6: search shows shared fields plus the searcher's own data, and nothing —
 * not even the order — reveals another outlet's relationship. */
static void
test_search_reveals_nothing (void)
{
  g_autoptr(JsonNode) other = call_as (OTHER_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"Genevieve\", \"last_name\": \"Letourneau\", \"company\": \"Sport Québec\"}", 201);
  g_autoptr(JsonNode) a = call_as (SAME_STAFF, "GET", "/api/v1/patrons?q=genevieve%20letourneau", NULL, 200);
  g_autoptr(JsonNode) b = call_as (OTHER_STAFF, "GET", "/api/v1/patrons?q=genevieve%20letourneau", NULL, 200);
  JsonArray *ra = json_object_get_array_member (json_node_get_object (a), "patrons");
  JsonArray *rb = json_object_get_array_member (json_node_get_object (b), "patrons");
  g_autofree char *text = json_to_string (b, FALSE);
  const char *shared[] = { "id", "title", "first_name", "middle_name", "last_name", "suffix", "company",
                           "email", "phone", "city", "postal_code", NULL };

  g_assert_cmpuint (json_array_get_length (ra), >=, 2);
  g_assert_cmpuint (json_array_get_length (ra), ==, json_array_get_length (rb));
  for (guint i = 0; i < json_array_get_length (ra); i++)
    {
      JsonObject *x = json_array_get_object_element (ra, i);
      JsonObject *y = json_array_get_object_element (rb, i);
      g_autoptr(GList) members = json_object_get_members (y);

      g_assert_cmpint (json_object_get_int_member (x, "id"), ==, json_object_get_int_member (y, "id"));
      for (GList *l = members; l != NULL; l = l->next)
        g_assert_true (g_strv_contains (shared, l->data));
    }
  g_assert_null (strstr (text, "VIP"));
  g_assert_null (strstr (text, "donor"));
  g_assert_null (strstr (text, "2500000"));
}

static void
test_search_kinds (void)
{
  const char *queries[] = {
    "Letourneau", "létourneau", "letourno", "gen@exam", "514 555 0188", "5145550188", "H2V", "h2v4e7", NULL
  };

  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autofree char *escaped = g_uri_escape_string (queries[i], NULL, FALSE);
      g_autofree char *url = g_strconcat ("/api/v1/patrons?q=", escaped, NULL);
      g_autoptr(JsonNode) answer = call_as (OTHER_STAFF, "GET", url, NULL, 200);
      JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "patrons");
      gboolean found = FALSE;

      for (guint j = 0; j < json_array_get_length (results); j++)
        if (json_object_get_int_member (json_array_get_object_element (results, j), "id") == patron)
          found = TRUE;
      if (!found)
        g_error ("search “%s” did not find the patron", queries[i]);
    }

  /* the patron number */
  {
    g_autofree char *url = g_strdup_printf ("/api/v1/patrons?q=%" G_GINT64_FORMAT, patron);
    g_autoptr(JsonNode) answer = call_as (SAME_ADMIN, "GET", url, NULL, 200);
    JsonArray *results = json_object_get_array_member (json_node_get_object (answer), "patrons");

    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (results, 0), "id"), ==, patron);
  }
  /* bad input */
  json_node_unref (call_as (SAME_STAFF, "GET", "/api/v1/patrons", NULL, 400));
  json_node_unref (call_as (SAME_STAFF, "GET", "/api/v1/patrons?q=%20", NULL, 400));
  json_node_unref (call_as (SAME_STAFF, "GET", "/api/v1/patrons?q=x&limit=0", NULL, 400));
  json_node_unref (call_as (SAME_STAFF, "GET", "/api/v1/patrons?q=100%25_", NULL, 200));
}

static void
test_duplicates (void)
{
  g_autoptr(JsonNode) refused = call_as (OTHER_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"GENEVIÈVE\", \"last_name\": \"letourneau\","
      " \"contact_points\": [{\"kind\": \"phone\", \"value\": \"(514) 555-0188\"}]}", 409);
  g_autoptr(JsonNode) listed = call_as (OTHER_STAFF, "GET",
      "/api/v1/patrons/duplicates?first_name=Genevieve&last_name=Letourneau&email=GEN@example.org", NULL, 200);
  g_autoptr(JsonNode) saved = call_as (OTHER_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"Geneviève\", \"last_name\": \"Létourneau\", \"allow_duplicate\": true,"
      " \"contact_points\": [{\"kind\": \"phone\", \"value\": \"(514) 555-0188\"}]}", 201);
  g_autofree char *message = g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (refused), "error"), "message"));

  g_assert_nonnull (strstr (message, "same name and phone"));
  g_assert_cmpuint (array_length (listed, "duplicates"), >=, 1);
}

static void
test_bad_patron_input (void)
{
  json_node_unref (call_as (SAME_STAFF, "POST", "/api/v1/patrons", "{\"first_name\": \"No Last\"}", 400));
  json_node_unref (call_as (SAME_STAFF, "POST", "/api/v1/patrons",
                            "{\"last_name\": \"X\", \"contact_points\": [{\"kind\": \"email\", \"value\": \"nope\"}]}", 400));
  json_node_unref (call_as (SAME_STAFF, "POST", "/api/v1/patrons",
                            "{\"last_name\": \"X\", \"contact_points\": [{\"kind\": \"pigeon\", \"value\": \"x\"}]}", 400));
  json_node_unref (call_as (SAME_STAFF, "POST", "/api/v1/patrons",
                            "{\"last_name\": \"X\", \"contact_points\": [{\"kind\": \"address\", \"city\": \"Laval\"}]}", 400));
  json_node_unref (call_as (SAME_STAFF, "POST", "/api/v1/patrons", "{\"last_name\": \"X\", \"shoe_size\": 9}", 400));
  json_node_unref (call_as (SAME_STAFF, "GET", "/api/v1/patrons/999999999", NULL, 404));
  {
    g_autofree char *donations = path ("/api/v1/patrons/", patron, "/donations");
    g_autoptr(JsonNode) before = call_as (SAME_STAFF, "GET", donations, NULL, 200);

    json_node_unref (call_as (SAME_STAFF, "POST", donations,
                              "{\"amount_cents\": -5, \"donated_on\": \"2026-10-01\", \"fund\": \"A\", \"method\": \"cash\"}", 400));
    json_node_unref (call_as (SAME_STAFF, "POST", donations,
                              "{\"amount_cents\": 12.5, \"donated_on\": \"2026-10-01\", \"fund\": \"A\", \"method\": \"cash\"}", 400));
    json_node_unref (call_as (SAME_STAFF, "POST", donations,
                              "{\"amount_cents\": 500, \"donated_on\": \"2026-10-01\", \"fund\": \"A\", \"method\": \"gold\"}", 400));
    {
      g_autoptr(JsonNode) after = call_as (SAME_STAFF, "GET", donations, NULL, 200);
      g_assert_cmpint (ts_test_member_int (before, "total_cents"), ==, ts_test_member_int (after, "total_cents"));
    }
  }
}

/* Walks a patron JSON for the point of a kind that is primary, and tells
 * whether that is by inheritance. */
static gint64
primary_of (JsonNode   *patron_json,
            const char *kind,
            gboolean   *inherited)
{
  JsonArray *points = json_object_get_array_member (json_node_get_object (patron_json), "contact_points");

  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *p = json_array_get_object_element (points, i);

      if (g_str_equal (json_object_get_string_member (p, "kind"), kind)
          && json_object_get_boolean_member (p, "primary"))
        {
          if (inherited != NULL)
            *inherited = json_object_get_boolean_member (p, "primary_inherited");
          return json_object_get_int_member (p, "id");
        }
    }
  return 0;
}

static JsonNode *
view (Caller  who,
      gint64  id)
{
  g_autofree char *url = path ("/api/v1/patrons/", id, "");
  return call_as (who, "GET", url, NULL, 200);
}

/* P2 and P3, step by step. */
static void
test_primaries_per_outlet (void)
{
  g_autoptr(JsonNode) created = call_as (SAME_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"Victor\", \"last_name\": \"Importance\","
      " \"contact_points\": [{\"kind\": \"email\", \"value\": \"victor@home.example.org\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *points_url = path ("/api/v1/patrons/", id, "/contact-points");
  gint64 home, work = 0, tix_before;
  gboolean inherited = FALSE;

  home = primary_of (created, "email", NULL);
  g_assert_cmpint (home, >, 0);

  /* a lone point is primary everywhere */
  {
    g_autoptr(JsonNode) v = view (OTHER_STAFF, id);
    g_assert_cmpint (primary_of (v, "email", NULL), ==, home);
  }

  /* ATH adds a second e-mail; ATH (never chose) follows UTH, the creator */
  {
    g_autoptr(JsonNode) added = call_as (OTHER_STAFF, "POST", points_url,
                                         "{\"kind\": \"email\", \"value\": \"victor@work.example.org\", \"label\": \"work\"}", 201);
    g_autoptr(JsonNode) v = view (OTHER_STAFF, id);

    g_assert_false (json_object_has_member (json_node_get_object (added), "new_contact_point_id"));
    g_assert_cmpint (primary_of (v, "email", &inherited), ==, home);
    g_assert_true (inherited);
  }
  /* find the work point's id */
  {
    g_autoptr(JsonNode) v = view (OTHER_STAFF, id);
    JsonArray *points = json_object_get_array_member (json_node_get_object (v), "contact_points");

    for (guint i = 0; i < json_array_get_length (points); i++)
      if (json_object_get_int_member (json_array_get_object_element (points, i), "id") != home)
        work = json_object_get_int_member (json_array_get_object_element (points, i), "id");
    g_assert_cmpint (work, >, 0);
  }

  /* ATH chooses the work address: its own choice only (P2) */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", work, "/primary");
    g_autoptr(JsonNode) chosen = call_as (OTHER_STAFF, "POST", url, NULL, 200);
    g_autoptr(JsonNode) uth_view = view (SAME_STAFF, id);

    g_assert_cmpint (primary_of (chosen, "email", &inherited), ==, work);
    g_assert_false (inherited);
    g_assert_cmpint (primary_of (uth_view, "email", NULL), ==, home);
  }

  /* TIX never chose: it follows UTH's choice */
  {
    g_autofree char *tix = ts_test_sign_in (server, "TIX", "staff", "staff-password");
    g_autofree char *url = path ("/api/v1/patrons/", id, "");
    g_autoptr(JsonNode) v = ts_test_expect (server, "GET", url, tix, NULL, 200);

    tix_before = primary_of (v, "email", &inherited);
    g_assert_cmpint (tix_before, ==, home);
    g_assert_true (inherited);
  }

  /* P3: ATH edits UTH's primary e-mail: stored as a new point, primary for
   * ATH only; UTH's point is untouched */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", home, "");
    g_autoptr(JsonNode) edited = call_as (OTHER_STAFF, "PATCH", url, "{\"value\": \"victor@hacked.example.org\"}", 200);
    gint64 fresh = ts_test_member_int (edited, "new_contact_point_id");
    g_autoptr(JsonNode) uth_view = view (SAME_STAFF, id);
    g_autofree char *uth_text = json_to_string (uth_view, FALSE);

    g_assert_cmpint (fresh, >, 0);
    g_assert_cmpint (primary_of (edited, "email", NULL), ==, fresh);
    g_assert_cmpint (primary_of (uth_view, "email", NULL), ==, home);
    g_assert_nonnull (strstr (uth_text, "victor@home.example.org"));
  }

  /* P3: nobody may delete a point another outlet uses as its primary */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", home, "");
    g_autoptr(JsonNode) refused = call_as (OTHER_ADMIN, "DELETE", url, NULL, 409);

    g_assert_cmpstr (ts_test_error_code (refused), ==, "conflict");
  }

  /* P3 when the creator edits: its followers (TIX) keep the point they used */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", home, "");
    g_autoptr(JsonNode) edited = call_as (SAME_STAFF, "PATCH", url, "{\"value\": \"victor@new.example.org\"}", 200);
    g_autofree char *tix = ts_test_sign_in (server, "TIX", "staff", "staff-password");
    g_autofree char *patron_url = path ("/api/v1/patrons/", id, "");
    g_autoptr(JsonNode) tix_view = ts_test_expect (server, "GET", patron_url, tix, NULL, 200);

    g_assert_cmpint (ts_test_member_int (edited, "new_contact_point_id"), >, 0);
    g_assert_cmpint (primary_of (tix_view, "email", NULL), ==, tix_before);
  }

  /* a point nobody else uses is edited in place and can be removed */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", work, "");
    g_autoptr(JsonNode) moved = NULL;
    g_autoptr(JsonNode) edited = NULL;

    /* ATH moves its primary back off the work address first */
    g_autofree char *home_primary = path ("/api/v1/contact-points/", home, "/primary");
    moved = call_as (OTHER_STAFF, "POST", home_primary, NULL, 200);
    edited = call_as (SAME_STAFF, "PATCH", url, "{\"label\": \"other\"}", 200);
    g_assert_false (json_object_has_member (json_node_get_object (edited), "new_contact_point_id"));
    json_node_unref (call_as (SAME_STAFF, "DELETE", url, NULL, 200));
    json_node_unref (call_as (SAME_STAFF, "DELETE", url, NULL, 404));
  }

  /* every change was audited with before and after (R1) */
  {
    g_autofree char *q = g_strdup_printf ("SELECT count (*) FROM audit_log WHERE entity IN ('contact_point', 'contact_primary')"
                                          " AND (after ->> 'patron_id')::bigint = %" G_GINT64_FORMAT, id);
    g_autofree char *n = ts_test_owner_sql (server, q);

    g_assert_cmpint (g_ascii_strtoll (n, NULL, 10), >=, 6);
  }
}

/* P2 with three outlets: TIX's edit of the point UTH (the creator) and ATH
 * (a follower) use moves TIX's own choice only; ATH goes on following UTH,
 * so UTH's next choice is ATH's too. */
static void
test_third_outlet_edit_moves_only_its_own_choice (void)
{
  g_autoptr(JsonNode) created = call_as (SAME_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"Odile\", \"last_name\": \"Troisième\","
      " \"contact_points\": [{\"kind\": \"email\", \"value\": \"odile@home.example.org\"},"
      "                      {\"kind\": \"email\", \"value\": \"odile@work.example.org\", \"label\": \"work\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *tix = ts_test_sign_in (server, "TIX", "staff", "staff-password");
  g_autofree char *patron_url = path ("/api/v1/patrons/", id, "");
  gint64 home = primary_of (created, "email", NULL);
  gint64 work = 0, fresh;
  gboolean inherited = FALSE;

  {
    JsonArray *points = json_object_get_array_member (json_node_get_object (created), "contact_points");

    for (guint i = 0; i < json_array_get_length (points); i++)
      if (json_object_get_int_member (json_array_get_object_element (points, i), "id") != home)
        work = json_object_get_int_member (json_array_get_object_element (points, i), "id");
  }
  g_assert_cmpint (work, >, 0);

  /* TIX changes the e-mail everybody uses: a new point, TIX's alone (P3) */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", home, "");
    g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", url, tix, "{\"value\": \"odile@tix.example.org\"}", 200);

    fresh = ts_test_member_int (edited, "new_contact_point_id");
    g_assert_cmpint (fresh, >, 0);
    g_assert_cmpint (primary_of (edited, "email", &inherited), ==, fresh);
    g_assert_false (inherited);
  }
  /* ATH's choice is untouched: it never chose, and still follows UTH */
  g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_primary WHERE patron_id = %" G_GINT64_FORMAT
                                      " AND outlet_id = %" G_GINT64_FORMAT, id, ath), ==, 0);
  {
    g_autoptr(JsonNode) v = view (OTHER_STAFF, id);

    g_assert_cmpint (primary_of (v, "email", &inherited), ==, home);
    g_assert_true (inherited);
  }

  /* UTH chooses the work address: ATH follows, TIX keeps its own (P2) */
  {
    g_autofree char *url = path ("/api/v1/contact-points/", work, "/primary");
    g_autoptr(JsonNode) chosen = call_as (SAME_STAFF, "POST", url, NULL, 200);
    g_autoptr(JsonNode) ath_view = view (OTHER_STAFF, id);
    g_autoptr(JsonNode) tix_view = ts_test_expect (server, "GET", patron_url, tix, NULL, 200);

    g_assert_cmpint (primary_of (chosen, "email", NULL), ==, work);
    g_assert_cmpint (primary_of (ath_view, "email", &inherited), ==, work);
    g_assert_true (inherited);
    g_assert_cmpint (primary_of (tix_view, "email", &inherited), ==, fresh);
    g_assert_false (inherited);
  }
}

static gint64
patron_history_size (gint64 id)
{
  return ts_test_owner_int (server, "SELECT count (*) FROM audit_log WHERE entity IN ('contact_point', 'contact_primary', 'patron')"
                            " AND %" G_GINT64_FORMAT " IN ((after ->> 'patron_id')::bigint, (before ->> 'patron_id')::bigint,"
                            "                             (after ->> 'id')::bigint)", id);
}

/* P3: an edit that changes nothing stores nothing — no new point, no audit
 * entry, no primary chosen — whoever makes it and whatever path it takes. */
static void
test_edit_that_changes_nothing (void)
{
  g_autoptr(JsonNode) created = call_as (SAME_STAFF, "POST", "/api/v1/patrons",
      "{\"first_name\": \"Nestor\", \"last_name\": \"Inchangé\","
      " \"contact_points\": [{\"kind\": \"email\", \"value\": \"nestor@example.org\"},"
      "                      {\"kind\": \"phone\", \"value\": \"514-555-0111\", \"label\": \"work\"},"
      "                      {\"kind\": \"phone\", \"value\": \"514-555-0112\", \"label\": \"mobile\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  gint64 email = primary_of (created, "email", NULL);
  gint64 other_phone = ts_test_owner_int (server, "SELECT max (id) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT
                                          " AND kind = 'phone'", id);
  g_autofree char *email_url = path ("/api/v1/contact-points/", email, "");
  g_autofree char *phone_url = path ("/api/v1/contact-points/", other_phone, "");
  g_autofree char *stamps_sql = g_strdup_printf ("SELECT string_agg (updated_at::text, ',' ORDER BY id) FROM contact_point"
                                                 " WHERE patron_id = %" G_GINT64_FORMAT, id);
  g_autofree char *stamps = ts_test_owner_sql (server, stamps_sql);
  gint64 history = patron_history_size (id);
  gint64 points = ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT, id);
  gint64 choices = ts_test_owner_int (server, "SELECT count (*) FROM contact_primary WHERE patron_id = %" G_GINT64_FORMAT, id);
  const struct { Caller who; const char *url; const char *body; } edits[] = {
    /* a point every outlet uses (the only e-mail): no copy is made */
    { OTHER_STAFF, email_url, "{\"value\": \"nestor@example.org\"}" },
    { OTHER_STAFF, email_url, "{\"value\": \"  nestor@example.org \", \"label\": \"home\"}" },
    { OTHER_STAFF, email_url, "{\"primary\": true}" },
    { SAME_STAFF, email_url, "{}" },
    { SAME_STAFF, email_url, "{\"kind\": \"email\", \"primary\": true}" },
    /* a point nobody uses as primary: not even its stamp moves */
    { SAME_STAFF, phone_url, "{\"label\": \"mobile\"}" },
    { OTHER_ADMIN, phone_url, "{\"value\": \"514-555-0112\"}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_autoptr(JsonNode) answer = call_as (edits[i].who, "PATCH", edits[i].url, edits[i].body, 200);
      g_autofree char *now = ts_test_owner_sql (server, stamps_sql);

      g_assert_false (json_object_has_member (json_node_get_object (answer), "new_contact_point_id"));
      g_assert_cmpint (patron_history_size (id), ==, history);
      g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT, id),
                       ==, points);
      g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_primary WHERE patron_id = %" G_GINT64_FORMAT, id),
                       ==, choices);
      g_assert_cmpstr (now, ==, stamps);
    }

  /* a real change is still stored, and audited (R1) */
  {
    g_autoptr(JsonNode) edited = call_as (SAME_STAFF, "PATCH", phone_url, "{\"label\": \"other\"}", 200);

    g_assert_cmpint (patron_history_size (id), >, history);
  }
  /* choosing a point that is not yet one's primary is a change too (P2) */
  {
    g_autofree char *work_phone = path ("/api/v1/contact-points/", other_phone, "");
    g_autoptr(JsonNode) chosen = call_as (OTHER_STAFF, "PATCH", work_phone, "{\"primary\": true}", 200);

    g_assert_cmpint (primary_of (chosen, "phone", NULL), ==, other_phone);
    g_assert_cmpint (ts_test_owner_int (server, "SELECT count (*) FROM contact_primary WHERE patron_id = %" G_GINT64_FORMAT, id),
                     ==, choices + 1);
  }
}

/* What ATH reads of a patron: the record and its search results. */
static char *
shared_view (gint64      id,
             const char *query)
{
  g_autofree char *record_url = path ("/api/v1/patrons/", id, "");
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *search_url = g_strconcat ("/api/v1/patrons?q=", escaped, NULL);
  g_autoptr(JsonNode) record = call_as (OTHER_STAFF, "GET", record_url, NULL, 200);
  g_autoptr(JsonNode) found = call_as (OTHER_STAFF, "GET", search_url, NULL, 200);
  g_autofree char *record_text = json_to_string (record, FALSE);
  g_autofree char *found_text = json_to_string (found, FALSE);

  return g_strconcat (record_text, "\n", found_text, NULL);
}

/* P4, P6: everything UTH does with a patron that is its own business — notes,
 * tags, a donation, a membership, preferences, a mailing list, its own
 * primary, managing the employee the patron is, resending the same names —
 * changes nothing ATH reads: not a flag, not the order, not a stamp. */
static void
test_private_work_shows_nowhere (void)
{
  g_autofree char *tix = ts_test_sign_in (server, "TIX", "staff", "staff-password");
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", tix,
      "{\"first_name\": \"Prosper\", \"last_name\": \"Discret\","
      " \"contact_points\": [{\"kind\": \"email\", \"value\": \"prosper@home.example.org\"},"
      "                      {\"kind\": \"email\", \"value\": \"prosper@work.example.org\", \"label\": \"work\"}]}", 201);
  gint64 id = ts_test_member_int (created, "id");
  gint64 work = ts_test_owner_int (server, "SELECT max (id) FROM contact_point WHERE patron_id = %" G_GINT64_FORMAT, id);
  gint64 staff_employee = ts_test_owner_int (server, "SELECT id FROM employee WHERE outlet_id = %" G_GINT64_FORMAT
                                             " AND login = 'staff'", uth);
  gint64 staff_person = ts_test_owner_int (server, "SELECT patron_id FROM employee WHERE id = %" G_GINT64_FORMAT,
                                           staff_employee);
  g_autofree char *person_names = ts_test_owner_sqlf (server, "SELECT json_build_object ('first_name', first_name,"
                                                      " 'last_name', last_name)::text FROM patron WHERE id = %"
                                                      G_GINT64_FORMAT, staff_person);
  g_autofree char *person_last = ts_test_owner_sqlf (server, "SELECT last_name FROM patron WHERE id = %" G_GINT64_FORMAT,
                                                     staff_person);
  g_autofree char *before = shared_view (id, "prosper discret");
  g_autofree char *before_person = shared_view (staff_person, person_last);
  g_autofree char *before_email = shared_view (id, "prosper@");
  g_autofree char *after = NULL;
  g_autofree char *after_person = NULL;
  g_autofree char *after_email = NULL;

  /* UTH's own relationship with the patron (P4) */
  {
    g_autofree char *notes = path ("/api/v1/patrons/", id, "/notes");
    g_autofree char *tags = path ("/api/v1/patrons/", id, "/tags");
    g_autofree char *donations = path ("/api/v1/patrons/", id, "/donations");
    g_autofree char *memberships = path ("/api/v1/patrons/", id, "/memberships");
    g_autofree char *preferences = path ("/api/v1/patrons/", id, "/contact-preferences");
    g_autoptr(JsonNode) list = call_as (SAME_STAFF, "POST", "/api/v1/mailing-lists", "{\"name\": \"Gala committee\"}", 201);
    g_autofree char *members = path ("/api/v1/mailing-lists/", ts_test_member_int (list, "id"), "/members");
    g_autofree char *member = g_strdup_printf ("{\"patron_id\": %" G_GINT64_FORMAT "}", id);
    g_autofree char *primary = path ("/api/v1/contact-points/", work, "/primary");
    g_autofree char *record = path ("/api/v1/patrons/", id, "");

    json_node_unref (call_as (SAME_STAFF, "POST", notes, "{\"body\": \"Board chair; never seat behind a pillar\"}", 201));
    json_node_unref (call_as (SAME_STAFF, "PUT", tags, "{\"tags\": [\"VIP\"]}", 200));
    json_node_unref (call_as (SAME_STAFF, "POST", donations,
                              "{\"amount_cents\": 10000000, \"donated_on\": \"2026-11-01\", \"fund\": \"Capital\","
                              " \"method\": \"transfer\"}", 201));
    json_node_unref (call_as (SAME_STAFF, "POST", memberships,
                              "{\"level\": \"Founders\", \"starts_on\": \"2026-01-01\", \"ends_on\": \"2027-12-31\"}", 201));
    json_node_unref (call_as (SAME_STAFF, "PUT", preferences,
                              "{\"may_mail\": true, \"may_email\": true, \"may_phone\": true, \"consent_on\": \"2026-11-01\"}", 200));
    json_node_unref (call_as (SAME_STAFF, "POST", members, member, 200));
    json_node_unref (call_as (SAME_STAFF, "POST", primary, NULL, 200));
    json_node_unref (call_as (SAME_STAFF, "PATCH", record, "{\"first_name\": \"Prosper\", \"last_name\": \"Discret\"}", 200));
  }
  /* UTH manages its employee, the person being a patron like any other (C3,
   * C5), as the client does: the names are sent again unchanged */
  {
    g_autofree char *url = path ("/api/v1/employees/", staff_employee, "");
    g_autofree char *body = g_strdup_printf ("{\"level\": \"walkup\", \"person\": %s}", person_names);
    g_autofree char *back = g_strdup_printf ("{\"level\": \"staff\", \"person\": %s}", person_names);

    json_node_unref (call_as (SAME_ADMIN, "PATCH", url, body, 200));
    json_node_unref (call_as (SAME_ADMIN, "PATCH", url, back, 200));
  }

  after = shared_view (id, "prosper discret");
  after_person = shared_view (staff_person, person_last);
  after_email = shared_view (id, "prosper@");
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (after_person, ==, before_person);
  g_assert_cmpstr (after_email, ==, before_email);
}

static void
test_act_on_behalf (void)
{
  g_autofree char *url = path ("/api/v1/patrons/", patron, "/account");
  g_autoptr(JsonNode) same = call_as (SAME_STAFF, "GET", url, NULL, 200);
  g_autoptr(JsonNode) other = call_as (OTHER_STAFF, "GET", url, NULL, 200);
  g_autofree char *other_text = json_to_string (other, FALSE);

  g_assert_cmpuint (array_length (same, "donations"), ==, 1);
  g_assert_cmpuint (array_length (same, "memberships"), ==, 1);
  g_assert_cmpuint (array_length (other, "donations"), ==, 0);
  g_assert_null (strstr (other_text, "Patron Circle"));
  g_assert_null (strstr (other_text, "Season brochure"));
  json_node_unref (call_as (MASTER, "GET", url, NULL, 400));
  json_node_unref (call_as (SIGNED_OUT, "GET", url, NULL, 401));
}

/* P7: the private tables hide outlet A's rows under outlet B's context even
 * when a query forgets to filter. */
static void
test_row_level_security_on_private_tables (void)
{
  PGconn *conn = PQconnectdb (ts_test_server_get_app_conninfo (server));
  const char *tables[] = { "patron_note", "patron_tag", "donation", "membership", "contact_preference",
                           "mailing_list_member", "mailing_list", "contact_primary", NULL };
  g_autofree char *context = g_strdup_printf ("SELECT set_config ('tessera.outlet_id', '%" G_GINT64_FORMAT "', true)", ath);
  PGresult *r;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "BEGIN"));
  PQclear (PQexec (conn, context));
  for (guint i = 0; tables[i] != NULL; i++)
    {
      g_autofree char *q = g_strdup_printf ("SELECT count (*) FROM %s WHERE outlet_id = %" G_GINT64_FORMAT, tables[i], uth);

      r = PQexec (conn, q);
      g_assert_cmpint (PQresultStatus (r), ==, PGRES_TUPLES_OK);
      if (!g_str_equal (PQgetvalue (r, 0, 0), "0"))
        g_error ("%s shows outlet UTH's rows under ATH's context", tables[i]);
      PQclear (r);
    }
  /* and the rows do exist */
  {
    g_autofree char *q = g_strdup_printf ("SELECT count (*) FROM donation WHERE outlet_id = %" G_GINT64_FORMAT, uth);
    g_autofree char *n = ts_test_owner_sql (server, q);
    g_assert_cmpstr (n, !=, "0");
  }
  PQclear (PQexec (conn, "ROLLBACK"));
  PQfinish (conn);
}

/* R1 with P4: a patron's history shows each outlet only its own part */
static void
test_patron_history (void)
{
  g_autofree char *url = path ("/api/v1/patrons/", patron, "/audit");
  g_autoptr(JsonNode) same = call_as (SAME_ADMIN, "GET", url, NULL, 200);
  g_autoptr(JsonNode) other = call_as (OTHER_ADMIN, "GET", url, NULL, 200);
  g_autoptr(JsonNode) all = call_as (MASTER, "GET", url, NULL, 200);
  g_autofree char *same_text = json_to_string (same, FALSE);
  g_autofree char *other_text = json_to_string (other, FALSE);
  g_autofree char *all_text = json_to_string (all, FALSE);

  json_node_unref (call_as (SAME_STAFF, "GET", url, NULL, 403));
  json_node_unref (call_as (SIGNED_OUT, "GET", url, NULL, 401));
  g_assert_nonnull (strstr (same_text, "Major donor"));
  g_assert_nonnull (strstr (same_text, "2500000"));
  g_assert_null (strstr (other_text, "Major donor"));
  g_assert_null (strstr (other_text, "2500000"));
  g_assert_null (strstr (other_text, "Patron Circle"));
  g_assert_nonnull (strstr (all_text, "Major donor"));
}

/* C4: Scanner and No Access have no patron work */
static void
test_scanner_has_no_patron_access (void)
{
  g_autofree char *url = path ("/api/v1/outlets/", uth, "/employees");
  g_autoptr(JsonNode) scanner = call_as (SAME_ADMIN, "POST", url,
      "{\"login\": \"scanner1\", \"password\": \"scanner-password\", \"level\": \"scanner\","
      " \"person\": {\"last_name\": \"Gate\"}}", 201);
  g_autofree char *token = ts_test_sign_in (server, "UTH", "scanner1", "scanner-password");
  g_autofree char *record = path ("/api/v1/patrons/", patron, "");
  g_autofree char *notes = path ("/api/v1/patrons/", patron, "/notes");

  json_node_unref (ts_test_expect (server, "GET", "/api/v1/patrons?q=tremblay", token, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", record, token, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", notes, token, NULL, 403));
  json_node_unref (ts_test_expect (server, "GET", "/api/v1/mailing-lists", token, NULL, 403));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth = ts_test_outlet_id (server, "UTH");
  ath = ts_test_outlet_id (server, "ATH");
  tokens[MASTER] = ts_test_sign_in (server, NULL, "master", "master-password");
  tokens[SAME_ADMIN] = ts_test_sign_in (server, "UTH", "admin", "admin-password");
  tokens[SAME_STAFF] = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  tokens[OTHER_ADMIN] = ts_test_sign_in (server, "ATH", "admin", "admin-password");
  tokens[OTHER_STAFF] = ts_test_sign_in (server, "ATH", "staff", "staff-password");
  tokens[SIGNED_OUT] = NULL;
  set_up_patron ();

  g_test_add_func ("/patrons/privacy/reads", test_privacy_matrix_reads);
  g_test_add_func ("/patrons/privacy/lists", test_privacy_matrix_lists);
  g_test_add_func ("/patrons/privacy/writes", test_privacy_matrix_writes);
  g_test_add_func ("/patrons/privacy/rls", test_row_level_security_on_private_tables);
  g_test_add_func ("/patrons/search/reveals-nothing", test_search_reveals_nothing);
  g_test_add_func ("/patrons/search/kinds", test_search_kinds);
  g_test_add_func ("/patrons/duplicates", test_duplicates);
  g_test_add_func ("/patrons/bad-input", test_bad_patron_input);
  g_test_add_func ("/patrons/primaries", test_primaries_per_outlet);
  g_test_add_func ("/patrons/primaries/third-outlet", test_third_outlet_edit_moves_only_its_own_choice);
  g_test_add_func ("/patrons/contact-points/unchanged", test_edit_that_changes_nothing);
  g_test_add_func ("/patrons/private-work-shows-nowhere", test_private_work_shows_nowhere);
  g_test_add_func ("/patrons/act-on-behalf", test_act_on_behalf);
  g_test_add_func ("/patrons/history", test_patron_history);
  g_test_add_func ("/patrons/privacy/scanner", test_scanner_has_no_patron_access);

  status = g_test_run ();
  for (Caller who = 0; who < N_CALLERS; who++)
    g_free (tokens[who]);
  ts_test_server_free (server);
  return status;
}
