/* bench-patron-search.c — patron search latency and recall on a realistic directory (P6).
 *
 * Generates a directory (default 1,000,000 patrons with 2–3 contact points
 * each): first and last names with realistic frequencies (a few very common
 * ones, a long tail), French-Canadian with accents and compound first names,
 * hyphenated surnames, Mc/Mac and O' names, English, Spanish, Chinese, Arabic,
 * South Asian and other traditions, and companies.  Then, through GET
 * /api/v1/patrons on the real server:
 *
 * - latency of a mixed query set (names, phone numbers, e-mail starts, postal
 *   codes, patron numbers) against the same name search as a sequential scan,
 *   measured in the same run;
 * - recall: queries as an agent types them — a full name, a surname alone,
 *   a first name and the start of the surname, a company — each with no typo
 *   or one typo of each kind (a letter dropped, doubled, swapped with the next
 *   or replaced by a neighbouring key), half of them without accents; the
 *   share where the intended name is in the first ten results and first,
 *   beside a plain trigram search of the whole name (pg_trgm's word
 *   similarity, the textbook answer) on the same queries; phones typed with
 *   +1, e-mail starts without "@", and nonsense, which should find nothing.
 *
 *   bench-patron-search [--patrons 1000000] [--queries 400] [--baseline-queries 20] [--recall 100]
 *
 * BENCH_SHOW_MISSES=1 prints the typed names not found in the first ten,
 * BENCH_SHOW_SLOW=MS the queries slower than MS milliseconds.
 */
#include <locale.h>
#include <libpq-fe.h>
#include <string.h>

#include <libsoup/soup.h>

#include "ts-test-client.h"

static int n_patrons = 1000000;
static int n_queries = 400;
static int n_baseline = 20;
static int n_recall = 100;

/* Each list in rough order of frequency: names are drawn with a skew towards
 * the start, as in a real directory (thousands of Tremblays, few Yeungs). */
