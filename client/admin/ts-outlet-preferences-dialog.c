/* ts-outlet-preferences-dialog.c — an outlet's preferences, one page per subject (C7)
 *
 * Identity and branding, the time zone (chosen from the zones this computer
 * knows, never typed), the payment methods the tills take, the receipts'
 * texts, hold expiry and the hold letters other outlets may release (M8),
 * the outlet's web storefront (F3); later issues add pages to the stack.  Fields are checked with the same
 * validators the server uses, so most mistakes are shown before anything
 * is sent, on the page of the field; the server's answer is shown as it
 * comes for the rest.  The logo is an SVG drawn with librsvg. */
#include <glib/gi18n.h>
#include <librsvg/rsvg.h>

#include <math.h>

#include "ts-api-maps.h"
#include "ts-error.h"
#include "ts-validate.h"
#include "ts-outlet-preferences-dialog-private.h"

/* The payment methods a checkout may be paid by, in the order the server
 * answers them (docs/api.md, "Outlets"). */
static const char * const payment_methods[] = {
  "cash", "cheque", "card", "gift_certificate", "pass", "on_account"
};
#define N_METHODS G_N_ELEMENTS (payment_methods)

struct _TsOutletPreferencesDialog
{
  TsDialog           parent_instance;

  GtkStack          *pages;
  GtkEntry          *name_entry;
  GtkLabel          *code_label;
  GtkTextView       *address_view;
  GtkEntry          *phone_entry;
  GtkEntry          *email_entry;
  GtkEntry          *web_entry;
  GtkEntry          *currency_entry;
  GtkPicture        *logo_picture;
  GtkLabel          *time_zone_label;
  GtkSearchEntry    *time_zone_search;
  GtkListView       *time_zone_list;
  GtkCheckButton    *method_checks[N_METHODS];
  GtkTextView       *receipt_header_view;
  GtkTextView       *receipt_footer_view;
  GtkSpinButton     *hold_spin;
  GtkGrid           *letters_grid;
  GtkToggleButton   *letter_toggles[26];
  GtkCheckButton    *web_check;
  GtkLabel          *web_address_label;
  GtkEntry          *web_host_entry;
  GtkColorButton    *web_colour_button;
  GtkLabel          *web_colour_label;
  GtkTextView       *web_intro_en_view;
  GtkTextView       *web_intro_fr_view;
  GtkCheckButton    *web_cancel_check;
  GtkSpinButton     *web_cancel_spin;

  GtkStringList     *zones;
  GtkCustomFilter   *zone_filter;
  GtkSingleSelection *zone_selection;
  char              *zone_search;      /* lower case, '_' as spaces */

  gint64             outlet_id;
  char              *logo_svg;
  char              *time_zone;
  char              *code;
};

G_DEFINE_FINAL_TYPE (TsOutletPreferencesDialog, ts_outlet_preferences_dialog, TS_TYPE_DIALOG)

/* Renders the SVG to a texture for the preview; FALSE if it is not a
 * drawable SVG. */
static gboolean
show_logo (TsOutletPreferencesDialog  *self,
           const char                 *svg,
           GError                    **error)
{
  RsvgHandle *handle;              /* librsvg 2.54 has no autoptr for it */
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  RsvgRectangle viewport = { 0, 0, 320, 160 };

  if (svg == NULL || *svg == '\0')
    {
      gtk_picture_set_paintable (self->logo_picture, NULL);
      return TRUE;
    }
  handle = rsvg_handle_new_from_data ((const guint8 *) svg, strlen (svg), error);
  if (handle == NULL)
    return FALSE;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 320, 160);
  cr = cairo_create (surface);
  if (!rsvg_handle_render_document (handle, cr, &viewport, error))
    {
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
      g_object_unref (handle);
      return FALSE;
    }
  cairo_destroy (cr);
  g_object_unref (handle);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * 160);
  texture = gdk_memory_texture_new (320, 160, GDK_MEMORY_DEFAULT, bytes,
                                    (gsize) cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gtk_picture_set_paintable (self->logo_picture, GDK_PAINTABLE (texture));
  return TRUE;
}

