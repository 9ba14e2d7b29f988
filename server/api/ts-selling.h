/* ts-selling.h — what the sales and order handlers share: calling a selling
 * function (server/functions/selling-*.sql) and checking the shape of its input */
#pragma once

#include "ts-request.h"

G_BEGIN_DECLS

/* Runs sql (one json/jsonb column, at most one text parameter) and answers
 * its text as it is; no row or a NULL value is TS_ERROR_NOT_FOUND. */
gboolean ts_selling_call           (TsRequest          *req,
                                    PGconn             *conn,
                                    const char         *sql,
                                    const char         *argument,
                                    guint               status,
                                    GError            **error);
/* Runs sql with the body's JSON text as its parameter, with the path's
 * first id added under id_member unless that is NULL, and answers its text
 * as ts_selling_call does. */
gboolean ts_selling_call_body      (TsRequest          *req,
                                    PGconn             *conn,
                                    const char         *sql,
                                    const char         *id_member,
                                    guint               status,
                                    GError            **error);
/* The body: an object with only allowed members, and whole numbers in
 * integer_members. */
JsonObject *ts_selling_check_body  (TsRequest          *req,
                                    const char * const *allowed,
                                    const char * const *integer_members,
                                    GError            **error);
/* An object with only allowed members (whole numbers in integer_members,
 * or NULL); where names it in messages ("new", "items[2]"). */
gboolean ts_selling_check_object   (JsonNode           *node,
                                    const char         *where,
                                    const char * const *allowed,
                                    const char * const *integer_members,
                                    GError            **error);
/* body[member] is a list: of objects with only allowed members (whole
 * numbers in integer_members), or of strings when allowed is NULL. */
gboolean ts_selling_check_list     (JsonObject         *body,
                                    const char         *member,
                                    gboolean            required,
                                    const char * const *allowed,
                                    const char * const *integer_members,
                                    GError            **error);
/* In each object of the list body[member] (already checked), the members
 * named in texts, when given, are text of at most max_chars characters
 * without control characters. */
gboolean ts_selling_check_texts    (JsonObject         *body,
                                    const char         *member,
                                    const char * const *texts,
                                    guint               max_chars,
                                    GError            **error);
gboolean ts_selling_check_cart_id  (JsonObject         *body,
                                    const char         *member,
                                    gboolean            required,
                                    GError            **error);
/* An optional "override": {"reason": text} (S3). */
gboolean ts_selling_check_override (JsonObject         *body,
                                    GError            **error);

G_END_DECLS
