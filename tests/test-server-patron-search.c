/* test-server-patron-search.c — finding the patron as an agent types (P6):
 * one typo of any kind in any word, phones with +1, e-mail starts, the
 * closest names first, nothing for nonsense, and pages that agree */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *uth_staff, *ath_staff;

/* A directory of a few thousand realistic names, most frequent first, with
 * the near neighbours that make typos ambiguous in real life (Trembley and
 * Tremblay, Smyth and Smith, McDonald and MacDonald, Gagné and Gagnon) and
 * many "Robert Mar…" (issue 11: on a large directory "Robert Mar" hid Robert
 * Martin behind alphabetically earlier names). */
static const char *directory_sql =
  "ALTER TABLE patron DISABLE TRIGGER patron_audit;"
  "SELECT setseed (0.5);"
  "CREATE TEMP TABLE f (i serial, name text);"
  "INSERT INTO f (name) SELECT unnest (ARRAY['Marie','Jean','Pierre','Louise','Michel','Sylvie','André','Nathalie',"
  "  'Marc','Marcel','Marc-André','Mario','Marthe','Martine','Marie-Ève','Marie-Claude','Mariette','Marielle',"
  "  'Julie','Luc','Chantal','François','Stéphane','Geneviève','Éric','Mélanie','Denis','Yves','Véronique',"
  "  'James','Mary','John','Jon','Patricia','Michael','Jennifer','David','Linda','Maria','Wei','Fatima','Priya',"
  "  'Siobhan','Seamus','Kofi','Olga']);"
  "CREATE TEMP TABLE l (i serial, name text);"
  "INSERT INTO l (name) SELECT unnest (ARRAY['Tremblay','Gagnon','Roy','Côté','Bouchard','Gauthier','Morin',"
  "  'Lavoie','Fortin','Gagné','Ouellet','Pelletier','Bélanger','Lévesque','Bergeron','Leblanc','Paquette',"
  "  'Girard','Simard','Boucher','Caron','Beaulieu','Cloutier','Dubé','Poirier','Fournier','Lapointe','Leclerc',"
  "  'Marchand','Marcotte','Marcoux','Marier','Marois','Marquis','Martel','Marin','Martineau','Létourneau',"
  "  'Smith','Johnson','Williams','Brown','Jones','Miller','Wilson','Taylor','MacDonald','McDonald','MacLeod',"
  "  'McLeod','O''Brien','O''Neill','Kelly','Walsh','García','Nguyen','Wang','Zhang','Patel','Singh','Khan',"
  "  'Haddad','Trembley','Tremblais','Smyth','Smithe','Gagnion','Peltier','Béranger','Letourneur','MacDonnell',"
  "  'Lavoix','Fortier','Bouchardon','Simmard','Cotton']);"
  "INSERT INTO patron (first_name, last_name, created_by_outlet)"
  " SELECT f.name, CASE WHEN random () < 0.1 THEN l.name || '-' || l2.name ELSE l.name END, 1"
  "   FROM generate_series (1, 3000) g,"
  "        LATERAL (SELECT 1 + floor ((SELECT count (*) FROM f) * power (random () + g * 0, 2))::integer AS fi,"
  "                        1 + floor ((SELECT count (*) FROM l) * power (random () + g * 0, 2))::integer AS li,"
  "                        1 + floor (20 * random () + g * 0)::integer AS li2) d"
  "   JOIN f ON f.i = d.fi JOIN l ON l.i = d.li JOIN l l2 ON l2.i = d.li2;"
  "INSERT INTO patron (first_name, last_name, created_by_outlet)"
  " SELECT x.f, x.l, 1 FROM (VALUES ('Robert', 'Marchand', 30), ('Robert', 'Marcotte', 12), ('Robert', 'Marier', 8),"
  "                                 ('Robert', 'Marois', 6), ('Robert', 'Martel', 5), ('Roberta', 'Martin', 4),"
  "                                 ('Roberto', 'Marin', 3), ('Marc', 'Robert', 5), ('Robert', 'Marchand-Roy', 2),"
  "                                 ('Marie', 'Tremblay', 40), ('Maria', 'Tremblay', 6), ('John', 'Smyth', 4))"
  "        AS x (f, l, n), generate_series (1, x.n);"
  "INSERT INTO patron (company, created_by_outlet)"
  " SELECT unnest (ARRAY['Les Productions Gagnon inc.','Théâtre du Rideau Vert','Traiteur Bélanger et Fils',"
  "                      'Groupe MacDonald','Pharmacie Côté']), 1;"
  "ALTER TABLE patron ENABLE TRIGGER patron_audit;"
  "ANALYZE patron;";

