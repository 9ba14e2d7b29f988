/* ts-address-editor.h — a postal address as people write one: two street
 * lines, city, province or state, postal code and country (the columns of
 * a contact point of kind address, P1) */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define TS_TYPE_ADDRESS_EDITOR (ts_address_editor_get_type ())
G_DECLARE_FINAL_TYPE (TsAddressEditor, ts_address_editor, TS, ADDRESS_EDITOR, GtkWidget)

/* Signal "changed": any part of the address was edited. */

/* Shows point's address (line1, line2, city, region, postal_code,
 * country), or an empty one in Canada for NULL. */
void        ts_address_editor_set       (TsAddressEditor *self,
                                         JsonObject      *point);
/* The first street line as typed, trimmed (an address needs one). */
char       *ts_address_editor_get_line1 (TsAddressEditor *self);
/* Adds every member of the address to the object being built: "" for a
 * field left empty, which clears it on an edit.  A province or state
 * chosen for Canada or the United States is its postal code ("QC"). */
void        ts_address_editor_add_to    (TsAddressEditor *self,
                                         JsonBuilder     *builder);
/* The postal code as typed, trimmed (the duplicate check looks for it). */
char       *ts_address_editor_get_postal_code (TsAddressEditor *self);
/* Nothing typed or chosen but the country. */
gboolean    ts_address_editor_is_empty  (TsAddressEditor *self);
/* A stored country ("United States") in the reader's language; any other
 * as it is. */
const char *ts_address_editor_country_name (const char *country);
/* The first street line's entry, for the focus when it is missing. */
GtkWidget  *ts_address_editor_get_first_field (TsAddressEditor *self);

G_END_DECLS
