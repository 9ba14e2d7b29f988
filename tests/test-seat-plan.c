/* test-seat-plan.c — the seat plan model, pretix import/export and the venue
 * generator (rule M3; docs: ../shared/spec/seating-plans.md) */
#include <math.h>
#include <string.h>

#include "tessera-common.h"
#include "ts-json-reader.h"
#include "ts-seat-plan-compact.h"
#include "ts-seat-plan-csv.h"
#include "ts-seat-plan-format.h"
#include "ts-seat-plan-generator.h"
#include "ts-seat-plan-pretix.h"
#include "ts-seat-plan-seatsio.h"

static JsonNode *
load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_file (parser, path, &error))
    g_error ("%s: %s", path, error->message);
  return json_node_ref (json_parser_get_root (parser));
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static guint
distinct_guids (TsSeatPlan *plan)
{
  g_autoptr(GHashTable) set = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < plan->seats->len; i++)
    g_hash_table_add (set, ((TsPlanSeat *) g_ptr_array_index (plan->seats, i))->guid);
  return g_hash_table_size (set);
}

/* The sample's 738 seats share 318 GUIDs: refused with the numbers, never
 * merged; repaired on request. */
static void
test_import_reports_duplicate_guids (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans",
                                                 "seatmap-canvas-stadium.pretix.json", NULL);
  g_autoptr(JsonNode) root = load_json (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TsSeatPlan) refused = ts_seat_plan_from_pretix (root, FALSE, warnings, &error);
  g_autoptr(TsSeatPlan) repaired = NULL;
  gboolean width_warned = FALSE;

  g_assert_null (refused);
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "738 seats share 318 seat GUIDs"));
  g_assert_nonnull (strstr (error->message, "126 GUIDs are used more than once"));
  g_assert_nonnull (strstr (error->message, "8 times"));
  g_clear_error (&error);

  g_ptr_array_set_size (warnings, 0);
  repaired = ts_seat_plan_from_pretix (root, TRUE, warnings, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (repaired->seats->len, ==, 738);
  g_assert_cmpuint (distinct_guids (repaired), ==, 738);
  g_assert_cmpuint (repaired->zones->len, ==, 2);
  g_assert_cmpuint (repaired->categories->len, ==, 5);
  g_assert_cmpuint (repaired->areas->len, ==, 1);
  /* floats where the format wants integers are reported, not fatal */
  for (guint i = 0; i < warnings->len; i++)
    if (strstr (g_ptr_array_index (warnings, i), "rectangle.width"))
      width_warned = TRUE;
  g_assert_true (width_warned);
  /* positions nest: the first seat of row A sits at its row's offset */
  {
    TsPlanSeat *first = g_ptr_array_index (repaired->seats, 0);
    g_assert_cmpfloat_with_epsilon (first->x, 1261.05673144212, 1e-6);
  }
}

static void
test_import_problems_are_precise (void)
{
  struct { const char *json; const char *expect; } cases[] = {
    { "[]", "must be a JSON object" },
    { "{\"size\": {\"width\": 10, \"height\": 10}, \"zones\": []}", "name: is required" },
    { "{\"name\": \"x\", \"zones\": []}", "size:" },
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}}", "zones: is required" },
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\", \"rows\": ["
      "{\"row_number\": \"A\", \"seats\": [{\"seat_number\": \"1\", \"position\": {\"x\": 1, \"y\": 1}}]}]}]}",
      "zone “Z” row “A” seat “1”: seat_guid is required" },
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"categories\": [{\"name\": \"A\"}], \"zones\": [{\"name\": \"Z\","
      " \"rows\": [{\"row_number\": \"A\", \"seats\": [{\"seat_guid\": \"g\", \"category\": \"Gold\"}]}]}]}",
      "categories that are not in categories: “Gold”" },
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\", \"areas\": ["
      "{\"shape\": \"star\"}]}]}", "shape must be" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);

      g_assert_null (plan);
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      if (strstr (error->message, cases[i].expect) == NULL)
        g_error ("case %u: “%s” does not say “%s”", i, error->message, cases[i].expect);
    }
}

static void
assert_round_trip (TsSeatPlan *plan)
{
  g_autoptr(JsonNode) exported = ts_seat_plan_to_pretix (plan, FALSE);
  g_autofree char *text = json_to_string (exported, FALSE);
  g_autoptr(JsonNode) reparsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) again = ts_seat_plan_from_pretix (reparsed, FALSE, NULL, &error);
  g_autofree char *difference = NULL;

  g_assert_no_error (error);
  if (!ts_seat_plan_equal (plan, again, &difference))
    g_error ("import (export (plan)) differs: %s", difference);
}

/* import(export(map)) equals map, extensions included */
static void
test_round_trip (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans",
                                                 "seatmap-canvas-stadium.pretix.json", NULL);
  g_autoptr(JsonNode) root = load_json (path);
  g_autoptr(TsSeatPlan) sample = ts_seat_plan_from_pretix (root, TRUE, NULL, NULL);
  g_autoptr(JsonNode) studio_description = parse (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STUDIO));
  g_autoptr(TsSeatPlan) studio = ts_seat_plan_generate (studio_description, NULL);
  TsPlanArea *ga = ts_seat_plan_add_area (studio, TS_AREA_RECTANGLE);

  ga->zone = g_strdup ("Stalls");
  ga->capacity = 80;
  ga->category = g_strdup ("Regular");
  ga->width = 100;
  ga->height = 40;
  assert_round_trip (sample);
  assert_round_trip (studio);

  /* a strict export carries none of our extensions */
  {
    g_autoptr(JsonNode) strict = ts_seat_plan_to_pretix (studio, TRUE);
    g_autofree char *text = json_to_string (strict, FALSE);
    g_autoptr(JsonNode) loose = ts_seat_plan_to_pretix (studio, FALSE);
    g_autofree char *loose_text = json_to_string (loose, FALSE);

    g_assert_null (strstr (text, "tessera"));
    g_assert_nonnull (strstr (loose_text, "\"wheelchair\""));
    g_assert_nonnull (strstr (loose_text, "\"capacity\":80"));
  }
}

