/* ts-scan-window.c — the door: a keyboard-wedge reader's codes admitted or
 * refused in large type (F4, F5), the counter, a patron search to admit
 * without a ticket, and the offline door (issue 12): decided from the door
 * list, queued on disk, uploaded when the server is back, conflicts listed
 * for the attendant and never merged silently. */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-scans.h"
#include "ts-connection-banner.h"
#include "ts-door-list.h"
#include "ts-door-search.h"
#include "ts-error.h"
#include "ts-format.h"
#include "ts-json.h"
#include "ts-password-dialog.h"
#include "ts-scan-format.h"
#include "ts-scan-queue.h"
#include "ts-ticket-code.h"
#include "ts-window-state.h"
#include "ts-scan-window-private.h"

/* How often the counter asks the server, and the door list is downloaded
 * again, while the server can be reached. */
#define ATTENDANCE_S 5
#define DOOR_LIST_S  180
/* POST /scans/batch takes at most this many. */
#define BATCH_MAX    500

struct _TsScanWindow
{
  GtkWindow           parent_instance;

  GtkLabel           *subtitle_label;
  GtkDropDown        *performance_drop;
  GtkEntry           *door_entry;
  TsConnectionBanner *banner;
  GtkWidget          *queue_bar;
  GtkLabel           *queue_label;
  GtkWidget          *retry_button;
  GtkEntry           *code_entry;
  GtkWidget          *answer_box;
  GtkLabel           *headline_label;
  GtkLabel           *detail_label;
  GtkLabel           *counter_label;
  GtkToggleButton    *out_toggle;
  GtkSwitch          *sound_switch;
  TsDoorSearch       *search;
  GtkWidget          *conflicts_heading;
  GtkWidget          *conflicts_scroller;
  GtkListBox         *conflicts_list;

  TsApiClient        *client;
  GSettings          *settings;
  GCancellable       *cancellable;       /* every request; cancelled in dispose */
  GCancellable       *list_cancellable;  /* the door list's, cancelled by another performance */
  JsonArray          *performances;
  gboolean            choosing;          /* the drop-down follows the action */
  gint64              performance_id;
  gboolean            reentry;
  TsDoorList         *door_list;
  TsScanQueue        *queue;
  gboolean            uploading;
  char               *upload_error;
  char               *result;
  char               *headline;
  char               *detail;
  char               *counter;
  char               *queue_text;
  guint               admitted;
  guint               expected;
  guint               answered;          /* answers shown */
  GPtrArray          *conflicts;         /* their texts */
  guint               attendance_id;
  guint               door_list_id;
};

G_DEFINE_FINAL_TYPE (TsScanWindow, ts_scan_window, GTK_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_PERFORMANCE_ID,
  PROP_LOADED,
  PROP_RESULT,
  PROP_HEADLINE,
  PROP_ADMITTED,
  PROP_EXPECTED,
  PROP_QUEUED,
  PROP_CONFLICTS,
  PROP_ANSWERED,
  N_PROPS
};
static GParamSpec *properties[N_PROPS];

/* A scan out at the server: its body (the nonce with it, for a retry) and
 * the window, which is alive whenever its answer is handed over. */
typedef struct
{
  TsScanWindow *self;
  JsonObject   *scan;
} Scan;

static void
scan_free (Scan *scan)
{
  json_object_unref (scan->scan);
  g_free (scan);
}

static void update_queue (TsScanWindow *self);
static void load_door_list (TsScanWindow *self);
static void upload (TsScanWindow *self);

static gint64
int_of (JsonObject *object,
        const char *member)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

static void
set_text (char      **field,
          const char *text)
{
  g_free (*field);
  *field = g_strdup (text);
}

static void
set_counter (TsScanWindow *self,
             guint         admitted,
             guint         expected)
{
  g_autofree char *text = NULL;

  if (admitted != self->admitted)
    {
      self->admitted = admitted;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ADMITTED]);
    }
  if (expected != self->expected)
    {
      self->expected = expected;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTED]);
    }
  /* Translators: the door's counter, tickets admitted / tickets expected */
  text = g_strdup_printf (_("Admitted: %u / %u"), admitted, expected);
  set_text (&self->counter, text);
  gtk_label_set_text (self->counter_label, text);
}

static gboolean
second_beep (gpointer data)
{
  GtkWidget *widget = data;

  gdk_display_beep (gtk_widget_get_display (widget));
  return G_SOURCE_REMOVE;
}

