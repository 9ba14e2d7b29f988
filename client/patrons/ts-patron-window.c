/* ts-patron-window.c — the patron record: a contact card and one tab per kind
 * of this outlet's own data
 *
 * The tabs are lists of the same shape (rows of text, a small form to add),
 * so they are built in code from one helper rather than a template each. */
#include <glib/gi18n.h>

#include "ts-error.h"
#include "ts-money.h"
#include "ts-validate.h"
#include "ts-order-format.h"
#include "ts-order-window.h"
#include "ts-patron-window.h"
#include "ts-voucher-reserve-dialog.h"

struct _TsPatronWindow
{
  GtkWindow    parent_instance;

  GtkLabel    *name_label;
  GtkLabel    *message_label;
  GtkNotebook *notebook;
  GHashTable  *lists;            /* tab id → GtkListBox */

  /* contact form */
  GtkDropDown *kind_dropdown;
  GtkEntry    *value_entry;
  GtkEntry    *city_entry;
  GtkEntry    *postal_entry;
  GtkButton   *contact_button;
  gint64       editing_point;    /* 0 when adding */

  /* other forms */
  GtkEntry    *note_entry;
  GtkEntry    *tags_entry;
  GtkEntry    *amount_entry;
  GtkEntry    *donated_entry;
  GtkEntry    *fund_entry;
  GtkDropDown *method_dropdown;
  GtkEntry    *level_entry;
  GtkEntry    *starts_entry;
  GtkEntry    *ends_entry;
  GtkCheckButton *mail_check;
  GtkCheckButton *email_check;
  GtkCheckButton *phone_check;
  GtkEntry    *consent_entry;
  GtkWidget   *reserve_button;

  TsApiClient *client;
  GCancellable *cancellable;
  gint64       patron_id;
  JsonNode    *patron;
  JsonArray   *vouchers;         /* GET /patrons/{id}/vouchers; NULL until loaded */
  guint        voucher_loads;    /* answers so far, for tests */
  gboolean     loaded;
};

G_DEFINE_FINAL_TYPE (TsPatronWindow, ts_patron_window, GTK_TYPE_WINDOW)

static const char *kinds[] = { "phone", "email", "address", "fax", "web", NULL };
static const char *methods[] = { "cash", "cheque", "card", "transfer", "in_kind", "other", NULL };

static void reload (TsPatronWindow *self);

static void
set_message (TsPatronWindow *self,
             const char     *text)
{
  gtk_label_set_text (self->message_label, text ? text : "");
}

static char *
patron_path (TsPatronWindow *self,
             const char     *tail)
{
  return g_strdup_printf ("/patrons/%" G_GINT64_FORMAT "%s", self->patron_id, tail ? tail : "");
}

static const char *
kind_title (const char *kind)
{
  if (g_str_equal (kind, "phone"))
    return _("Phone");
  if (g_str_equal (kind, "email"))
    return _("E-mail");
  if (g_str_equal (kind, "address"))
    return _("Address");
  if (g_str_equal (kind, "fax"))
    return _("Fax");
  return _("Web site");
}

static GtkListBox *
list_of (TsPatronWindow *self,
         const char     *tab)
{
  return g_hash_table_lookup (self->lists, tab);
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
text_row (const char *title,
          const char *detail)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *main_label = gtk_label_new (title);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_label_set_xalign (GTK_LABEL (main_label), 0);
  gtk_label_set_wrap (GTK_LABEL (main_label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (main_label), TRUE);
  gtk_box_append (GTK_BOX (box), main_label);
  if (detail != NULL && *detail != '\0')
    {
      GtkWidget *detail_label = gtk_label_new (detail);

      gtk_label_set_xalign (GTK_LABEL (detail_label), 0);
      gtk_widget_add_css_class (detail_label, "dim-label");
      gtk_box_append (GTK_BOX (box), detail_label);
    }
  return box;
}

/* Contact card ------------------------------------------------------------- */

static char *
point_text (JsonObject *point)
{
  if (g_str_equal (json_object_get_string_member (point, "kind"), "address"))
    {
      const char *parts[] = {
        json_object_get_string_member_with_default (point, "line1", NULL),
        json_object_get_string_member_with_default (point, "line2", NULL),
        json_object_get_string_member_with_default (point, "city", NULL),
        json_object_get_string_member_with_default (point, "region", NULL),
        json_object_get_string_member_with_default (point, "postal_code", NULL),
      };
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        if (parts[i] != NULL)
          g_string_append_printf (text, "%s%s", text->len ? ", " : "", parts[i]);
      return g_string_free (text, FALSE);
    }
  return g_strdup (json_object_get_string_member_with_default (point, "value", ""));
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPatronWindow *self = user_data;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      set_message (self, error->message);
      return;
    }
  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
      && json_object_has_member (json_node_get_object (answer), "new_contact_point_id"))
    set_message (self, _("Another outlet uses that contact as its primary, so your change was saved as a "
                         "new contact, primary for your outlet only."));
  else
    set_message (self, NULL);
  reload (self);
}

