/* ts-json.h — reading request and response objects with clear errors */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Each getter: member absent → *present = FALSE (if given) and TRUE returned;
 * null counts as absent unless the getter says otherwise; wrong type →
 * TS_ERROR_INVALID naming the member.  No getter ever logs a critical,
 * whatever the JSON type of the member. */
gboolean ts_json_get_string   (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               const char **out_value,
                               gboolean    *out_present,
                               GError     **error);
/* A whole number that fits PostgreSQL's `integer`, the type of nearly every
 * count and id column: anything beyond 32 bits is refused here, naming the
 * member, so PostgreSQL's "out of range for type integer" never reaches a
 * person.  Use ts_json_get_int64 for the few `bigint` columns. */
gboolean ts_json_get_int      (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               gint64      *out_value,
                               gboolean    *out_present,
                               GError     **error);
/* Any whole number JSON can carry in 64 bits (bigint columns: patron ids,
 * order ids, donations in cents). */
gboolean ts_json_get_int64    (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               gint64      *out_value,
                               gboolean    *out_present,
                               GError     **error);
/* A whole number from min to max: "member: must be between min and max". */
gboolean ts_json_get_int_range (JsonObject *object,
                                const char *member,
                                gboolean    required,
                                gint64      min,
                                gint64      max,
                                gint64     *out_value,
                                gboolean   *out_present,
                                GError    **error);
/* An id of a row of an `integer` key: 1 to 2147483647. */
gboolean ts_json_get_id       (JsonObject  *object,
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
/* A list: null is refused like any other non-list ("member: must be a
 * list"), never passed on to SQL (where it would become "cannot extract
 * elements from a scalar").  Absent and not required → *out_value NULL. */
gboolean ts_json_get_array    (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               JsonArray  **out_value,
                               GError     **error);
/* An object member; null is refused like any other non-object. */
gboolean ts_json_get_object   (JsonObject  *object,
                               const char  *member,
                               gboolean     required,
                               JsonObject **out_value,
                               GError     **error);
/* Elements of a list, checked: where names the element ("items[2]"). */
gboolean ts_json_element_object (JsonArray   *array,
                                 guint        index,
                                 const char  *where,
                                 JsonObject **out_value,
                                 GError     **error);
gboolean ts_json_element_string (JsonArray   *array,
                                 guint        index,
                                 const char  *where,
                                 const char **out_value,
                                 GError     **error);
/* A whole number from min to max. */
gboolean ts_json_element_int    (JsonArray   *array,
                                 guint        index,
                                 const char  *where,
                                 gint64       min,
                                 gint64       max,
                                 gint64      *out_value,
                                 GError     **error);
/* Refuses members not in the NULL-terminated list: a misspelt field is an
 * error, never silently ignored. */
gboolean ts_json_check_members (JsonObject  *object,
                                const char * const *allowed,
                                GError     **error);
/* How a message names a member the client sent: as it is when it looks
 * like a field name, else quoted and shortened (ts_validate_quote). */
char    *ts_json_member_label  (const char *member);
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
/* The same for an element of a list (json_array_get_*_element would log a
 * critical for an element of another type). */
JsonObject *ts_json_lookup_element_object (JsonArray *array,
                                           guint      index);
const char *ts_json_lookup_element_string (JsonArray *array,
                                           guint      index);
/* A whole number: FALSE (*out_value untouched) for anything else. */
gboolean    ts_json_lookup_element_int    (JsonArray *array,
                                           guint      index,
                                           gint64    *out_value);

G_END_DECLS
