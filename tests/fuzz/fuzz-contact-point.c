/* fuzz-contact-point.c — contact point bodies (POST
 * /patrons/{id}/contact-points, PATCH /contact-points/{id}; P1, P3) on any
 * JSON, as a new point and as an edit of one of each kind.  What it accepts
 * must be a contact point the rest of the server can trust. */
#include "ts-error.h"
#include "ts-validate.h"
#include "ts-contact-point-input.h"
#include "ts-fuzz.h"

static const char * const kinds[] = { "address", "phone", "email", "fax", "web", NULL };
static const char * const labels[] = { "home", "work", "mobile", "billing", "seasonal", "other", NULL };

static void
check_point (const TsContactPointInput *point)
{
  const char *params[8];

  ts_fuzz_assert (g_strv_contains (kinds, point->kind), "kind “%s”", point->kind);
  ts_fuzz_assert (point->label != NULL && g_strv_contains (labels, point->label), "label “%s”", point->label);
  if (g_str_equal (point->kind, "address"))
    ts_fuzz_assert (point->value == NULL && point->line1 != NULL, "an address with a value or without line1");
  else
    ts_fuzz_assert (point->value != NULL && point->line1 == NULL && point->line2 == NULL && point->city == NULL
                    && point->region == NULL && point->postal_code == NULL && point->country == NULL,
                    "a %s without a value or with address lines", point->kind);
  ts_contact_point_input_params (point, params);
  for (guint i = 0; i < G_N_ELEMENTS (params); i++)
    ts_fuzz_assert (params[i] == NULL
                    || (params[i][0] != '\0' && ts_validate_optional ("param", params[i], 300, NULL)),
                    "parameter %u “%s” is empty or not plain text", i, params[i]);
}

static gboolean
same (const TsContactPointInput *a,
      const TsContactPointInput *b)
{
  return g_strcmp0 (a->kind, b->kind) == 0 && g_strcmp0 (a->label, b->label) == 0
         && g_strcmp0 (a->value, b->value) == 0 && g_strcmp0 (a->line1, b->line1) == 0
         && g_strcmp0 (a->line2, b->line2) == 0 && g_strcmp0 (a->city, b->city) == 0
         && g_strcmp0 (a->region, b->region) == 0 && g_strcmp0 (a->postal_code, b->postal_code) == 0
         && g_strcmp0 (a->country, b->country) == 0 && a->primary == b->primary;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const TsContactPointInput bases[] = {
    { "address", "home", NULL, "1 Rue Principale", NULL, "Montréal", "QC", "H2X 1Y4", "Canada", FALSE },
    { "phone", "work", "416-555-0100", NULL, NULL, NULL, NULL, NULL, NULL, FALSE },
    { "email", "home", "helene@example.org", NULL, NULL, NULL, NULL, NULL, NULL, TRUE },
    { "web", "other", "https://example.org", NULL, NULL, NULL, NULL, NULL, NULL, FALSE },
  };
  g_autoptr(JsonNode) root = ts_fuzz_parse_json (data, size);
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return 0;
  object = json_node_get_object (root);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TsContactPointInput) created = ts_contact_point_input_parse (object, NULL, &error);

    if (created == NULL)
      ts_fuzz_check_error (error);
    else
      {
        g_autoptr(TsContactPointInput) edited = NULL;

        check_point (created);
        /* the same body as an edit of what it created changes nothing */
        edited = ts_contact_point_input_parse (object, created, &error);
        ts_fuzz_assert (edited != NULL, "a body that creates a point cannot edit it: %s", error->message);
        ts_fuzz_assert (same (created, edited), "the same body edits what it created");
      }
  }

  for (guint i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TsContactPointInput) edited = ts_contact_point_input_parse (object, &bases[i], &error);

      if (edited == NULL)
        ts_fuzz_check_error (error);
      else
        {
          check_point (edited);
          ts_fuzz_assert (g_str_equal (edited->kind, bases[i].kind), "an edit changed the kind");
        }
    }
  return 0;
}
