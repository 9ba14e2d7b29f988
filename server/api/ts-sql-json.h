/* ts-sql-json.h — the SQL that shapes a list answer, written once */
#pragma once

/* {"<name>": [row, …]} in one jsonb column, rows in order, [] when there is
 * none: follow it with " FROM … WHERE …" (an aggregate: one row always). */
#define TS_SQL_JSON_LIST(name, row, order) \
  "SELECT jsonb_build_object ('" name "', coalesce (jsonb_agg (" row " ORDER BY " order "), '[]'))"