static void
check_venue (TsDemoVenue venue,
             guint       seats,
             guint       zones_at_least,
             guint       levels)
{
  g_autoptr(JsonNode) description = parse (ts_seat_plan_demo_venue (venue));
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, &error);
  g_autoptr(GHashTable) level_names = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (plan->seats->len, ==, seats);
  g_assert_cmpuint (distinct_guids (plan), ==, seats);
  g_assert_cmpuint (plan->zones->len, >=, zones_at_least);
  for (guint i = 0; i < plan->zones->len; i++)
    {
      TsPlanZone *zone = g_ptr_array_index (plan->zones, i);
      if (zone->level)
        g_hash_table_add (level_names, zone->level);
    }
  g_assert_cmpuint (g_hash_table_size (level_names), ==, levels);
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *seat = g_ptr_array_index (plan->seats, i);

      g_assert_true (seat->x >= 0 && seat->x <= plan->width);
      g_assert_true (seat->y >= 0 && seat->y <= plan->height);
    }
}

static void
test_demo_venues (void)
{
  /* 200-seat studio, 2,000-seat opera house on three levels, 60,000-seat bowl */
  check_venue (TS_DEMO_VENUE_STUDIO, 200, 1, 1);
  check_venue (TS_DEMO_VENUE_OPERA, 2000, 4, 3);
  check_venue (TS_DEMO_VENUE_STADIUM, 60000, 24, 2);
}

static void
test_generator_rules (void)
{
  g_autoptr(JsonNode) description = parse (
    "{\"name\": \"Rules\", \"categories\": [{\"name\": \"A\", \"color\": \"#ff0000\"}], \"blocks\": ["
    " {\"kind\": \"straight\", \"zone\": \"Main Floor\", \"category\": \"A\", \"rows\": 10, \"seats\": 4,"
    "  \"first_row\": \"G\", \"skip_letters\": \"IO\", \"aisles_after\": [2], \"wheelchair_row\": \"H\"},"
    " {\"kind\": \"ga\", \"zone\": \"Pit\", \"category\": \"A\", \"capacity\": 300, \"x\": 0, \"y\": 400,"
    "  \"width\": 200, \"height\": 100}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, &error);
  TsPlanSeat *first, *second, *third, *h1, *h2;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_no_error (error);
  g_assert_cmpuint (plan->seats->len, ==, 40);
  for (guint i = 0; i < plan->seats->len; i++)
    g_hash_table_add (rows, ((TsPlanSeat *) g_ptr_array_index (plan->seats, i))->row);
  /* G H J K L M N P Q R: I and O skipped */
  g_assert_false (g_hash_table_contains (rows, "I"));
  g_assert_false (g_hash_table_contains (rows, "O"));
  g_assert_true (g_hash_table_contains (rows, "R"));
  first = g_ptr_array_index (plan->seats, 0);
  second = g_ptr_array_index (plan->seats, 1);
  third = g_ptr_array_index (plan->seats, 2);
  g_assert_cmpstr (first->guid, ==, "Main_Floor-G-1");
  /* an aisle after seat 2 */
  g_assert_cmpfloat (third->x - second->x, >, 1.5 * (second->x - first->x));
  h1 = g_ptr_array_index (plan->seats, 4);
  h2 = g_ptr_array_index (plan->seats, 5);
  g_assert_cmpstr (h1->row, ==, "H");
  g_assert_true (h1->flags & TS_SEAT_WHEELCHAIR);
  g_assert_true (h2->flags & TS_SEAT_COMPANION);
  g_assert_cmpuint (ts_seat_plan_ga_capacity (plan), ==, 300);

  {
    g_autoptr(JsonNode) bad = parse ("{\"blocks\": [{\"kind\": \"pyramid\"}]}");
    g_autoptr(TsSeatPlan) none = ts_seat_plan_generate (bad, &error);

    g_assert_null (none);
    g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  }
}

/* A description comes from the network: each bad member is named, and
 * none can crash, hang or bloat the server (issue 9). */
static void
test_generator_hostile (void)
{
  static const struct
  {
    const char *description;
    const char *named;
  } cases[] = {
    { "{\"blocks\": [{\"kind\": 7}]}", "description.blocks[0].kind: must be text" },
    { "{\"blocks\": [\"straight\"]}", "description.blocks[0]: must be an object" },
    { "{\"blocks\": null}", "description.blocks: must be a list" },
    { "{\"blocks\": []}", "description.blocks: give at least one block" },
    { "{\"categories\": [{\"name\": [1]}]}", "description.categories[0].name: must be text" },
    { "{\"size\": 5, \"blocks\": []}", "description.size: must be an object" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": \"ten\", \"seats\": 4}]}", "description.blocks[0].rows: must be a number" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 2147483648, \"seats\": 4}]}", "description.blocks[0].rows: must be a number from 1 to 500" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 2.5, \"seats\": 4}]}", "description.blocks[0].rows: must be a whole number" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 3, \"seats\": 4, \"skip_letters\": \"ABCDEFGHIJKLMNOPQRSTUVWXYZ\"}]}",
      "description.blocks[0].skip_letters: at most 10 letters" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 3, \"seats\": 4, \"first_row\": \"ZZZZZZZZZZZZZZZ\"}]}",
      "description.blocks[0].first_row: must be 1 to 3 letters" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 3, \"seats\": 4, \"aisles_after\": [\"x\"]}]}",
      "description.blocks[0].aisles_after: must be a list of seat numbers" },
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 3, \"seats\": 4, \"x\": 1e300}]}",
      "description.blocks[0].x: must be a number from" },
    { "{\"blocks\": [{\"kind\": \"ga\", \"capacity\": {}}]}", "description.blocks[0].capacity: must be a number" },
    { "{\"blocks\": [{\"kind\": \"shape\", \"shape\": \"hexagon\"}]}", "description.blocks[0].shape: must be rectangle" },
    /* 200 blocks of 500 rows of 1,000 seats would be 100 million seats */
    { "{\"blocks\": [{\"kind\": \"straight\", \"rows\": 500, \"seats\": 1000}]}", "description.blocks[0]: a venue has at most 100000 seats" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) description = parse (cases[i].description);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, &error);

      g_assert_null (plan);
      g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
      if (!g_str_has_prefix (error->message, cases[i].named))
        g_error ("case %u: “%s” does not start with “%s”", i, error->message, cases[i].named);
    }
}

