/* ts-test-ui.h — what the client UI tests share: waiting on the main
 * context, signing in a TsApiClient, and screenshots to look at
 * (TESSERA_SCREENSHOTS=DIR) */
#pragma once

#include <gtk/gtk.h>

#include "ts-api-client.h"
#include "ts-test-server.h"

G_BEGIN_DECLS

typedef gboolean (*TsTestCondition) (gpointer data);

/* Iterates the main context until condition holds; aborts after 30 s naming what. */
void         ts_test_ui_wait_until (TsTestCondition condition,
                                    gpointer        data,
                                    const char     *what);
/* Iterates the main context until object's property has the value given
 * after its name (as g_object_set takes it), looking again at each of its
 * notifications; aborts after 30 s naming the property. */
void         ts_test_ui_wait_property (gpointer     object,
                                       const char  *property,
                                       ...);
/* A new window of that default size showing page, presented, once the
 * page's "busy" property is FALSE: a section page as the main window holds
 * it, settled.  Destroy the window to free the page. */
GtkWindow   *ts_test_ui_show_page  (GtkWidget      *page,
                                    int             width,
                                    int             height);
/* Iterates the main context for about ms milliseconds. */
void         ts_test_ui_pause      (guint           ms);
/* A boolean property's value, and a string property's (interned: it stays
 * valid while the test runs), as a test reads what a widget shows. */
gboolean     ts_test_ui_get_boolean (gpointer       object,
                                     const char    *property);
const char  *ts_test_ui_get_string  (gpointer       object,
                                     const char    *property);
/* A client signed in at the outlet (NULL: the Master User) with the demo
 * password "<login>-password". */
TsApiClient *ts_test_ui_sign_in    (TsTestServer   *server,
                                    const char     *outlet_code,
                                    const char     *login);
/* Keeps the client a sign-in dialog (TsSignInDialog) signs in with, in
 * *out; ts_test_ui_wait_signed_in then waits for it (a new reference). */
void         ts_test_ui_keep_signed_in (GtkWindow     *sign_in_dialog,
                                        TsApiClient  **out);
void         ts_test_ui_wait_signed_in (TsApiClient  **out,
                                        const char    *what);
/* The same through another address (a TsTestProxy's). */
TsApiClient *ts_test_ui_sign_in_at (TsTestServer   *server,
                                    const char     *url,
                                    const char     *outlet_code,
                                    const char     *login);
/* The client's translations from the build tree, after gtk_test_init (which
 * sets an English locale): with TESSERA_TEST_LOCALE=fr_CA.UTF-8 (LOCPATH
 * naming where that locale is, if the system lacks it) a test shows its
 * windows, and saves its screenshots, in French.  Also forgets the window
 * layouts remembered by an earlier run (TsWindowState). */
void         ts_test_ui_use_translations (void);
/* What every UI test program does first: FALSE when there is no display (the
 * program then returns 77, "skipped"); otherwise gtk_test_init, the
 * translations (ts_test_ui_use_translations) and the client's resources. */
gboolean     ts_test_ui_init             (int            *argc,
                                          char         ***argv);
/* What a person reads, in the language the test runs in: msgid is the
 * English of the client's sources, translated in the client's domain (the
 * same string back when the test runs in English). */
const char  *ts_test_ui_tr (const char *msgid) G_GNUC_FORMAT (1);
/* The first visible button (not a check button), check button or entry
 * under root that a person finds by its label or placeholder: msgid as the
 * sources write it, mnemonic included (N_("Sign _Out")), compared with its
 * translation.  NULL when there is none. */
GtkWidget   *ts_test_ui_find_button_by_label (GtkWidget  *root,
                                              const char *msgid);
GtkWidget   *ts_test_ui_find_check_by_label  (GtkWidget  *root,
                                              const char *msgid);
GtkWidget   *ts_test_ui_find_entry_by_placeholder (GtkWidget  *root,
                                                   const char *msgid);
/* A visible label under root that reads text (already in the test's
 * language), or NULL. */
GtkWidget   *ts_test_ui_find_label (GtkWidget  *root,
                                    const char *text);
/* The first widget of that type under root (root itself included), or NULL. */
GtkWidget   *ts_test_ui_find_descendant (GtkWidget *root,
                                         GType      type);
/* The first visible window of that type, or NULL. */
GtkWindow   *ts_test_ui_find_window (GType          type);
/* Resizes a mapped window as a person does with the mouse (through the X
 * server, so GTK takes it as the window's size) and waits until it has it. */
void         ts_test_ui_resize_window (GtkWindow    *window,
                                       int           width,
                                       int           height);
/* Saves the widget as DIR/name when TESSERA_SCREENSHOTS=DIR is set; always
 * fails the test if a label, tooltip or title in it shows a rule number. */
void         ts_test_ui_screenshot (GtkWidget      *widget,
                                    const char     *name);

/* Dialogs (TsDialog): what their default button and Enter do (the
 * "dialog.submit" action), and conditions for ts_test_ui_wait_until: the
 * dialog says something (its "message"; a submission clears it, so after
 * one this waits for the answer's); the dialog is idle (ready and not busy:
 * what it loads has come, what it sent is answered); both (a refusal, and
 * what the dialog loads again after it). */
void         ts_test_ui_submit      (gpointer        dialog);
gboolean     ts_test_ui_dialog_says (gpointer        dialog);
gboolean     ts_test_ui_dialog_idle (gpointer        dialog);
gboolean     ts_test_ui_dialog_settled (gpointer     dialog);

/* A relay between the client and the test server, to cut the way and mend
 * it as a network or a stopped server would: while down, connections are
 * refused and those open are closed; up again, it listens on the same port. */
typedef struct _TsTestProxy TsTestProxy;

TsTestProxy *ts_test_proxy_new     (TsTestServer   *server);
const char  *ts_test_proxy_get_url (TsTestProxy    *proxy);   /* "http://127.0.0.1:PORT" */
void         ts_test_proxy_set_up  (TsTestProxy    *proxy,
                                    gboolean        up);
void         ts_test_proxy_free    (TsTestProxy    *proxy);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TsTestProxy, ts_test_proxy_free)

G_END_DECLS