/* Time zone --------------------------------------------------------------- */

/* g_ptr_array_sort hands pointers to the elements. */
static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The IANA zones this computer knows (tzdata's canonical names, by region),
 * sorted; UTC first.  The server checks the name again (ts_validate_time_zone). */
static GtkStringList *
known_zones (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GtkStringList *list = gtk_string_list_new (NULL);

  if (g_file_get_contents ("/usr/share/zoneinfo/tzdata.zi", &contents, NULL, NULL))
    {
      lines = g_strsplit (contents, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          /* "Z America/Toronto …": a zone; links ("L") are older names of these */
          if (g_str_has_prefix (lines[i], "Z "))
            {
              g_auto(GStrv) fields = g_strsplit (lines[i] + 2, " ", 2);

              if (fields[0] != NULL && strchr (fields[0], '/') != NULL && !g_str_has_prefix (fields[0], "Etc/"))
                g_ptr_array_add (names, g_strdup (fields[0]));
            }
        }
    }
  g_ptr_array_sort (names, compare_names);
  gtk_string_list_append (list, "UTC");
  for (guint i = 0; i < names->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (names, i));
  return list;
}

/* How a zone is shown and searched: "America/New York". */
static char *
zone_display (const char *zone)
{
  return g_strdelimit (g_strdup (zone), "_", ' ');
}

static gboolean
zone_matches (gpointer item,
              gpointer user_data)
{
  TsOutletPreferencesDialog *self = user_data;
  g_autofree char *shown = NULL;
  g_autofree char *folded = NULL;

  if (self->zone_search == NULL || *self->zone_search == '\0')
    return TRUE;
  shown = zone_display (gtk_string_object_get_string (GTK_STRING_OBJECT (item)));
  folded = g_utf8_strdown (shown, -1);
  return strstr (folded, self->zone_search) != NULL;
}

static void
zone_setup (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_top (label, 3);
  gtk_widget_set_margin_bottom (label, 3);
  gtk_list_item_set_child (item, label);
}

static void
zone_bind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  g_autofree char *shown = zone_display (gtk_string_object_get_string (gtk_list_item_get_item (item)));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), shown);
}

static void
show_time_zone (TsOutletPreferencesDialog *self)
{
  g_autofree char *shown = zone_display (self->time_zone ? self->time_zone : "");
  g_autofree char *text = g_strdup_printf (_("Time zone: %s"), shown);

  gtk_label_set_text (self->time_zone_label, text);
}

/* The zone the person picks stays chosen while a search hides it. */
static void
zone_selected (TsOutletPreferencesDialog *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (self->zone_selection);

  if (item == NULL)
    return;
  g_free (self->time_zone);
  self->time_zone = g_strdup (gtk_string_object_get_string (item));
  show_time_zone (self);
}