static void
send (TsPatronWindow *self,
      const char     *method,
      const char     *path,
      JsonNode       *body)
{
  ts_api_client_request_async (self->client, method, path, body, self->cancellable, request_done, self);
}

static void
make_primary_clicked (GtkButton      *button,
                      TsPatronWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "point-id"));
  g_autofree char *path = g_strdup_printf ("/contact-points/%" G_GINT64_FORMAT "/primary", id);

  send (self, "POST", path, NULL);
}

static void
remove_clicked (GtkButton      *button,
                TsPatronWindow *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "point-id"));
  g_autofree char *path = g_strdup_printf ("/contact-points/%" G_GINT64_FORMAT, id);

  send (self, "DELETE", path, NULL);
}

static void
edit_clicked (GtkButton      *button,
              TsPatronWindow *self)
{
  JsonObject *point = g_object_get_data (G_OBJECT (button), "point");
  const char *kind = json_object_get_string_member (point, "kind");
  gboolean address = g_str_equal (kind, "address");

  self->editing_point = json_object_get_int_member (point, "id");
  for (guint i = 0; kinds[i] != NULL; i++)
    if (g_str_equal (kinds[i], kind))
      gtk_drop_down_set_selected (self->kind_dropdown, i);
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry),
                         json_object_get_string_member_with_default (point, address ? "line1" : "value", ""));
  gtk_editable_set_text (GTK_EDITABLE (self->city_entry),
                         address ? json_object_get_string_member_with_default (point, "city", "") : "");
  gtk_editable_set_text (GTK_EDITABLE (self->postal_entry),
                         address ? json_object_get_string_member_with_default (point, "postal_code", "") : "");
  gtk_button_set_label (self->contact_button, _("Save _Changes"));
  gtk_widget_grab_focus (GTK_WIDGET (self->value_entry));
}

static void
fill_contacts (TsPatronWindow *self,
               JsonObject     *patron)
{
  GtkListBox *list = list_of (self, "contact");
  JsonArray *points = json_object_get_array_member (patron, "contact_points");

  clear_list (list);
  for (guint i = 0; i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);
      gboolean primary = json_object_get_boolean_member (point, "primary");
      gboolean inherited = json_object_get_boolean_member (point, "primary_inherited");
      g_autofree char *text = point_text (point);
      g_autofree char *detail = g_strdup_printf ("%s · %s%s", kind_title (json_object_get_string_member (point, "kind")),
                                                 json_object_get_string_member (point, "label"),
                                                 !primary ? "" : inherited
                                                 ? _(" · primary: following the outlet that created this patron")
                                                 : _(" · primary for us"));
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *make_primary = gtk_button_new_with_label (primary && !inherited ? _("Primary for us") : _("Make Primary for Us"));
      GtkWidget *edit = gtk_button_new_with_label (_("Edit"));
      GtkWidget *remove = gtk_button_new_with_label (_("Remove"));
      GtkWidget *texts = text_row (text, detail);

      gtk_widget_set_hexpand (texts, TRUE);
      gtk_box_append (GTK_BOX (row), texts);
      gtk_widget_set_valign (make_primary, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (make_primary, !(primary && !inherited));
      g_object_set_data (G_OBJECT (make_primary), "point-id", GSIZE_TO_POINTER (json_object_get_int_member (point, "id")));
      g_object_set_data (G_OBJECT (remove), "point-id", GSIZE_TO_POINTER (json_object_get_int_member (point, "id")));
      g_object_set_data_full (G_OBJECT (edit), "point", json_object_ref (point), (GDestroyNotify) json_object_unref);
      g_signal_connect (make_primary, "clicked", G_CALLBACK (make_primary_clicked), self);
      g_signal_connect (edit, "clicked", G_CALLBACK (edit_clicked), self);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked), self);
      gtk_box_append (GTK_BOX (row), make_primary);
      gtk_box_append (GTK_BOX (row), edit);
      gtk_box_append (GTK_BOX (row), remove);
      gtk_widget_set_margin_end (row, 6);
      gtk_list_box_append (list, row);
    }
}