/* One beep to admit, two to refuse, when the attendant wants sound. */
static void
beep (TsScanWindow *self,
      gboolean      good)
{
  if (!gtk_switch_get_active (self->sound_switch))
    return;
  gdk_display_beep (gtk_widget_get_display (GTK_WIDGET (self)));
  if (!good)
    g_timeout_add_full (G_PRIORITY_DEFAULT, 200, second_beep, g_object_ref (self), g_object_unref);
}

static void
show (TsScanWindow *self,
      const char   *result,
      const char   *headline,
      const char   *detail)
{
  static const char *const colours[] = { "scan-admitted", "scan-refused", "scan-warning" };

  for (guint i = 0; i < G_N_ELEMENTS (colours); i++)
    gtk_widget_remove_css_class (self->answer_box, colours[i]);
  if (ts_scan_format_colour (result) != NULL)
    gtk_widget_add_css_class (self->answer_box, ts_scan_format_colour (result));
  gtk_label_set_text (self->headline_label, headline);
  gtk_label_set_text (self->detail_label, detail);
  set_text (&self->detail, detail);
  set_text (&self->headline, headline);
  set_text (&self->result, result);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADLINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
  if (ts_scan_format_colour (result) == NULL)
    return;
  beep (self, g_str_equal (ts_scan_format_colour (result), "scan-admitted"));
  self->answered++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANSWERED]);
}

static void
show_answer (TsScanWindow *self,
             JsonObject   *answer)
{
  g_autofree char *headline = ts_scan_format_headline (answer);
  g_autofree char *detail = ts_scan_format_detail (answer);

  show (self, ts_json_lookup_string (answer, "result"), headline, detail);
  if (json_object_has_member (answer, "expected"))
    set_counter (self, int_of (answer, "admitted"), int_of (answer, "expected"));
  ts_door_search_refresh (self->search);
}

static void
show_error (TsScanWindow *self,
            const char   *headline,
            const char   *detail)
{
  show (self, "error", headline, detail != NULL ? detail : "");
}

static void
focus_code (TsScanWindow *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->code_entry));
}

/* Offline door ------------------------------------------------------------------------------ */

/* Decides a scan from the door list, and queues it for the server when it
 * let someone in or out: a refusal changes nothing there, and an upload of
 * it would (a ticket sold since the list came would be admitted with no one
 * at the door). */
static void
decide_here (TsScanWindow *self,
             JsonObject   *scan)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *result;

  if (self->door_list == NULL || ts_door_list_get_performance_id (self->door_list) != int_of (scan, "performance_id"))
    {
      show_error (self, _("Offline, without the door list"),
                  _("This door cannot tell a ticket from a forgery until it has the list: keep the ticket and scan it again once the server is back."));
      return;
    }
  answer = ts_door_list_decide (self->door_list, scan);
  result = ts_json_lookup_string (answer, "result");
  if (ts_api_client_get_reachable (self->client))
    json_object_set_boolean_member (answer, "behind_queue", TRUE);
  if (self->queue != NULL && (g_strcmp0 (result, "admitted") == 0 || g_strcmp0 (result, "exited") == 0)
      && !ts_scan_queue_add (self->queue, scan, result, &error))
    set_text (&self->upload_error, error->message);
  show_answer (self, answer);
  update_queue (self);
}

/* A text for the attendant: what this door did offline, and what the
 * server says of it now. */
static void
add_conflict (TsScanWindow *self,
              JsonObject   *scan,
              const char   *local_result,
              JsonObject   *answer)
{
  JsonObject *ticket = ts_json_lookup_object (answer, "ticket");
  g_autofree char *at = ts_format_time (ts_json_lookup_string (scan, "scanned_at"), TS_TIME_CLOCK);
  g_autofree char *server = ts_scan_format_headline (answer);
  g_autofree char *seat = NULL;
  g_autofree char *what = NULL;
  g_autofree char *text = NULL;
  const char *patron;
  GtkWidget *label;

  if (ticket == NULL && self->door_list != NULL)
    ticket = ts_door_list_lookup_item (self->door_list, int_of (scan, "item_id"));
  patron = ticket != NULL ? ts_json_lookup_string (ticket, "patron") : NULL;
  seat = ticket != NULL ? ts_scan_format_ticket (ticket) : g_strdup (ts_json_lookup_string (scan, "code") ?: "");
  /* Translators: a ticket's seat, then whose it is */
  what = patron != NULL && *patron != '\0' ? g_strdup_printf (_("%s (%s)"), seat, patron) : g_strdup (seat);
  if (g_strcmp0 (local_result, "exited") == 0)
    /* Translators: a ticket, the time this door scanned it out offline, what the server says now */
    text = g_strdup_printf (_("%s: scanned out here at %s while offline — now: %s"), what, at, server);
  else
    /* Translators: a ticket, the time this door admitted it offline, what the server says now */
    text = g_strdup_printf (_("%s: admitted here at %s while offline — now: %s"), what, at, server);
  g_ptr_array_add (self->conflicts, g_strdup (text));
  label = gtk_label_new (text);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_widget_set_margin_start (label, 4);
  gtk_widget_set_margin_end (label, 4);
  gtk_list_box_append (self->conflicts_list, label);
  gtk_widget_set_visible (self->conflicts_heading, TRUE);
  gtk_widget_set_visible (self->conflicts_scroller, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONFLICTS]);
}