static const char *generate_sql =
  "ALTER TABLE patron DISABLE TRIGGER patron_audit;"
  "ALTER TABLE contact_point DISABLE TRIGGER contact_point_audit;"
  "SELECT setseed (0.17);"
  "CREATE TEMP TABLE first_names (i serial, name text);"
  "INSERT INTO first_names (name) SELECT unnest (ARRAY["
  " 'Marie','Jean','Pierre','Louise','Michel','Sylvie','André','Nathalie','Daniel','Isabelle',"
  " 'Robert','Julie','Luc','Chantal','François','Johanne','Martin','Lucie','Stéphane','Diane',"
  " 'Alain','Manon','Sylvain','Geneviève','Éric','Mélanie','Denis','Stéphanie','Yves','Véronique',"
  " 'Marie-Ève','Jean-François','Marie-Claude','Marc-André','Marie-Josée','Jean-Philippe','Anne-Marie','Pierre-Luc','Jean-Sébastien','Marie-Pier',"
  " 'Guy','Josée','Réjean','Annie','Gaétan','Caroline','Benoît','Sophie','Mathieu','Émilie',"
  " 'Simon','Catherine','Maxime','Valérie','Alexandre','Hélène','Olivier','Thérèse','Félix','Gisèle',"
  " 'Gabriel','Françoise','Samuel','Cécile','William','Léa','Thomas','Chloé','Jérôme','Océane',"
  " 'Rémi','Rosalie','Raphaël','Béatrice','Gaëtan','Zoé','Noémie','Élodie','Frédérique','Anaïs',"
  " 'James','Mary','John','Patricia','Michael','Jennifer','David','Linda','Richard','Elizabeth',"
  " 'Joseph','Barbara','Charles','Susan','Christopher','Jessica','Matthew','Sarah','Andrew','Karen',"
  " 'Kevin','Nancy','Brian','Margaret','George','Sandra','Edward','Ashley','Ronald','Emily',"
  " 'José','María','Juan','Lucía','Sofía','Alejandro','Mateo','Valentina','Martín','Camila',"
  " 'Wei','Fang','Jing','Min','Li','Hao','Xiu','Yan','Jun','Mei',"
  " 'Mohammed','Fatima','Ahmed','Aisha','Omar','Layla','Youssef','Mariam','Karim','Noor',"
  " 'Priya','Arjun','Ananya','Rohan','Divya','Vikram','Sanjay','Lakshmi','Deepak','Kavya',"
  " 'Olga','Dmitri','Natalia','Ivan','Katarzyna','Piotr','Agnieszka','Søren','Ingrid','Björn',"
  " 'Kofi','Ama','Chinedu','Ngozi','Tendai','Wanjiru','Oluwaseun','Zanele','Kwame','Nia',"
  " 'Siobhan','Niamh','Seamus','Ciaran','Aoife','Eamon','Fiona','Angus','Morag','Hamish'])"
  ";"
  "CREATE TEMP TABLE last_names (i serial, name text);"
  "INSERT INTO last_names (name) SELECT unnest (ARRAY["
  " 'Tremblay','Gagnon','Roy','Côté','Bouchard','Gauthier','Morin','Lavoie','Fortin','Gagné',"
  " 'Ouellet','Pelletier','Bélanger','Lévesque','Bergeron','Leblanc','Paquette','Girard','Simard','Boucher',"
  " 'Caron','Beaulieu','Cloutier','Dubé','Poirier','Fournier','Lapointe','Leclerc','Lefebvre','Poulin',"
  " 'Thibault','St-Pierre','Nadeau','Martin','Landry','Martel','Bédard','Grenier','Lessard','Bernier',"
  " 'Richard','Michaud','Hébert','Desjardins','Couture','Turcotte','Lachance','Parent','Blais','Gosselin',"
  " 'Savard','Proulx','Beaudoin','Demers','Perron','Boudreau','Lemieux','Cyr','Leduc','Deschênes',"
  " 'Marchand','Marcotte','Marcoux','Marier','Marois','Marquis','Létourneau','Thériault','Émond','D''Amours',"
  " 'L''Heureux','Dufour','Dion','Rousseau','Vachon','Larouche','Charbonneau','Laflamme','Labelle','Lacroix',"
  " 'Brunet','Robert','Dumont','Desrosiers','Jacques','Beauchamp','Sauvé','Chartrand','Vaillancourt','Boisvert',"
  " 'Smith','Johnson','Williams','Brown','Jones','Miller','Davis','Wilson','Anderson','Taylor',"
  " 'Thomas','Moore','White','Harris','Clark','Lewis','Walker','Young','King','Wright',"
  " 'Campbell','Stewart','Robertson','Murray','O''Brien','O''Neill','O''Connor','Kelly','Walsh','Ryan',"
  " 'MacDonald','McDonald','MacLeod','McLeod','MacKenzie','McKenzie','McCarthy','MacLean','McNeil','MacIntyre',"
  " 'McGregor','MacMillan','McAllister','MacKay','McKay','MacPherson','McPherson','MacInnis','McInnis','MacIsaac',"
  " 'García','Rodríguez','Martínez','Hernández','López','González','Pérez','Sánchez','Ramírez','Torres',"
  " 'Wang','Li','Zhang','Liu','Chen','Yang','Huang','Zhao','Wu','Zhou',"
  " 'Nguyen','Tran','Le','Pham','Kim','Park','Lee','Choi','Sato','Suzuki',"
  " 'Khan','Ali','Hussain','Rahman','Haddad','Mansour','Nasser','Saleh','Aziz','Farouk',"
  " 'Patel','Sharma','Singh','Kumar','Gupta','Reddy','Iyer','Nair','Menon','Das',"
  " 'Kowalski','Nowak','Wiśniewski','Ivanov','Petrov','Smirnov','Müller','Schmidt','Schneider','Fischer',"
  " 'Okafor','Mensah','Mwangi','Okeke','Adeyemi','Diallo','Traoré','Ndlovu','Banda','Osei'])"
  ";"
  /* the long tail: surnames built from common French and English parts
   * (Beauchesne, Lagnon, Ashford, …), some of them one letter away from the
   * common names, as in a real directory */
  "INSERT INTO last_names (name)"
  " SELECT a || b FROM unnest (ARRAY['Beau','Bois','Char','Chan','Des','Du','La','Le','Mont','Ro','Ga','Ber','Gre',"
  "                                  'Lan','Mar','Pel','Per','Ri','Bou','Co','Dan','Fon','Gi','Ja','Lu','Ma','No',"
  "                                  'Pa','Ra','Sa','Ta','Va','Ville','Tru']) a,"
  "        unnest (ARRAY['champ','chesne','court','deau','din','ette','gnon','lais','lin','mont','neau','pré','rand',"
  "                      'reault','rier','rot','tier','ville','vin','bert','cotte','geon','lard','lière','quette']) b"
  "  WHERE NOT EXISTS (SELECT 1 FROM last_names l WHERE l.name = a || b)"
  " UNION ALL"
  " SELECT a || b FROM unnest (ARRAY['Ash','Black','Brad','Cart','Fair','Green','Hart','Hol','Kings','Lang','Mor',"
  "                                  'Pen','Ral','Red','Stan','Ther','Wake','Whit','Wood']) a,"
  "        unnest (ARRAY['bury','by','field','ford','ham','ley','more','ridge','ton','well','wick','worth']) b"
  ";"
  "CREATE TEMP TABLE company_forms (i serial, form text);"
  "INSERT INTO company_forms (form) SELECT unnest (ARRAY["
  " 'Les Productions %s','%s et Fils','Groupe %s','%s & Associés inc.','Traiteur %s','Fondation %s',"
  " 'Pharmacie %s','Construction %s ltée','%s Transport','Boulangerie %s','%s Consulting','Théâtre %s'])"
  ";"
  "CREATE TEMP TABLE drawn AS"
  " SELECT g, random () < 0.03 AS company, random () < 0.12 AS hyphenated,"
  "        1 + floor ((SELECT count (*) FROM first_names) * power (random (), 2.2))::integer AS f,"
  "        1 + floor ((SELECT count (*) FROM last_names) * power (random (), 2.2))::integer AS l1,"
  "        1 + floor (100 * power (random (), 1.5))::integer AS l2,"
  "        1 + floor (12 * random ())::integer AS c"
  "   FROM generate_series (1, $1::integer) g;"
  "INSERT INTO patron (id, first_name, last_name, company, created_by_outlet)"
  " SELECT 1000000 + d.g,"
  "        CASE WHEN d.company THEN NULL ELSE fn.name END,"
  "        CASE WHEN d.company THEN NULL WHEN d.hyphenated AND ln.name <> l2.name THEN ln.name || '-' || l2.name"
  "             ELSE ln.name END,"
  "        CASE WHEN d.company THEN format (cf.form, ln.name) END,"
  "        1 + d.g % 3"
  "   FROM drawn d JOIN first_names fn ON fn.i = d.f JOIN last_names ln ON ln.i = d.l1"
  "        JOIN last_names l2 ON l2.i = d.l2 JOIN company_forms cf ON cf.i = d.c"
  "  ORDER BY d.g;"
  "INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)"
  " SELECT p.id, 'email', 'home',"
  "        regexp_replace (ts_fold (coalesce (p.first_name || '.' || p.last_name, p.company)), '[^a-z.]', '', 'g')"
  "        || (p.id % 100) || '@' || (ARRAY['example.org','videotron.ca','gmail.com','sympatico.ca'])[1 + p.id % 4],"
  "        p.created_by_outlet"
  "   FROM patron p WHERE p.id > 1000000;"
  /* unique numbers: 7919 is prime to 10^7 */
  "INSERT INTO contact_point (patron_id, kind, label, value, created_by_outlet)"
  " SELECT 1000000 + g, 'phone', 'mobile',"
  "        '(' || (ARRAY['416','514','613','604','902','204'])[1 + g % 6] || ') '"
  "        || substr (lpad (((g::bigint * 7919) % 10000000)::text, 7, '0'), 1, 3) || '-'"
  "        || substr (lpad (((g::bigint * 7919) % 10000000)::text, 7, '0'), 4),"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g WHERE g % 4 <> 0;"
  "INSERT INTO contact_point (patron_id, kind, label, line1, city, postal_code, created_by_outlet)"
  " SELECT 1000000 + g, 'address', 'home', (g % 997) || ' Rue Principale',"
  "        (ARRAY['Montréal','Toronto','Québec','Ottawa','Vancouver','Halifax'])[1 + g % 6],"
  "        chr (65 + g % 20) || (g % 10) || chr (65 + (g / 7) % 20) || ' ' || (g / 3 % 10) || chr (65 + (g / 11) % 20) || (g / 13 % 10),"
  "        1 + g % 3"
  "   FROM generate_series (1, $1::integer) g WHERE g % 3 <> 0;"
  "SELECT setval ('patron_id_seq', (SELECT max (id) FROM patron));"
  "ALTER TABLE patron ENABLE TRIGGER patron_audit;"
  "ALTER TABLE contact_point ENABLE TRIGGER contact_point_audit;"
  "ANALYZE patron; ANALYZE contact_point; ANALYZE name_word; ANALYZE name_word_variant; ANALYZE patron_name_pair";

