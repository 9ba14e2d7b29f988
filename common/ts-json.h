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
/* A member that may be absent but not null (a field that cannot be cleared):
 * null → TS_ERROR_INVALID "member: cannot be empty". */
gboolean ts_json_check_not_null (JsonObject *object,
                                 const char *member,
                                 GError    **error);
char    *ts_json_to_string    (JsonNode    *node);

/* Lenient readers for documents we import (seating plans): the value, or
 * NULL / FALSE when the member is absent or of another type. */
gboolean    ts_json_lookup_number (JsonObject *object,
                                   const char *member,
                                   double     *out_value);
const char *ts_json_lookup_string (JsonObject *object,
                                   const char *member);
JsonArray  *ts_json_lookup_array  (JsonObject *object,
                                   const char *member);
JsonObject *ts_json_lookup_object (JsonObject *object,
                                   const char *member);

G_END_DECLS