/* An upload out: the queue it took its scans from (the door may have
 * chosen another performance meanwhile). */
typedef struct
{
  TsScanWindow *self;
  TsScanQueue  *queue;
} Upload;

static void
upload_free (Upload *upload)
{
  g_object_unref (upload->queue);
  g_free (upload);
}

static void
uploaded (gpointer      owner,
          JsonNode     *answer,
          const GError *error)
{
  Upload *sent = owner;
  TsScanWindow *self = sent->self;
  TsScanQueue *queue = sent->queue;
  gboolean current = queue == self->queue;
  JsonArray *results = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
                       ? ts_json_lookup_array (json_node_get_object (answer), "results") : NULL;
  g_autoptr(GError) saved = NULL;
  guint n;

  self->uploading = FALSE;
  if (results == NULL)
    {
      /* unreachable again: kept, and sent once the server is back */
      if (current && !g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE))
        set_text (&self->upload_error, error != NULL ? error->message : _("The server sent no answer"));
      update_queue (self);
      return;
    }
  if (current)
    g_clear_pointer (&self->upload_error, g_free);
  n = MIN (json_array_get_length (results), ts_scan_queue_get_length (queue));
  for (guint i = 0; i < n; i++)
    {
      JsonObject *result = ts_json_lookup_element_object (results, i);
      JsonObject *scan = ts_scan_queue_get_scan (queue, i);
      const char *local = ts_scan_queue_get_result (queue, i);

      if (result == NULL)
        continue;
      if (self->door_list != NULL)
        ts_door_list_note_answer (self->door_list, result, scan);
      /* never merged silently: the same ticket admitted at another door
       * meanwhile, or no longer admitting, is the attendant's to see */
      if (json_object_get_boolean_member_with_default (result, "conflict", FALSE)
          || g_strcmp0 (ts_json_lookup_string (result, "result"), local) != 0)
        add_conflict (self, scan, local, result);
    }
  if (!ts_scan_queue_drop (queue, n, &saved) && current)
    set_text (&self->upload_error, saved->message);
  if (n > 0 && current)
    {
      JsonObject *last = ts_json_lookup_element_object (results, n - 1);

      if (last != NULL && json_object_has_member (last, "expected"))
        set_counter (self, int_of (last, "admitted"), int_of (last, "expected"));
    }
  update_queue (self);
  if (self->upload_error == NULL)
    upload (self);
}

/* The scans queued offline, to the server, the oldest first. */
static void
upload (TsScanWindow *self)
{
  g_autoptr(JsonNode) scans = NULL;
  Upload *sent;

  if (self->uploading || self->queue == NULL || ts_scan_queue_get_length (self->queue) == 0
      || !ts_api_client_get_reachable (self->client))
    return;
  self->uploading = TRUE;
  scans = ts_scan_queue_peek (self->queue, BATCH_MAX);
  update_queue (self);
  sent = g_new (Upload, 1);
  sent->self = self;
  sent->queue = g_object_ref (self->queue);
  ts_api_client_scan_batch_async (self->client, scans, self->cancellable, ts_api_answered,
                                  ts_api_call_full (sent, uploaded, (GDestroyNotify) upload_free));
}

