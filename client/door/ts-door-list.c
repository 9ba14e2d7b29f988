/* ts-door-list.c — a performance's tickets and its owner's public key:
 * scans decided at the door while the server cannot be reached (F4, F5) */
#include <string.h>

#include "ts-error.h"
#include "ts-json.h"
#include "ts-ticket-code.h"
#include "ts-door-list.h"

struct _TsDoorList
{
  GObject     parent_instance;

  JsonObject *list;          /* the route's answer, its tickets updated here */
  gint64      performance_id;
  gint64      outlet_id;
  gboolean    reentry;
  guint8      public_key[TS_TICKET_KEY_BYTES];
  GHashTable *by_number;     /* ticket number → its ticket (the list's) */
  GHashTable *by_item;       /* item id → its ticket */
};

G_DEFINE_FINAL_TYPE (TsDoorList, ts_door_list, G_TYPE_OBJECT)

static gboolean
is_refunded (JsonObject *ticket)
{
  return g_strcmp0 (ts_json_lookup_string (ticket, "status"), "refunded") == 0;
}

static gboolean
is_admitted (JsonObject *ticket)
{
  return ts_json_lookup_string (ticket, "admitted_at") != NULL;
}

static gboolean
is_inside (JsonObject *ticket)
{
  JsonNode *inside = json_object_get_member (ticket, "inside");

  if (inside != NULL && JSON_NODE_HOLDS_VALUE (inside))
    return json_node_get_boolean (inside);
  /* a list without the member: admitted is inside */
  return is_admitted (ticket);
}

static gint64
int_of (JsonObject *object,
        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : 0;
}

/* The answer's ticket (POST /scans's "ticket"), from the list's. */
static JsonObject *
answer_ticket (TsDoorList *self,
               JsonObject *ticket)
{
  static const char *const copied[] = {
    "item_id", "order_id", "ticket_number", "seat_name", "area", "ticket_type", "display_letter", "patron",
  };
  JsonObject *out = json_object_new ();

  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    {
      JsonNode *node = json_object_get_member (ticket, copied[i]);

      if (node != NULL)
        json_object_set_member (out, copied[i], json_node_copy (node));
    }
  json_object_set_int_member (out, "performance_id", self->performance_id);
  json_object_set_string_member (out, "event", ts_door_list_get_event (self));
  json_object_set_string_member (out, "starts_at", ts_door_list_get_starts_at (self));
  return out;
}

static JsonObject *
answer (TsDoorList *self,
        const char *result,
        JsonObject *ticket)
{
  JsonObject *out = json_object_new ();

  json_object_set_string_member (out, "result", result);
  json_object_set_boolean_member (out, "replayed", FALSE);
  json_object_set_boolean_member (out, "offline", TRUE);
  if (ticket != NULL)
    json_object_set_object_member (out, "ticket", answer_ticket (self, ticket));
  json_object_set_int_member (out, "admitted", ts_door_list_get_admitted (self));
  json_object_set_int_member (out, "expected", ts_door_list_get_expected (self));
  return out;
}

/* F4: the first admission's time and door, said to the second scan. */
static JsonObject *
first_admission (JsonObject *ticket)
{
  JsonObject *first = json_object_new ();

  json_object_set_string_member (first, "at", ts_json_lookup_string (ticket, "admitted_at"));
  json_object_set_string_member (first, "door", ts_json_lookup_string (ticket, "door") ?: "");
  return first;
}

static void
admit (JsonObject *ticket,
       JsonObject *scan)
{
  const char *at = ts_json_lookup_string (scan, "scanned_at");
  g_autofree char *now = NULL;

  if (at == NULL)
    {
      g_autoptr(GDateTime) time = g_date_time_new_now_utc ();

      at = now = g_date_time_format_iso8601 (time);
    }
  /* a re-entry keeps the first admission's time and door */
  if (!is_admitted (ticket))
    {
      json_object_set_string_member (ticket, "admitted_at", at);
      json_object_set_string_member (ticket, "door", ts_json_lookup_string (scan, "door") ?: "");
    }
  json_object_set_boolean_member (ticket, "inside", TRUE);
}

static void
ts_door_list_finalize (GObject *object)
{
  TsDoorList *self = TS_DOOR_LIST (object);

  g_clear_pointer (&self->by_number, g_hash_table_unref);
  g_clear_pointer (&self->by_item, g_hash_table_unref);
  g_clear_pointer (&self->list, json_object_unref);
  G_OBJECT_CLASS (ts_door_list_parent_class)->finalize (object);
}

static void
ts_door_list_class_init (TsDoorListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ts_door_list_finalize;
}