static void
on_time_zone_search (TsOutletPreferencesDialog *self)
{
  g_free (self->zone_search);
  self->zone_search = g_utf8_strdown (gtk_editable_get_text (GTK_EDITABLE (self->time_zone_search)), -1);
  g_strdelimit (self->zone_search, "_", ' ');
  gtk_filter_changed (GTK_FILTER (self->zone_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* Selects zone in the list, adding it first if this computer does not know
 * it (an outlet's zone set elsewhere), and scrolls to it. */
static void
select_zone (TsOutletPreferencesDialog *self,
             const char                *zone)
{
  GListModel *shown = G_LIST_MODEL (self->zone_selection);
  guint n;

  g_free (self->time_zone);
  self->time_zone = g_strdup (zone);
  show_time_zone (self);
  for (guint pass = 0; pass < 2; pass++)
    {
      n = g_list_model_get_n_items (shown);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GtkStringObject) item = g_list_model_get_item (shown, i);

          if (g_strcmp0 (gtk_string_object_get_string (item), zone) == 0)
            {
              gtk_single_selection_set_selected (self->zone_selection, i);
              gtk_widget_activate_action (GTK_WIDGET (self->time_zone_list), "list.scroll-to-item", "u", i);
              return;
            }
        }
      gtk_string_list_append (self->zones, zone);
    }
}

/* Hold letters (M8) ----------------------------------------------------------- */

static void
build_letter_toggles (TsOutletPreferencesDialog *self)
{
  for (int i = 0; i < 26; i++)
    {
      char letter[2] = { 'a' + i, '\0' };
      GtkWidget *toggle = gtk_toggle_button_new_with_label (letter);

      gtk_widget_set_size_request (toggle, 36, -1);
      gtk_widget_set_sensitive (toggle, FALSE);
      gtk_grid_attach (self->letters_grid, toggle, i % 13, i / 13, 1, 1);
      self->letter_toggles[i] = GTK_TOGGLE_BUTTON (toggle);
    }
}

/* The letters in use may be switched on; each says what it is for. */
static void
letters_loaded (TsDialog     *dialog,
                JsonNode     *answer,
                const GError *error)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (dialog);
  JsonArray *letters;

  if (error != NULL)
    return;
  letters = json_object_get_array_member (json_node_get_object (answer), "hold_letters");
  for (guint i = 0; i < json_array_get_length (letters); i++)
    {
      JsonObject *letter = json_array_get_object_element (letters, i);
      const char *name = json_object_get_string_member (letter, "letter");
      g_autofree char *tip = NULL;

      if (name[0] < 'a' || name[0] > 'z')
        continue;
      tip = g_strdup_printf ("%s — %s", name, json_object_get_string_member (letter, "description"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->letter_toggles[name[0] - 'a']), TRUE);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->letter_toggles[name[0] - 'a']), tip);
    }
  ts_dialog_set_ready (dialog, TRUE);
}

/* Loading --------------------------------------------------------------------- */

static void
set_entry (GtkEntry   *entry,
           JsonObject *outlet,
           const char *member)
{
  const char *value = json_object_get_string_member_with_default (outlet, member, NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), value ? value : "");
}

static void
set_text_view (GtkTextView *view,
               JsonObject  *outlet,
               const char  *member)
{
  const char *value = json_object_get_string_member_with_default (outlet, member, NULL);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (view), value ? value : "", -1);
}

static char *
text_view_text (GtkTextView *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
add_text (JsonBuilder *builder,
          const char  *member,
          const char  *value)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));

  json_builder_set_member_name (builder, member);
  if (*trimmed == '\0')
    json_builder_add_null_value (builder);
  else
    json_builder_add_string_value (builder, trimmed);
}

/* Web storefront (F3) --------------------------------------------------------- */

/* Where patrons find the storefront: this server's /shop/<code>/, and the
 * outlet's own host name on the same scheme and port when one is typed.
 * NULL until the outlet is loaded. */
static char *
storefront_address (TsOutletPreferencesDialog *self,
                    gboolean                   own_host)
{
  const char *base = ts_api_client_get_base_url (ts_dialog_get_client (TS_DIALOG (self)));
  g_autofree char *host = g_strstrip (g_ascii_strdown (gtk_editable_get_text (GTK_EDITABLE (self->web_host_entry)), -1));
  g_autoptr(GUri) uri = g_uri_parse (base, G_URI_FLAGS_NONE, NULL);

  if (self->code == NULL)
    return NULL;
  if (!own_host)
    return g_strdup_printf ("%s/shop/%s/", base, self->code);
  if (*host == '\0' || uri == NULL || !ts_validate_host_name ("", host, NULL))
    return NULL;
  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, host, g_uri_get_port (uri), "/", NULL, NULL);
}

static void
on_web_host_changed (TsOutletPreferencesDialog *self)
{
  g_autofree char *address = storefront_address (self, FALSE);
  g_autofree char *own = storefront_address (self, TRUE);
  g_autofree char *both = NULL;

  if (own != NULL)
    /* TRANSLATORS: the storefront's two addresses, one under the other */
    both = g_strdup_printf (_("%s\nand %s"), address, own);
  gtk_label_set_text (self->web_address_label, both ? both : address ? address : "");
}