/* Imported plans with members of every wrong type: refused or read, never
 * a critical (which this test program makes fatal). */
static void
test_import_hostile (void)
{
  static const char * const pretix[] = {
    "{\"name\": \"X\", \"categories\": [5, null, [], {\"name\": 7}], \"zones\": [1, \"z\", null,"
    " {\"name\": \"Z\", \"rows\": [null, 2, \"r\", {\"row_number\": [], \"seats\": [\"x\", 3, {}, {\"seat_guid\": {}}]}],"
    "  \"areas\": [4, {\"shape\": \"polygon\", \"polygon\": {\"points\": [1, null, {\"x\": \"a\"}]}},"
    "              {\"shape\": [], \"tessera\": 5}]}]}",
    "{\"name\": \"X\", \"zones\": [{\"name\": \"Z\", \"rows\": [{\"seats\": [{\"seat_guid\": \"a\","
    " \"tessera\": {\"flags\": [1, [], \"wheelchair\"], \"hold\": 5}}]}]}]}",
  };
  static const char * const seatsio[] = {
    "{\"subChart\": {\"rows\": [1, null, {\"seats\": [2, \"s\", {}]}], \"generalAdmissionAreas\": [3, {}],"
    " \"sections\": [\"x\", {\"subChart\": 5}]}, \"categories\": {\"list\": [1, {\"label\": []}]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pretix); i++)
    {
      g_autoptr(JsonNode) root = parse (pretix[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);

      g_assert_true ((plan == NULL) == (error != NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (seatsio); i++)
    {
      g_autoptr(JsonNode) root = parse (seatsio[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_seatsio (root, warnings, &error);

      g_assert_true ((plan == NULL) == (error != NULL));
    }
}

static TsSeatPlan *
load_seatsio (const char *name,
              GPtrArray  *warnings)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans", name, NULL);
  g_autoptr(JsonNode) root = load_json (path);
  g_autoptr(GError) error = NULL;
  TsSeatPlan *plan = ts_seat_plan_from_seatsio (root, warnings, &error);

  g_assert_no_error (error);
  return plan;
}

/* seats.io, best effort: sections with local coordinates, inherited
 * categories, general admission, flags; the rest counted in warnings */
static void
test_seatsio_import (void)
{
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TsSeatPlan) sections = load_seatsio ("seatsio-sample-sections.json", warnings);
  g_autoptr(TsSeatPlan) theatre = load_seatsio ("seatsio-sample-theatre-ga.json", warnings);
  guint uncategorised = 0;

  g_assert_cmpuint (sections->seats->len, ==, 71);
  g_assert_cmpuint (distinct_guids (sections), ==, 71);
  g_assert_cmpuint (sections->zones->len, >=, 2);
  for (guint i = 0; i < sections->seats->len; i++)
    if (((TsPlanSeat *) g_ptr_array_index (sections->seats, i))->category == NULL)
      uncategorised++;
  /* seats with no category key take their section's */
  g_assert_cmpuint (uncategorised, ==, 0);

  g_assert_cmpuint (theatre->seats->len, ==, 32);
  g_assert_cmpuint (ts_seat_plan_ga_capacity (theatre), ==, 200);
  g_assert_cmpuint (theatre->categories->len, ==, 3);

  /* an imported chart exports and reads back unchanged */
  assert_round_trip (sections);
  assert_round_trip (theatre);

  /* what the venue looks like comes too: each section's outline and
   * label, the stage; nothing is dropped without a word */
  {
    guint outlines = 0, stages = 0;

    for (guint i = 0; i < sections->areas->len; i++)
      {
        TsPlanArea *area = g_ptr_array_index (sections->areas, i);

        if (area->shape == TS_AREA_POLYGON && area->border_color != NULL && area->color == NULL
            && area->points != NULL && area->points->len == 8)
          {
            g_assert_true (g_str_equal (area->text, "Section A") || g_str_equal (area->text, "Section B"));
            g_assert_cmpstr (area->zone, ==, area->text);
            g_assert_cmpfloat (area->text_size, ==, 12);
            outlines++;
          }
      }
    g_assert_cmpuint (outlines, ==, 2);
    for (guint i = 0; i < theatre->areas->len; i++)
      {
        TsPlanArea *area = g_ptr_array_index (theatre->areas, i);

        if (area->shape == TS_AREA_RECTANGLE && g_strcmp0 (area->text, "Stage") == 0)
          {
            /* its centre is (218.94, 30.56) in the chart */
            g_assert_cmpfloat (fabs (area->x + area->width / 2 - 218.94), <, 1e-6);
            g_assert_cmpfloat (fabs (area->y + area->height / 2 - 30.56), <, 1e-6);
            g_assert_cmpstr (area->color, ==, "#D0D1D2");
            stages++;
          }
      }
    g_assert_cmpuint (stages, ==, 1);
    /* a general-admission circle keeps its radii */
    for (guint i = 0; i < theatre->areas->len; i++)
      {
        TsPlanArea *area = g_ptr_array_index (theatre->areas, i);

        if (area->capacity > 0)
          g_assert_cmpfloat (fabs (area->width - 52.2222), <, 1e-3);
      }
  }

  {
    g_autoptr(JsonNode) bad = parse ("{\"name\": \"x\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(TsSeatPlan) none = ts_seat_plan_from_seatsio (bad, NULL, &error);

    g_assert_null (none);
    g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  }
}

static void
test_csv_grid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_csv ("Salle Gilles-Vigneault",
      "# a small hall\n"
      "A, Floor:1, Floor:2, , Floor:3, Floor:4+\n"
      "B, Floor:1, Floor:2, , Floor:3, Floor:4\n"
      "C, Loge:1, Loge:2\n", &error);
  TsPlanSeat *a4, *a2, *a3;

  g_assert_no_error (error);
  g_assert_cmpuint (plan->seats->len, ==, 10);
  g_assert_cmpuint (plan->zones->len, ==, 2);
  a2 = g_ptr_array_index (plan->seats, 1);
  a3 = g_ptr_array_index (plan->seats, 2);
  a4 = g_ptr_array_index (plan->seats, 3);
  g_assert_cmpstr (a4->guid, ==, "Floor-A-4");
  g_assert_true (a4->flags & TS_SEAT_WHEELCHAIR);
  /* the empty cell is an aisle */
  g_assert_cmpfloat (a3->x - a2->x, >, 40);
  assert_round_trip (plan);

  {
    const char *bad[] = { "A, Floor1", "A, Floor:1, Floor:1", ", Floor:1", "# nothing\n", NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(TsSeatPlan) none = ts_seat_plan_from_csv ("x", bad[i], &error);

        g_assert_null (none);
        g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
        g_clear_error (&error);
      }
  }
}

static void
assert_compact_round_trip (TsSeatPlan *plan)
{
  g_autoptr(JsonNode) compact = ts_seat_plan_to_compact (plan);
  g_autofree char *text = json_to_string (compact, FALSE);
  g_autoptr(JsonNode) reparsed = parse (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) again = ts_seat_plan_from_compact (reparsed, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (again->seats->len, ==, plan->seats->len);
  g_assert_cmpuint (again->areas->len, ==, plan->areas->len);
  g_assert_cmpuint (again->zones->len, ==, plan->zones->len);
  g_assert_cmpuint (ts_seat_plan_ga_capacity (again), ==, ts_seat_plan_ga_capacity (plan));
  for (guint i = 0; i < plan->seats->len; i++)
    {
      TsPlanSeat *a = g_ptr_array_index (plan->seats, i), *b = g_ptr_array_index (again->seats, i);

      g_assert_cmpstr (a->guid, ==, b->guid);
      g_assert_cmpstr (a->zone, ==, b->zone);
      g_assert_cmpstr (a->row, ==, b->row);
      g_assert_cmpstr (a->number, ==, b->number);
      g_assert_cmpstr (a->category, ==, b->category);
      g_assert_cmpint (a->flags, ==, b->flags);
      /* positions travel in tenths */
      g_assert_cmpfloat (fabs (a->x - b->x), <=, 0.05 + 1e-9);
      g_assert_cmpfloat (fabs (a->y - b->y), <=, 0.05 + 1e-9);
    }
}

/* the compact encoding carries everything the client draws, smaller */
static void
test_compact (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans",
                                                 "seatmap-canvas-stadium.pretix.json", NULL);
  g_autoptr(JsonNode) root = load_json (path);
  g_autoptr(TsSeatPlan) sample = ts_seat_plan_from_pretix (root, TRUE, NULL, NULL);
  g_autoptr(JsonNode) description = parse (ts_seat_plan_demo_venue (TS_DEMO_VENUE_STADIUM));
  g_autoptr(TsSeatPlan) stadium = ts_seat_plan_generate (description, NULL);
  g_autoptr(TsSeatPlan) theatre = load_seatsio ("seatsio-sample-theatre-ga.json", NULL);
  g_autoptr(JsonNode) full = ts_seat_plan_to_pretix (stadium, FALSE);
  g_autoptr(JsonNode) compact = ts_seat_plan_to_compact (stadium);
  g_autofree char *full_text = json_to_string (full, FALSE);
  g_autofree char *compact_text = json_to_string (compact, FALSE);

  assert_compact_round_trip (sample);
  assert_compact_round_trip (stadium);
  assert_compact_round_trip (theatre);
  g_assert_cmpuint (strlen (compact_text) * 3, <, strlen (full_text));
}

/* A seat without row_number or seat_number has no label, and keeps none
 * when stored: the stored form writes "" (found by fuzzing). */
static void
test_unlabelled_seats (void)
{
  g_autoptr(JsonNode) root = parse (
    "{\"name\": \"x\", \"size\": {\"width\": 100, \"height\": 100}, \"zones\": [{\"name\": \"Z\", \"rows\": ["
    " {\"seats\": [{\"seat_guid\": \"a\"}, {\"seat_guid\": \"b\", \"seat_number\": \"\"}]},"
    " {\"row_number\": \"\", \"seats\": [{\"seat_guid\": \"c\", \"seat_number\": 3}]}]}]}");
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);
  TsPlanSeat *a, *c;

  g_assert_no_error (error);
  a = g_ptr_array_index (plan->seats, 0);
  c = g_ptr_array_index (plan->seats, 2);
  g_assert_null (a->row);
  g_assert_null (a->number);
  g_assert_null (c->row);
  g_assert_cmpstr (c->number, ==, "3");
  assert_round_trip (plan);
  assert_compact_round_trip (plan);
}

static void
expect_refused (TsSeatPlan *plan,
                GError     *error,
                const char *expected)
{
  g_assert_null (plan);
  g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
  if (strstr (error->message, expected) == NULL)
    g_error ("“%s” does not say “%s”", error->message, expected);
}

/* No import builds an unbounded plan or one that cannot be stored and read
 * back (issue #9; M3). */
static void
test_limits (void)
{
  struct { const char *json; const char *expect; } pretix[] = {
    /* a position no drawing or compact map can hold (found by fuzzing) */
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\", \"rows\": ["
      "{\"row_number\": \"A\", \"seats\": [{\"seat_guid\": \"a\", \"position\": {\"x\": 1e300, \"y\": 0}}]}]}]}",
      "within ±1000000" },
    { "{\"name\": \"x\", \"size\": {\"width\": 1e7, \"height\": 10}, \"zones\": []}", "size:" },
    /* seats and areas name their zone: two zones cannot share a name */
    { "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\"}, {\"name\": \"Z\"}]}",
      "“Z” is used by another zone" },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (pretix); i++)
    {
      g_autoptr(JsonNode) root = parse (pretix[i].json);
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);

      expect_refused (plan, error, pretix[i].expect);
      g_clear_error (&error);
    }

  /* 1e999 is read as infinity: not a position, so the default (0) */
  {
    g_autoptr(JsonNode) root = parse (
      "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\", \"rows\": ["
      "{\"row_number\": \"A\", \"seats\": [{\"seat_guid\": \"a\", \"position\": {\"x\": 1e999, \"y\": 2}}]}]}]}");
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat (((TsPlanSeat *) g_ptr_array_index (plan->seats, 0))->x, ==, 0);
    assert_round_trip (plan);
  }

  /* a plan without a positive size would be stored and never load again
   * (the fuzzers found a generated venue with a negative width) */
  {
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_new ("x");

    plan->width = -2400;
    plan->height = 2400;
    g_assert_false (ts_seat_plan_check_limits (plan, &error));
    g_assert_error (error, TS_ERROR, TS_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "size: width and height must be positive"));
    g_clear_error (&error);
  }

  /* json-glib writes 3e-10 as "3e-10.0", which no JSON reader takes: such a
   * plan could not be stored (found by fuzzing); numbers that small are 0 */
  {
    g_autoptr(JsonNode) root = parse (
      "{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10}, \"zones\": [{\"name\": \"Z\", \"rows\": ["
      "{\"row_number\": \"A\", \"seats\": [{\"seat_guid\": \"a\", \"position\": {\"x\": 2e-92, \"y\": 3e-10},"
      " \"radius\": 0.00012}]}]}]}");
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);
    g_autoptr(JsonNode) stored = NULL;
    g_autoptr(JsonNode) again = NULL;
    g_autofree char *text = NULL;
    TsPlanSeat *seat;

    g_assert_no_error (error);
    seat = g_ptr_array_index (plan->seats, 0);
    g_assert_cmpfloat (seat->x, ==, 0);
    g_assert_cmpfloat (seat->y, ==, 0);
    g_assert_cmpfloat (seat->radius, ==, 0.00012);
    stored = ts_seat_plan_to_pretix (plan, FALSE);
    text = json_to_string (stored, FALSE);
    again = ts_json_reader_parse ("plan", text, strlen (text), &error);
    g_assert_no_error (error);
    assert_round_trip (plan);
  }

  /* general admission: six areas of 200,000 exceed the total */
  {
    g_autoptr(GString) json = g_string_new ("{\"name\": \"x\", \"size\": {\"width\": 10, \"height\": 10},"
                                            " \"zones\": [{\"name\": \"Z\", \"areas\": [");
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(TsSeatPlan) plan = NULL;

    for (guint i = 0; i < 6; i++)
      g_string_append_printf (json, "%s{\"shape\": \"rectangle\", \"rectangle\": {\"width\": 1, \"height\": 1},"
                              " \"tessera\": {\"capacity\": 200000}}", i ? ", " : "");
    g_string_append (json, "]}]}");
    root = parse (json->str);
    plan = ts_seat_plan_from_pretix (root, FALSE, NULL, &error);
    expect_refused (plan, error, "at most 1000000");
    g_clear_error (&error);
  }

  /* more zones than any venue: each costs as much as a row to store */
  {
    g_autoptr(GString) grid = g_string_new (NULL);
    g_autoptr(TsSeatPlan) plan = NULL;

    for (guint zone = 0; zone <= TS_SEAT_PLAN_MAX_ZONES; zone++)
      g_string_append_printf (grid, "A, Z%u:1\n", zone);
    plan = ts_seat_plan_from_csv ("x", grid->str, &error);
    expect_refused (plan, error, "10001 zones");
    g_clear_error (&error);
  }

  /* a grid of more seats than any hall */
  {
    g_autoptr(GString) grid = g_string_new (NULL);
    g_autoptr(TsSeatPlan) plan = NULL;

    for (guint row = 0; row <= TS_SEAT_PLAN_MAX_SEATS / 1000; row++)
      {
        g_string_append_printf (grid, "R%u", row);
        for (guint seat = 1; seat <= 1000; seat++)
          g_string_append_printf (grid, ",Z:%u", seat);
        g_string_append_c (grid, '\n');
      }
    plan = ts_seat_plan_from_csv ("x", grid->str, &error);
    expect_refused (plan, error, "more than 200000 seats");
    g_clear_error (&error);
  }
}

