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
/* The body must be an object with only allowed members, and whole numbers
 * in integer_members; *out_text is its JSON text. */
gboolean ts_selling_check_body     (TsRequest          *req,
                                    const char * const *allowed,
                                    const char * const *integer_members,
                                    char              **out_text,
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
/* The body's JSON text with the path's first id added under name. */
char    *ts_selling_body_with_id   (TsRequest          *req,
                                    const char         *name);
/* An optional "override": {"reason": text} (S3). */
gboolean ts_selling_check_override (JsonObject         *body,
                                    GError            **error);

G_END_DECLS
