/* test-server-maps.c — theatre maps over the API (rules M1, M2, M3, C4) */
#include <string.h>

#include "ts-test-client.h"

static TsTestServer *server;
static char *master, *uth_manager, *uth_boxoffice, *ath_manager;
static gint64 uth, ath;

static gint64
create_demo (const char *token,
             const char *demo,
             guint       expected)
{
  g_autofree char *body = g_strdup_printf ("{\"format\": \"generator\", \"demo\": \"%s\"}", demo);
  g_autoptr(JsonNode) answer = ts_test_expect (server, "POST", "/api/v1/maps", token, body, expected);

  if (expected != 201)
    return 0;
  return json_object_get_int_member (json_object_get_object_member (json_node_get_object (answer), "map"), "id");
}

static void
test_generate_demo_venues (void)
{
  gint64 studio = create_demo (uth_manager, "studio", 201);
  gint64 opera = create_demo (uth_manager, "opera", 201);
  gint64 stadium = create_demo (ath_manager, "stadium", 201);
  g_autoptr(JsonNode) list = ts_test_expect (server, "GET", "/api/v1/maps", uth_boxoffice, NULL, 200);
  g_autofree char *text = json_to_string (list, FALSE);

  g_assert_cmpint (studio, >, 0);
  g_assert_cmpint (opera, >, 0);
  g_assert_cmpint (stadium, >, 0);
  g_assert_nonnull (strstr (text, "\"seat_count\":200"));
  g_assert_nonnull (strstr (text, "\"seat_count\":2000"));
  g_assert_nonnull (strstr (text, "\"seat_count\":60000"));
  {
    g_autofree char *compact_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/compact", stadium);
    g_autoptr(JsonNode) compact = ts_test_expect (server, "GET", compact_path, uth_boxoffice, NULL, 200);
    JsonObject *seats = json_object_get_object_member (json_object_get_object_member (json_node_get_object (compact), "map"), "seats");

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (seats, "x")), ==, 60000);
  }
  /* C4: building maps is season setup, the Box Office Manager's job */
  create_demo (uth_boxoffice, "studio", 403);
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
                                   "{\"format\": \"generator\", \"demo\": \"arena\"}", 400));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
                                   "{\"format\": \"svg\"}", 400));
}

static void
test_import_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans",
                                                 "seatmap-canvas-stadium.pretix.json", NULL);
  g_autofree char *plan = NULL;
  g_autofree char *strict = NULL;
  g_autofree char *repaired = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) refused = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *before = ts_test_owner_sql (server, "SELECT count (*) FROM theatre_map");
  g_autofree char *after = NULL;

  g_file_get_contents (path, &plan, NULL, &error);
  g_assert_no_error (error);
  strict = g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", plan);
  repaired = g_strdup_printf ("{\"format\": \"pretix\", \"repair_guids\": true, \"plan\": %s}", plan);

  /* problems are reported precisely and change nothing */
  refused = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager, strict, 400);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (refused), "error"), "message"),
                            "126 GUIDs are used more than once"));
  after = ts_test_owner_sql (server, "SELECT count (*) FROM theatre_map");
  g_assert_cmpstr (before, ==, after);

  /* repaired on request, with warnings */
  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager, repaired, 201);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"),
                                               "seat_count"), ==, 738);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (created), "warnings")), >=, 2);
}

/* A big plan goes through the API both ways: export the 60,000-seat
 * stadium and import it again (uploads of plans may exceed the usual body
 * limit), getting the same map. */
static void
test_big_round_trip (void)
{
  gint64 id = create_demo (ath_manager, "stadium", 201);
  g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", id);
  g_autoptr(JsonNode) exported = ts_test_expect (server, "GET", export_path, ath_manager, NULL, 200);
  g_autofree char *plan = json_to_string (exported, FALSE);
  g_autofree char *body = g_strdup_printf ("{\"format\": \"pretix\", \"plan\": %s}", plan);
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autofree char *again_path = NULL;
  g_autofree char *again_text = NULL;
  gint64 copy;

  g_assert_cmpuint (strlen (body), >, 1024 * 1024);
  created = ts_test_expect (server, "POST", "/api/v1/maps", ath_manager, body, 201);
  copy = json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"), "id");
  again_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", copy);
  again = ts_test_expect (server, "GET", again_path, ath_manager, NULL, 200);
  again_text = json_to_string (again, FALSE);
  g_assert_cmpstr (again_text, ==, plan);
}