/* What a venue description must also get right, beyond its members' types
 * and ranges (test_generator_hostile): the plan it makes must store and read
 * back (M3). */
static void
test_generator_strict (void)
{
  struct { const char *blocks; const char *expect; } cases[] = {
    /* the stored plan would not load (found by fuzzing) */
    { "[{\"kind\": \"straight\", \"rows\": 1, \"seats\": 1, \"category\": \"Nowhere\"}]",
      "description.blocks[0].category: “Nowhere” is not in categories" },
    { "[{\"kind\": \"ga\", \"capacity\": 10, \"category\": \"Nowhere\"}]", "“Nowhere” is not in categories" },
    /* one zone's seats made twice: a sale points at a GUID */
    { "[{\"kind\": \"straight\", \"zone\": \"A\", \"rows\": 2, \"seats\": 2},"
      " {\"kind\": \"straight\", \"zone\": \"A\", \"rows\": 1, \"seats\": 1}]",
      "description.blocks: two blocks make seat 1 of row A in zone “A”" },
    /* within the coordinates, but seats beyond them: said of the member */
    { "[{\"kind\": \"straight\", \"rows\": 1, \"seats\": 1000, \"x\": 999000, \"seat_spacing\": 1000}]",
      "description.blocks[0].x: the block's seats would reach 1998000, beyond ±1000000" },
    { "[{\"kind\": \"straight\", \"rows\": 2, \"seats\": 3, \"y\": 999999}]", "description.blocks[0].y:" },
    { "[{\"kind\": \"arc\", \"rows\": 3, \"seats\": 5, \"radius\": 10, \"angle_to\": 10, \"cx\": -999999}]",
      "description.blocks[0].cx: the block's seats would reach -1000069" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"categories\": [{\"name\": \"A\"}], \"blocks\": %s}", cases[i].blocks);
      g_autoptr(JsonNode) description = parse (json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, &error);

      if (plan != NULL)
        g_error ("case %u was accepted", i);
      expect_refused (plan, error, cases[i].expect);
    }

  /* "A B" and "A_B" would share a zone_id, and so GUIDs */
  {
    g_autoptr(JsonNode) description = parse (
      "{\"blocks\": [{\"kind\": \"straight\", \"zone\": \"A B\", \"rows\": 1, \"seats\": 2},"
      " {\"kind\": \"straight\", \"zone\": \"A_B\", \"rows\": 1, \"seats\": 2}]}");
    g_autoptr(GError) error = NULL;
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_generate (description, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (distinct_guids (plan), ==, 4);
    assert_round_trip (plan);
  }
}

/* The same venue written as a pretix plan, from a seats.io chart: each
 * section a zone at its top left corner, seats 16 units across, the seats.io
 * object ids as GUIDs, the categories by their labels. */
static void
add_pretix_rows (JsonBuilder *b,
                 JsonArray   *rows,
                 const char  *section,
                 GHashTable  *labels,
                 const char  *section_category)
{
  for (guint r = 0; rows != NULL && r < json_array_get_length (rows); r++)
    {
      JsonObject *row = json_array_get_object_element (rows, r);
      JsonArray *seats = json_object_get_array_member (row, "seats");
      const char *row_label = json_object_get_string_member (row, "label");

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "row_number");
      json_builder_add_string_value (b, row_label);
      json_builder_set_member_name (b, "seats");
      json_builder_begin_array (b);
      for (guint k = 0; k < json_array_get_length (seats); k++)
        {
          JsonObject *seat = json_array_get_object_element (seats, k);
          JsonNode *key = json_object_get_member (seat, "categoryKey");
          g_autofree char *key_text = NULL;
          g_autofree char *guid = NULL;
          const char *label = json_object_get_string_member (seat, "label");
          const char *category = section_category;

          if (key != NULL && JSON_NODE_HOLDS_VALUE (key))
            {
              key_text = json_node_get_value_type (key) == G_TYPE_INT64
                         ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key))
                         : g_strdup (json_node_get_string (key));
              category = g_hash_table_lookup (labels, key_text);
            }
          guid = section ? g_strdup_printf ("%s-%s-%s", section, row_label, label)
                         : g_strdup_printf ("%s-%s", row_label, label);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "seat_guid");
          json_builder_add_string_value (b, guid);
          json_builder_set_member_name (b, "seat_number");
          json_builder_add_string_value (b, label);
          json_builder_set_member_name (b, "position");
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "x");
          json_builder_add_double_value (b, json_object_get_double_member (seat, "x"));
          json_builder_set_member_name (b, "y");
          json_builder_add_double_value (b, json_object_get_double_member (seat, "y"));
          json_builder_end_object (b);
          json_builder_set_member_name (b, "radius");
          json_builder_add_double_value (b, 8);
          if (category != NULL)
            {
              json_builder_set_member_name (b, "category");
              json_builder_add_string_value (b, category);
            }
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
}