static void
ts_door_list_init (TsDoorList *self)
{
  self->by_number = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  self->by_item = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

TsDoorList *
ts_door_list_new (JsonObject  *door_list,
                  GError     **error)
{
  g_autoptr(TsDoorList) self = g_object_new (TS_TYPE_DOOR_LIST, NULL);
  JsonArray *tickets;
  const char *key;

  g_return_val_if_fail (door_list != NULL, NULL);

  tickets = ts_json_lookup_array (door_list, "tickets");
  key = ts_json_lookup_string (door_list, "public_key");
  self->performance_id = int_of (door_list, "performance_id");
  self->outlet_id = int_of (door_list, "outlet_id");
  if (self->performance_id <= 0 || self->outlet_id <= 0 || tickets == NULL || key == NULL)
    {
      g_set_error_literal (error, TS_ERROR, TS_ERROR_INVALID,
                           "The door list lacks its performance, outlet, key or tickets");
      return NULL;
    }
  if (!ts_ticket_key_from_base64 (key, self->public_key, error))
    return NULL;
  self->reentry = json_object_get_boolean_member_with_default (door_list, "reentry", FALSE);
  /* kept, and its tickets updated by what this door decides */
  self->list = json_object_ref (door_list);
  for (guint i = 0; i < json_array_get_length (tickets); i++)
    {
      JsonObject *ticket = ts_json_lookup_element_object (tickets, i);

      if (ticket == NULL)
        continue;
      g_hash_table_insert (self->by_number, g_memdup2 (&(gint64) { int_of (ticket, "ticket_number") }, sizeof (gint64)),
                           ticket);
      g_hash_table_insert (self->by_item, g_memdup2 (&(gint64) { int_of (ticket, "item_id") }, sizeof (gint64)),
                           ticket);
    }
  return g_steal_pointer (&self);
}

gint64
ts_door_list_get_performance_id (TsDoorList *self)
{
  return self->performance_id;
}

gint64
ts_door_list_get_outlet_id (TsDoorList *self)
{
  return self->outlet_id;
}

const char *
ts_door_list_get_event (TsDoorList *self)
{
  return ts_json_lookup_string (self->list, "event") ?: "";
}

const char *
ts_door_list_get_starts_at (TsDoorList *self)
{
  return ts_json_lookup_string (self->list, "starts_at") ?: "";
}

gboolean
ts_door_list_get_reentry (TsDoorList *self)
{
  return self->reentry;
}

guint
ts_door_list_get_expected (TsDoorList *self)
{
  GHashTableIter iter;
  gpointer ticket;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->by_item);
  while (g_hash_table_iter_next (&iter, NULL, &ticket))
    n += !is_refunded (ticket);
  return n;
}

guint
ts_door_list_get_admitted (TsDoorList *self)
{
  GHashTableIter iter;
  gpointer ticket;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->by_item);
  while (g_hash_table_iter_next (&iter, NULL, &ticket))
    n += !is_refunded (ticket) && is_admitted (ticket);
  return n;
}

/* The ticket a code names, or the answer that refuses it. */
static JsonObject *
ticket_of_code (TsDoorList  *self,
                const char  *code,
                JsonObject **refusal)
{
  TsTicketCode parsed;
  JsonObject *ticket;

  if (!ts_ticket_code_parse (code, &parsed, NULL))
    {
      *refusal = answer (self, "forged", NULL);
      return NULL;
    }
  /* F4: another outlet's code, genuine or not, is only not for this door */
  if (parsed.outlet_id != self->outlet_id)
    {
      *refusal = answer (self, "not_for_this_door", NULL);
      return NULL;
    }
  /* F5: only the owning outlet's key signs a ticket */
  if (!ts_ticket_code_verify (code, self->public_key, &parsed, NULL))
    {
      *refusal = answer (self, "forged", NULL);
      return NULL;
    }
  ticket = g_hash_table_lookup (self->by_number, &(gint64) { parsed.ticket_number });
  if (ticket == NULL)
    {
      /* genuine, ours, but not this performance's (or sold since the list
       * came): the attendant reads the date on it */
      *refusal = answer (self, "wrong_performance", NULL);
      json_object_set_boolean_member (*refusal, "unlisted", TRUE);
      return NULL;
    }
  /* F5: a reprint or a seat move raised the version; the older paper is void */
  if (parsed.version < int_of (ticket, "barcode_version"))
    {
      *refusal = answer (self, "void", ticket);
      json_object_set_string_member (*refusal, "reason", "replaced");
      return NULL;
    }
  return ticket;
}