/* The line under the banner: offline, and the scans waiting. */
static void
update_queue (TsScanWindow *self)
{
  guint n = self->queue != NULL ? ts_scan_queue_get_length (self->queue) : 0;
  gboolean offline = !ts_api_client_get_reachable (self->client);
  g_autofree char *text = NULL;

  if (offline && n == 0)
    text = g_strdup (_("Offline — deciding from the door list"));
  else if (offline)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Offline — %u scan to upload", "Offline — %u scans to upload", n), n);
  else if (n > 0 && self->upload_error != NULL)
    /* Translators: scans waiting, then why the server refused them */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u scan to upload: %s", "%u scans to upload: %s", n), n,
                            self->upload_error);
  else if (n > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Uploading %u scan…", "Uploading %u scans…", n), n);
  else
    text = g_strdup ("");
  set_text (&self->queue_text, text);
  gtk_label_set_text (self->queue_label, text);
  gtk_widget_set_visible (self->queue_bar, *text != '\0');
  gtk_widget_set_visible (self->retry_button, !offline && n > 0 && self->upload_error != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QUEUED]);
}

static void performances_loaded (gpointer owner, JsonNode *answer, const GError *error);

static void
on_reachable (TsScanWindow *self)
{
  update_queue (self);
  if (!ts_api_client_get_reachable (self->client))
    return;
  /* opened while the server was away: what it could not load then */
  if (self->performances == NULL)
    ts_api_client_list_scan_performances_async (self->client, self->cancellable, ts_api_answered,
                                                ts_api_call (self, performances_loaded));
  else if (self->door_list == NULL)
    load_door_list (self);
  upload (self);
}

/* Scans ------------------------------------------------------------------------------------- */

static void
scanned (gpointer      owner,
         JsonNode     *answer,
         const GError *error)
{
  Scan *scan = owner;
  TsScanWindow *self = scan->self;

  if (g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE))
    {
      /* the same scan, its nonce and time, decided here */
      decide_here (self, scan->scan);
      return;
    }
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      show_error (self, _("Not scanned"), error != NULL ? error->message : _("The server sent no answer"));
      return;
    }
  if (self->door_list != NULL)
    ts_door_list_note_answer (self->door_list, json_node_get_object (answer), scan->scan);
  show_answer (self, json_node_get_object (answer));
  upload (self);
}

/* A scan's body: what it is, the door, a fresh nonce (a retry of this scan
 * sends the same: the server admits once, F4), the performance, the
 * direction and when it was made (for an upload later). */
static JsonObject *
new_scan (TsScanWindow *self)
{
  JsonObject *scan = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *door = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->door_entry))));
  g_autofree char *nonce = g_uuid_string_random ();
  g_autofree char *at = g_date_time_format_iso8601 (now);

  json_object_set_string_member (scan, "door", door);
  json_object_set_string_member (scan, "nonce", nonce);
  json_object_set_int_member (scan, "performance_id", self->performance_id);
  json_object_set_string_member (scan, "direction",
                                 self->reentry && gtk_toggle_button_get_active (self->out_toggle) ? "out" : "in");
  json_object_set_string_member (scan, "scanned_at", at);
  return scan;
}

/* FALSE, and says what is missing, until the performance and the door are known. */
static gboolean
ready_to_scan (TsScanWindow *self)
{
  g_autofree char *door = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->door_entry))));

  if (self->performance_id <= 0)
    {
      show_error (self, _("Choose the performance first"), NULL);
      return FALSE;
    }
  if (*door == '\0')
    {
      show_error (self, _("Name this door first"), _("The name is said to a later scan of a ticket admitted here."));
      gtk_widget_grab_focus (GTK_WIDGET (self->door_entry));
      return FALSE;
    }
  return TRUE;
}

/* The body sent online: the scan's own time is for an offline upload only,
 * the server's clock says when it is answered. */
static JsonNode *
online_body (JsonObject *scan)
{
  JsonObject *online = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, scan);
  while (json_object_iter_next (&iter, &name, &value))
    if (!g_str_equal (name, "scanned_at"))
      json_object_set_member (online, name, json_node_copy (value));
  json_node_take_object (node, online);
  return node;
}

/* Takes body. */
static void
send_scan (TsScanWindow *self,
           JsonObject   *body)
{
  g_autoptr(JsonNode) node = NULL;
  Scan *scan;

  /* the server cannot be reached: no waiting at the door; and while scans
   * made offline wait to be uploaded, the next ones go after them, in the
   * order they were made (a ticket admitted here offline and scanned again
   * now is refused here, not admitted again by a server that has not heard
   * of it yet) */
  if (!ts_api_client_get_reachable (self->client)
      || (self->queue != NULL && ts_scan_queue_get_length (self->queue) > 0))
    {
      decide_here (self, body);
      json_object_unref (body);
      upload (self);
      return;
    }
  scan = g_new (Scan, 1);
  scan->self = self;
  scan->scan = body;
  node = online_body (body);
  ts_api_client_scan_async (self->client, node, self->cancellable, ts_api_answered,
                            ts_api_call_full (scan, scanned, (GDestroyNotify) scan_free));
}