static JsonNode *
pretix_equivalent (JsonNode *seatsio)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonObject *chart = json_node_get_object (seatsio);
  JsonObject *subchart = json_object_get_object_member (chart, "subChart");
  JsonArray *list = json_object_get_array_member (json_object_get_object_member (chart, "categories"), "list");
  JsonArray *sections = json_object_get_array_member (subchart, "sections");
  JsonArray *rows = json_object_get_array_member (subchart, "rows");

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, json_object_get_string_member (chart, "name"));
  json_builder_set_member_name (b, "size");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "width");
  json_builder_add_double_value (b, json_object_get_double_member (subchart, "width"));
  json_builder_set_member_name (b, "height");
  json_builder_add_double_value (b, json_object_get_double_member (subchart, "height"));
  json_builder_end_object (b);
  json_builder_set_member_name (b, "categories");
  json_builder_begin_array (b);
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *c = json_array_get_object_element (list, i);
      JsonNode *key = json_object_get_member (c, "key");

      g_hash_table_insert (labels, json_node_get_value_type (key) == G_TYPE_INT64
                                   ? g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (key))
                                   : g_strdup (json_node_get_string (key)),
                           (gpointer) json_object_get_string_member (c, "label"));
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, json_object_get_string_member (c, "label"));
      json_builder_set_member_name (b, "color");
      json_builder_add_string_value (b, json_object_get_string_member (c, "color"));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "zones");
  json_builder_begin_array (b);
  if (json_array_get_length (rows) > 0)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, "Main");
      json_builder_set_member_name (b, "zone_id");
      json_builder_add_string_value (b, "Main");
      json_builder_set_member_name (b, "rows");
      json_builder_begin_array (b);
      add_pretix_rows (b, rows, NULL, labels, NULL);
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  for (guint i = 0; i < json_array_get_length (sections); i++)
    {
      JsonObject *section = json_array_get_object_element (sections, i);
      JsonObject *top_left = json_object_get_object_member (section, "topLeft");
      const char *label = json_object_get_string_member (section, "label");
      g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (section, "categoryKey"));

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "zone_id");
      json_builder_add_string_value (b, label);
      json_builder_set_member_name (b, "position");
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "x");
      json_builder_add_double_value (b, json_object_get_double_member (top_left, "x"));
      json_builder_set_member_name (b, "y");
      json_builder_add_double_value (b, json_object_get_double_member (top_left, "y"));
      json_builder_end_object (b);
      json_builder_set_member_name (b, "rows");
      json_builder_begin_array (b);
      add_pretix_rows (b, json_object_get_array_member (json_object_get_object_member (section, "subChart"), "rows"),
                       label, labels, g_hash_table_lookup (labels, key));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* The two importers agree: a seats.io chart and the same venue as a pretix
 * plan give the same seats — GUIDs, zones and their ids, rows, numbers,
 * positions, sizes and categories (seats.io seats were read 10 units across
 * where a pretix seat of the same size is 16). */