static void
contact_submit (TsPatronWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = NULL;
  const char *kind = kinds[gtk_drop_down_get_selected (self->kind_dropdown)];
  const char *value = gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
  gboolean address = g_str_equal (kind, "address");

  if (*value == '\0')
    {
      set_message (self, _("Type the contact first."));
      return;
    }
  if ((g_str_equal (kind, "phone") || g_str_equal (kind, "fax")) && !ts_validate_phone (kind_title (kind), value, &error))
    ;
  else if (g_str_equal (kind, "email"))
    ts_validate_email (kind_title (kind), value, &error);
  else if (g_str_equal (kind, "web"))
    ts_validate_web_site (kind_title (kind), value, &error);
  if (error != NULL)
    {
      set_message (self, error->message);
      return;
    }

  json_builder_begin_object (builder);
  if (self->editing_point == 0)
    {
      json_builder_set_member_name (builder, "kind");
      json_builder_add_string_value (builder, kind);
    }
  json_builder_set_member_name (builder, address ? "line1" : "value");
  json_builder_add_string_value (builder, value);
  if (address)
    {
      json_builder_set_member_name (builder, "city");
      json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->city_entry)));
      json_builder_set_member_name (builder, "postal_code");
      json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->postal_entry)));
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  if (self->editing_point != 0)
    {
      path = g_strdup_printf ("/contact-points/%" G_GINT64_FORMAT, self->editing_point);
      send (self, "PATCH", path, body);
    }
  else
    {
      path = patron_path (self, "/contact-points");
      send (self, "POST", path, body);
    }
  self->editing_point = 0;
  gtk_widget_set_sensitive (GTK_WIDGET (self->kind_dropdown), TRUE);
  gtk_button_set_label (self->contact_button, _("_Add Contact"));
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->city_entry), "");
  gtk_editable_set_text (GTK_EDITABLE (self->postal_entry), "");
}

/* This outlet's own data ------------------------------------------------------- */

typedef char *(*RowTitle) (JsonObject *row, char **detail);

typedef struct
{
  TsPatronWindow *self;
  char           *tab;
  char           *member;
  RowTitle        title;
} ListLoad;

static void
list_load_free (ListLoad *load)
{
  g_free (load->tab);
  g_free (load->member);
  g_free (load);
}

static void
list_loaded (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ListLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  GtkListBox *list;
  JsonArray *rows;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      list_load_free (load);
      return;
    }
  list = list_of (load->self, load->tab);
  clear_list (list);
  if (answer == NULL)
    set_message (load->self, error->message);
  else
    {
      rows = json_object_get_array_member (json_node_get_object (answer), load->member);
      for (guint i = 0; rows != NULL && i < json_array_get_length (rows); i++)
        {
          g_autofree char *detail = NULL;
          g_autofree char *title = load->title (json_array_get_object_element (rows, i), &detail);

          GtkWidget *row = text_row (title, detail);

          gtk_list_box_append (list, row);
          if (g_str_equal (load->tab, "orders"))
            g_object_set_data (G_OBJECT (gtk_widget_get_parent (row)), "order-id",
                               GSIZE_TO_POINTER ((gsize) json_object_get_int_member (json_array_get_object_element (rows, i), "id")));
        }
      if (g_str_equal (load->tab, "preferences") && rows != NULL && json_array_get_length (rows) > 0)
        {
          JsonObject *p = json_array_get_object_element (rows, 0);
          const char *consent = json_object_get_string_member_with_default (p, "consent_on", NULL);

          gtk_check_button_set_active (load->self->mail_check, json_object_get_boolean_member (p, "may_mail"));
          gtk_check_button_set_active (load->self->email_check, json_object_get_boolean_member (p, "may_email"));
          gtk_check_button_set_active (load->self->phone_check, json_object_get_boolean_member (p, "may_phone"));
          gtk_editable_set_text (GTK_EDITABLE (load->self->consent_entry), consent ? consent : "");
        }
      if (g_str_equal (load->tab, "tags") && rows != NULL)
        {
          GString *tags = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (rows); i++)
            g_string_append_printf (tags, "%s%s", i ? ", " : "",
                                    json_object_get_string_member (json_array_get_object_element (rows, i), "tag"));
          gtk_editable_set_text (GTK_EDITABLE (load->self->tags_entry), tags->str);
          g_string_free (tags, TRUE);
        }
    }
  list_load_free (load);
}

static void
load_list (TsPatronWindow *self,
           const char     *tab,
           const char     *member,
           RowTitle        title)
{
  ListLoad *load = g_new0 (ListLoad, 1);
  g_autofree char *tail = g_strconcat ("/", tab, NULL);
  g_autofree char *path = NULL;

  if (g_str_equal (tab, "preferences"))
    {
      g_free (tail);
      tail = g_strdup ("/contact-preferences");
    }
  path = patron_path (self, tail);
  load->self = self;
  load->tab = g_strdup (tab);
  load->member = g_strdup (member);
  load->title = title;
  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, list_loaded, load);
}

