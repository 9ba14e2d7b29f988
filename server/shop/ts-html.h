/* ts-html.h — the only way the storefront writes HTML: markup from string
 * literals, every value escaped */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _TsHtml TsHtml;

TsHtml *ts_html_new            (void);
void    ts_html_free           (TsHtml     *self);
/* Markup written as it is: string literals of our own only, never a value. */
void    ts_html_raw            (TsHtml     *self,
                                const char *markup);
/* Text: & < > " ' escaped, so it is safe in content and in quoted attributes. */
void    ts_html_text           (TsHtml     *self,
                                const char *text);
/* A format of our own; every %s argument is escaped as ts_html_text does
 * (numbers are numbers).  Never pass a value as the format. */
void    ts_html_printf         (TsHtml     *self,
                                const char *format,
                                ...) G_GNUC_PRINTF (2, 3);
/* What was written so far, without taking it. */
const char *ts_html_peek       (TsHtml     *self);
char   *ts_html_free_to_string (TsHtml     *self);
/* The escaped form of text, for code that builds an attribute on its own. */
char   *ts_html_escape         (const char *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsHtml, ts_html_free)

G_END_DECLS