static void
test_seatsio_agrees_with_pretix (void)
{
  const char *files[] = { "seatsio-sample-sections.json", "seatsio-sample-theatre-ga.json" };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans", files[f], NULL);
      g_autoptr(JsonNode) chart = load_json (path);
      g_autoptr(JsonNode) equivalent = pretix_equivalent (chart);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) from_seatsio = ts_seat_plan_from_seatsio (chart, NULL, &error);
      g_autoptr(TsSeatPlan) from_pretix = NULL;

      g_assert_no_error (error);
      from_pretix = ts_seat_plan_from_pretix (equivalent, FALSE, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (from_seatsio->seats->len, ==, from_pretix->seats->len);
      for (guint i = 0; i < from_seatsio->seats->len; i++)
        {
          TsPlanSeat *a = g_ptr_array_index (from_seatsio->seats, i), *b = g_ptr_array_index (from_pretix->seats, i);

          g_assert_cmpstr (a->guid, ==, b->guid);
          g_assert_cmpstr (a->zone, ==, b->zone);
          g_assert_cmpstr (ts_seat_plan_find_zone (from_seatsio, a->zone)->zone_id, ==,
                           ts_seat_plan_find_zone (from_pretix, b->zone)->zone_id);
          g_assert_cmpstr (a->row, ==, b->row);
          g_assert_cmpstr (a->number, ==, b->number);
          g_assert_cmpstr (a->category, ==, b->category);
          g_assert_cmpfloat (fabs (a->x - b->x), <, 1e-6);
          g_assert_cmpfloat (fabs (a->y - b->y), <, 1e-6);
          g_assert_cmpfloat (a->radius, ==, b->radius);
        }
    }
}

