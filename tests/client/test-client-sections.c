/* test-client-sections.c — the level → sections rule (C4), without a display */
#include "ts-sections.h"

static void
test_sections_per_level (void)
{
  const guint patrons_reports = TS_SECTION_PATRONS | TS_SECTION_REPORTS;

  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_NO_ACCESS), ==, 0);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_SCANNER), ==, 0);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_STAFF), ==, patrons_reports);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_WALKUP), ==, patrons_reports | TS_SECTION_SALES);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_BOX_OFFICE), ==, patrons_reports | TS_SECTION_SALES);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_MANAGER), ==,
                    patrons_reports | TS_SECTION_SALES | TS_SECTION_EVENTS);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_ADMIN), ==,
                    patrons_reports | TS_SECTION_SALES | TS_SECTION_EVENTS | TS_SECTION_ADMINISTRATION);
  g_assert_cmpuint (ts_sections_for_level (TS_LEVEL_MASTER), ==, ts_sections_for_level (TS_LEVEL_ADMIN));
}

static void
test_each_level_includes_the_ones_below (void)
{
  /* C4: each level can do everything the levels below it can */
  for (TsLevel level = TS_LEVEL_SCANNER; level <= TS_LEVEL_MASTER; level++)
    {
      guint below = ts_sections_for_level (level - 1);
      guint here = ts_sections_for_level (level);

      g_assert_cmpuint (below & here, ==, below);
    }
}

static void
test_section_names (void)
{
  for (guint i = 0; i < TS_N_SECTIONS; i++)
    {
      g_assert_nonnull (ts_section_id (1 << i));
      g_assert_nonnull (ts_section_title (1 << i));
      g_assert_nonnull (ts_section_icon (1 << i));
    }
  g_assert_cmpstr (ts_section_id (TS_SECTION_ADMINISTRATION), ==, "administration");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/client/sections/per-level", test_sections_per_level);
  g_test_add_func ("/client/sections/cumulative", test_each_level_includes_the_ones_below);
  g_test_add_func ("/client/sections/names", test_section_names);
  return g_test_run ();
}