static void
copy_address_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (widget);
  g_autofree char *address = storefront_address (self, FALSE);

  if (address != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), address);
}

/* The colour as the server keeps it: #rrggbb. */
static char *
colour_text (TsOutletPreferencesDialog *self)
{
  GdkRGBA rgba;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (self->web_colour_button), &rgba);
  return g_strdup_printf ("#%02x%02x%02x", (guint) lround (CLAMP (rgba.red, 0, 1) * 255),
                          (guint) lround (CLAMP (rgba.green, 0, 1) * 255),
                          (guint) lround (CLAMP (rgba.blue, 0, 1) * 255));
}

static void
on_web_colour_changed (TsOutletPreferencesDialog *self)
{
  g_autofree char *text = colour_text (self);

  gtk_label_set_text (self->web_colour_label, text);
}

static void
set_colour (TsOutletPreferencesDialog *self,
            const char                *hex)
{
  GdkRGBA rgba;

  if (hex == NULL || !gdk_rgba_parse (&rgba, hex))
    return;
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (self->web_colour_button), &rgba);
  on_web_colour_changed (self);
}

static void
load_storefront (TsOutletPreferencesDialog *self,
                 JsonObject                *outlet)
{
  JsonNode *hours = json_object_get_member (outlet, "web_cancel_hours");

  g_free (self->code);
  self->code = g_strdup (json_object_get_string_member (outlet, "code"));
  gtk_check_button_set_active (self->web_check, json_object_get_boolean_member_with_default (outlet, "web_enabled", FALSE));
  set_entry (self->web_host_entry, outlet, "web_host");
  set_colour (self, json_object_get_string_member_with_default (outlet, "web_colour", "#1d4f91"));
  set_text_view (self->web_intro_en_view, outlet, "web_intro_en");
  set_text_view (self->web_intro_fr_view, outlet, "web_intro_fr");
  /* patrons may not cancel online unless the outlet says until when */
  gtk_check_button_set_active (self->web_cancel_check, hours != NULL && !JSON_NODE_HOLDS_NULL (hours));
  if (hours != NULL && !JSON_NODE_HOLDS_NULL (hours))
    gtk_spin_button_set_value (self->web_cancel_spin, (double) json_node_get_int (hours));
  on_web_host_changed (self);
}

static void
add_storefront (TsOutletPreferencesDialog *self,
                JsonBuilder               *builder,
                const char                *intro_en,
                const char                *intro_fr)
{
  g_autofree char *colour = colour_text (self);

  json_builder_set_member_name (builder, "web_enabled");
  json_builder_add_boolean_value (builder, gtk_check_button_get_active (self->web_check));
  add_text (builder, "web_host", gtk_editable_get_text (GTK_EDITABLE (self->web_host_entry)));
  add_text (builder, "web_colour", colour);
  add_text (builder, "web_intro_en", intro_en);
  add_text (builder, "web_intro_fr", intro_fr);
  json_builder_set_member_name (builder, "web_cancel_hours");
  gtk_spin_button_update (self->web_cancel_spin);     /* hours typed but not yet entered */
  if (gtk_check_button_get_active (self->web_cancel_check))
    json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->web_cancel_spin));
  else
    json_builder_add_null_value (builder);
}

/* The outlet ------------------------------------------------------------------ */