/* The patrons the agent is looking for, created through the API as a box
 * office would (the index that finds them is kept by the same trigger). */
static const struct
{
  const char *first;
  const char *last;
  const char *company;
} targets[] = {
  { "Marie", "Tremblay", NULL },
  { "John", "Smith", NULL },
  { "Geneviève", "Létourneau", NULL },
  { "Jean-François", "Gagnon-Pelletier", NULL },
  { "Siobhan", "MacDonald", NULL },
  { "Mary", "O'Brien", NULL },
  { "Stéphane", "Bouchard", NULL },
  { "Wei", "Zhang", NULL },
  { NULL, NULL, "Théâtre du Nouveau Monde" },
};
static gint64 target_ids[G_N_ELEMENTS (targets)];
static gint64 robert_martin;

/* What the agent meant: a result with that first name (if any) and that
 * last name, the start of it, or that company. */
typedef struct
{
  const char *first;
  const char *last;
  const char *last_start;
  const char *company;
} Wanted;

static JsonArray *
search (JsonNode  **answer,
        const char *token,
        const char *query,
        guint       limit,
        guint       offset)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("/api/v1/patrons?q=%s&limit=%u&offset=%u", escaped, limit, offset);

  *answer = ts_test_expect (server, "GET", url, token, NULL, 200);
  return json_object_get_array_member (json_node_get_object (*answer), "patrons");
}

static const char *
member (JsonObject *o,
        const char *name)
{
  return json_object_has_member (o, name) && !json_object_get_null_member (o, name)
         ? json_object_get_string_member (o, name) : "";
}

/* "Marie Tremblay, Maria Tremblay, …": what the agent sees, for messages. */
static char *
names (JsonArray *patrons)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (patrons); i++)
    {
      JsonObject *p = json_array_get_object_element (patrons, i);

      g_string_append_printf (out, "%s%s %s%s", i > 0 ? ", " : "", member (p, "first_name"),
                              member (p, "last_name"), member (p, "company"));
    }
  return g_string_free (out, FALSE);
}

static int
position_of (JsonArray *patrons,
             gint64     id)
{
  for (guint i = 0; i < json_array_get_length (patrons); i++)
    if (json_object_get_int_member (json_array_get_object_element (patrons, i), "id") == id)
      return (int) i;
  return -1;
}

static gboolean
is_wanted (JsonObject   *p,
           const Wanted *wanted)
{
  if (wanted->company != NULL)
    return g_str_equal (member (p, "company"), wanted->company);
  return (wanted->first == NULL || g_str_equal (member (p, "first_name"), wanted->first))
         && (wanted->last == NULL || g_str_equal (member (p, "last_name"), wanted->last))
         && (wanted->last_start == NULL || g_str_has_prefix (member (p, "last_name"), wanted->last_start));
}

static int
position_of_wanted (JsonArray    *patrons,
                    const Wanted *wanted)
{
  for (guint i = 0; i < json_array_get_length (patrons); i++)
    if (is_wanted (json_array_get_object_element (patrons, i), wanted))
      return (int) i;
  return -1;
}

/* The keys next to a letter on a QWERTY keyboard: the first is the wrong
 * key pressed. */
static const char *neighbours[26] = {
  "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn", "jiolm", "kop", "njk",
  "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx"
};

typedef enum { DROP, DOUBLE, SWAP, WRONG, N_KINDS } Kind;
static const char *kind_names[N_KINDS] = { "dropped", "doubled", "swapped", "wrong key" };

/* The query with one typo of that kind at letter `at` (0-based, in
 * characters) of the word that starts at character `from`; NULL if the
 * typo cannot be made there. */
static char *
with_typo (const char *query,
           glong       from,
           glong       at,
           Kind        kind)
{
  glong n;
  g_autofree gunichar *text = g_utf8_to_ucs4_fast (query, -1, &n);
  g_autofree gunichar *out = g_new (gunichar, n + 1);
  glong p = from + at, m = 0;

  if (p >= n || !g_unichar_isalpha (text[p])
      || (kind == SWAP && (p + 1 >= n || !g_unichar_isalpha (text[p + 1]) || text[p] == text[p + 1])))
    return NULL;
  for (glong i = 0; i < n; i++)
    {
      if (i == p && kind == DROP)
        continue;
      if (i == p && kind == SWAP)
        {
          out[m++] = text[i + 1];
          out[m++] = text[i];
          i++;
          continue;
        }
      if (i == p && kind == WRONG)
        {
          gunichar base = g_unichar_tolower (text[i]);

          if (base > 'z' || base < 'a')
            base = 'e';
          out[m++] = (gunichar) neighbours[base - 'a'][0];
          continue;
        }
      out[m++] = text[i];
      if (i == p && kind == DOUBLE)
        out[m++] = text[i];
    }
  return g_ucs4_to_utf8 (out, m, NULL, NULL, NULL);
}