/* P5: another outlet's order shows only this outlet's lines, without totals. */
static char *
order_title (JsonObject *row,
             char      **detail)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (row, "id"));
  g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (row, "created_at", ""), NULL);
  g_autoptr(GDateTime) local = when ? g_date_time_to_local (when) : NULL;
  g_autofree char *date = local ? g_date_time_format (local, "%Y-%m-%d") : g_strdup ("");
  gint64 tickets = json_object_get_int_member_with_default (row, "tickets", 0);

  if (json_object_has_member (row, "total_cents"))
    {
      g_autofree char *total = ts_money_format_local (json_object_get_int_member (row, "total_cents"));

      /* Translators: order number, date, number of tickets, total */
      *detail = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %d ticket · %s", "%s · %d tickets · %s",
                                              (gulong) tickets), date, (int) tickets, total);
    }
  else
    *detail = g_strdup_printf (_("%s · sold by %s: only this outlet’s tickets are shown"), date,
                               json_object_get_string_member_with_default (row, "outlet", ""));
  return g_strdup_printf (_("Order %s — %s"), number, json_object_get_string_member_with_default (row, "events", ""));
}

static void
order_activated (GtkListBox     *list,
                 GtkListBoxRow  *row,
                 TsPatronWindow *self)
{
  gint64 id = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (row), "order-id"));
  TsOrderWindow *window;

  if (id == 0)
    return;
  window = ts_order_window_new (self->client, id);
  gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (window));
}

static char *
note_title (JsonObject *row,
            char      **detail)
{
  *detail = g_strdup_printf ("%s · %s", json_object_get_string_member_with_default (row, "login", ""),
                             json_object_get_string_member (row, "created_at"));
  return g_strdup (json_object_get_string_member (row, "body"));
}

static char *
tag_title (JsonObject *row,
           char      **detail)
{
  return g_strdup (json_object_get_string_member (row, "tag"));
}

static char *
donation_title (JsonObject *row,
                char      **detail)
{
  g_autofree char *amount = ts_money_format_local (json_object_get_int_member (row, "amount_cents"));

  *detail = g_strdup_printf ("%s · %s", json_object_get_string_member (row, "fund"),
                             json_object_get_string_member (row, "method"));
  return g_strdup_printf ("%s — %s", json_object_get_string_member (row, "donated_on"), amount);
}

static char *
membership_title (JsonObject *row,
                  char      **detail)
{
  *detail = g_strdup_printf (_("%s to %s"), json_object_get_string_member (row, "starts_on"),
                             json_object_get_string_member (row, "ends_on"));
  return g_strdup (json_object_get_string_member (row, "level"));
}

static char *
preference_title (JsonObject *row,
                  char      **detail)
{
  const char *consent = json_object_get_string_member_with_default (row, "consent_on", NULL);

  *detail = consent ? g_strdup_printf (_("Consent given on %s"), consent) : NULL;
  return g_strdup_printf (_("Mail: %s · E-mail: %s · Phone: %s"),
                          json_object_get_boolean_member (row, "may_mail") ? _("yes") : _("no"),
                          json_object_get_boolean_member (row, "may_email") ? _("yes") : _("no"),
                          json_object_get_boolean_member (row, "may_phone") ? _("yes") : _("no"));
}

static char *
list_title (JsonObject *row,
            char      **detail)
{
  return g_strdup (json_object_get_string_member (row, "name"));
}

static const char *
member_or_empty (JsonObject *object,
                 const char *member)
{
  const char *value = json_object_get_string_member_with_default (object, member, NULL);

  return value ? value : "";
}

static char *
audit_title (JsonObject *row,
             char      **detail)
{
  const char *login = json_object_get_string_member_with_default (row, "login", NULL);

  *detail = g_strdup_printf ("%s · %s", login ? login : _("the system"), json_object_get_string_member (row, "at"));
  return g_strdup_printf ("%s %s", json_object_get_string_member (row, "action"),
                          json_object_get_string_member (row, "entity"));
}

static gboolean
is_administrator (TsPatronWindow *self)
{
  return ts_api_client_get_level (self->client) >= TS_LEVEL_ADMIN;
}

/* Vouchers (T3, C4) ------------------------------------------------------------- */

/* Staff act on the patron's behalf: reserving a voucher is an order that
 * sells nothing and takes no money, which they may send (C4). */
static gboolean
may_reserve (TsPatronWindow *self)
{
  return self->client != NULL && ts_api_client_get_level (self->client) >= TS_LEVEL_STAFF;
}

static gboolean
voucher_is_open (JsonObject *voucher)
{
  return g_strcmp0 (json_object_get_string_member_with_default (voucher, "status", NULL), "open") == 0;
}

static guint
count_open_vouchers (TsPatronWindow *self)
{
  guint n = 0;

  for (guint i = 0; self->vouchers != NULL && i < json_array_get_length (self->vouchers); i++)
    if (voucher_is_open (json_array_get_object_element (self->vouchers, i)))
      n++;
  return n;
}

static void
update_reserve_action (TsPatronWindow *self)
{
  guint open = count_open_vouchers (self);
  const char *tip;

  if (!may_reserve (self))
    tip = _("Reserving vouchers needs the Staff level or above (rule C4).");
  else if (self->vouchers == NULL)
    tip = _("The vouchers have not loaded.");
  else if (open == 0)
    tip = _("The patron has no open voucher with this outlet.");
  else
    tip = _("Reserve an open voucher for a performance, at no charge");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "patron.reserve-voucher", may_reserve (self) && open > 0);
  gtk_widget_set_tooltip_text (self->reserve_button, tip);
}