static void
loaded (TsDialog     *dialog,
        JsonNode     *answer,
        const GError *error)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (dialog);
  JsonObject *outlet;
  JsonArray *methods;
  const char *letters;
  g_autofree char *title = NULL;

  if (error != NULL)
    return;
  outlet = json_node_get_object (answer);
  set_entry (self->name_entry, outlet, "name");
  gtk_label_set_text (self->code_label, json_object_get_string_member (outlet, "code"));
  set_entry (self->phone_entry, outlet, "phone");
  set_entry (self->email_entry, outlet, "email");
  set_entry (self->web_entry, outlet, "web_site");
  set_entry (self->currency_entry, outlet, "currency");
  set_text_view (self->address_view, outlet, "address");
  set_text_view (self->receipt_header_view, outlet, "receipt_header");
  set_text_view (self->receipt_footer_view, outlet, "receipt_footer");
  select_zone (self, json_object_get_string_member (outlet, "time_zone"));
  gtk_spin_button_set_value (self->hold_spin,
                             (double) json_object_get_int_member_with_default (outlet, "default_hold_minutes", 15));
  g_free (self->logo_svg);
  self->logo_svg = g_strdup (json_object_get_string_member_with_default (outlet, "logo_svg", NULL));
  show_logo (self, self->logo_svg, NULL);
  load_storefront (self, outlet);

  methods = json_object_get_array_member (outlet, "payment_methods");
  for (guint m = 0; m < N_METHODS; m++)
    {
      gboolean takes = FALSE;

      for (guint i = 0; methods != NULL && i < json_array_get_length (methods); i++)
        takes = takes || g_strcmp0 (json_array_get_string_element (methods, i), payment_methods[m]) == 0;
      gtk_check_button_set_active (self->method_checks[m], takes);
    }
  letters = json_object_get_string_member_with_default (outlet, "releasable_hold_letters", "");
  for (int i = 0; i < 26; i++)
    gtk_toggle_button_set_active (self->letter_toggles[i], strchr (letters, 'a' + i) != NULL);

  title = g_strdup_printf (_("Preferences of %s (%s)"), json_object_get_string_member (outlet, "name"),
                           json_object_get_string_member (outlet, "code"));
  gtk_window_set_title (GTK_WINDOW (self), title);
  ts_api_client_list_hold_letters_async (ts_dialog_get_client (dialog), ts_dialog_get_cancellable (dialog),
                                         ts_dialog_answered, ts_dialog_call (dialog, letters_loaded));
}

/* Saving ---------------------------------------------------------------------- */

/* Shows the page of the field a mistake is about, then says it there;
 * FALSE, for what checks the form. */
static gboolean
refuse_on_page (TsOutletPreferencesDialog *self,
                const char                *page,
                GtkWidget                 *field,
                const char                *message)
{
  gtk_stack_set_visible_child_name (self->pages, page);
  ts_dialog_refuse (TS_DIALOG (self), field, message);
  return FALSE;
}

/* What was typed, checked as the server will; the texts of the fields that
 * are not entries are given. */
static gboolean
check_form (TsOutletPreferencesDialog *self,
            const char                *address,
            const char                *currency,
            const char                *header,
            const char                *footer)
{
  g_autoptr(GError) error = NULL;
  guint n_methods = 0;

  if (!ts_validate_required (_("Name"), gtk_editable_get_text (GTK_EDITABLE (self->name_entry)), 120, &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->name_entry), error->message);
  if (!ts_validate_optional (_("Address"), address, 500, &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->address_view), error->message);
  if (!ts_validate_phone (_("Phone"), gtk_editable_get_text (GTK_EDITABLE (self->phone_entry)), &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->phone_entry), error->message);
  if (!ts_validate_email (_("E-mail"), gtk_editable_get_text (GTK_EDITABLE (self->email_entry)), &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->email_entry), error->message);
  if (!ts_validate_web_site (_("Web site"), gtk_editable_get_text (GTK_EDITABLE (self->web_entry)), &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->web_entry), error->message);
  if (!ts_validate_currency (_("Currency"), currency, &error))
    return refuse_on_page (self, "identity", GTK_WIDGET (self->currency_entry), error->message);
  if (!ts_validate_time_zone (_("Time zone"), self->time_zone, &error))
    return refuse_on_page (self, "time-zone", GTK_WIDGET (self->time_zone_search), error->message);
  for (guint m = 0; m < N_METHODS; m++)
    n_methods += gtk_check_button_get_active (self->method_checks[m]);
  if (n_methods == 0)
    return refuse_on_page (self, "payments", GTK_WIDGET (self->method_checks[0]),
                           _("Payment methods: the outlet must take at least one."));
  if (!ts_validate_optional (_("Receipt header"), header, 500, &error))
    return refuse_on_page (self, "receipts", GTK_WIDGET (self->receipt_header_view), error->message);
  if (!ts_validate_optional (_("Receipt footer"), footer, 500, &error))
    return refuse_on_page (self, "receipts", GTK_WIDGET (self->receipt_footer_view), error->message);
  return TRUE;
}

