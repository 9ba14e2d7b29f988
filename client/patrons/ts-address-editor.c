/* ts-address-editor.c — two street lines, city, province or state, postal
 * code and country, as an agent types a patron's address
 *
 * The country is chosen, Canada first, then the United States, then others
 * by name, or typed ("Other country"); it is stored by its English name
 * ("Canada"), as the API's examples write it.  For Canada and the United
 * States the province or state is chosen from its list and stored as its
 * postal abbreviation ("QC"); elsewhere, or when an old address says
 * something the list does not know, it is typed.  A Canadian postal code is
 * written as Canada Post writes it ("G1R 4P5"). */
#include <string.h>

#include <glib/gi18n.h>

#include "ts-address-editor-private.h"

typedef struct
{
  const char *code;
  const char *name;
} Region;

/* Canada's provinces and territories, by name in English. */
static const Region provinces[] = {
  { "AB", N_("Alberta") }, { "BC", N_("British Columbia") }, { "MB", N_("Manitoba") },
  { "NB", N_("New Brunswick") }, { "NL", N_("Newfoundland and Labrador") }, { "NT", N_("Northwest Territories") },
  { "NS", N_("Nova Scotia") }, { "NU", N_("Nunavut") }, { "ON", N_("Ontario") }, { "PE", N_("Prince Edward Island") },
  { "QC", N_("Quebec") }, { "SK", N_("Saskatchewan") }, { "YT", N_("Yukon") },
};

/* The states, written as their post office writes them (names left as
 * they are in every language). */
static const Region states[] = {
  { "AL", "Alabama" }, { "AK", "Alaska" }, { "AZ", "Arizona" }, { "AR", "Arkansas" }, { "CA", "California" },
  { "CO", "Colorado" }, { "CT", "Connecticut" }, { "DE", "Delaware" }, { "DC", "District of Columbia" },
  { "FL", "Florida" }, { "GA", "Georgia" }, { "HI", "Hawaii" }, { "ID", "Idaho" }, { "IL", "Illinois" },
  { "IN", "Indiana" }, { "IA", "Iowa" }, { "KS", "Kansas" }, { "KY", "Kentucky" }, { "LA", "Louisiana" },
  { "ME", "Maine" }, { "MD", "Maryland" }, { "MA", "Massachusetts" }, { "MI", "Michigan" }, { "MN", "Minnesota" },
  { "MS", "Mississippi" }, { "MO", "Missouri" }, { "MT", "Montana" }, { "NE", "Nebraska" }, { "NV", "Nevada" },
  { "NH", "New Hampshire" }, { "NJ", "New Jersey" }, { "NM", "New Mexico" }, { "NY", "New York" },
  { "NC", "North Carolina" }, { "ND", "North Dakota" }, { "OH", "Ohio" }, { "OK", "Oklahoma" }, { "OR", "Oregon" },
  { "PA", "Pennsylvania" }, { "RI", "Rhode Island" }, { "SC", "South Carolina" }, { "SD", "South Dakota" },
  { "TN", "Tennessee" }, { "TX", "Texas" }, { "UT", "Utah" }, { "VT", "Vermont" }, { "VA", "Virginia" },
  { "WA", "Washington" }, { "WV", "West Virginia" }, { "WI", "Wisconsin" }, { "WY", "Wyoming" },
};

#define CANADA "Canada"
#define UNITED_STATES "United States"

/* Canada and the United States first; the others are listed by their name
 * in the reader's language. */
static const char *countries[] = {
  N_("Canada"), N_("United States"), N_("Australia"), N_("Belgium"), N_("Brazil"), N_("China"), N_("France"),
  N_("Germany"), N_("Haiti"), N_("India"), N_("Ireland"), N_("Italy"), N_("Japan"), N_("Lebanon"), N_("Mexico"),
  N_("Morocco"), N_("Netherlands"), N_("Portugal"), N_("Spain"), N_("Switzerland"), N_("United Kingdom"),
};

struct _TsAddressEditor
{
  GtkWidget    parent_instance;