static void
scan_code (TsScanWindow *self,
           const char   *text)
{
  g_autofree char *code = g_strstrip (g_strdup (text));
  JsonObject *scan;

  if (*code == '\0' || !ready_to_scan (self))
    return;
  scan = new_scan (self);
  json_object_set_string_member (scan, "code", code);
  send_scan (self, scan);
}

static void
on_code_activate (TsScanWindow *self)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->code_entry)));

  /* cleared at once: the reader types the next code into an empty entry */
  gtk_editable_set_text (GTK_EDITABLE (self->code_entry), "");
  scan_code (self, text);
  focus_code (self);
}

static void
on_door_changed (TsScanWindow *self)
{
  if (self->settings != NULL)
    g_settings_set_string (self->settings, "door-name", gtk_editable_get_text (GTK_EDITABLE (self->door_entry)));
}

static void
on_door_activate (TsScanWindow *self)
{
  focus_code (self);
}

static void
on_out_toggled (TsScanWindow *self)
{
  focus_code (self);
}

/* The patron search --------------------------------------------------------------------------- */

/* Confirmed in the search: the ticket admitted by its item, as a scan. */
static void
on_search_admit (TsScanWindow *self,
                 gint64        item)
{
  JsonObject *scan;

  if (!ready_to_scan (self))
    return;
  scan = new_scan (self);
  json_object_set_int_member (scan, "item_id", item);
  /* admitted: never out by hand */
  json_object_set_string_member (scan, "direction", "in");
  send_scan (self, scan);
}

/* The reader's code typed into the search: a scan all the same. */
static void
on_search_code (TsScanWindow *self,
                const char   *code)
{
  scan_code (self, code);
  focus_code (self);
}

/* The performance and its door list ---------------------------------------------------------- */

static void
attendance_loaded (gpointer      owner,
                   JsonNode     *answer,
                   const GError *error)
{
  TsScanWindow *self = owner;
  JsonObject *attendance = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) ? json_node_get_object (answer) : NULL;

  /* the counter stays as the last answer left it */
  if (attendance != NULL)
    set_counter (self, int_of (attendance, "admitted"), int_of (attendance, "sold"));
}

static gboolean
attendance_due (gpointer data)
{
  TsScanWindow *self = data;

  if (self->performance_id > 0 && ts_api_client_get_reachable (self->client) && !self->uploading
      && (self->queue == NULL || ts_scan_queue_get_length (self->queue) == 0))
    ts_api_client_get_attendance_async (self->client, self->performance_id, self->cancellable, ts_api_answered,
                                        ts_api_call (self, attendance_loaded));
  return G_SOURCE_CONTINUE;
}