/* Every typo of every kind at every letter of every word of `query` (words
 * of three letters or more) finds what was wanted in the first ten. */
static void
assert_every_typo_finds (const char   *query,
                         const Wanted *wanted)
{
  glong n = g_utf8_strlen (query, -1);
  glong start = -1;

  for (glong i = 0; i <= n; i++)
    {
      gunichar c = i < n ? g_utf8_get_char (g_utf8_offset_to_pointer (query, i)) : ' ';

      if (g_unichar_isalpha (c) && start < 0)
        start = i;
      else if (!g_unichar_isalpha (c) && start >= 0)
        {
          for (glong at = 0; at < i - start && i - start >= 3; at++)
            for (Kind kind = 0; kind < N_KINDS; kind++)
              {
                g_autofree char *typed = with_typo (query, start, at, kind);
                g_autoptr(JsonNode) answer = NULL;
                JsonArray *found;

                if (typed == NULL)
                  continue;
                found = search (&answer, uth_staff, typed, 10, 0);
                if (position_of_wanted (found, wanted) < 0)
                  {
                    g_autofree char *shown = names (found);

                    g_error ("“%s” (%s letter in “%s”) did not find it in the first ten: %s",
                             typed, kind_names[kind], query, shown);
                  }
              }
          start = -1;
        }
    }
}

static void
set_up (void)
{
  g_autoptr(JsonNode) martin = NULL;

  g_free (ts_test_owner_sql (server, directory_sql));
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autoptr(JsonBuilder) body = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autoptr(JsonNode) created = NULL;
      g_autofree char *text = NULL;

      json_builder_begin_object (body);
      if (targets[i].first != NULL)
        {
          json_builder_set_member_name (body, "first_name");
          json_builder_add_string_value (body, targets[i].first);
          json_builder_set_member_name (body, "last_name");
          json_builder_add_string_value (body, targets[i].last);
        }
      else
        {
          json_builder_set_member_name (body, "company");
          json_builder_add_string_value (body, targets[i].company);
        }
      json_builder_set_member_name (body, "allow_duplicate");
      json_builder_add_boolean_value (body, TRUE);
      json_builder_end_object (body);
      root = json_builder_get_root (body);
      text = json_to_string (root, FALSE);
      created = ts_test_expect (server, "POST", "/api/v1/patrons", uth_staff, text, 201);
      target_ids[i] = ts_test_member_int (created, "id");
    }
  martin = ts_test_expect (server, "POST", "/api/v1/patrons", uth_staff,
      "{\"first_name\": \"Robert\", \"last_name\": \"Martin\","
      " \"contact_points\": [{\"kind\": \"phone\", \"value\": \"(514) 555-0142\"},"
      "                      {\"kind\": \"email\", \"value\": \"robert.martin77@videotron.ca\"}]}", 201);
  robert_martin = ts_test_member_int (martin, "id");
}

/* Issue 11's misses: "Marie Trmeblay", "John Simth" found nothing. */
static void
test_typo_in_the_full_name (void)
{
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  Wanted marie = { "Marie", "Tremblay", NULL, NULL }, john = { "John", "Smith", NULL, NULL };

  g_assert_cmpint (position_of_wanted (search (&a, uth_staff, "Marie Trmeblay", 10, 0), &marie), ==, 0);
  g_assert_cmpint (position_of_wanted (search (&b, uth_staff, "John Simth", 10, 0), &john), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      Wanted wanted = { targets[i].first, targets[i].last, NULL, targets[i].company };
      g_autofree char *name = targets[i].first != NULL ? g_strconcat (targets[i].first, " ", targets[i].last, NULL)
                                                       : g_strdup (targets[i].company);

      assert_every_typo_finds (name, &wanted);
    }
}

/* A surname typed alone, and a first name with the start of the surname as
 * the agent is still typing it (four letters: a dropped one leaves three). */
