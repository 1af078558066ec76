/* ferry-preview-result.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-preview-private.h"

/* ------------------------------------------------------------------------ */
/* FerryPreviewResult                                                         */
/* ------------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (FerryPreviewResult, ferry_preview_result, G_TYPE_OBJECT)

enum {
  RESULT_PROP_0,
  RESULT_PROP_ITEMS,
  RESULT_PROP_UNDO_POSSIBLE,
  RESULT_PROP_FAILURE,
  RESULT_N_PROPS
};

static GParamSpec *result_properties[RESULT_N_PROPS];

static void
ferry_preview_result_finalize (GObject *object)
{
  FerryPreviewResult *self = FERRY_PREVIEW_RESULT (object);

  g_clear_object (&self->items);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_free (self->failure);

  G_OBJECT_CLASS (ferry_preview_result_parent_class)->finalize (object);
}

static void
ferry_preview_result_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  FerryPreviewResult *self = FERRY_PREVIEW_RESULT (object);

  switch (prop_id)
    {
    case RESULT_PROP_ITEMS:
      g_value_set_object (value, self->items);
      break;
    case RESULT_PROP_UNDO_POSSIBLE:
      g_value_set_boolean (value, self->undo_possible);
      break;
    case RESULT_PROP_FAILURE:
      g_value_set_string (value, self->failure);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_result_class_init (FerryPreviewResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_preview_result_finalize;
  object_class->get_property = ferry_preview_result_get_property;

  result_properties[RESULT_PROP_ITEMS] =
    g_param_spec_object ("items", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  result_properties[RESULT_PROP_UNDO_POSSIBLE] =
    g_param_spec_boolean ("undo-possible", NULL, NULL, TRUE, flags);
  result_properties[RESULT_PROP_FAILURE] =
    g_param_spec_string ("failure", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, RESULT_N_PROPS, result_properties);
}

static void
ferry_preview_result_init (FerryPreviewResult *self)
{
  self->items = g_list_store_new (FERRY_TYPE_PREVIEW_ITEM);
  self->by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->undo_possible = TRUE;
}

GListModel *
ferry_preview_result_get_items (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), NULL);
  return G_LIST_MODEL (self->items);
}

guint
ferry_preview_result_get_n_items (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->items));
}

guint
ferry_preview_result_get_count (FerryPreviewResult *self,
                                FerryOutcome        outcome)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), 0);
  g_return_val_if_fail (outcome < FERRY_PREVIEW_N_OUTCOMES, 0);
  return self->counts[outcome];
}

FerryPreviewItem *
ferry_preview_result_lookup (FerryPreviewResult *self,
                             const char         *id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  key = g_ascii_strup (id, -1);
  return g_hash_table_lookup (self->by_id, key);
}

gboolean
ferry_preview_result_get_undo_possible (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), TRUE);
  return self->undo_possible;
}

char *
ferry_preview_result_dup_summary (FerryPreviewResult *self)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint replaced, created, deleted, duplicated, kept;

  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), NULL);

  replaced = ferry_preview_result_get_count (self, FERRY_OUTCOME_REPLACE);
  created = ferry_preview_result_get_count (self, FERRY_OUTCOME_CREATE);
  deleted = ferry_preview_result_get_count (self, FERRY_OUTCOME_DELETE);
  duplicated = ferry_preview_result_get_count (self, FERRY_OUTCOME_DUPLICATE);
  kept = ferry_preview_result_get_count (self, FERRY_OUTCOME_KEEP_EXISTING);

  /* The first part names "objects", the others follow it. */
  if (replaced > 0)
    g_ptr_array_add (parts, g_strdup_printf (parts->len == 0 ? g_dngettext (GETTEXT_PACKAGE, "%u object updated", "%u objects updated", replaced)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u updated", "%u updated", replaced), replaced));
  if (created > 0)
    g_ptr_array_add (parts, g_strdup_printf (parts->len == 0 ? g_dngettext (GETTEXT_PACKAGE, "%u object added", "%u objects added", created)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u added", "%u added", created), created));
  if (deleted > 0)
    g_ptr_array_add (parts, g_strdup_printf (parts->len == 0 ? g_dngettext (GETTEXT_PACKAGE, "%u object deleted", "%u objects deleted", deleted)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u deleted", "%u deleted", deleted), deleted));
  if (duplicated > 0)
    g_ptr_array_add (parts, g_strdup_printf (parts->len == 0 ? g_dngettext (GETTEXT_PACKAGE, "%u object added as a copy", "%u objects added as copies", duplicated)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u added as a copy", "%u added as copies", duplicated), duplicated));
  if (kept > 0)
    /* Translators: objects that differ but stayed as the target had them, by rule */
    g_ptr_array_add (parts, g_strdup_printf (parts->len == 0 ? g_dngettext (GETTEXT_PACKAGE, "%u object kept as it was", "%u objects kept as they were", kept)
                                                             : g_dngettext (GETTEXT_PACKAGE, "%u kept as it was", "%u kept as they were", kept), kept));
  if (parts->len == 0)
    return g_strdup (_("Nothing changed"));
  g_ptr_array_add (parts, NULL);
  /* Translators: the parts are joined with ", " */
  return g_strjoinv (_(", "), (char **) parts->pdata);
}

gboolean
ferry_preview_result_get_needs_confirmation (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), TRUE);
  return ferry_preview_result_get_count (self, FERRY_OUTCOME_DELETE) > 0 ||
         ferry_preview_result_get_count (self, FERRY_OUTCOME_DUPLICATE) > 0 ||
         !self->undo_possible;
}

const char *
ferry_preview_result_get_failure (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), NULL);
  return self->failure;
}

guint
ferry_preview_result_get_n_source_objects (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), 0);
  return self->n_source_objects;
}

guint
ferry_preview_result_get_n_target_objects (FerryPreviewResult *self)
{
  g_return_val_if_fail (FERRY_IS_PREVIEW_RESULT (self), 0);
  return self->n_target_objects;
}

void
_ferry_preview_result_recount (FerryPreviewResult *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->items));
  FerryPreviewItem *first_failure = NULL;
  guint n_failures;

  memset (self->counts, 0, sizeof self->counts);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryPreviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->items), i);

      self->counts[item->outcome]++;
      if (item->outcome == FERRY_OUTCOME_FAIL && first_failure == NULL)
        first_failure = item;
    }

  g_clear_pointer (&self->failure, g_free);
  n_failures = self->counts[FERRY_OUTCOME_FAIL];
  if (first_failure != NULL)
    {
      if (n_failures == 1)
        self->failure = g_strdup_printf (_("The migration will fail: %s. Nothing will change in the target."),
                                         first_failure->explanation);
      else
        self->failure = g_strdup_printf (ngettext ("The migration will fail: %s (and %u more object). Nothing will change in the target.",
                                                   "The migration will fail: %s (and %u more objects). Nothing will change in the target.",
                                                   n_failures - 1),
                                         first_failure->explanation, n_failures - 1);
    }
}