static void
door_list_loaded (gpointer      owner,
                  JsonNode     *answer,
                  const GError *error)
{
  TsScanWindow *self = owner;
  g_autoptr(GError) invalid = NULL;
  TsDoorList *list;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      /* the last list (if any) goes on deciding */
      if (!g_error_matches (error, TS_ERROR, TS_ERROR_UNREACHABLE) && self->door_list == NULL)
        show_error (self, _("The door list did not load"), error != NULL ? error->message : NULL);
      return;
    }
  list = ts_door_list_new (json_node_get_object (answer), &invalid);
  if (list == NULL)
    {
      show_error (self, _("The door list did not load"), invalid->message);
      return;
    }
  if (ts_door_list_get_performance_id (list) != self->performance_id)
    {
      g_object_unref (list);
      return;
    }
  /* what this door decided and the server has not heard yet holds in the new list too */
  for (guint i = 0; self->queue != NULL && i < ts_scan_queue_get_length (self->queue); i++)
    json_object_unref (ts_door_list_decide (list, ts_scan_queue_get_scan (self->queue, i)));
  g_clear_object (&self->door_list);
  self->door_list = list;
  ts_door_search_set_list (self->search, list);
  self->reentry = ts_door_list_get_reentry (list);
  gtk_widget_set_visible (GTK_WIDGET (self->out_toggle), self->reentry);
  if (!self->reentry)
    gtk_toggle_button_set_active (self->out_toggle, FALSE);
  if (!ts_api_client_get_reachable (self->client) || self->admitted == 0)
    set_counter (self, ts_door_list_get_admitted (list), ts_door_list_get_expected (list));
  ts_door_search_refresh (self->search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
load_door_list (TsScanWindow *self)
{
  if (self->performance_id <= 0)
    return;
  ts_api_client_get_door_list_async (self->client, self->performance_id, self->list_cancellable, ts_api_answered,
                                     ts_api_call (self, door_list_loaded));
}

static gboolean
door_list_due (gpointer data)
{
  TsScanWindow *self = data;

  if (ts_api_client_get_reachable (self->client))
    load_door_list (self);
  return G_SOURCE_CONTINUE;
}

static JsonObject *
performance_of (TsScanWindow *self,
                gint64        performance_id,
                guint        *position)
{
  for (guint i = 0; self->performances != NULL && i < json_array_get_length (self->performances); i++)
    {
      JsonObject *performance = ts_json_lookup_element_object (self->performances, i);

      if (int_of (performance, "id") == performance_id)
        {
          if (position != NULL)
            *position = i;
          return performance;
        }
    }
  return NULL;
}

/* "door.performance" (x): the door admits to that performance from now:
 * its queue (what an earlier run left unsent), its list, its counter. */
static void
performance_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  TsScanWindow *self = TS_SCAN_WINDOW (widget);
  gint64 id = g_variant_get_int64 (parameter);
  JsonObject *performance;
  guint position = 0;

  performance = performance_of (self, id, &position);
  if (performance == NULL || id == self->performance_id)
    return;
  self->choosing = TRUE;
  gtk_drop_down_set_selected (self->performance_drop, position);
  self->choosing = FALSE;

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  g_clear_object (&self->door_list);
  ts_door_search_set_list (self->search, NULL);
  ts_door_search_reset (self->search);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_pointer (&self->upload_error, g_free);

  self->performance_id = id;
  self->reentry = json_object_get_boolean_member_with_default (performance, "reentry", FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->out_toggle), self->reentry);
  gtk_toggle_button_set_active (self->out_toggle, FALSE);
  self->queue = ts_scan_queue_new (id);
  set_counter (self, int_of (performance, "admitted"), int_of (performance, "sold"));
  show (self, "", _("Ready"), "");
  ts_door_search_refresh (self->search);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PERFORMANCE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  update_queue (self);
  load_door_list (self);
  upload (self);
  focus_code (self);
}

static void
on_performance_selected (TsScanWindow *self)
{
  guint selected = gtk_drop_down_get_selected (self->performance_drop);
  JsonObject *performance;

  if (self->choosing || self->performances == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;
  performance = ts_json_lookup_element_object (self->performances, selected);
  if (performance != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "door.performance", "x", int_of (performance, "id"));
}

/* The performance nearest to now: the one starting soonest, or the last
 * one started (the doors of the evening's show). */
static gint64
nearest (TsScanWindow *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) soon = g_date_time_add_hours (now, -3);
  gint64 best = 0;

  for (guint i = 0; i < json_array_get_length (self->performances); i++)
    {
      JsonObject *performance = ts_json_lookup_element_object (self->performances, i);
      g_autoptr(GDateTime) starts = g_date_time_new_from_iso8601 (ts_json_lookup_string (performance, "starts_at") ?: "",
                                                                   NULL);

      if (best == 0)
        best = int_of (performance, "id");
      if (starts != NULL && g_date_time_compare (starts, soon) >= 0)
        return int_of (performance, "id");
    }
  return best;
}

static void
performances_loaded (gpointer      owner,
                     JsonNode     *answer,
                     const GError *error)
{
  TsScanWindow *self = owner;
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  gint64 chosen;

  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    {
      show_error (self, _("The performances did not load"),
                  error != NULL ? error->message : _("The server sent no list"));
      return;
    }
  g_clear_pointer (&self->performances, json_array_unref);
  self->performances = json_array_ref (json_node_get_array (answer));
  for (guint i = 0; i < json_array_get_length (self->performances); i++)
    {
      JsonObject *performance = ts_json_lookup_element_object (self->performances, i);
      g_autofree char *when = ts_format_time (ts_json_lookup_string (performance, "starts_at"), TS_TIME_LIST);
      /* Translators: an event, then its performance's date and time */
      g_autofree char *label = g_strdup_printf (_("%s — %s"), ts_json_lookup_string (performance, "event") ?: "", when);

      gtk_string_list_append (labels, label);
    }
  self->choosing = TRUE;
  gtk_drop_down_set_model (self->performance_drop, G_LIST_MODEL (labels));
  self->choosing = FALSE;
  if (json_array_get_length (self->performances) == 0)
    {
      show_error (self, _("No performance to scan for"),
                  _("Your outlet has no performance from yesterday to a week from now."));
      return;
    }
  chosen = nearest (self);
  self->performance_id = 0;
  gtk_widget_activate_action (GTK_WIDGET (self), "door.performance", "x", chosen);
}

