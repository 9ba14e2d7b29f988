/* ts-patrons-page.c — as-you-type patron search, paged from the server
 *
 * Each keystroke (after GtkSearchEntry's short pause) cancels the search in
 * flight and asks for the first page; "More Results" appends the next one.
 * Results hold only shared fields and this outlet's primaries (P6).  A
 * change to a patron or a contact point from any window of this workstation
 * (the client's "changed::patrons", "changed::contact-points": an address
 * edited in a patron record) asks again, so results never show the old
 * address. */
#include <glib/gi18n.h>

#include "ts-api-call.h"
#include "ts-api-patrons.h"
#include "ts-json-item.h"
#include "ts-patron-new-dialog.h"
#include "ts-patron-window.h"
#include "ts-patrons-page.h"
#include "ts-patrons-page-private.h"

#define PAGE_SIZE 50

struct _TsPatronsPage
{
  GtkWidget       parent_instance;

  GtkWidget      *box;
  GtkSearchEntry *search_entry;
  GtkColumnView  *view;
  GtkLabel       *status_label;
  GtkButton      *more_button;

  TsApiClient    *client;
  GListStore     *store;
  GtkSingleSelection *selection;
  GCancellable   *search_cancellable;
  char           *query;
  guint           offset;
  gboolean        busy;
  gulong          changed_handlers[2];
};

G_DEFINE_FINAL_TYPE (TsPatronsPage, ts_patrons_page, GTK_TYPE_WIDGET)

enum { PROP_0, PROP_BUSY, PROP_PATRONS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static void
set_busy (TsPatronsPage *self,
          gboolean       busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static char *
format_name (JsonObject *patron)
{
  const char *first = json_object_get_string_member_with_default (patron, "first_name", NULL);
  const char *last = json_object_get_string_member_with_default (patron, "last_name", NULL);

  if (last == NULL)
    return g_strdup (json_object_get_string_member_with_default (patron, "company", ""));
  return first ? g_strdup_printf ("%s, %s", last, first) : g_strdup (last);
}

static char *
format_number (JsonObject *patron)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (patron, "id"));
}

static void
results_arrived (gpointer      owner,
                 JsonNode     *answer,
                 const GError *error)
{
  TsPatronsPage *self = owner;
  JsonArray *patrons;
  guint count;
  g_autofree char *status = NULL;

  if (answer == NULL)
    {
      gtk_label_set_text (self->status_label, error->message);
      set_busy (self, FALSE);
      return;
    }
  patrons = json_object_get_array_member (json_node_get_object (answer), "patrons");
  count = json_array_get_length (patrons);
  if (self->offset == 0)
    g_list_store_remove_all (self->store);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(TsJsonItem) item = ts_json_item_new (json_array_get_object_element (patrons, i));
      g_list_store_append (self->store, item);
    }
  self->offset += count;
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), count == PAGE_SIZE);
  if (self->offset == 0)
    status = g_strdup (_("No patron matches. Check the spelling, or create a new patron."));
  else
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u patron", "%u patrons", self->offset), self->offset);
  gtk_label_set_text (self->status_label, status);
  set_busy (self, FALSE);
}

static void
fetch (TsPatronsPage *self)
{
  set_busy (self, TRUE);
  ts_api_client_search_patrons_async (self->client, self->query, PAGE_SIZE, self->offset, self->search_cancellable,
                                      ts_api_answered, ts_api_call (self, results_arrived));
}

static void
on_search_changed (TsPatronsPage *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  set_busy (self, FALSE);

  if (*text == '\0')
    {
      g_list_store_remove_all (self->store);
      gtk_widget_set_visible (GTK_WIDGET (self->more_button), FALSE);
      gtk_label_set_text (self->status_label, _("Type to search the shared patron directory."));
      return;
    }
  g_free (self->query);
  self->query = g_steal_pointer (&text);
  self->offset = 0;
  fetch (self);
}

/* What the results show may have changed: the first page, asked again. */
static void
on_directory_changed (TsPatronsPage *self)
{
  /* nothing searched, or the search field emptied since */
  if (self->query == NULL || *gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) == '\0')
    return;
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  self->offset = 0;
  fetch (self);
}

static void
on_more_clicked (TsPatronsPage *self)
{
  if (self->query != NULL && !self->busy)
    fetch (self);
}

