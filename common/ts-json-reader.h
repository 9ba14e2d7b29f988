/* ts-json-reader.h — the one strict JSON decoder for request bodies
 *
 * Everything a client sends goes through here before any other code sees it
 * (json-glib's own parser accepts single-quoted strings and recurses without
 * bound, so it never reads untrusted text).  The reader accepts exactly
 * RFC 8259 JSON and refuses, with TS_ERROR_INVALID and a message that names
 * the place ("body: seats[3].number: …"):
 *   - nesting deeper than TS_JSON_READER_MAX_DEPTH arrays and objects;
 *   - bytes that are not UTF-8, NUL (raw or \u0000) and lone surrogates;
 *   - anything outside the grammar: comments, single quotes, trailing
 *     commas, bare words, NaN, Infinity, leading zeros, hexadecimal, "+1";
 *   - integers that do not fit in 64 bits and numbers beyond a double;
 *   - an object naming the same member twice.
 * Integers become G_TYPE_INT64 values and other numbers G_TYPE_DOUBLE, as
 * json-glib does.  A pure function of its input: fuzz targets call it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_JSON_READER_MAX_DEPTH 64

/* what names the text in messages ("body").  Returns a new tree, or NULL
 * with error set. */
JsonNode *ts_json_reader_parse (const char  *what,
                                const char  *data,
                                gsize        length,
                                GError     **error);

G_END_DECLS
