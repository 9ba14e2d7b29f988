/* ts-sections.h — which sections of the main window a level sees (rule C4) */
#pragma once

#include "ts-level.h"

G_BEGIN_DECLS

typedef enum
{
  TS_SECTION_SALES          = 1 << 0,
  TS_SECTION_PATRONS        = 1 << 1,
  TS_SECTION_EVENTS         = 1 << 2,
  TS_SECTION_REPORTS        = 1 << 3,
  TS_SECTION_ADMINISTRATION = 1 << 4,
} TsSection;

#define TS_N_SECTIONS 5

/* A pure function: no display needed to test it. */
guint       ts_sections_for_level (TsLevel   level);
/* "sales", "patrons", "events", "reports", "administration" */
const char *ts_section_id         (TsSection section);
const char *ts_section_title      (TsSection section);
const char *ts_section_icon       (TsSection section);

G_END_DECLS
