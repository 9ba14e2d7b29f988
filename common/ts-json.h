/* ts-json.h — reading request and response objects with clear errors */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Each getter: member absent → *present = FALSE (if given) and TRUE returned;
 * wrong type → TS_ERROR_INVALID naming the member. */
gboolean ts_json_get_string   (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               const char **out_value,
                               gboolean    *out_present,
                               GError     **error);
gboolean ts_json_get_int      (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               gint64      *out_value,
                               gboolean    *out_present,
                               GError     **error);
gboolean ts_json_get_bool     (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               gboolean    *out_value,
                               gboolean    *out_present,
                               GError     **error);
/* Refuses members not in the NULL-terminated list: a misspelt field is an
 * error, never silently ignored. */
gboolean ts_json_check_members (JsonObject  *object,
                                const char * const *allowed,
                                GError     **error);
char    *ts_json_to_string    (JsonNode    *node);

G_END_DECLS
