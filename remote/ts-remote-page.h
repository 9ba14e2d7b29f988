/* ts-remote-page.h — the gateway's own pages (sign-in, the desktop's frame,
 * messages), in English or French, and their style and script */
#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

/* "fr" when the browser asks for French first (Accept-Language), else "en". */
const char *ts_remote_page_language (SoupServerMessage *msg);
/* msgid in lang, through the project's catalogue (TsCatalog). */
const char *ts_remote_tr            (const char        *lang,
                                     const char        *msgid);

/* The sign-in form, with what was typed (never the password) and a problem
 * to show (NULL for none). */
char       *ts_remote_page_sign_in  (const char        *lang,
                                     const char        *outlet,
                                     const char        *login,
                                     const char        *problem);
/* The page that holds the desktop: broadway.js draws into its body. */
char       *ts_remote_page_desktop  (const char        *lang);
/* A short page: a title, a sentence and a way back to the sign-in page. */
char       *ts_remote_page_message  (const char        *lang,
                                     const char        *title,
                                     const char        *text);

extern const char ts_remote_page_css[];
extern const char ts_remote_page_js[];

/* The headers every answer carries (CSP as strict as the storefront's;
 * broadway.js draws with blob: images). */
void        ts_remote_page_secure   (SoupServerMessage *msg);

G_END_DECLS