static void
test_import_seatsio (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans", "seatsio-sample-theatre-ga.json", NULL);
  g_autofree char *chart = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) created = NULL;
  JsonObject *map;

  g_file_get_contents (path, &chart, NULL, &error);
  g_assert_no_error (error);
  body = g_strdup_printf ("{\"format\": \"seatsio\", \"name\": \"Small theatre\", \"plan\": %s}", chart);
  created = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager, body, 201);
  map = json_object_get_object_member (json_node_get_object (created), "map");
  g_assert_cmpint (json_object_get_int_member (map, "seat_count"), ==, 32);
  g_assert_cmpint (json_object_get_int_member (map, "ga_capacity"), ==, 200);
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
                                   "{\"format\": \"seatsio\", \"plan\": {\"name\": \"empty\"}}", 400));
  {
    g_autoptr(JsonNode) grid = ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
        "{\"format\": \"csv\", \"name\": \"Salle B\", \"grid\": \"A, M:1, M:2, , M:3+\\nB, M:1, M:2\"}", 201);
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (grid), "map"),
                                                 "seat_count"), ==, 5);
    json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", uth_manager,
                                     "{\"format\": \"csv\", \"name\": \"Bad\", \"grid\": \"A, nozone\"}", 400));
  }
}

/* M1: any outlet uses any map; only the owner changes it */
static void
test_owner_only_editing (void)
{
  gint64 id = create_demo (uth_manager, "studio", 201);
  g_autofree char *path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, id);
  g_autofree char *export_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", id);
  g_autoptr(JsonNode) read_elsewhere = ts_test_expect (server, "GET", path, ath_manager, NULL, 200);
  g_autoptr(JsonNode) refused = ts_test_expect (server, "PATCH", path, ath_manager, "{\"name\": \"Mine now\"}", 403);
  g_autoptr(JsonNode) edited = ts_test_expect (server, "PATCH", path, uth_manager,
      "{\"name\": \"Studio (renovated)\", \"categories\": [{\"name\": \"Regular\", \"color\": \"#1c71d8\"}],"
      " \"seats\": [{\"guid\": \"Stalls-A-1\", \"category\": \"Accessible\", \"flags\": [\"wheelchair\"], \"number\": \"1a\"}]}", 200);
  g_autoptr(JsonNode) exported = ts_test_expect (server, "GET", export_path, ath_manager, NULL, 200);
  g_autofree char *text = json_to_string (exported, FALSE);

  g_assert_cmpstr (ts_test_error_code (refused), ==, "forbidden");
  g_assert_cmpstr (ts_test_member_string (edited, "name"), ==, "Studio (renovated)");
  g_assert_nonnull (strstr (text, "\"seat_number\":\"1a\""));
  /* M3: the renamed seat keeps its identifier */
  g_assert_nonnull (strstr (text, "\"seat_guid\":\"Stalls-A-1\",\"seat_number\":\"1a\""));
  g_assert_nonnull (strstr (text, "#1c71d8"));
  g_assert_nonnull (strstr (text, "wheelchair"));

  /* an SVG background, owner only, no scripts */
  {
    g_autofree char *compact_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/compact", id);
    g_autoptr(JsonNode) with_background = NULL;

    json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
        "{\"background_svg\": \"<svg xmlns='http://www.w3.org/2000/svg' width='620' height='460'><rect width='620' height='460' fill='#f6f5f4'/></svg>\"}", 200));
    json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
        "{\"background_svg\": \"<svg onload='x()'></svg>\"}", 400));
    json_node_unref (ts_test_expect (server, "PATCH", path, ath_manager,
        "{\"background_svg\": null}", 403));
    with_background = ts_test_expect (server, "GET", compact_path, ath_manager, NULL, 200);
    g_assert_nonnull (strstr (ts_test_member_string (with_background, "background_svg"), "#f6f5f4"));
  }

  /* bad edits change nothing */
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
                                   "{\"seats\": [{\"guid\": \"Nowhere-Z-99\", \"category\": \"Regular\"}]}", 400));
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
                                   "{\"seats\": [{\"guid\": \"Stalls-A-2\", \"category\": \"Gold\"}]}", 400));
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
                                   "{\"seats\": [{\"guid\": \"Stalls-A-2\", \"flags\": [\"vip\"]}]}", 400));
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_manager,
                                   "{\"categories\": [{\"name\": \"Regular\", \"color\": \"blue\"}]}", 400));
  json_node_unref (ts_test_expect (server, "PATCH", path, uth_boxoffice, "{\"name\": \"x\"}", 403));
  {
    g_autoptr(JsonNode) again = ts_test_expect (server, "GET", export_path, uth_manager, NULL, 200);
    g_autofree char *again_text = json_to_string (again, FALSE);

    g_assert_cmpstr (again_text, ==, text);
  }
  /* the strict export is plain pretix */
  {
    g_autofree char *strict_path = g_strconcat (export_path, "?strict=true", NULL);
    g_autoptr(JsonNode) strict = ts_test_expect (server, "GET", strict_path, uth_manager, NULL, 200);
    g_autofree char *strict_text = json_to_string (strict, FALSE);

    g_assert_null (strstr (strict_text, "tessera"));
  }
}