  GtkWidget   *grid;
  GtkEntry    *line1_entry;
  GtkEntry    *line2_entry;
  GtkEntry    *city_entry;
  GtkStack    *region_stack;
  GtkDropDown *region_dropdown;
  GtkEntry    *region_entry;
  GtkEntry    *postal_entry;
  GtkDropDown *country_dropdown;
  GtkEntry    *country_entry;

  GPtrArray   *country_values;   /* English names, as the drop-down lists them; NULL last: other */
  const Region *regions;         /* the list offered now, or NULL */
  guint        n_regions;
};

G_DEFINE_FINAL_TYPE (TsAddressEditor, ts_address_editor, GTK_TYPE_WIDGET)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static int
by_translated_name (gconstpointer a,
                    gconstpointer b)
{
  return g_utf8_collate (_(*(const char * const *) a), _(*(const char * const *) b));
}

static const char *
chosen_country (TsAddressEditor *self)
{
  guint i = gtk_drop_down_get_selected (self->country_dropdown);

  return i < self->country_values->len ? g_ptr_array_index (self->country_values, i) : NULL;
}

/* The list of provinces or states for the chosen country, if it has one. */
static void
offer_regions (TsAddressEditor *self)
{
  const char *country = chosen_country (self);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  if (g_strcmp0 (country, CANADA) == 0)
    {
      self->regions = provinces;
      self->n_regions = G_N_ELEMENTS (provinces);
    }
  else if (g_strcmp0 (country, UNITED_STATES) == 0)
    {
      self->regions = states;
      self->n_regions = G_N_ELEMENTS (states);
    }
  else
    {
      self->regions = NULL;
      self->n_regions = 0;
    }
  gtk_string_list_append (names, "—");
  for (guint i = 0; i < self->n_regions; i++)
    gtk_string_list_append (names, self->regions == provinces ? _(self->regions[i].name) : self->regions[i].name);
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->region_dropdown, 0);
  gtk_stack_set_visible_child (self->region_stack, self->regions != NULL ? GTK_WIDGET (self->region_dropdown)
                                                                         : GTK_WIDGET (self->region_entry));
  gtk_widget_set_visible (GTK_WIDGET (self->country_entry), country == NULL);
}

static void
on_edited (TsAddressEditor *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_country_changed (TsAddressEditor *self)
{
  offer_regions (self);
  on_edited (self);
}

/* Selects the region named by code or name; FALSE when the list has none
 * such (or there is no list). */
static gboolean
select_region (TsAddressEditor *self,
               const char      *region)
{
  for (guint i = 0; region != NULL && i < self->n_regions; i++)
    if (g_ascii_strcasecmp (region, self->regions[i].code) == 0
        || g_utf8_collate (region, self->regions[i].name) == 0
        || g_utf8_collate (region, _(self->regions[i].name)) == 0)
      {
        gtk_drop_down_set_selected (self->region_dropdown, i + 1);
        return TRUE;
      }
  return FALSE;
}

static gboolean
is_region_of (const Region *list,
              guint         n,
              const char   *region)
{
  for (guint i = 0; region != NULL && i < n; i++)
    if (g_ascii_strcasecmp (region, list[i].code) == 0)
      return TRUE;
  return FALSE;
}

/* The country an address names, as the drop-down lists it; an address
 * without one is taken for Canada unless its region is a state. */
static gboolean
select_country (TsAddressEditor *self,
                const char      *country,
                const char      *region)
{
  if (country == NULL || *country == '\0')
    country = is_region_of (states, G_N_ELEMENTS (states), region)
              && !is_region_of (provinces, G_N_ELEMENTS (provinces), region) ? UNITED_STATES : CANADA;
  else if (g_ascii_strcasecmp (country, "CA") == 0)
    country = CANADA;
  else if (g_ascii_strcasecmp (country, "US") == 0 || g_ascii_strcasecmp (country, "USA") == 0)
    country = UNITED_STATES;
  for (guint i = 0; i < self->country_values->len; i++)
    {
      const char *value = g_ptr_array_index (self->country_values, i);

      if (value != NULL && (g_utf8_collate (country, value) == 0 || g_utf8_collate (country, _(value)) == 0))
        {
          gtk_drop_down_set_selected (self->country_dropdown, i);
          return TRUE;
        }
    }
  /* another country: typed */
  gtk_drop_down_set_selected (self->country_dropdown, self->country_values->len - 1);
  gtk_editable_set_text (GTK_EDITABLE (self->country_entry), country);
  return FALSE;
}

static const char *
member (JsonObject *point,
        const char *name)
{
  JsonNode *node = point != NULL ? json_object_get_member (point, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;
}

static void
set_text (GtkEntry   *entry,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
}

static char *
trimmed (GtkEntry *entry)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
}

/* "g1r4p5" → "G1R 4P5"; anything else as typed. */
static char *
canadian_postal_code (const char *typed)
{
  g_autoptr(GString) compact = g_string_new (NULL);

  for (const char *p = typed; *p != '\0'; p++)
    if (!g_ascii_isspace (*p) && *p != '-')
      g_string_append_c (compact, g_ascii_toupper (*p));
  if (compact->len != 6
      || !g_ascii_isalpha (compact->str[0]) || !g_ascii_isdigit (compact->str[1]) || !g_ascii_isalpha (compact->str[2])
      || !g_ascii_isdigit (compact->str[3]) || !g_ascii_isalpha (compact->str[4]) || !g_ascii_isdigit (compact->str[5]))
    return g_strdup (typed);
  g_string_insert_c (compact, 3, ' ');
  return g_string_free (g_steal_pointer (&compact), FALSE);
}

static void
add (JsonBuilder *builder,
     const char  *name,
     const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value ? value : "");
}