static JsonObject *
voucher_reservation (JsonObject *voucher)
{
  JsonNode *node = json_object_get_member (voucher, "reserved");

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static char *
voucher_title (JsonObject *voucher,
               char      **detail)
{
  g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (voucher, "id"));
  JsonObject *reservation = voucher_reservation (voucher);

  if (reservation != NULL)
    {
      g_autofree char *when = ts_order_format_time (ts_order_string_member (reservation, "starts_at"));
      g_autofree char *order = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                json_object_get_int_member_with_default (reservation, "order_id", 0));

      /* TRANSLATORS: voucher number, event, date and time, seat or area, order number */
      *detail = g_strdup_printf (_("Voucher %s · reserved: %s · %s · %s · order %s"), number,
                                 ts_order_string_member (reservation, "event"), when,
                                 ts_order_string_member (reservation, "seat_name"), order);
    }
  else
    *detail = g_strdup_printf (_("Voucher %s · open: not reserved yet"), number);
  return g_strdup_printf ("%s — %s", ts_order_string_member (voucher, "subscription"),
                          ts_order_string_member (voucher, "ticket_type"));
}

static void
vouchers_loaded (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPatronWindow *self = user_data;
  GtkListBox *list;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  list = list_of (self, "vouchers");
  clear_list (list);
  g_clear_pointer (&self->vouchers, json_array_unref);
  if (answer == NULL || !JSON_NODE_HOLDS_ARRAY (answer))
    set_message (self, error != NULL ? error->message : _("The server gave no answer"));
  else
    {
      self->vouchers = json_array_ref (json_node_get_array (answer));
      for (guint i = 0; i < json_array_get_length (self->vouchers); i++)
        {
          JsonObject *voucher = json_array_get_object_element (self->vouchers, i);
          g_autofree char *detail = NULL;
          g_autofree char *title = voucher_title (voucher, &detail);
          GtkWidget *row = text_row (title, detail);

          /* a selectable label would take the click that chooses the row */
          gtk_label_set_selectable (GTK_LABEL (gtk_widget_get_first_child (row)), FALSE);
          gtk_list_box_append (list, row);
          g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (row)), "voucher", json_object_ref (voucher),
                                  (GDestroyNotify) json_object_unref);
        }
    }
  self->voucher_loads++;
  update_reserve_action (self);
}

static void
load_vouchers (TsPatronWindow *self)
{
  g_autofree char *path = patron_path (self, "/vouchers");

  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, vouchers_loaded, self);
}

static char *
patron_display_name (TsPatronWindow *self)
{
  JsonObject *patron = self->patron != NULL ? json_node_get_object (self->patron) : NULL;
  g_autofree char *name = NULL;

  if (patron == NULL)
    return g_strdup_printf ("#%" G_GINT64_FORMAT, self->patron_id);
  name = g_strdup_printf ("%s %s", member_or_empty (patron, "first_name"), member_or_empty (patron, "last_name"));
  g_strstrip (name);
  return g_strdup (*name != '\0' ? name : member_or_empty (patron, "company"));
}

static void
on_voucher_reserved (TsVoucherReserveDialog *dialog,
                     gint64                  order_id,
                     TsPatronWindow         *self)
{
  set_message (self, NULL);
  load_vouchers (self);
  load_list (self, "orders", "orders", order_title);
}