static void
test_typo_in_a_surname_alone_or_its_start (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      Wanted surname = { NULL, targets[i].last, NULL, NULL };
      g_autofree char *start = NULL;
      g_autofree char *first_and_start = NULL;

      if (targets[i].first == NULL)
        continue;
      assert_every_typo_finds (targets[i].last, &surname);
      if (g_utf8_strlen (targets[i].last, -1) < 7)
        continue;
      start = g_utf8_substring (targets[i].last, 0, 4);
      first_and_start = g_strconcat (targets[i].first, " ", start, NULL);
      {
        Wanted wanted = { targets[i].first, NULL, start, NULL };

        assert_every_typo_finds (first_and_start, &wanted);
      }
    }
}

/* "+1 514 555 0142", an e-mail start without "@". */
static void
test_phone_with_country_code_and_email_start (void)
{
  const char *queries[] = {
    "+1 514 555 0142", "+1 (514) 555-0142", "1-514-555-0142", "514.555.0142", "555-0142",
    "robert.martin77", "robert.mart", "ROBERT.MARTIN77@VIDEO", NULL
  };

  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      JsonArray *found = search (&answer, uth_staff, queries[i], 10, 0);

      if (position_of (found, robert_martin) != 0)
        {
          g_autofree char *shown = names (found);

          g_error ("“%s” did not find Robert Martin first: %s", queries[i], shown);
        }
    }
}

/* "Robert Mar" among many Robert Mar…: each name it may mean shows before
 * the namesakes of one, the most common first, and the first name as typed
 * before a longer one (Roberta) or the words the other way round (Marc
 * Robert). */
static void
test_ranking_robert_mar (void)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *found = search (&answer, uth_staff, "Robert Mar", 25, 0);
  g_autofree char *shown = names (found);
  int martin = position_of (found, robert_martin);

  if (martin < 0)
    g_error ("“Robert Mar” did not show Robert Martin on its first page: %s", shown);
  for (int i = 0; i < martin; i++)
    {
      JsonObject *p = json_array_get_object_element (found, i);

      if (!g_str_equal (member (p, "first_name"), "Robert") || !g_str_has_prefix (member (p, "last_name"), "Mar"))
        g_error ("“Robert Mar” showed a worse match before Robert Martin: %s", shown);
    }
}

/* The name typed first, then each name one typo away, before the rest of
 * the namesakes; a rare name typed exactly before a common one a typo away;
 * the closer spelling first. */
static void
test_closest_first (void)
{
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;
  JsonArray *exact = search (&a, uth_staff, "Marie Tremblay", 50, 0);
  JsonArray *rare = search (&b, uth_staff, "John Smyth", 10, 0);
  JsonArray *typo = search (&c, uth_staff, "Tremblya", 10, 0);
  g_autofree char *shown = names (exact);
  int maria = -1;

  g_assert_cmpstr (member (json_array_get_object_element (exact, 0), "first_name"), ==, "Marie");
  g_assert_cmpstr (member (json_array_get_object_element (exact, 0), "last_name"), ==, "Tremblay");
  for (guint i = 0; i < json_array_get_length (exact) && maria < 0; i++)
    if (g_str_equal (member (json_array_get_object_element (exact, i), "first_name"), "Maria"))
      maria = (int) i;
  if (maria < 0 || maria >= 10)
    g_error ("“Marie Tremblay” did not show Maria Tremblay, one typo away, in the first ten: %s", shown);
  g_assert_cmpstr (member (json_array_get_object_element (rare, 0), "last_name"), ==, "Smyth");
  g_assert_cmpint (position_of (rare, target_ids[1]), >=, 0);
  /* one letter swapped in Tremblay is closer than a wrong letter in the
   * start of Tremblais */
  g_assert_cmpuint (json_array_get_length (typo), ==, 10);
  for (guint i = 0; i < 3; i++)
    if (!g_str_equal (member (json_array_get_object_element (typo, i), "last_name"), "Tremblay"))
      {
        g_autofree char *seen = names (typo);

        g_error ("“Tremblya” showed another name in its first ten: %s", seen);
      }
}

/* Nothing reasonably close: nothing at all, rather than a list that invites
 * a duplicate. */
static void
test_nonsense_finds_nothing (void)
{
  const char *queries[] = { "Zxqvtr", "Qwrtpz Xkcdvb", "xkcd", "Bvnmq Tremblay Zzyzx", "qqqqqq", NULL };

  for (guint i = 0; queries[i] != NULL; i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      JsonArray *found = search (&answer, uth_staff, queries[i], 10, 0);

      if (json_array_get_length (found) != 0)
        {
          g_autofree char *shown = names (found);

          g_error ("“%s” found %s", queries[i], shown);
        }
    }
}