/* The focus, for a mnemonic or a refusal, goes to the first street line. */
static gboolean
ts_address_editor_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (TS_ADDRESS_EDITOR (widget)->line1_entry));
}

static void
ts_address_editor_dispose (GObject *object)
{
  TsAddressEditor *self = TS_ADDRESS_EDITOR (object);

  g_clear_pointer (&self->country_values, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), TS_TYPE_ADDRESS_EDITOR);
  G_OBJECT_CLASS (ts_address_editor_parent_class)->dispose (object);
}

static void
ts_address_editor_class_init (TsAddressEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ts_address_editor_dispose;
  widget_class->grab_focus = ts_address_editor_grab_focus;
  /* "changed": any part of the address was edited. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/tessera/Tessera/ui/ts-address-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, grid);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, line1_entry);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, line2_entry);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, city_entry);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, region_stack);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, region_entry);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, postal_entry);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, country_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TsAddressEditor, country_entry);
  gtk_widget_class_bind_template_callback (widget_class, on_country_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_edited);
}

static void
ts_address_editor_init (TsAddressEditor *self)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->country_values = g_ptr_array_new ();
  g_ptr_array_add (self->country_values, (gpointer) CANADA);
  g_ptr_array_add (self->country_values, (gpointer) UNITED_STATES);
  for (guint i = 2; i < G_N_ELEMENTS (countries); i++)
    g_ptr_array_add (others, (gpointer) countries[i]);
  g_ptr_array_sort (others, by_translated_name);
  for (guint i = 0; i < others->len; i++)
    g_ptr_array_add (self->country_values, g_ptr_array_index (others, i));
  for (guint i = 0; i < self->country_values->len; i++)
    gtk_string_list_append (names, _(g_ptr_array_index (self->country_values, i)));
  gtk_string_list_append (names, _("Other country"));
  g_ptr_array_add (self->country_values, NULL);
  gtk_drop_down_set_model (self->country_dropdown, G_LIST_MODEL (names));
  ts_address_editor_set (self, NULL);
}

void
ts_address_editor_set (TsAddressEditor *self,
                       JsonObject      *point)
{
  const char *region = member (point, "region");

  g_return_if_fail (TS_IS_ADDRESS_EDITOR (self));
  set_text (self->line1_entry, member (point, "line1"));
  set_text (self->line2_entry, member (point, "line2"));
  set_text (self->city_entry, member (point, "city"));
  set_text (self->postal_entry, member (point, "postal_code"));
  set_text (self->country_entry, NULL);
  select_country (self, member (point, "country"), region);
  offer_regions (self);
  set_text (self->region_entry, region);
  /* a region the list does not know is kept as it was written */
  if (self->regions != NULL && region != NULL && *region != '\0' && !select_region (self, region))
    gtk_stack_set_visible_child (self->region_stack, GTK_WIDGET (self->region_entry));
}

