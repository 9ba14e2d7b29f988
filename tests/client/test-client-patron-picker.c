/* test-client-patron-picker.c — the one patron search (TsPatronPicker) as an
 * agent uses it, under X with real key events: a name typed with a typo
 * finds the patron, Down goes into the patrons found and Enter chooses;
 * a query that matches nobody says so (P6); clearing forgets it all. */
#include <gtk/gtk.h>

#include "ts-patron-picker-private.h"
#include "ts-test-client.h"
#include "ts-test-input.h"
#include "ts-test-ui.h"

static TsTestServer *server;
static gint64 patron;

typedef struct
{
  guint       chosen;        /* "chosen" emitted */
  guint       notified;      /* "patron" notified */
  JsonObject *last;          /* what "chosen" gave, the picker's */
} Seen;

static void
on_chosen (TsPatronPicker *picker,
           JsonObject     *chosen,
           Seen           *seen)
{
  seen->chosen++;
  seen->last = chosen;
}

static void
on_patron_notify (TsPatronPicker *picker,
                  GParamSpec     *pspec,
                  Seen           *seen)
{
  seen->notified++;
}

static gboolean
answered (gpointer data)
{
  TsPatronPicker *picker = data;

  return _ts_patron_picker_get_answers (picker) > GPOINTER_TO_UINT (g_object_get_data (data, "answers-before"));
}

/* Waits for the next answer to be listed. */
static void
wait_answer (TsPatronPicker *picker,
             guint           before,
             const char     *what)
{
  g_object_set_data (G_OBJECT (picker), "answers-before", GUINT_TO_POINTER (before));
  ts_test_ui_wait_until (answered, picker, what);
}

static GtkWidget *
focus_of (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static gboolean
focus_in_type (GtkWidget *widget,
               GType      type)
{
  for (GtkWidget *w = focus_of (widget); w != NULL; w = gtk_widget_get_parent (w))
    if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
      return gtk_widget_is_ancestor (w, widget);
  return FALSE;
}

static void
key (guint keyval)
{
  ts_test_input_key_with (keyval, 0);
  ts_test_ui_pause (50);
}

/* P6: "Lovelase" (one letter wrong) finds Ada Lovelace; Down from the
 * search goes into the patrons found, Enter chooses her: "chosen" and
 * "patron" say so, with her record.  Nonsense finds nobody, and the picker
 * says so in words; clearing forgets the patron, the text and the list. */
static void
test_typo_down_enter (void)
{
  g_autoptr(TsApiClient) client = NULL;
  g_autofree char *reason = NULL;
  GtkWindow *window;
  TsPatronPicker *picker;
  Seen seen = { 0 };
  guint before;

  if (!ts_test_input_available (&reason))
    {
      g_test_skip (reason);
      return;
    }
  client = ts_test_ui_sign_in (server, "UTH", "boxoffice");
  window = GTK_WINDOW (gtk_window_new ());
  picker = ts_patron_picker_new (client);
  gtk_window_set_default_size (window, 420, 260);
  gtk_window_set_child (window, GTK_WIDGET (picker));
  g_signal_connect (picker, "chosen", G_CALLBACK (on_chosen), &seen);
  g_signal_connect (picker, "notify::patron", G_CALLBACK (on_patron_notify), &seen);
  gtk_window_present (window);
  ts_test_ui_pause (200);
  ts_test_input_move (GTK_WIDGET (picker), 5, 5);      /* keys go to the window under the pointer */
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (picker)));
  g_assert_true (focus_in_type (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY));

  /* typed with a typo, as an agent on the telephone hears it */
  before = _ts_patron_picker_get_answers (picker);
  ts_test_input_type ("lovelase");
  wait_answer (picker, before, "the patrons found");
  g_assert_cmpuint (ts_patron_picker_get_found (picker), >, 0);
  g_assert_cmpstr (_ts_patron_picker_get_status (picker), ==, "");
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-picker-found.png");
  g_assert_null (ts_patron_picker_get_patron (picker));

  key (GDK_KEY_Down);
  g_assert_true (focus_in_type (GTK_WIDGET (picker), GTK_TYPE_LIST_BOX_ROW));
  key (GDK_KEY_Return);
  g_assert_cmpuint (seen.chosen, ==, 1);
  g_assert_cmpuint (seen.notified, ==, 1);
  g_assert_cmpint (ts_patron_picker_get_patron_id (picker), ==, patron);
  g_assert_true (seen.last == ts_patron_picker_get_patron (picker));
  g_assert_cmpstr (json_object_get_string_member (seen.last, "last_name"), ==, "Lovelace");
  /* the keyboard is not lost with the rows that go */
  g_assert_true (focus_in_type (GTK_WIDGET (picker), GTK_TYPE_SEARCH_ENTRY));

  /* nobody by that name: said plainly, the patron chosen kept */
  before = _ts_patron_picker_get_answers (picker);
  _ts_patron_picker_search (picker, "zqxwv");
  wait_answer (picker, before, "the empty answer");
  g_assert_cmpuint (ts_patron_picker_get_found (picker), ==, 0);
  g_assert_cmpstr (_ts_patron_picker_get_status (picker), ==,
                   ts_test_ui_tr ("No patron matches — check the spelling or create a new one"));
  g_assert_cmpint (ts_patron_picker_get_patron_id (picker), ==, patron);
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-picker-no-match.png");
  /* Enter with nobody found chooses nobody */
  key (GDK_KEY_Return);
  g_assert_cmpuint (seen.chosen, ==, 1);

  /* cleared: no patron (notified), nothing typed, nothing said */
  ts_patron_picker_clear (picker);
  g_assert_null (ts_patron_picker_get_patron (picker));
  g_assert_cmpint (ts_patron_picker_get_patron_id (picker), ==, 0);
  g_assert_cmpuint (seen.notified, ==, 2);
  g_assert_cmpstr (_ts_patron_picker_get_status (picker), ==, "");
  g_assert_false (_ts_patron_picker_choose (picker, 0));
  ts_test_ui_screenshot (GTK_WIDGET (window), "patron-picker-cleared.png");
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!ts_test_ui_init (&argc, &argv))
    return 77;
  server = ts_test_server_new ();
  patron = ts_test_owner_int (server, "INSERT INTO patron (first_name, last_name) VALUES"
                              " ('Ada', 'Lovelace') RETURNING id");
  g_test_add_func ("/client/patron-picker/typo-down-enter", test_typo_down_enter);
  status = g_test_run ();
  ts_test_server_free (server);
  return status;
}