/* F3: the storefront's fields, checked as the server will. */
static gboolean
check_storefront (TsOutletPreferencesDialog *self,
                  const char                *intro_en,
                  const char                *intro_fr)
{
  g_autoptr(GError) error = NULL;

  if (!ts_validate_host_name (_("Host name"), gtk_editable_get_text (GTK_EDITABLE (self->web_host_entry)), &error))
    return refuse_on_page (self, "storefront", GTK_WIDGET (self->web_host_entry), error->message);
  if (!ts_validate_optional (_("Welcome text in English"), intro_en, 2000, &error))
    return refuse_on_page (self, "storefront", GTK_WIDGET (self->web_intro_en_view), error->message);
  if (!ts_validate_optional (_("Welcome text in French"), intro_fr, 2000, &error))
    return refuse_on_page (self, "storefront", GTK_WIDGET (self->web_intro_fr_view), error->message);
  return TRUE;
}

static void
submit (TsDialog *dialog)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (dialog);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *address = text_view_text (self->address_view);
  g_autofree char *header = text_view_text (self->receipt_header_view);
  g_autofree char *footer = text_view_text (self->receipt_footer_view);
  g_autofree char *intro_en = text_view_text (self->web_intro_en_view);
  g_autofree char *intro_fr = text_view_text (self->web_intro_fr_view);
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  const char *phone = gtk_editable_get_text (GTK_EDITABLE (self->phone_entry));
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_entry));
  const char *web = gtk_editable_get_text (GTK_EDITABLE (self->web_entry));
  g_autofree char *currency = g_ascii_strup (gtk_editable_get_text (GTK_EDITABLE (self->currency_entry)), -1);
  char letters[27] = { 0 };
  guint n_letters = 0;

  if (!check_form (self, address, currency, header, footer) || !check_storefront (self, intro_en, intro_fr))
    return;

  json_builder_begin_object (builder);
  add_text (builder, "name", name);
  add_text (builder, "address", address);
  add_text (builder, "phone", phone);
  add_text (builder, "email", email);
  add_text (builder, "web_site", web);
  add_text (builder, "time_zone", self->time_zone);
  add_text (builder, "currency", currency);
  add_text (builder, "logo_svg", self->logo_svg ? self->logo_svg : "");
  add_text (builder, "receipt_header", header);
  add_text (builder, "receipt_footer", footer);
  json_builder_set_member_name (builder, "default_hold_minutes");
  json_builder_add_int_value (builder, gtk_spin_button_get_value_as_int (self->hold_spin));
  json_builder_set_member_name (builder, "payment_methods");
  json_builder_begin_array (builder);
  for (guint m = 0; m < N_METHODS; m++)
    if (gtk_check_button_get_active (self->method_checks[m]))
      json_builder_add_string_value (builder, payment_methods[m]);
  json_builder_end_array (builder);
  for (int i = 0; i < 26; i++)
    if (gtk_toggle_button_get_active (self->letter_toggles[i]))
      letters[n_letters++] = 'a' + i;
  json_builder_set_member_name (builder, "releasable_hold_letters");
  json_builder_add_string_value (builder, letters);
  add_storefront (self, builder, intro_en, intro_fr);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  ts_api_client_patch_outlet_async (ts_dialog_get_client (dialog), self->outlet_id, body,
                                    ts_dialog_get_cancellable (dialog), ts_dialog_answered,
                                    ts_dialog_submission (dialog, NULL));
}

/* Logo ------------------------------------------------------------------------ */

static void
logo_chosen (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  TsOutletPreferencesDialog *self = user_data;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_object_unref (dialog);
  if (file == NULL)
    return;

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &error)
      || !ts_validate_svg (_("Logo"), contents, 256 * 1024, &error)
      || !show_logo (self, contents, &error))
    {
      ts_dialog_set_message (TS_DIALOG (self), error->message);
      return;
    }
  ts_dialog_set_message (TS_DIALOG (self), NULL);
  g_free (self->logo_svg);
  self->logo_svg = g_steal_pointer (&contents);
}