static void
upload_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  TsScanWindow *self = TS_SCAN_WINDOW (widget);

  g_clear_pointer (&self->upload_error, g_free);
  update_queue (self);
  upload (self);
}

static void
change_password_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsScanWindow *self = TS_SCAN_WINDOW (widget);

  gtk_window_present (GTK_WINDOW (ts_password_dialog_new (GTK_WINDOW (self), self->client)));
}

/* A click anywhere else leaves the reader's keys nowhere: they come back
 * to the code entry once the window is active again. */
static void
on_active (TsScanWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)) && !ts_door_search_get_asking (self->search))
    {
      GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (self));

      if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search)))
        focus_code (self);
    }
}

static void
ts_scan_window_dispose (GObject *object)
{
  TsScanWindow *self = TS_SCAN_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->list_cancellable);
  g_clear_handle_id (&self->attendance_id, g_source_remove);
  g_clear_handle_id (&self->door_list_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  if (self->queue != NULL)
    g_signal_handlers_disconnect_by_data (self->queue, self);
  g_clear_object (&self->queue);
  g_clear_object (&self->door_list);
  g_clear_object (&self->settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_SCAN_WINDOW);
  G_OBJECT_CLASS (ts_scan_window_parent_class)->dispose (object);
}

static void
ts_scan_window_finalize (GObject *object)
{
  TsScanWindow *self = TS_SCAN_WINDOW (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_pointer (&self->performances, json_array_unref);
  g_free (self->upload_error);
  g_free (self->result);
  g_free (self->headline);
  g_free (self->detail);
  g_free (self->counter);
  g_free (self->queue_text);
  g_ptr_array_unref (self->conflicts);
  G_OBJECT_CLASS (ts_scan_window_parent_class)->finalize (object);
}

static void
ts_scan_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TsScanWindow *self = TS_SCAN_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PERFORMANCE_ID:
      g_value_set_int64 (value, self->performance_id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->door_list != NULL);
      break;
    case PROP_RESULT:
      g_value_set_string (value, self->result);
      break;
    case PROP_HEADLINE:
      g_value_set_string (value, self->headline);
      break;
    case PROP_ADMITTED:
      g_value_set_uint (value, self->admitted);
      break;
    case PROP_EXPECTED:
      g_value_set_uint (value, self->expected);
      break;
    case PROP_QUEUED:
      g_value_set_uint (value, self->queue != NULL ? ts_scan_queue_get_length (self->queue) : 0);
      break;
    case PROP_CONFLICTS:
      g_value_set_uint (value, self->conflicts->len);
      break;
    case PROP_ANSWERED:
      g_value_set_uint (value, self->answered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_scan_window_class_init (TsScanWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ts_scan_window_dispose;
  object_class->finalize = ts_scan_window_finalize;
  object_class->get_property = ts_scan_window_get_property;

  /* The performance the door admits to; 0 until one is chosen. */
  properties[PROP_PERFORMANCE_ID] = g_param_spec_int64 ("performance-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  /* The performance's door list is in: the door decides offline. */
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, flags);
  /* The last answer's result (POST /scans's), "error" when there was none. */
  properties[PROP_RESULT] = g_param_spec_string ("result", NULL, NULL, NULL, flags);
  /* What the answer area says in large type. */
  properties[PROP_HEADLINE] = g_param_spec_string ("headline", NULL, NULL, NULL, flags);
  properties[PROP_ADMITTED] = g_param_spec_uint ("admitted", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_EXPECTED] = g_param_spec_uint ("expected", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Scans made offline, waiting for the server. */
  properties[PROP_QUEUED] = g_param_spec_uint ("queued", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Conflicts found when offline scans were uploaded. */
  properties[PROP_CONFLICTS] = g_param_spec_uint ("conflicts", NULL, NULL, 0, G_MAXUINT, 0, flags);
  /* Answers shown so far (scans answered, and what stopped one). */
  properties[PROP_ANSWERED] = g_param_spec_uint ("answered", NULL, NULL, 0, G_MAXUINT, 0, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "door.performance", "x", performance_activated);
  gtk_widget_class_install_action (widget_class, "door.upload", NULL, upload_activated);
  gtk_widget_class_install_action (widget_class, "door.change-password", NULL, change_password_activated);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-scan-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, performance_drop);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, door_entry);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, banner);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, queue_bar);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, queue_label);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, code_entry);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, answer_box);
  gtk_widget_class_bind_template_child_full (widget_class, "headline", FALSE,
                                             G_STRUCT_OFFSET (TsScanWindow, headline_label));
  gtk_widget_class_bind_template_child_full (widget_class, "detail", FALSE,
                                             G_STRUCT_OFFSET (TsScanWindow, detail_label));
  gtk_widget_class_bind_template_child_full (widget_class, "counter", FALSE,
                                             G_STRUCT_OFFSET (TsScanWindow, counter_label));
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, out_toggle);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, sound_switch);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, search);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, conflicts_heading);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, conflicts_scroller);
  gtk_widget_class_bind_template_child (widget_class, TsScanWindow, conflicts_list);
  gtk_widget_class_bind_template_callback (widget_class, on_performance_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_door_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_door_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_code_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_out_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_search_admit);
  gtk_widget_class_bind_template_callback (widget_class, on_search_code);
  gtk_widget_class_bind_template_callback (widget_class, focus_code);
}