static void
open_reserve_dialog (TsPatronWindow *self,
                     gint64          voucher_id)
{
  g_autofree char *name = NULL;
  TsVoucherReserveDialog *dialog;

  if (!may_reserve (self) || count_open_vouchers (self) == 0)
    return;
  name = patron_display_name (self);
  dialog = ts_voucher_reserve_dialog_new (GTK_WINDOW (self), self->client, self->patron_id, name,
                                          self->vouchers, voucher_id);
  g_signal_connect_object (dialog, "reserved", G_CALLBACK (on_voucher_reserved), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The selected voucher if it is open, else the dialog's first open one. */
static void
reserve_voucher_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  TsPatronWindow *self = TS_PATRON_WINDOW (widget);
  GtkListBoxRow *row = gtk_list_box_get_selected_row (list_of (self, "vouchers"));
  JsonObject *voucher = row != NULL ? g_object_get_data (G_OBJECT (row), "voucher") : NULL;

  open_reserve_dialog (self, voucher != NULL && voucher_is_open (voucher) ? json_object_get_int_member (voucher, "id") : 0);
}

/* An open voucher is reserved; a reserved one shows its order. */
static void
voucher_activated (GtkListBox     *list,
                   GtkListBoxRow  *row,
                   TsPatronWindow *self)
{
  JsonObject *voucher = g_object_get_data (G_OBJECT (row), "voucher");
  JsonObject *reservation = voucher != NULL ? voucher_reservation (voucher) : NULL;

  if (voucher != NULL && voucher_is_open (voucher))
    open_reserve_dialog (self, json_object_get_int_member (voucher, "id"));
  else if (reservation != NULL && json_object_get_int_member_with_default (reservation, "order_id", 0) != 0)
    {
      TsOrderWindow *window = ts_order_window_new (self->client, json_object_get_int_member (reservation, "order_id"));

      gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (self));
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
patron_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  TsPatronWindow *self = user_data;
  JsonObject *patron;
  g_autofree char *name = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (answer == NULL)
    {
      set_message (self, error->message);
      return;
    }
  g_clear_pointer (&self->patron, json_node_unref);
  self->patron = answer;
  patron = json_node_get_object (answer);
  name = g_strdup_printf ("%s %s%s%s  #%" G_GINT64_FORMAT,
                          member_or_empty (patron, "first_name"), member_or_empty (patron, "last_name"),
                          *member_or_empty (patron, "company") ? " — " : "", member_or_empty (patron, "company"),
                          self->patron_id);
  gtk_label_set_text (self->name_label, g_strstrip (name));
  gtk_window_set_title (GTK_WINDOW (self), gtk_label_get_text (self->name_label));
  fill_contacts (self, patron);
  self->loaded = TRUE;
}

static void
reload (TsPatronWindow *self)
{
  g_autofree char *path = patron_path (self, NULL);

  ts_api_client_request_async (self->client, "GET", path, NULL, self->cancellable, patron_loaded, self);
  load_list (self, "orders", "orders", order_title);
  load_vouchers (self);
  load_list (self, "notes", "notes", note_title);
  load_list (self, "tags", "tags", tag_title);
  load_list (self, "donations", "donations", donation_title);
  load_list (self, "memberships", "memberships", membership_title);
  load_list (self, "preferences", "preferences", preference_title);
  load_list (self, "mailing-lists", "mailing_lists", list_title);
  if (is_administrator (self))
    load_list (self, "audit", "entries", audit_title);
}

static void
add_note (TsPatronWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = patron_path (self, "/notes");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->note_entry));

  if (*text == '\0')
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, "POST", path, body);
  gtk_editable_set_text (GTK_EDITABLE (self->note_entry), "");
}

static void
save_tags (TsPatronWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = patron_path (self, "/tags");
  g_auto(GStrv) tags = g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_entry)), ",", -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  for (guint i = 0; tags[i] != NULL; i++)
    if (*g_strstrip (tags[i]) != '\0')
      json_builder_add_string_value (builder, tags[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, "PUT", path, body);
}

static void
add_donation (TsPatronWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = patron_path (self, "/donations");
  const char *date = gtk_editable_get_text (GTK_EDITABLE (self->donated_entry));
  const char *fund = gtk_editable_get_text (GTK_EDITABLE (self->fund_entry));
  gint64 cents = 0;

  if (!ts_money_parse (gtk_editable_get_text (GTK_EDITABLE (self->amount_entry)), &cents, &error)
      || !ts_validate_date (_("Date"), date, &error)
      || !ts_validate_required (_("Fund"), fund, 80, &error))
    {
      set_message (self, error->message);
      return;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount_cents");
  json_builder_add_int_value (builder, cents);
  json_builder_set_member_name (builder, "donated_on");
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "fund");
  json_builder_add_string_value (builder, fund);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, methods[gtk_drop_down_get_selected (self->method_dropdown)]);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, "POST", path, body);
}

static void
add_membership (TsPatronWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = patron_path (self, "/memberships");

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "level");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->level_entry)));
  json_builder_set_member_name (builder, "starts_on");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->starts_entry)));
  json_builder_set_member_name (builder, "ends_on");
  json_builder_add_string_value (builder, gtk_editable_get_text (GTK_EDITABLE (self->ends_entry)));
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, "POST", path, body);
}

static void
save_preferences (TsPatronWindow *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *path = patron_path (self, "/contact-preferences");
  const char *consent = gtk_editable_get_text (GTK_EDITABLE (self->consent_entry));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "may_mail");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->mail_check));
  json_builder_set_member_name (builder, "may_email");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->email_check));
  json_builder_set_member_name (builder, "may_phone");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->phone_check));
  json_builder_set_member_name (builder, "consent_on");
  if (*consent == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, consent);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  send (self, "PUT", path, body);
}

/* Building the tabs --------------------------------------------------------------- */

static GtkEntry *
form_entry (GtkWidget  *form,
            const char *placeholder,
            int         width)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width);
  gtk_box_append (GTK_BOX (form), entry);
  return GTK_ENTRY (entry);
}