/* What a chart carries that a plan cannot is said, kind by kind. */
static void
test_seatsio_warnings (void)
{
  g_autoptr(JsonNode) chart = parse (
      "{\"name\": \"c\", \"categories\": {\"list\": []}, \"subChart\": {\"width\": 100, \"height\": 100,"
      " \"backgroundImage\": {\"url\": \"https://example.org/venue.png\"},"
      " \"rows\": [{\"label\": \"A\", \"seats\": [{\"x\": 10, \"y\": 10, \"label\": \"1\"}]}],"
      " \"tables\": [{}, {}], \"booths\": [{}], \"icons\": [{}], \"imageObjects\": [{}],"
      " \"shapes\": [{\"type\": \"star\"}],"
      " \"texts\": [{\"caption\": \"BAR\", \"center\": {\"x\": 50, \"y\": 80}, \"fontSize\": 14}, {\"caption\": \"?\"}],"
      " \"sections\": [{\"label\": \"Lawn\", \"topLeft\": {\"x\": 0, \"y\": 50}, \"points\": [{\"x\": 0, \"y\": 50},"
      " {\"x\": 100, \"y\": 50}, {\"x\": 100, \"y\": 90}], \"subChart\": {}}]}}");
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_seatsio (chart, warnings, &error);
  g_autoptr(GString) all = g_string_new (NULL);
  gboolean text = FALSE, lawn = FALSE;

  g_assert_no_error (error);
  for (guint i = 0; i < warnings->len; i++)
    g_string_append_printf (all, "%s\n", (char *) g_ptr_array_index (warnings, i));
  g_assert_nonnull (strstr (all->str, "tables (with their seats): 2"));
  g_assert_nonnull (strstr (all->str, "booths: 1"));
  g_assert_nonnull (strstr (all->str, "icons: 1"));
  g_assert_nonnull (strstr (all->str, "images: 1"));
  g_assert_nonnull (strstr (all->str, "shapes of a kind not known: 1"));
  g_assert_nonnull (strstr (all->str, "texts without a caption or a place: 1"));
  g_assert_nonnull (strstr (all->str, "background image"));
  /* a section without seats is still a zone, with its outline and name */
  g_assert_nonnull (ts_seat_plan_find_zone (plan, "Lawn"));
  for (guint i = 0; i < plan->areas->len; i++)
    {
      TsPlanArea *area = g_ptr_array_index (plan->areas, i);

      text |= area->shape == TS_AREA_TEXT && g_strcmp0 (area->text, "BAR") == 0 && area->text_size == 14;
      lawn |= area->shape == TS_AREA_POLYGON && g_strcmp0 (area->text, "Lawn") == 0;
    }
  g_assert_true (text);
  g_assert_true (lawn);
}

