/* ts-partner-questions.c — the partner questions of the sale being made (K3)
 *
 * The server says which partner companies of the outlet's own events in the
 * cart collect preferences and have no answer yet from the purchaser (P4:
 * another outlet's events ask nothing here).  The page sets the sale each
 * time its purchaser or its cart changes; this asks again only when the
 * purchaser or the set of performances is another, so a sale with nothing
 * to ask makes no request when it is sold.  A failed fetch asks nothing:
 * the box office may leave the questions unanswered, and the patron is
 * asked next time. */
#include <string.h>

#include "ts-api-partners.h"
#include "ts-partner-questions.h"

struct _TsPartnerQuestions
{
  GObject       parent_instance;

  TsApiClient  *client;
  GCancellable *cancellable;      /* the fetch out, if any */
  gint64        patron_id;
  GArray       *performance_ids;  /* gint64, sorted, distinct */
  JsonArray    *questions;        /* of the sale last set, or NULL */
};

G_DEFINE_FINAL_TYPE (TsPartnerQuestions, ts_partner_questions, G_TYPE_OBJECT)

enum { PROP_0, PROP_LOADING, PROP_N_QUESTIONS, N_PROPS };
static GParamSpec *properties[N_PROPS];

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static guint
n_questions (TsPartnerQuestions *self)
{
  return self->questions != NULL ? json_array_get_length (self->questions) : 0;
}

/* One fetch: whose, and the cancellable it was sent with, which tells it
 * from a newer sale's. */
typedef struct
{
  TsPartnerQuestions *self;
  GCancellable       *cancellable;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_object_unref (fetch->cancellable);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static void
loaded (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  TsPartnerQuestions *self = fetch->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = ts_api_client_request_finish (TS_API_CLIENT (source), result, &error);
  JsonArray *questions;

  /* cancelled, or a newer sale's fetch took this one's place */
  if (fetch->cancellable != self->cancellable)
    return;
  g_clear_object (&self->cancellable);
  questions = answer != NULL && JSON_NODE_HOLDS_OBJECT (answer)
              ? json_object_get_array_member (json_node_get_object (answer), "questions") : NULL;
  if (questions != NULL && json_array_get_length (questions) > 0)
    self->questions = json_array_ref (questions);
  if (error != NULL)
    g_debug ("partner questions: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (n_questions (self) > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUESTIONS]);
}

static void
ts_partner_questions_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TsPartnerQuestions *self = TS_PARTNER_QUESTIONS (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, ts_partner_questions_is_loading (self));
      break;
    case PROP_N_QUESTIONS:
      g_value_set_uint (value, n_questions (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ts_partner_questions_dispose (GObject *object)
{
  TsPartnerQuestions *self = TS_PARTNER_QUESTIONS (object);

  ts_partner_questions_cancel (self);
  g_clear_object (&self->client);
  g_clear_pointer (&self->questions, json_array_unref);
  G_OBJECT_CLASS (ts_partner_questions_parent_class)->dispose (object);
}

static void
ts_partner_questions_finalize (GObject *object)
{
  g_array_unref (TS_PARTNER_QUESTIONS (object)->performance_ids);
  G_OBJECT_CLASS (ts_partner_questions_parent_class)->finalize (object);
}

static void
ts_partner_questions_class_init (TsPartnerQuestionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ts_partner_questions_get_property;
  object_class->dispose = ts_partner_questions_dispose;
  object_class->finalize = ts_partner_questions_finalize;

  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_QUESTIONS] = g_param_spec_uint ("n-questions", NULL, NULL, 0, G_MAXUINT, 0,
                                                    G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ts_partner_questions_init (TsPartnerQuestions *self)
{
  self->performance_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
}

TsPartnerQuestions *
ts_partner_questions_new (TsApiClient *client)
{
  TsPartnerQuestions *self = g_object_new (TS_TYPE_PARTNER_QUESTIONS, NULL);

  self->client = g_object_ref (client);
  return self;
}

void
ts_partner_questions_set_sale (TsPartnerQuestions *self,
                               gint64              patron_id,
                               const gint64       *performance_ids,
                               guint               n_performance_ids)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean was_loading, had_questions;

  g_return_if_fail (TS_IS_PARTNER_QUESTIONS (self));

  for (guint i = 0; i < n_performance_ids; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < ids->len && !seen; j++)
        seen = g_array_index (ids, gint64, j) == performance_ids[i];
      if (!seen && performance_ids[i] > 0)
        g_array_append_val (ids, performance_ids[i]);
    }
  g_array_sort (ids, compare_ids);
  if (patron_id == self->patron_id && ids->len == self->performance_ids->len
      && memcmp (ids->data, self->performance_ids->data, ids->len * sizeof (gint64)) == 0)
    return;

  was_loading = ts_partner_questions_is_loading (self);
  had_questions = n_questions (self) > 0;
  ts_partner_questions_cancel (self);
  g_clear_pointer (&self->questions, json_array_unref);
  self->patron_id = patron_id;
  g_array_set_size (self->performance_ids, 0);
  g_array_append_vals (self->performance_ids, ids->data, ids->len);
  /* K3: only a purchaser is asked, and only for tickets in the cart */
  if (patron_id != 0 && ids->len > 0)
    {
      Fetch *fetch = g_new0 (Fetch, 1);

      self->cancellable = g_cancellable_new ();
      fetch->self = g_object_ref (self);
      fetch->cancellable = g_object_ref (self->cancellable);
      ts_api_client_get_partner_questions_async (self->client, patron_id, (const gint64 *) ids->data, ids->len,
                                                 self->cancellable, loaded, fetch);
    }
  if (was_loading != ts_partner_questions_is_loading (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (had_questions)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_QUESTIONS]);
}

gboolean
ts_partner_questions_is_loading (TsPartnerQuestions *self)
{
  g_return_val_if_fail (TS_IS_PARTNER_QUESTIONS (self), FALSE);
  return self->cancellable != NULL;
}

JsonArray *
ts_partner_questions_get (TsPartnerQuestions *self)
{
  g_return_val_if_fail (TS_IS_PARTNER_QUESTIONS (self), NULL);
  return n_questions (self) > 0 ? self->questions : NULL;
}

void
ts_partner_questions_cancel (TsPartnerQuestions *self)
{
  g_return_if_fail (TS_IS_PARTNER_QUESTIONS (self));
  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
}