static void
open_patron (TsPatronsPage *self,
             gint64         id)
{
  TsPatronWindow *window = ts_patron_window_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                 self->client, id);

  gtk_window_present (GTK_WINDOW (window));
}

static void
on_row_activated (TsPatronsPage *self,
                  guint          position)
{
  g_autoptr(TsJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

  if (item != NULL)
    open_patron (self, ts_json_item_get_id (item));
}

/* Enter in the search field opens the first result: keyboard-first. */
static void
on_search_activate (TsPatronsPage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->store)) > 0)
    on_row_activated (self, gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION
                            ? 0 : gtk_single_selection_get_selected (self->selection));
}

static void
patron_created (TsPatronNewDialog *dialog,
                gint64             id,
                TsPatronsPage     *self)
{
  open_patron (self, id);
}

static void
on_new_clicked (TsPatronsPage *self)
{
  TsPatronNewDialog *dialog = ts_patron_new_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                        self->client);

  g_signal_connect_object (dialog, "created", G_CALLBACK (patron_created), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
ts_patrons_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TsPatronsPage *self = TS_PATRONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_PATRONS:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_patrons_page_dispose (GObject *object)
{
  TsPatronsPage *self = TS_PATRONS_PAGE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  for (guint i = 0; self->client != NULL && i < G_N_ELEMENTS (self->changed_handlers); i++)
    g_clear_signal_handler (&self->changed_handlers[i], self->client);
  g_clear_object (&self->client);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_PATRONS_PAGE);
  G_OBJECT_CLASS (ts_patrons_page_parent_class)->dispose (object);
}

static void
ts_patrons_page_finalize (GObject *object)
{
  g_free (TS_PATRONS_PAGE (object)->query);
  G_OBJECT_CLASS (ts_patrons_page_parent_class)->finalize (object);
}

static void
ts_patrons_page_class_init (TsPatronsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = ts_patrons_page_get_property;
  object_class->dispose = ts_patrons_page_dispose;
  object_class->finalize = ts_patrons_page_finalize;
  /* A search is under way. */
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The results so far (TsJsonItem rows, shared fields only, P6). */
  properties[PROP_PATRONS] = g_param_spec_object ("patrons", NULL, NULL, G_TYPE_LIST_MODEL,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-patrons-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TsPatronsPage, box);
  gtk_widget_class_bind_template_child (widget_class, TsPatronsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TsPatronsPage, view);
  gtk_widget_class_bind_template_child (widget_class, TsPatronsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, TsPatronsPage, more_button);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_more_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_new_clicked);
}

static void
ts_patrons_page_init (TsPatronsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->search_cancellable = g_cancellable_new ();
  self->store = g_list_store_new (TS_TYPE_JSON_ITEM);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (self->store));
  gtk_column_view_set_model (self->view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);
  ts_json_item_add_column (self->view, _("Number"), NULL, format_number, FALSE);
  ts_json_item_add_column (self->view, _("Name"), NULL, format_name, TRUE);
  ts_json_item_add_column (self->view, _("Company"), "company", NULL, FALSE);
  ts_json_item_add_column (self->view, _("E-mail"), "email", NULL, TRUE);
  ts_json_item_add_column (self->view, _("Phone"), "phone", NULL, FALSE);
  ts_json_item_add_column (self->view, _("City"), "city", NULL, FALSE);
  ts_json_item_add_column (self->view, _("Postal code"), "postal_code", NULL, FALSE);
  gtk_label_set_text (self->status_label, _("Type to search the shared patron directory."));
  /* typing anywhere on the page goes to the search field */
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

TsPatronsPage *
ts_patrons_page_new (TsApiClient *client)
{
  TsPatronsPage *self = g_object_new (TS_TYPE_PATRONS_PAGE, NULL);

  self->client = g_object_ref (client);
  self->changed_handlers[0] = g_signal_connect_swapped (client, "changed::patrons",
                                                        G_CALLBACK (on_directory_changed), self);
  self->changed_handlers[1] = g_signal_connect_swapped (client, "changed::contact-points",
                                                        G_CALLBACK (on_directory_changed), self);
  return self;
}

void
_ts_patrons_page_search (TsPatronsPage *self,
                         const char    *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
  on_search_changed (self);
}