char *
ts_address_editor_get_line1 (TsAddressEditor *self)
{
  g_return_val_if_fail (TS_IS_ADDRESS_EDITOR (self), NULL);
  return trimmed (self->line1_entry);
}

char *
ts_address_editor_get_postal_code (TsAddressEditor *self)
{
  g_return_val_if_fail (TS_IS_ADDRESS_EDITOR (self), NULL);
  return trimmed (self->postal_entry);
}

gboolean
ts_address_editor_is_empty (TsAddressEditor *self)
{
  GtkEntry *entries[] = { self->line1_entry, self->line2_entry, self->city_entry, self->postal_entry,
                          self->region_entry };

  g_return_val_if_fail (TS_IS_ADDRESS_EDITOR (self), TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    {
      g_autofree char *text = trimmed (entries[i]);

      if (*text != '\0')
        return FALSE;
    }
  return gtk_drop_down_get_selected (self->region_dropdown) == 0
         || gtk_stack_get_visible_child (self->region_stack) != GTK_WIDGET (self->region_dropdown);
}

GtkWidget *
ts_address_editor_get_first_field (TsAddressEditor *self)
{
  g_return_val_if_fail (TS_IS_ADDRESS_EDITOR (self), NULL);
  return GTK_WIDGET (self->line1_entry);
}

void
ts_address_editor_add_to (TsAddressEditor *self,
                          JsonBuilder     *builder)
{
  const char *country = chosen_country (self);
  g_autofree char *line1 = trimmed (self->line1_entry);
  g_autofree char *line2 = trimmed (self->line2_entry);
  g_autofree char *city = trimmed (self->city_entry);
  g_autofree char *postal = trimmed (self->postal_entry);
  g_autofree char *other = trimmed (self->country_entry);
  g_autofree char *region = NULL;
  guint region_index = gtk_drop_down_get_selected (self->region_dropdown);

  g_return_if_fail (TS_IS_ADDRESS_EDITOR (self));
  if (gtk_stack_get_visible_child (self->region_stack) == GTK_WIDGET (self->region_dropdown))
    region = g_strdup (region_index >= 1 && region_index <= self->n_regions ? self->regions[region_index - 1].code : "");
  else
    region = trimmed (self->region_entry);
  if (g_strcmp0 (country, CANADA) == 0)
    {
      g_autofree char *written = canadian_postal_code (postal);

      g_free (postal);
      postal = g_steal_pointer (&written);
    }
  add (builder, "line1", line1);
  add (builder, "line2", line2);
  add (builder, "city", city);
  add (builder, "region", region);
  add (builder, "postal_code", postal);
  add (builder, "country", country != NULL ? country : other);
}

const char *
ts_address_editor_country_name (const char *country)
{
  for (guint i = 0; country != NULL && i < G_N_ELEMENTS (countries); i++)
    if (g_str_equal (country, countries[i]))
      return _(countries[i]);
  return country;
}

gboolean
_ts_address_editor_choose (TsAddressEditor *self,
                           const char      *country,
                           const char      *region)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->country_values->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->country_values, i), country) == 0)
      {
        gtk_drop_down_set_selected (self->country_dropdown, i);
        found = TRUE;
      }
  if (!found || region == NULL)
    return found;
  if (self->regions == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->region_entry), region);
      return TRUE;
    }
  return select_region (self, region);
}

gboolean
_ts_address_editor_region_is_listed (TsAddressEditor *self,
                                     guint           *n_choices)
{
  if (n_choices != NULL)
    *n_choices = self->n_regions;
  return gtk_stack_get_visible_child (self->region_stack) == GTK_WIDGET (self->region_dropdown);
}