JsonObject *
ts_door_list_decide (TsDoorList *self,
                     JsonObject *scan)
{
  const char *code = ts_json_lookup_string (scan, "code");
  gboolean out = g_strcmp0 (ts_json_lookup_string (scan, "direction"), "out") == 0;
  JsonObject *refusal = NULL;
  JsonObject *ticket;
  JsonObject *result;

  g_return_val_if_fail (TS_IS_DOOR_LIST (self), NULL);

  if (code != NULL)
    ticket = ticket_of_code (self, code, &refusal);
  else
    {
      ticket = ts_door_list_lookup_item (self, int_of (scan, "item_id"));
      if (ticket == NULL)
        refusal = answer (self, "forged", NULL);
    }
  if (refusal != NULL)
    return refusal;
  if (is_refunded (ticket))
    {
      result = answer (self, "void", ticket);
      json_object_set_string_member (result, "reason", "refunded");
      return result;
    }
  if (out)
    {
      /* F5: out, and in again later, only where the event allows re-entry */
      if (!self->reentry || !is_inside (ticket))
        return answer (self, "not_inside", ticket);
      json_object_set_boolean_member (ticket, "inside", FALSE);
      return answer (self, "exited", ticket);
    }
  /* F4: admitted once; with re-entry, once more after each scan out */
  if (is_admitted (ticket) && (!self->reentry || is_inside (ticket)))
    {
      result = answer (self, "already_admitted", ticket);
      json_object_set_object_member (result, "first", first_admission (ticket));
      return result;
    }
  admit (ticket, scan);
  return answer (self, "admitted", ticket);
}

void
ts_door_list_note_answer (TsDoorList *self,
                          JsonObject *server_answer,
                          JsonObject *scan)
{
  JsonObject *answered = ts_json_lookup_object (server_answer, "ticket");
  const char *result = ts_json_lookup_string (server_answer, "result");
  JsonObject *first = ts_json_lookup_object (server_answer, "first");
  JsonObject *ticket;

  g_return_if_fail (TS_IS_DOOR_LIST (self));

  if (answered == NULL || int_of (answered, "performance_id") != self->performance_id)
    return;
  ticket = ts_door_list_lookup_item (self, int_of (answered, "item_id"));
  if (ticket == NULL)
    return;
  if (g_strcmp0 (result, "admitted") == 0)
    admit (ticket, scan);
  else if (g_strcmp0 (result, "exited") == 0)
    json_object_set_boolean_member (ticket, "inside", FALSE);
  else if (g_strcmp0 (result, "already_admitted") == 0 && first != NULL)
    {
      /* admitted elsewhere: the server's time and door are the first */
      json_object_set_string_member (ticket, "admitted_at", ts_json_lookup_string (first, "at") ?: "");
      json_object_set_string_member (ticket, "door", ts_json_lookup_string (first, "door") ?: "");
      if (json_object_get_member (ticket, "inside") == NULL || !self->reentry)
        json_object_set_boolean_member (ticket, "inside", TRUE);
    }
  else if (g_strcmp0 (result, "void") == 0
           && g_strcmp0 (ts_json_lookup_string (server_answer, "reason"), "refunded") == 0)
    json_object_set_string_member (ticket, "status", "refunded");
}

static int
by_patron (gconstpointer a,
           gconstpointer b)
{
  JsonObject *x = *(JsonObject **) a;
  JsonObject *y = *(JsonObject **) b;
  int order = g_utf8_collate (ts_json_lookup_string (x, "patron") ?: "", ts_json_lookup_string (y, "patron") ?: "");

  if (order != 0)
    return order;
  return int_of (x, "ticket_number") < int_of (y, "ticket_number") ? -1 : 1;
}

/* Every word of words (casefolded) is in text. */
static gboolean
has_words (const char         *text,
           const char * const *words)
{
  g_autofree char *folded = g_utf8_casefold (text ?: "", -1);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0' && strstr (folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

GPtrArray *
ts_door_list_search (TsDoorList *self,
                     const char *text,
                     guint       limit)
{
  g_autofree char *folded = g_utf8_casefold (text ?: "", -1);
  g_auto(GStrv) words = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  gint64 number = 0;
  char *end = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (TS_IS_DOOR_LIST (self), found);

  g_strstrip (folded);
  if (*folded == '\0')
    return found;
  number = g_ascii_strtoll (folded, &end, 10);
  if (end == NULL || *end != '\0')
    number = 0;
  words = g_strsplit_set (folded, " \t", -1);
  g_hash_table_iter_init (&iter, self->by_item);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      JsonObject *ticket = value;

      if (number > 0 ? int_of (ticket, "order_id") == number || int_of (ticket, "ticket_number") == number
                     : has_words (ts_json_lookup_string (ticket, "patron"), (const char * const *) words))
        g_ptr_array_add (found, json_object_ref (ticket));
    }
  g_ptr_array_sort (found, by_patron);
  if (found->len > limit)
    g_ptr_array_set_size (found, limit);
  return found;
}

JsonObject *
ts_door_list_lookup_item (TsDoorList *self,
                          gint64      item_id)
{
  g_return_val_if_fail (TS_IS_DOOR_LIST (self), NULL);
  return g_hash_table_lookup (self->by_item, &item_id);
}