static GtkWidget *
form_button (GtkWidget      *form,
             const char     *label,
             GCallback       callback,
             TsPatronWindow *self)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_signal_connect_swapped (button, "clicked", callback, self);
  gtk_box_append (GTK_BOX (form), button);
  return button;
}

/* One tab: a list on top, an optional form below. */
static GtkWidget *
add_tab (TsPatronWindow *self,
         const char     *id,
         const char     *title,
         GtkWidget     **out_form)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *form = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_set_margin_top (page, 12);
  gtk_widget_set_margin_bottom (page, 12);
  gtk_widget_set_margin_start (page, 12);
  gtk_widget_set_margin_end (page, 12);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (page), scrolled);
  gtk_box_append (GTK_BOX (page), form);
  gtk_notebook_append_page (self->notebook, page, gtk_label_new_with_mnemonic (title));
  g_hash_table_insert (self->lists, g_strdup (id), list);
  *out_form = form;
  return page;
}

static GtkDropDown *
drop_down (GtkWidget   *form,
           const char **names)
{
  GtkWidget *dropdown = gtk_drop_down_new_from_strings (names);

  gtk_box_append (GTK_BOX (form), dropdown);
  return GTK_DROP_DOWN (dropdown);
}

static void
build (TsPatronWindow *self)
{
  GtkWidget *header = gtk_header_bar_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *form;
  const char *kind_names[] = { _("Phone"), _("E-mail"), _("Address"), _("Fax"), _("Web site"), NULL };
  const char *method_names[] = { _("Cash"), _("Cheque"), _("Card"), _("Transfer"), _("In kind"), _("Other"), NULL };

  gtk_window_set_titlebar (GTK_WINDOW (self), header);
  self->name_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->name_label), "section-title");
  gtk_label_set_xalign (self->name_label, 0);
  gtk_widget_set_margin_top (GTK_WIDGET (self->name_label), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->name_label), 12);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->name_label));
  self->notebook = GTK_NOTEBOOK (gtk_notebook_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->notebook), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->notebook));
  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->message_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->message_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->message_label), 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error-text");
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->message_label));
  gtk_window_set_child (GTK_WINDOW (self), content);

  add_tab (self, "contact", _("_Contact"), &form);
  self->kind_dropdown = drop_down (form, kind_names);
  self->value_entry = form_entry (form, _("Number, e-mail, street line or web address"), 28);
  self->city_entry = form_entry (form, _("City (address)"), 12);
  self->postal_entry = form_entry (form, _("Postal code"), 8);
  self->contact_button = GTK_BUTTON (form_button (form, _("_Add Contact"), G_CALLBACK (contact_submit), self));

  add_tab (self, "orders", _("_Orders"), &form);
  {
    GtkWidget *hint = gtk_label_new (_("This outlet’s orders for the patron (rules P4, P5); activate one to open it."));

    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_box_append (GTK_BOX (form), hint);
    g_signal_connect (list_of (self, "orders"), "row-activated", G_CALLBACK (order_activated), self);
  }

  add_tab (self, "vouchers", _("_Vouchers"), &form);
  {
    GtkWidget *hint = gtk_label_new (_("This outlet’s subscription vouchers for the patron (rule T3). Reserve an open "
                                       "one for a performance on the patron’s behalf; activate a reserved one to open "
                                       "its order."));

    gtk_label_set_xalign (GTK_LABEL (hint), 0);
    gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
    gtk_widget_set_hexpand (hint, TRUE);
    gtk_widget_add_css_class (hint, "dim-label");
    gtk_box_append (GTK_BOX (form), hint);
    self->reserve_button = gtk_button_new_with_mnemonic (_("_Reserve…"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reserve_button), "patron.reserve-voucher");
    gtk_widget_set_valign (self->reserve_button, GTK_ALIGN_CENTER);
    gtk_box_append (GTK_BOX (form), self->reserve_button);
    /* a click chooses the voucher Reserve… takes; a double click or Enter acts on it */
    gtk_list_box_set_selection_mode (list_of (self, "vouchers"), GTK_SELECTION_SINGLE);
    gtk_list_box_set_activate_on_single_click (list_of (self, "vouchers"), FALSE);
    g_signal_connect (list_of (self, "vouchers"), "row-activated", G_CALLBACK (voucher_activated), self);
  }

  add_tab (self, "notes", _("_Notes"), &form);
  self->note_entry = form_entry (form, _("A note for our outlet only"), 40);
  gtk_widget_set_hexpand (GTK_WIDGET (self->note_entry), TRUE);
  form_button (form, _("Add _Note"), G_CALLBACK (add_note), self);

  add_tab (self, "tags", _("_Tags"), &form);
  self->tags_entry = form_entry (form, _("VIP, board, subscriber…"), 40);
  gtk_widget_set_hexpand (GTK_WIDGET (self->tags_entry), TRUE);
  form_button (form, _("Save _Tags"), G_CALLBACK (save_tags), self);

  add_tab (self, "donations", _("_Donations"), &form);
  self->amount_entry = form_entry (form, _("Amount"), 10);
  self->donated_entry = form_entry (form, _("YYYY-MM-DD"), 11);
  self->fund_entry = form_entry (form, _("Fund"), 16);
  self->method_dropdown = drop_down (form, method_names);
  form_button (form, _("Record _Donation"), G_CALLBACK (add_donation), self);

  add_tab (self, "memberships", _("_Memberships"), &form);
  self->level_entry = form_entry (form, _("Level"), 16);
  self->starts_entry = form_entry (form, _("Starts YYYY-MM-DD"), 14);
  self->ends_entry = form_entry (form, _("Ends YYYY-MM-DD"), 14);
  form_button (form, _("Add _Membership"), G_CALLBACK (add_membership), self);

  add_tab (self, "preferences", _("_Preferences"), &form);
  self->mail_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("M_ail")));
  self->email_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_E-mail")));
  self->phone_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("P_hone")));
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->mail_check));
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->email_check));
  gtk_box_append (GTK_BOX (form), GTK_WIDGET (self->phone_check));
  self->consent_entry = form_entry (form, _("Consent YYYY-MM-DD"), 14);
  form_button (form, _("Save _Preferences"), G_CALLBACK (save_preferences), self);

  add_tab (self, "mailing-lists", _("Mailing _Lists"), &form);
}

