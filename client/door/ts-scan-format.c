/* ts-scan-format.c — what the door says of a scan's answer: in large type,
 * the line under it, its colour (F4, F5) */
#include <glib/gi18n.h>

#include "ts-format.h"
#include "ts-json.h"
#include "ts-scan-format.h"

/* The seat (or the general-admission area), ticket type and display letter
 * of an answer's ticket. */
char *
ts_scan_format_ticket (JsonObject *ticket)
{
  const char *seat = ts_json_lookup_string (ticket, "seat_name");
  const char *area = ts_json_lookup_string (ticket, "area");
  const char *type = ts_json_lookup_string (ticket, "ticket_type");
  const char *letter = ts_json_lookup_string (ticket, "display_letter");
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (seat != NULL && *seat != '\0')
    g_ptr_array_add (parts, g_strdup (seat));
  else if (area != NULL && *area != '\0')
    /* Translators: a general-admission ticket's area */
    g_ptr_array_add (parts, g_strdup_printf (_("General admission: %s"), area));
  if (type != NULL && *type != '\0')
    g_ptr_array_add (parts, g_strdup (type));
  if (letter != NULL && *letter != '\0')
    /* Translators: the display letter printed on the ticket */
    g_ptr_array_add (parts, g_strdup_printf (_("Letter %s"), letter));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (" · ", (char **) parts->pdata);
}

/* What an answer says in large type. */
char *
ts_scan_format_headline (JsonObject *answer)
{
  const char *result = ts_json_lookup_string (answer, "result");
  JsonObject *first = ts_json_lookup_object (answer, "first");

  if (g_strcmp0 (result, "admitted") == 0)
    return g_strdup (_("Admitted"));
  if (g_strcmp0 (result, "exited") == 0)
    return g_strdup (_("Scanned out"));
  if (g_strcmp0 (result, "already_admitted") == 0)
    {
      g_autofree char *at = ts_format_time (ts_json_lookup_string (first, "at"), TS_TIME_CLOCK);
      const char *door = ts_json_lookup_string (first, "door");

      if (first == NULL)
        return g_strdup (_("Already admitted"));
      /* Translators: when and at which door the ticket was first admitted */
      return g_strdup_printf (_("Already admitted at %s, %s"), at, door != NULL ? door : "");
    }
  if (g_strcmp0 (result, "not_for_this_door") == 0)
    return g_strdup (_("Not for this door"));
  if (g_strcmp0 (result, "wrong_performance") == 0)
    return g_strdup (json_object_get_boolean_member_with_default (answer, "unlisted", FALSE)
                     ? _("Not on this performance’s list") : _("Wrong performance"));
  if (g_strcmp0 (result, "void") == 0)
    return g_strdup (g_strcmp0 (ts_json_lookup_string (answer, "reason"), "refunded") == 0
                     ? _("Void: refunded") : _("Void: replaced by a newer ticket"));
  if (g_strcmp0 (result, "forged") == 0)
    return g_strdup (_("Forged"));
  if (g_strcmp0 (result, "not_inside") == 0)
    return g_strdup (_("Not inside: this ticket was not admitted"));
  return g_strdup (ts_json_lookup_string (answer, "message") ?: result ?: "");
}

/* The line under it: the ticket, and what the attendant should know. */
char *
ts_scan_format_detail (JsonObject *answer)
{
  const char *result = ts_json_lookup_string (answer, "result");
  JsonObject *ticket = ts_json_lookup_object (answer, "ticket");
  g_autoptr(GString) text = g_string_new (NULL);

  if (ticket != NULL)
    {
      g_autofree char *seat = ts_scan_format_ticket (ticket);

      g_string_append (text, seat);
      if (g_strcmp0 (result, "wrong_performance") == 0)
        {
          g_autofree char *when = ts_format_time (ts_json_lookup_string (ticket, "starts_at"), TS_TIME_LONG);

          /* Translators: the event and the time of the performance the ticket is for */
          g_string_append_c (text, '\n');
          g_string_append_printf (text, _("For %s, %s"), ts_json_lookup_string (ticket, "event") ?: "", when);
        }
    }
  if (json_object_get_boolean_member_with_default (answer, "unlisted", FALSE))
    g_string_append (text, _("A genuine ticket of this outlet: check the date printed on it."));
  if (json_object_get_boolean_member_with_default (answer, "offline", FALSE))
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, json_object_get_boolean_member_with_default (answer, "behind_queue", FALSE)
                             ? _("Decided at this door: its earlier scans are still being uploaded.")
                             : _("Decided at this door: the server cannot be reached."));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
ts_scan_format_colour (const char *result)
{
  if (result == NULL || *result == '\0')
    return NULL;
  if (g_strcmp0 (result, "admitted") == 0 || g_strcmp0 (result, "exited") == 0)
    return "scan-admitted";
  if (g_strcmp0 (result, "wrong_performance") == 0 || g_strcmp0 (result, "not_inside") == 0)
    return "scan-warning";
  return "scan-refused";
}