/* Turns "Geneviève" into a typed query: sometimes without accents, sometimes
 * with a typo, sometimes just the start. */
static char *
query_for (PGconn *conn,
           int     k)
{
  g_autofree char *number = g_strdup_printf ("%d", 1 + (k * 2654435761u) % (guint) n_patrons);
  const char *params[] = { number };
  PGresult *r;
  char *q;

  switch (k % 10)
    {
    case 0: case 1: case 2:   /* "first last", accents dropped */
      r = PQexecParams (conn, "SELECT ts_fold (coalesce (first_name || ' ' || last_name, company))"
                              "  FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 3:                   /* a typo: a letter doubled in the last name */
      r = PQexecParams (conn, "SELECT overlay (coalesce (last_name, company)"
                              "                placing substr (coalesce (last_name, company), 2, 1)"
                              "                        || substr (coalesce (last_name, company), 2, 1) from 2 for 1)"
                              "  FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 4:                   /* the start of a last name, as typed so far */
      r = PQexecParams (conn, "SELECT left (coalesce (last_name, company), 4) FROM patron WHERE id = 1000000 + $1::integer",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 5: case 6:           /* a phone number */
      r = PQexecParams (conn, "SELECT value FROM contact_point WHERE patron_id = 1000000 + $1::integer AND kind = 'phone'"
                              " UNION ALL SELECT '416 555 0' || ($1::integer % 1000) LIMIT 1",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 7:                   /* the start of an e-mail address */
      r = PQexecParams (conn, "SELECT left (value, strpos (value, '@')) FROM contact_point"
                              " WHERE patron_id = 1000000 + $1::integer AND kind = 'email'",
                        1, NULL, params, NULL, NULL, 0);
      break;
    case 8:                   /* a postal code */
      r = PQexecParams (conn, "SELECT postal_code FROM contact_point WHERE patron_id = 1000000 + $1::integer AND kind = 'address'"
                              " UNION ALL SELECT 'H2X 1Y4' LIMIT 1",
                        1, NULL, params, NULL, NULL, 0);
      break;
    default:                  /* a patron number */
      r = PQexecParams (conn, "SELECT (1000000 + $1::integer)::text", 1, NULL, params, NULL, NULL, 0);
      break;
    }
  q = g_strdup (PQntuples (r) > 0 ? PQgetvalue (r, 0, 0) : "Tremblay");
  PQclear (r);
  return q;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
percentile (GArray *ms,
            double  p)
{
  if (ms->len == 0)
    return 0;
  g_array_sort (ms, compare_double);
  return g_array_index (ms, double, (guint) (p * (ms->len - 1)));
}

/* The name search's SQL as the server ran it for whole names before typos
 * were handled word by word: pg_trgm's word similarity over the folded name.
 * The latency baseline runs it as a sequential scan, the recall baseline
 * with its trigram index. */
static const char *baseline_sql =
  "SELECT p.id FROM patron p WHERE ts_fold ($1) <% p.search_name"
  " ORDER BY word_similarity (ts_fold ($1), p.search_name) DESC, p.search_name, p.id LIMIT 25";
static const char *trigram_sql =
  "SELECT p.id, p.first_name, p.last_name, p.company FROM patron p WHERE ts_fold ($1) <% p.search_name"
  " ORDER BY word_similarity (ts_fold ($1), p.search_name) DESC, p.search_name, p.id LIMIT 10";

/* Recall ------------------------------------------------------------------ */

typedef enum
{
  SHAPE_FULL_NAME,
  SHAPE_SURNAME,
  SHAPE_FIRST_AND_START,
  SHAPE_COMPANY,
  N_NAME_SHAPES
} Shape;

static const char *shape_names[N_NAME_SHAPES] = {
  "full name", "surname alone", "first + start of surname", "company"
};

typedef enum
{
  TYPO_NONE,
  TYPO_DROP,
  TYPO_DOUBLE,
  TYPO_SWAP,
  TYPO_WRONG,
  N_TYPOS
} Typo;

static const char *typo_names[N_TYPOS] = { "no typo", "dropped", "doubled", "swapped", "wrong key" };

/* What a result must be to count as found. */
typedef struct
{
  Shape  shape;
  gint64 id;
  char  *first;          /* folded */
  char  *last;           /* folded last name or company */
  char  *start;          /* folded start of the surname (SHAPE_FIRST_AND_START) */
} Target;

typedef struct
{
  guint queries;
  guint top10;
  guint top1;
  guint trigram_top10;
  guint trigram_top1;
} Tally;

/* "Hélène Côté" → "helene cote": accents off, case folded, for comparing names. */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text != NULL ? text : "", -1, G_NORMALIZE_NFD);
  g_autoptr(GString) bare = g_string_new (NULL);

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }
  return g_utf8_casefold (bare->str, -1);
}

/* Accents off, case kept: how many agents type. */
static char *
strip_accents (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *bare = g_string_new (NULL);

  for (const char *p = decomposed; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }
  return g_string_free (bare, FALSE);
}

/* The keys next to each letter on a QWERTY keyboard. */
static const char *neighbours[26] = {
  "qwsz", "vghn", "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko", "huikmn", "jiolm", "kop", "njk",
  "bhjm", "iklp", "ol", "wa", "edft", "awedxz", "rfgy", "yhji", "cfgb", "qase", "zsdc", "tghu", "asx"
};

/* One typo of that kind in one word of at least three letters of the query,
 * at a random place; FALSE when the query has no such word. */
static gboolean
add_typo (char      **query,
          Typo        typo,
          GRand      *rand)
{
  glong n;
  g_autofree gunichar *text = g_utf8_to_ucs4_fast (*query, -1, &n);
  g_autofree gunichar *out = g_new (gunichar, n + 2);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (glong) * 2);
  glong start = -1, from, length, p, m = 0;

  if (typo == TYPO_NONE)
    {
      g_array_unref (words);
      return TRUE;
    }
  for (glong i = 0; i <= n; i++)
    {
      gboolean letter = i < n && g_unichar_isalpha (text[i]);

      if (letter && start < 0)
        start = i;
      else if (!letter && start >= 0)
        {
          if (i - start >= 3)
            {
              glong span[2] = { start, i - start };
              g_array_append_val (words, span);
            }
          start = -1;
        }
    }
  if (words->len == 0)
    {
      g_array_unref (words);
      return FALSE;
    }
  {
    glong *span = &g_array_index (words, glong, 2 * g_rand_int_range (rand, 0, words->len));

    from = span[0];
    length = span[1];
  }
  g_array_unref (words);
  p = from + g_rand_int_range (rand, 0, typo == TYPO_SWAP ? length - 1 : length);
  if (typo == TYPO_SWAP)
    {
      /* swapping two equal letters is no typo: take the next pair that differs */
      glong tries = 0;

      while (text[p] == text[p + 1] && tries++ < length)
        p = from + (p - from + 1) % (length - 1);
      if (text[p] == text[p + 1])
        return FALSE;
    }
  for (glong i = 0; i < n; i++)
    {
      if (i == p && typo == TYPO_DROP)
        continue;
      if (i == p && typo == TYPO_SWAP)
        {
          out[m++] = text[i + 1];
          out[m++] = text[i];
          i++;
          continue;
        }
      if (i == p && typo == TYPO_WRONG)
        {
          g_autofree char *one = g_ucs4_to_utf8 (&text[i], 1, NULL, NULL, NULL);
          g_autofree char *base = fold (one);
          gunichar lower = g_utf8_get_char (base);
          const char *keys = lower >= 'a' && lower <= 'z' ? neighbours[lower - 'a'] : "aeiou";
          gunichar key = (gunichar) keys[g_rand_int_range (rand, 0, strlen (keys))];

          out[m++] = g_unichar_isupper (text[i]) ? g_unichar_toupper (key) : key;
          continue;
        }
      out[m++] = text[i];
      if (i == p && typo == TYPO_DOUBLE)
        out[m++] = g_unichar_tolower (text[i]);
    }
  g_free (*query);
  *query = g_ucs4_to_utf8 (out, m, NULL, NULL, NULL);
  return TRUE;
}

static gboolean
name_matches (const Target *target,
              const char   *first,
              const char   *last,
              const char   *company)
{
  g_autofree char *f = fold (first);
  g_autofree char *l = fold (last != NULL ? last : company);

  switch (target->shape)
    {
    case SHAPE_SURNAME:
    case SHAPE_COMPANY:
      return g_str_equal (l, target->last);
    case SHAPE_FIRST_AND_START:
      return g_str_equal (f, target->first) && g_str_has_prefix (l, target->start);
    default:
      return g_str_equal (f, target->first) && g_str_equal (l, target->last);
    }
}

static const char *
member_or_null (JsonObject *o,
                const char *name)
{
  return json_object_has_member (o, name) && !json_object_get_null_member (o, name)
         ? json_object_get_string_member (o, name) : NULL;
}

/* The position (0-based) of the first result that is the target, or -1. */
static int
position_in_answer (JsonNode     *answer,
                    const Target *target,
                    gboolean      by_id)
{
  JsonArray *patrons = json_object_get_array_member (json_node_get_object (answer), "patrons");

  for (guint i = 0; i < json_array_get_length (patrons) && i < 10; i++)
    {
      JsonObject *p = json_array_get_object_element (patrons, i);

      if (by_id ? json_object_get_int_member (p, "id") == target->id
                : name_matches (target, member_or_null (p, "first_name"), member_or_null (p, "last_name"),
                                member_or_null (p, "company")))
        return (int) i;
    }
  return -1;
}

static int
position_in_trigram (PGconn       *owner,
                     const char   *query,
                     const Target *target)
{
  PGresult *r;
  int found = -1;

  PQclear (PQexec (owner, "BEGIN; SET LOCAL enable_seqscan = off"));
  r = PQexecParams (owner, trigram_sql, 1, NULL, (const char *[]) { query }, NULL, NULL, 0);
  for (int i = 0; i < PQntuples (r) && found < 0; i++)
    if (name_matches (target, PQgetisnull (r, i, 1) ? NULL : PQgetvalue (r, i, 1),
                      PQgetisnull (r, i, 2) ? NULL : PQgetvalue (r, i, 2),
                      PQgetisnull (r, i, 3) ? NULL : PQgetvalue (r, i, 3)))
      found = i;
  PQclear (r);
  PQclear (PQexec (owner, "COMMIT"));
  return found;
}

/* A random patron of the right kind, and the query an agent would type for it. */
static char *
draw_target (PGconn *owner,
             Shape   shape,
             GRand  *rand,
             Target *target)
{
  for (;;)
    {
      g_autofree char *id = g_strdup_printf ("%d", 1000001 + g_rand_int_range (rand, 0, n_patrons));
      PGresult *r = PQexecParams (owner, "SELECT first_name, last_name, company FROM patron WHERE id = $1::bigint",
                                  1, NULL, (const char *[]) { id }, NULL, NULL, 0);
      gboolean person = PQntuples (r) == 1 && !PQgetisnull (r, 0, 0) && !PQgetisnull (r, 0, 1);
      g_autofree char *first = person ? g_strdup (PQgetvalue (r, 0, 0)) : NULL;
      g_autofree char *last = person ? g_strdup (PQgetvalue (r, 0, 1)) : NULL;
      g_autofree char *company = PQntuples (r) == 1 && !PQgetisnull (r, 0, 2) ? g_strdup (PQgetvalue (r, 0, 2)) : NULL;
      char *query = NULL;

      PQclear (r);
      if ((shape == SHAPE_COMPANY) != (company != NULL) || (shape != SHAPE_COMPANY && !person))
        continue;
      target->shape = shape;
      target->id = g_ascii_strtoll (id, NULL, 10);
      target->first = fold (first);
      target->last = fold (shape == SHAPE_COMPANY ? company : last);
      target->start = NULL;
      switch (shape)
        {
        case SHAPE_FULL_NAME:
          query = g_strconcat (first, " ", last, NULL);
          break;
        case SHAPE_SURNAME:
          query = g_strdup (last);
          break;
        case SHAPE_FIRST_AND_START:
          {
            glong length = g_utf8_strlen (last, -1);
            glong typed;
            g_autofree char *start = NULL;

            if (length < 6)
              {
                g_free (target->first);
                g_free (target->last);
                continue;
              }
            typed = MIN (length - 1, 4 + g_rand_int_range (rand, 0, 3));
            start = g_utf8_substring (last, 0, typed);
            target->start = fold (start);
            query = g_strconcat (first, " ", start, NULL);
          }
          break;
        default:
          query = g_strdup (company);
          break;
        }
      if (g_rand_boolean (rand))
        {
          char *bare = strip_accents (query);

          g_free (query);
          query = bare;
        }
      return query;
    }
}

static void
run_query (TsTestServer *server,
           const char   *token,
           const char   *query,
           GArray       *ms,
           JsonNode    **answer)
{
  g_autofree char *escaped = g_uri_escape_string (query, NULL, FALSE);
  g_autofree char *url = g_strconcat ("/api/v1/patrons?q=", escaped, NULL);
  gint64 start = g_get_monotonic_time ();
  double elapsed;

  *answer = ts_test_expect (server, "GET", url, token, NULL, 200);
  elapsed = (g_get_monotonic_time () - start) / 1000.0;
  g_array_append_val (ms, elapsed);
  if (g_getenv ("BENCH_SHOW_SLOW") != NULL && elapsed > g_ascii_strtod (g_getenv ("BENCH_SHOW_SLOW"), NULL))
    g_print ("    slow: “%s” %.1f ms\n", query, elapsed);
}

static void
measure_recall (TsTestServer *server,
                const char   *token,
                PGconn       *owner,
                GArray       *typo_ms)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  Tally tallies[N_NAME_SHAPES][N_TYPOS] = { { { 0 } } };
  Tally all_typos = { 0 };
  guint phone_found = 0, email_found = 0, nonsense_empty = 0, phone_queries = 0, email_queries = 0;
  g_autoptr(GArray) other_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) nonsense_ms = g_array_new (FALSE, FALSE, sizeof (double));

  for (Shape shape = 0; shape < N_NAME_SHAPES; shape++)
    for (Typo typo = 0; typo < N_TYPOS; typo++)
      for (int k = 0; k < n_recall; k++)
        {
          Target target;
          g_autofree char *query = draw_target (owner, shape, rand, &target);
          g_autoptr(JsonNode) answer = NULL;
          Tally *t = &tallies[shape][typo];
          int ours, trigram;

          if (!add_typo (&query, typo, rand))
            {
              g_free (target.first);
              g_free (target.last);
              g_free (target.start);
              k--;
              continue;
            }
          run_query (server, token, query, typo == TYPO_NONE ? other_ms : typo_ms, &answer);
          ours = position_in_answer (answer, &target, FALSE);
          trigram = position_in_trigram (owner, query, &target);
          t->queries++;
          t->top10 += ours >= 0;
          t->top1 += ours == 0;
          t->trigram_top10 += trigram >= 0;
          t->trigram_top1 += trigram == 0;
          if (typo != TYPO_NONE)
            {
              all_typos.queries++;
              all_typos.top10 += ours >= 0;
              all_typos.top1 += ours == 0;
              all_typos.trigram_top10 += trigram >= 0;
              all_typos.trigram_top1 += trigram == 0;
            }
          if (g_getenv ("BENCH_SHOW_MISSES") != NULL && ours < 0)
            g_print ("    missed (%s, %s): “%s” for %s / %s\n", shape_names[shape], typo_names[typo], query,
                     target.first, target.last);
          g_free (target.first);
          g_free (target.last);
          g_free (target.start);
        }

  /* contact values as typed: a phone with +1, an e-mail start without "@" */
  while (phone_queries < (guint) n_recall || email_queries < (guint) n_recall)
    {
      g_autofree char *id = g_strdup_printf ("%d", 1000001 + g_rand_int_range (rand, 0, n_patrons));
      PGresult *r = PQexecParams (owner,
          "SELECT (SELECT value FROM contact_point WHERE patron_id = $1::bigint AND kind = 'phone'),"
          "       (SELECT split_part (value, '@', 1) FROM contact_point WHERE patron_id = $1::bigint AND kind = 'email')",
          1, NULL, (const char *[]) { id }, NULL, NULL, 0);
      Target target = { SHAPE_FULL_NAME, g_ascii_strtoll (id, NULL, 10), NULL, NULL, NULL };

      if (!PQgetisnull (r, 0, 0) && phone_queries < (guint) n_recall)
        {
          g_autofree char *digits = g_strdup (PQgetvalue (r, 0, 0));
          g_autofree char *query = NULL;
          g_autoptr(JsonNode) answer = NULL;

          g_strdelimit (digits, "()-", ' ');
          query = g_strconcat ("+1 ", g_strstrip (digits), NULL);
          run_query (server, token, query, other_ms, &answer);
          phone_found += position_in_answer (answer, &target, TRUE) >= 0;
          phone_queries++;
        }
      if (!PQgetisnull (r, 0, 1) && email_queries < (guint) n_recall)
        {
          g_autoptr(JsonNode) answer = NULL;

          run_query (server, token, PQgetvalue (r, 0, 1), other_ms, &answer);
          email_found += position_in_answer (answer, &target, TRUE) >= 0;
          email_queries++;
        }
      PQclear (r);
    }
  for (int k = 0; k < n_recall; k++)
    {
      static const char consonants[] = "bcdfghjklmnpqrstvwxz";
      g_autoptr(GString) query = g_string_new (NULL);
      g_autoptr(JsonNode) answer = NULL;

      for (int w = 0; w < 1 + k % 2; w++)
        {
          if (w > 0)
            g_string_append_c (query, ' ');
          for (int i = g_rand_int_range (rand, 5, 9); i > 0; i--)
            g_string_append_c (query, consonants[g_rand_int_range (rand, 0, sizeof consonants - 1)]);
        }
      run_query (server, token, query->str, nonsense_ms, &answer);
      nonsense_empty += json_array_get_length (json_object_get_array_member (json_node_get_object (answer),
                                                                             "patrons")) == 0;
    }

  g_print ("  recall: the intended name in the first ten (and first), this search / a plain trigram search\n");
  for (Shape shape = 0; shape < N_NAME_SHAPES; shape++)
    for (Typo typo = 0; typo < N_TYPOS; typo++)
      {
        Tally *t = &tallies[shape][typo];

        g_print ("    %-26s %-10s %4u queries   %5.1f%% (%5.1f%%)   trigram %5.1f%% (%5.1f%%)\n",
                 typo == TYPO_NONE ? shape_names[shape] : "", typo_names[typo], t->queries,
                 100.0 * t->top10 / MAX (t->queries, 1), 100.0 * t->top1 / MAX (t->queries, 1),
                 100.0 * t->trigram_top10 / MAX (t->queries, 1), 100.0 * t->trigram_top1 / MAX (t->queries, 1));
      }
  g_print ("    %-37s %4u queries   %5.1f%% (%5.1f%%)   trigram %5.1f%% (%5.1f%%)\n", "every typo",
           all_typos.queries, 100.0 * all_typos.top10 / MAX (all_typos.queries, 1),
           100.0 * all_typos.top1 / MAX (all_typos.queries, 1),
           100.0 * all_typos.trigram_top10 / MAX (all_typos.queries, 1),
           100.0 * all_typos.trigram_top1 / MAX (all_typos.queries, 1));
  g_print ("    phone typed with +1: %5.1f%% found in the first ten\n", 100.0 * phone_found / n_recall);
  g_print ("    e-mail start without @: %5.1f%% found in the first ten\n", 100.0 * email_found / n_recall);
  g_print ("    nonsense: %5.1f%% answered with nothing (median %.2f ms, p95 %.2f ms: no name matches word by word,\n"
           "              so the whole name goes through trigram similarity)\n",
           100.0 * nonsense_empty / n_recall, percentile (nonsense_ms, 0.5), percentile (nonsense_ms, 0.95));
}