static void
ts_patron_window_dispose (GObject *object)
{
  TsPatronWindow *self = TS_PATRON_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->client);
  g_clear_pointer (&self->patron, json_node_unref);
  g_clear_pointer (&self->vouchers, json_array_unref);
  G_OBJECT_CLASS (ts_patron_window_parent_class)->dispose (object);
}

static void
ts_patron_window_finalize (GObject *object)
{
  g_hash_table_unref (TS_PATRON_WINDOW (object)->lists);
  G_OBJECT_CLASS (ts_patron_window_parent_class)->finalize (object);
}

static void
ts_patron_window_class_init (TsPatronWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ts_patron_window_dispose;
  object_class->finalize = ts_patron_window_finalize;
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "patron.reserve-voucher", NULL, reserve_voucher_activated);
  gtk_widget_class_add_binding_action (GTK_WIDGET_CLASS (klass), GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ts_patron_window_init (TsPatronWindow *self)
{
  self->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 560);
  build (self);
  update_reserve_action (self);
}

TsPatronWindow *
ts_patron_window_new (GtkWindow   *parent,
                      TsApiClient *client,
                      gint64       patron_id)
{
  TsPatronWindow *self = g_object_new (TS_TYPE_PATRON_WINDOW, "transient-for", parent, NULL);

  self->client = g_object_ref (client);
  self->patron_id = patron_id;
  update_reserve_action (self);
  if (is_administrator (self))
    {
      GtkWidget *form;

      add_tab (self, "audit", _("_History"), &form);
    }
  reload (self);
  return self;
}

gboolean
ts_patron_window_is_loaded (TsPatronWindow *self)
{
  return self->loaded;
}

guint
ts_patron_window_count_rows (TsPatronWindow *self,
                             const char     *tab)
{
  GtkListBox *list = list_of (self, tab);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

void
ts_patron_window_show_tab (TsPatronWindow *self,
                           const char     *tab)
{
  GtkWidget *list = GTK_WIDGET (list_of (self, tab));

  for (int i = 0; list != NULL && i < gtk_notebook_get_n_pages (self->notebook); i++)
    if (gtk_widget_is_ancestor (list, gtk_notebook_get_nth_page (self->notebook, i)))
      gtk_notebook_set_current_page (self->notebook, i);
}

char *
ts_patron_window_get_row_text (TsPatronWindow *self,
                               const char     *tab,
                               guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_of (self, tab), (int) index);
  GString *text;

  if (row == NULL)
    return NULL;
  /* the row's labels, top to bottom: text_row() makes them */
  text = g_string_new (NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_list_box_row_get_child (row)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LABEL (child))
      g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", gtk_label_get_text (GTK_LABEL (child)));
  return g_string_free (text, FALSE);
}

gboolean
ts_patron_window_select_row (TsPatronWindow *self,
                             const char     *tab,
                             guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list_of (self, tab), (int) index);

  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (list_of (self, tab), row);
  return TRUE;
}

guint
ts_patron_window_get_voucher_loads (TsPatronWindow *self)
{
  return self->voucher_loads;
}

gboolean
ts_patron_window_can_reserve_voucher (TsPatronWindow *self)
{
  return gtk_widget_get_sensitive (self->reserve_button);
}

const char *
ts_patron_window_get_reserve_tip (TsPatronWindow *self)
{
  return gtk_widget_get_tooltip_text (self->reserve_button);
}