/* M2: the Master User duplicates a map for another outlet; copies are independent */
static void
test_duplicate (void)
{
  gint64 id = create_demo (uth_manager, "studio", 201);
  g_autofree char *dup_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/duplicate", id);
  g_autofree char *body = g_strdup_printf ("{\"outlet_id\": %" G_GINT64_FORMAT ", \"name\": \"Studio for ATH\"}", ath);
  g_autoptr(JsonNode) refused = ts_test_expect (server, "POST", dup_path, uth_manager, body, 403);
  g_autoptr(JsonNode) copy = ts_test_expect (server, "POST", dup_path, master, body, 201);
  JsonObject *map = json_object_get_object_member (json_node_get_object (copy), "map");
  gint64 copy_id = json_object_get_int_member (map, "id");
  g_autofree char *copy_path = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT, copy_id);
  g_autofree char *original_export = g_strdup_printf ("/api/v1/maps/%" G_GINT64_FORMAT "/export", id);

  g_assert_cmpint (json_object_get_int_member (map, "outlet_id"), ==, ath);
  g_assert_cmpint (json_object_get_int_member (map, "copied_from"), ==, id);
  /* the new owner changes its copy freely; the original does not move */
  json_node_unref (ts_test_expect (server, "PATCH", copy_path, ath_manager,
                                   "{\"seats\": [{\"guid\": \"Stalls-B-3\", \"number\": \"3-bis\"}]}", 200));
  json_node_unref (ts_test_expect (server, "PATCH", copy_path, uth_manager, "{\"name\": \"back\"}", 403));
  {
    g_autoptr(JsonNode) original = ts_test_expect (server, "GET", original_export, uth_manager, NULL, 200);
    g_autofree char *text = json_to_string (original, FALSE);

    g_assert_null (strstr (text, "3-bis"));
  }
}

static void
test_master_creates_for_an_outlet (void)
{
  g_autofree char *body = g_strdup_printf ("{\"format\": \"generator\", \"demo\": \"studio\", \"outlet_id\": %" G_GINT64_FORMAT "}", uth);
  g_autoptr(JsonNode) created = ts_test_expect (server, "POST", "/api/v1/maps", master, body, 201);
  g_autofree char *other = g_strdup_printf ("{\"format\": \"generator\", \"demo\": \"studio\", \"outlet_id\": %" G_GINT64_FORMAT "}", ath);

  json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", master, "{\"format\": \"generator\", \"demo\": \"studio\"}", 400));
  json_node_unref (ts_test_expect (server, "POST", "/api/v1/maps", uth_manager, other, 403));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (created), "map"),
                                               "outlet_id"), ==, uth);
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
  master = ts_test_sign_in (server, NULL, "master", "master-password");
  uth_manager = ts_test_sign_in (server, "UTH", "manager", "manager-password");
  uth_boxoffice = ts_test_sign_in (server, "UTH", "boxoffice", "boxoffice-password");
  ath_manager = ts_test_sign_in (server, "ATH", "manager", "manager-password");

  g_test_add_func ("/maps/generate", test_generate_demo_venues);
  g_test_add_func ("/maps/import", test_import_sample);
  g_test_add_func ("/maps/import-seatsio", test_import_seatsio);
  g_test_add_func ("/maps/big-round-trip", test_big_round_trip);
  g_test_add_func ("/maps/owner-only", test_owner_only_editing);
  g_test_add_func ("/maps/duplicate", test_duplicate);
  g_test_add_func ("/maps/master-for-outlet", test_master_creates_for_an_outlet);

  status = g_test_run ();
  g_free (master);
  g_free (uth_manager);
  g_free (uth_boxoffice);
  g_free (ath_manager);
  ts_test_server_free (server);
  return status;
}
