/* ts-shop-layout.h — what every storefront page shares: the frame of the
 * page (skip link, header, language switch, main, footer), the CSRF field,
 * money, dates and times, field errors */
#pragma once

#include "ts-html.h"
#include "ts-shop-request.h"

G_BEGIN_DECLS

/* title: already translated. */
void  ts_shop_page_begin  (TsShopRequest *req,
                           TsHtml        *h,
                           const char    *title);
void  ts_shop_page_end    (TsShopRequest *req,
                           TsHtml        *h);
/* <input type="hidden" name="csrf" value="…"> (sets the ts_csrf cookie
 * when the visitor has none). */
void  ts_shop_csrf_field  (TsShopRequest *req,
                           TsHtml        *h);
/* "$35.00" (en), "35,00 $" (fr). */
void  ts_shop_money       (TsShopRequest *req,
                           TsHtml        *h,
                           gint64         cents);
char *ts_shop_money_text  (TsShopRequest *req,
                           gint64         cents);
/* A moment in the storefront's time zone and the request's language:
 * "Saturday, March 14, 2026, 8:00 p.m." / "samedi 14 mars 2026, 20 h 00",
 * in a <time datetime="…"> element. */
void  ts_shop_when        (TsShopRequest *req,
                           TsHtml        *h,
                           const char    *iso_timestamp);
/* The clock time alone ("8:45 p.m." / "20 h 45"). */
char *ts_shop_clock_text  (TsShopRequest *req,
                           const char    *iso_timestamp);
char *ts_shop_when_text   (TsShopRequest *req,
                           const char    *iso_timestamp);
/* Opens the hold's countdown paragraph (S1) for shop.js: until when, the
 * server's clock now (a phone's wrong clock shortens nothing), and where to
 * go at zero (the cart, saying the hold expired).  The caller writes the
 * sentence for readers without the script, then </p>. */
void  ts_shop_countdown_open (TsShopRequest *req,
                              TsHtml        *h,
                              const char    *expires);
/* The message next to a field: <p id="FIELD-error" role="alert" class="field-error">;
 * the field names it with aria-describedby="FIELD-error". */
void  ts_shop_field_error (TsShopRequest *req,
                           TsHtml        *h,
                           const char    *field_id,
                           const char    *message);
/* A message at the top of a page (role="alert" when is_error, else status). */
void  ts_shop_notice      (TsShopRequest *req,
                           TsHtml        *h,
                           const char    *message,
                           gboolean       is_error);
/* A whole page saying one thing: errors (404, 403, …). */
void  ts_shop_message_page (TsShopRequest *req,
                            const char    *title,
                            const char    *message);

G_END_DECLS