static void
on_choose_logo (TsOutletPreferencesDialog *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose a Logo"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("SVG images"));
  gtk_file_filter_add_mime_type (filter, "image/svg+xml");
  gtk_file_filter_add_suffix (filter, "svg");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  /* the dialog may be closed while the chooser is open */
  g_signal_connect_object (chooser, "response", G_CALLBACK (logo_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_clear_logo (TsOutletPreferencesDialog *self)
{
  g_clear_pointer (&self->logo_svg, g_free);
  show_logo (self, NULL, NULL);
}

static void
ts_outlet_preferences_dialog_dispose (GObject *object)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), TS_TYPE_OUTLET_PREFERENCES_DIALOG);
  g_clear_object (&self->zone_selection);
  g_clear_object (&self->zone_filter);
  g_clear_object (&self->zones);
  G_OBJECT_CLASS (ts_outlet_preferences_dialog_parent_class)->dispose (object);
}

static void
ts_outlet_preferences_dialog_finalize (GObject *object)
{
  TsOutletPreferencesDialog *self = TS_OUTLET_PREFERENCES_DIALOG (object);

  g_free (self->logo_svg);
  g_free (self->time_zone);
  g_free (self->zone_search);
  g_free (self->code);
  G_OBJECT_CLASS (ts_outlet_preferences_dialog_parent_class)->finalize (object);
}

static void
ts_outlet_preferences_dialog_class_init (TsOutletPreferencesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ts_outlet_preferences_dialog_dispose;
  object_class->finalize = ts_outlet_preferences_dialog_finalize;
  TS_DIALOG_CLASS (klass)->submit = submit;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-outlet-preferences-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, pages);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, code_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, address_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, phone_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, email_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, currency_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, logo_picture);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, time_zone_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, time_zone_search);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, time_zone_list);
  gtk_widget_class_bind_template_child_full (widget_class, "cash_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[0]));
  gtk_widget_class_bind_template_child_full (widget_class, "cheque_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[1]));
  gtk_widget_class_bind_template_child_full (widget_class, "card_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[2]));
  gtk_widget_class_bind_template_child_full (widget_class, "gift_certificate_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[3]));
  gtk_widget_class_bind_template_child_full (widget_class, "pass_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[4]));
  gtk_widget_class_bind_template_child_full (widget_class, "on_account_check", FALSE,
                                             G_STRUCT_OFFSET (TsOutletPreferencesDialog, method_checks[5]));
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, receipt_header_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, receipt_footer_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, hold_spin);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, letters_grid);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_check);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_address_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_host_entry);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_colour_button);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_colour_label);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_intro_en_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_intro_fr_view);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_cancel_check);
  gtk_widget_class_bind_template_child (widget_class, TsOutletPreferencesDialog, web_cancel_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_choose_logo);
  gtk_widget_class_bind_template_callback (widget_class, on_clear_logo);
  gtk_widget_class_bind_template_callback (widget_class, on_time_zone_search);
  gtk_widget_class_bind_template_callback (widget_class, on_web_host_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_web_colour_changed);
  gtk_widget_class_install_action (widget_class, "storefront.copy-address", NULL, copy_address_activated);
}

static void
ts_outlet_preferences_dialog_init (TsOutletPreferencesDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkFilterListModel *filtered;

  gtk_widget_init_template (GTK_WIDGET (self));
  ts_dialog_set_ready (TS_DIALOG (self), FALSE);

  self->zones = known_zones ();
  self->zone_filter = gtk_custom_filter_new (zone_matches, self, NULL);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->zones)),
                                        GTK_FILTER (g_object_ref (self->zone_filter)));
  self->zone_selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (self->zone_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->zone_selection, TRUE);
  gtk_single_selection_set_selected (self->zone_selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (factory, "setup", G_CALLBACK (zone_setup), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (zone_bind), NULL);
  gtk_list_view_set_factory (self->time_zone_list, factory);
  gtk_list_view_set_model (self->time_zone_list, GTK_SELECTION_MODEL (self->zone_selection));
  g_signal_connect_object (self->zone_selection, "notify::selected-item", G_CALLBACK (zone_selected), self,
                           G_CONNECT_SWAPPED);
  build_letter_toggles (self);
}

