/* ts-fuzz.h — what every fuzz target shares: the libFuzzer entry points, the
 * request body as the server reads it, and the checks that turn a wrong
 * answer (not only a crash) into a finding libFuzzer reports */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include <json-glib/json-glib.h>

#include "ts-seat-plan.h"

G_BEGIN_DECLS

/* libFuzzer calls these (ts-fuzz.c defines the first for every target); the
 * replay driver ts-fuzz-replay.c calls them for a build without libFuzzer. */
int LLVMFuzzerInitialize   (int            *argc,
                            char         ***argv);
int LLVMFuzzerTestOneInput (const uint8_t  *data,
                            size_t          size);

/* A finding: prints what is wrong and aborts, so libFuzzer keeps the input. */
#define ts_fuzz_assert(condition, ...) \
  G_STMT_START { \
    if (G_UNLIKELY (!(condition))) \
      ts_fuzz_fail (G_STRLOC, #condition, __VA_ARGS__); \
  } G_STMT_END

G_NORETURN void ts_fuzz_fail (const char *where,
                              const char *condition,
                              const char *format,
                              ...) G_GNUC_PRINTF (3, 4);

/* The bytes as a NUL-terminated string, or NULL when they hold a NUL (text
 * that arrives through a C string API cannot). */
char     *ts_fuzz_text        (const uint8_t *data,
                               size_t         size);
/* The bytes as a request body becomes a JsonNode in the server (the strict
 * reader), or NULL when the server refuses them. */
JsonNode *ts_fuzz_parse_json  (const uint8_t *data,
                               size_t         size);
/* The server's error contract: a GError in the TS_ERROR domain whose
 * message is valid UTF-8 and not empty. */
void      ts_fuzz_check_error (const GError  *error);
/* What the server does with an imported plan, checked: it is stored as
 * pretix JSON and as the compact encoding, and both must read back (a map
 * that cannot be loaded again is lost).  With exact, the stored plan must be
 * the very plan imported ("importing an export gives back the same map"). */
void      ts_fuzz_check_plan  (const TsSeatPlan *plan,
                               gboolean          exact);

G_END_DECLS