int
main (int   argc,
      char *argv[])
{
  const GOptionEntry entries[] = {
    { "patrons", 'n', 0, G_OPTION_ARG_INT, &n_patrons, "Patrons to generate (default 1000000)", "N" },
    { "queries", 'q', 0, G_OPTION_ARG_INT, &n_queries, "Search queries to time (default 400)", "N" },
    { "baseline-queries", 'b', 0, G_OPTION_ARG_INT, &n_baseline, "Name queries for the sequential-scan baseline (default 20)", "N" },
    { "recall", 'r', 0, G_OPTION_ARG_INT, &n_recall, "Queries per kind of query and typo for the recall (default 100)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— patron search latency and recall");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsTestServer) server = NULL;
  g_autofree char *token = NULL;
  g_autofree char *count = NULL;
  PGconn *owner;
  PGresult *r;
  GArray *api_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *name_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *seq_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GArray *typo_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *n_text = NULL;
  gint64 t0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  server = ts_test_server_new ();
  token = ts_test_sign_in (server, "UTH", "staff", "staff-password");
  owner = PQconnectdb (ts_test_server_get_owner_conninfo (server));

  n_text = g_strdup_printf ("%d", n_patrons);
  t0 = g_get_monotonic_time ();
  {
    /* PQexecParams takes one statement: run the script's statements one by one. */
    g_auto(GStrv) statements = g_strsplit (generate_sql, ";", -1);

    for (guint i = 0; statements[i] != NULL; i++)
      {
        const char *params[] = { n_text };
        gboolean uses_param = strstr (statements[i], "$1") != NULL;

        if (g_strstrip (statements[i])[0] == '\0')
          continue;
        r = PQexecParams (owner, statements[i], uses_param ? 1 : 0, NULL, uses_param ? params : NULL, NULL, NULL, 0);
        if (PQresultStatus (r) != PGRES_COMMAND_OK && PQresultStatus (r) != PGRES_TUPLES_OK)
          g_error ("generating: %s: %s", statements[i], PQerrorMessage (owner));
        PQclear (r);
      }
  }
  count = ts_test_owner_sql (server, "SELECT count (*) || ' patrons ('"
                                     " || (SELECT count (DISTINCT coalesce (last_name, company)) FROM patron)"
                                     " || ' different surnames and companies, '"
                                     " || (SELECT count (DISTINCT first_name) FROM patron) || ' first names), '"
                                     " || (SELECT count (*) FROM contact_point) || ' contact points' FROM patron");
  g_print ("bench-patron-search: generated %s in %.1f s\n", count, (g_get_monotonic_time () - t0) / 1e6);

  /* Each of the server's pooled connections plans the searches on its first
   * use and keeps the plans: warm them all up, untimed, as a running server is. */
  {
    g_autoptr(GArray) untimed = g_array_new (FALSE, FALSE, sizeof (double));

    for (int k = 0; k < 80; k++)
      {
        g_autofree char *q = query_for (owner, n_queries + k);
        g_autoptr(JsonNode) answer = NULL;

        run_query (server, token, q, untimed, &answer);
      }
  }
  for (int k = 0; k < n_queries; k++)
    {
      g_autofree char *q = query_for (owner, k);
      g_autoptr(JsonNode) answer = NULL;

      run_query (server, token, q, api_ms, &answer);
      if (k % 10 <= 3)
        g_array_append_val (name_ms, g_array_index (api_ms, double, api_ms->len - 1));
    }

  for (int k = 0; k < n_baseline; k++)
    {
      g_autofree char *q = query_for (owner, k * 10);      /* name queries */
      const char *params[] = { q };
      gint64 start;
      double ms;

      PQclear (PQexec (owner, "BEGIN; SET LOCAL enable_indexscan = off; SET LOCAL enable_bitmapscan = off"));
      start = g_get_monotonic_time ();
      r = PQexecParams (owner, baseline_sql, 1, NULL, params, NULL, NULL, 0);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      PQclear (r);
      PQclear (PQexec (owner, "COMMIT"));
      g_array_append_val (seq_ms, ms);
    }

  if (n_recall > 0)
    measure_recall (server, token, owner, typo_ms);

  g_print ("  API search, mixed queries (%u)   median %7.2f ms   p95 %7.2f ms\n",
           api_ms->len, percentile (api_ms, 0.5), percentile (api_ms, 0.95));
  g_print ("  API search, name queries (%u)    median %7.2f ms   p95 %7.2f ms\n",
           name_ms->len, percentile (name_ms, 0.5), percentile (name_ms, 0.95));
  g_print ("  API search, names with a typo (%u)  median %7.2f ms   p95 %7.2f ms\n",
           typo_ms->len, percentile (typo_ms, 0.5), percentile (typo_ms, 0.95));
  g_print ("  baseline: name SQL, sequential scan (%u)  median %7.2f ms   p95 %7.2f ms\n",
           seq_ms->len, percentile (seq_ms, 0.5), percentile (seq_ms, 0.95));
  g_print ("  speed-up of the indexed name search over the scan (medians): %.0fx   target: p95 < 20 ms\n",
           percentile (seq_ms, 0.5) / percentile (name_ms, 0.5));

  PQfinish (owner);
  g_array_unref (api_ms);
  g_array_unref (name_ms);
  g_array_unref (seq_ms);
  g_array_unref (typo_ms);
  return 0;
}