TsOutletPreferencesDialog *
ts_outlet_preferences_dialog_new (GtkWindow   *parent,
                                  TsApiClient *client,
                                  gint64       outlet_id)
{
  TsOutletPreferencesDialog *self = g_object_new (TS_TYPE_OUTLET_PREFERENCES_DIALOG, "transient-for", parent,
                                                  "client", client, NULL);

  self->outlet_id = outlet_id;
  ts_api_client_get_outlet_async (client, outlet_id, ts_dialog_get_cancellable (TS_DIALOG (self)), ts_dialog_answered,
                                  ts_dialog_call (TS_DIALOG (self), loaded));
  return self;
}

const char *
_ts_outlet_preferences_dialog_get_name (TsOutletPreferencesDialog *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

const char *
_ts_outlet_preferences_dialog_get_time_zone (TsOutletPreferencesDialog *self)
{
  return self->time_zone;
}

void
_ts_outlet_preferences_dialog_search_time_zone (TsOutletPreferencesDialog *self,
                                                const char                *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->time_zone_search), text);
  on_time_zone_search (self);
}

guint
_ts_outlet_preferences_dialog_pick_time_zone (TsOutletPreferencesDialog *self,
                                              guint                      position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->zone_selection));

  if (position < n)
    gtk_single_selection_set_selected (self->zone_selection, position);
  return n;
}

void
_ts_outlet_preferences_dialog_show_page (TsOutletPreferencesDialog *self,
                                         const char                *page)
{
  gtk_stack_set_visible_child_name (self->pages, page);
}

const char *
_ts_outlet_preferences_dialog_get_page (TsOutletPreferencesDialog *self)
{
  return gtk_stack_get_visible_child_name (self->pages);
}

void
_ts_outlet_preferences_dialog_set_method (TsOutletPreferencesDialog *self,
                                          const char                *method,
                                          gboolean                   takes)
{
  for (guint m = 0; m < N_METHODS; m++)
    if (g_str_equal (method, payment_methods[m]))
      gtk_check_button_set_active (self->method_checks[m], takes);
}

void
_ts_outlet_preferences_dialog_set_letter (TsOutletPreferencesDialog *self,
                                          char                       letter,
                                          gboolean                   releasable)
{
  g_return_if_fail (letter >= 'a' && letter <= 'z');
  gtk_toggle_button_set_active (self->letter_toggles[letter - 'a'], releasable);
}

gboolean
_ts_outlet_preferences_dialog_letter_usable (TsOutletPreferencesDialog *self,
                                             char                       letter)
{
  g_return_val_if_fail (letter >= 'a' && letter <= 'z', FALSE);
  return gtk_widget_get_sensitive (GTK_WIDGET (self->letter_toggles[letter - 'a']));
}

void
_ts_outlet_preferences_dialog_set_receipt (TsOutletPreferencesDialog *self,
                                           const char                *header,
                                           const char                *footer)
{
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->receipt_header_view), header, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->receipt_footer_view), footer, -1);
}

const char *
_ts_outlet_preferences_dialog_get_storefront_address (TsOutletPreferencesDialog *self)
{
  return gtk_label_get_text (self->web_address_label);
}

void
_ts_outlet_preferences_dialog_set_storefront (TsOutletPreferencesDialog *self,
                                              const char                *colour,
                                              const char                *intro_en,
                                              const char                *intro_fr,
                                              int                        cancel_hours)
{
  set_colour (self, colour);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->web_intro_en_view), intro_en, -1);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->web_intro_fr_view), intro_fr, -1);
  gtk_check_button_set_active (self->web_cancel_check, cancel_hours > 0);
  if (cancel_hours > 0)
    gtk_spin_button_set_value (self->web_cancel_spin, cancel_hours);
}