/* Pages of one query never disagree: three pages of ten are the first thirty. */
static void
test_pages_agree (void)
{
  const char *queries[] = { "Robert Mar", "Tremblay", "Mar", "Marie Trmeblay", "Gagnon Pelletier", NULL };

  for (guint q = 0; queries[q] != NULL; q++)
    {
      g_autoptr(JsonNode) whole = NULL;
      JsonArray *all = search (&whole, uth_staff, queries[q], 30, 0);

      for (guint page = 0; page < 3; page++)
        {
          g_autoptr(JsonNode) answer = NULL;
          JsonArray *part = search (&answer, uth_staff, queries[q], 10, page * 10);

          for (guint i = 0; i < json_array_get_length (part); i++)
            g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (part, i), "id"), ==,
                             json_object_get_int_member (json_array_get_object_element (all, page * 10 + i), "id"));
        }
    }
}

/* P6: another outlet gets the same patrons in the same order. */
static void
test_same_for_every_outlet (void)
{
  const char *queries[] = { "Marie Trmeblay", "Robert Mar", "robert.martin77", "Simth", NULL };

  for (guint q = 0; queries[q] != NULL; q++)
    {
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;
      JsonArray *mine = search (&a, uth_staff, queries[q], 50, 0);
      JsonArray *theirs = search (&b, ath_staff, queries[q], 50, 0);

      g_assert_cmpuint (json_array_get_length (mine), ==, json_array_get_length (theirs));
      for (guint i = 0; i < json_array_get_length (mine); i++)
        g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (mine, i), "id"), ==,
                         json_object_get_int_member (json_array_get_object_element (theirs, i), "id"));
    }
}

/* A renamed patron is found by the new name, typos and all, and no longer
 * by the old one. */
static void
test_renamed_patron (void)
{
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/patrons", uth_staff,
      "{\"first_name\": \"Gisèle\", \"last_name\": \"Vaillancourt\"}", 201);
  gint64 id = ts_test_member_int (created, "id");
  g_autofree char *path = g_strdup_printf ("/api/v1/patrons/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) renamed = ts_test_expect (server, "PATCH", path, uth_staff,
                                                "{\"last_name\": \"Desrochers-Vaillancourt\"}", 200);
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(JsonNode) c = NULL;

  g_assert_cmpint (position_of (search (&a, uth_staff, "Gisele Desrocher", 10, 0), id), ==, 0);
  g_assert_cmpint (position_of (search (&b, uth_staff, "Giselle Vaillancourt", 10, 0), id), ==, 0);
  g_assert_cmpint (position_of (search (&c, uth_staff, "Gisele Vaillancourt", 10, 0), id), ==, 0);
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_staff, "{\"last_name\": \"Beaupré\"}", 200));
  {
    g_autoptr(JsonNode) d = NULL;
    g_autoptr(JsonNode) e = NULL;

    g_assert_cmpint (position_of (search (&d, uth_staff, "Gisele Desrochers", 10, 0), id), <, 0);
    g_assert_cmpint (position_of (search (&e, uth_staff, "Gisele Beaupre", 10, 0), id), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = ts_test_server_new ();
  uth_staff = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  ath_staff = ts_test_sign_in (server, "ATH", "staff", "staff-password");
  set_up ();

  g_test_add_func ("/patron-search/typos/full-name", test_typo_in_the_full_name);
  g_test_add_func ("/patron-search/typos/surname-or-its-start", test_typo_in_a_surname_alone_or_its_start);
  g_test_add_func ("/patron-search/phone-and-email-start", test_phone_with_country_code_and_email_start);
  g_test_add_func ("/patron-search/ranking/robert-mar", test_ranking_robert_mar);
  g_test_add_func ("/patron-search/ranking/closest-first", test_closest_first);
  g_test_add_func ("/patron-search/nonsense", test_nonsense_finds_nothing);
  g_test_add_func ("/patron-search/pages-agree", test_pages_agree);
  g_test_add_func ("/patron-search/same-for-every-outlet", test_same_for_every_outlet);
  g_test_add_func ("/patron-search/renamed", test_renamed_patron);

  status = g_test_run ();
  g_free (uth_staff);
  g_free (ath_staff);
  ts_test_server_free (server);
  return status;
}