/* seats.io charts as they may come: odd keys, capacities and labels */
static void
test_seatsio_hostile (void)
{
  g_autoptr(GError) error = NULL;

  /* a category key of 1.5 made a NULL hash key and crashed the server */
  {
    g_autoptr(JsonNode) root = parse (
      "{\"categories\": {\"list\": [{\"label\": \"x\", \"key\": 1.5}, {\"label\": \"y\", \"key\": [1]}]},"
      " \"subChart\": {\"rows\": [{\"label\": \"A\", \"seats\": [{\"label\": \"1\", \"categoryKey\": 1.5}]}]}}");
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_seatsio (root, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plan->categories->len, ==, 0);
    g_assert_null (((TsPlanSeat *) g_ptr_array_index (plan->seats, 0))->category);
  }

  /* a capacity that fits no integer is refused, not cast */
  {
    g_autoptr(JsonNode) root = parse ("{\"subChart\": {\"generalAdmissionAreas\": [{\"capacity\": 1e20}]}}");
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_seatsio (root, NULL, &error);

    expect_refused (plan, error, "capacity");
    g_clear_error (&error);
  }

  /* sections labelled alike, or "Main" beside the chart's own rows, each
   * get a zone of their own, and the plan stores and loads */
  {
    g_autoptr(JsonNode) root = parse (
      "{\"subChart\": {\"rows\": [{\"label\": \"A\", \"seats\": [{\"label\": \"1\"}]}], \"sections\": ["
      " {\"label\": \"Main\", \"subChart\": {\"rows\": [{\"label\": \"A\", \"seats\": [{\"label\": \"1\"}]}]}},"
      " {\"label\": \"Main\", \"subChart\": {\"rows\": [{\"seats\": [{\"label\": \"1\"}]}]}}]}}");
    g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_seatsio (root, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (plan->zones->len, ==, 3);
    g_assert_cmpuint (distinct_guids (plan), ==, 3);
    g_assert_nonnull (ts_seat_plan_find_zone (plan, "Main (3)"));
    assert_round_trip (plan);
    assert_compact_round_trip (plan);
  }
}

/* The client's decoder of the compact map, on what a broken or hostile
 * server could send: an error or a default, never a crash or a critical. */
static void
test_compact_hostile (void)
{
  struct { const char *json; const char *expect; } cases[] = {
    /* a row label that is not a string was dereferenced */
    { "{\"seats\": {\"x\": [0], \"y\": [0], \"r\": [0], \"zone\": [0], \"row\": [0], \"number\": [\"1\"],"
      " \"category\": [-1], \"flags\": [0]}, \"zones\": [{\"name\": \"Z\"}], \"rows\": [null], \"categories\": []}", NULL },
    /* a member of another type logged a critical (found by fuzzing) */
    { "{\"seats\": \"none\", \"zones\": [], \"rows\": [], \"categories\": []}", "needs seats" },
    { "{\"seats\": {\"x\": [0], \"y\": [0], \"r\": [0], \"zone\": [0], \"row\": [0], \"number\": [\"1\"],"
      " \"category\": [-1], \"flags\": [{}]}, \"zones\": [7], \"rows\": [\"A\"], \"categories\": [[]]}", "whole numbers" },
    { "{\"seats\": {\"x\": [], \"y\": [], \"r\": [], \"zone\": [], \"row\": [], \"number\": [], \"category\": [],"
      " \"flags\": [], \"guids\": 3, \"holds\": []}, \"zones\": [{\"name\": \"Z\", \"areas\": 5}], \"rows\": [],"
      " \"categories\": [], \"width\": \"wide\"}", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) root = parse (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(TsSeatPlan) plan = ts_seat_plan_from_compact (root, &error);

      if (cases[i].expect == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (plan);
        }
      else
        expect_refused (plan, error, cases[i].expect);
    }
}

/* the client picks the importer from the file */
static void
test_guess_format (void)
{
  const char *files[] = { "seatsio-sample-sections.json", "seatsio",
                          "seatsio-sample-theatre-ga.json", "seatsio",
                          "seatmap-canvas-stadium.pretix.json", "pretix", NULL };

  for (guint i = 0; files[i] != NULL; i += 2)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "seatplans", files[i], NULL);
      g_autofree char *contents = NULL;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      g_assert_cmpstr (ts_seat_plan_guess_format (files[i], contents), ==, files[i + 1]);
    }
  g_assert_cmpstr (ts_seat_plan_guess_format ("Hall.CSV", "{\"subChart\": {}}"), ==, "csv");
  g_assert_cmpstr (ts_seat_plan_guess_format ("hall.txt", "A, Floor:1\n"), ==, "csv");
  g_assert_cmpstr (ts_seat_plan_guess_format (NULL, "\xEF\xBB\xBF  {\"zones\": []}"), ==, "pretix");
  g_assert_cmpstr (ts_seat_plan_guess_format (NULL, NULL), ==, "csv");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/seat-plan/import/duplicate-guids", test_import_reports_duplicate_guids);
  g_test_add_func ("/seat-plan/import/precise-problems", test_import_problems_are_precise);
  g_test_add_func ("/seat-plan/round-trip", test_round_trip);
  g_test_add_func ("/seat-plan/import/seatsio", test_seatsio_import);
  g_test_add_func ("/seat-plan/import/seatsio-agrees-with-pretix", test_seatsio_agrees_with_pretix);
  g_test_add_func ("/seat-plan/import/seatsio-warnings", test_seatsio_warnings);
  g_test_add_func ("/seat-plan/import/csv", test_csv_grid);
  g_test_add_func ("/seat-plan/import/guess-format", test_guess_format);
  g_test_add_func ("/seat-plan/compact", test_compact);
  g_test_add_func ("/seat-plan/generator/demo-venues", test_demo_venues);
  g_test_add_func ("/seat-plan/generator/rules", test_generator_rules);
  g_test_add_func ("/seat-plan/generator/hostile", test_generator_hostile);
  g_test_add_func ("/seat-plan/import/hostile", test_import_hostile);
  g_test_add_func ("/seat-plan/round-trip/unlabelled-seats", test_unlabelled_seats);
  g_test_add_func ("/seat-plan/limits", test_limits);
  g_test_add_func ("/seat-plan/generator/strict", test_generator_strict);
  g_test_add_func ("/seat-plan/import/seatsio-hostile", test_seatsio_hostile);
  g_test_add_func ("/seat-plan/compact/hostile", test_compact_hostile);
  return g_test_run ();
}