static void
ts_scan_window_init (TsScanWindow *self)
{
  g_type_ensure (TS_TYPE_CONNECTION_BANNER);
  g_type_ensure (TS_TYPE_DOOR_SEARCH);
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->list_cancellable = g_cancellable_new ();
  self->conflicts = g_ptr_array_new_with_free_func (g_free);
  self->result = g_strdup ("");
  self->headline = g_strdup ("");
  self->detail = g_strdup ("");
  self->counter = g_strdup ("");
  self->queue_text = g_strdup ("");
}

TsScanWindow *
ts_scan_window_new (GtkApplication *application,
                    TsApiClient    *client)
{
  TsScanWindow *self = g_object_new (TS_TYPE_SCAN_WINDOW, "application", application, NULL);
  g_autofree char *subtitle = NULL;
  g_autofree char *door = NULL;

  self->client = g_object_ref (client);
  self->settings = g_settings_new (TS_APP_ID);
  door = g_settings_get_string (self->settings, "door-name");
  gtk_editable_set_text (GTK_EDITABLE (self->door_entry), door);
  g_settings_bind (self->settings, "door-sound", self->sound_switch, "active", G_SETTINGS_BIND_DEFAULT);
  /* Translators: the outlet, then the employee at the door */
  subtitle = g_strdup_printf (_("%s · %s"), ts_api_client_get_outlet_name (client) ?: "",
                              ts_api_client_get_display_name (client) ?: "");
  gtk_label_set_text (self->subtitle_label, subtitle);
  ts_connection_banner_set_client (self->banner, client);
  g_signal_connect_swapped (client, "notify::reachable", G_CALLBACK (on_reachable), self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active), NULL);
  set_counter (self, 0, 0);
  gtk_label_set_text (self->headline_label, _("Loading the performances…"));
  self->attendance_id = g_timeout_add_seconds (ATTENDANCE_S, attendance_due, self);
  self->door_list_id = g_timeout_add_seconds (DOOR_LIST_S, door_list_due, self);
  ts_api_client_list_scan_performances_async (client, self->cancellable, ts_api_answered,
                                              ts_api_call (self, performances_loaded));
  ts_window_state_track (GTK_WINDOW (self), "door");
  return self;
}

TsApiClient *
ts_scan_window_get_client (TsScanWindow *self)
{
  g_return_val_if_fail (TS_IS_SCAN_WINDOW (self), NULL);
  return self->client;
}

const char *
_ts_scan_window_get_detail (TsScanWindow *self)
{
  return self->detail;
}

const char *
_ts_scan_window_get_counter (TsScanWindow *self)
{
  return self->counter;
}

const char *
_ts_scan_window_get_queue_text (TsScanWindow *self)
{
  return self->queue_text;
}

const char *
_ts_scan_window_get_conflict (TsScanWindow *self,
                              guint         i)
{
  return i < self->conflicts->len ? g_ptr_array_index (self->conflicts, i) : NULL;
}

GtkEditable *
_ts_scan_window_get_code_entry (TsScanWindow *self)
{
  return GTK_EDITABLE (self->code_entry);
}

TsDoorSearch *
_ts_scan_window_get_search (TsScanWindow *self)
{
  return self->search;
}

GtkEditable *
_ts_scan_window_get_door_entry (TsScanWindow *self)
{
  return GTK_EDITABLE (self->door_entry);
}
