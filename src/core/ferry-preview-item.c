/* ferry-preview-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-preview"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-preview-private.h"

/* ------------------------------------------------------------------------ */
/* FerryPreviewItem                                                           */
/* ------------------------------------------------------------------------ */

G_DEFINE_FINAL_TYPE (FerryPreviewItem, ferry_preview_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_ID,
  ITEM_PROP_NAME,
  ITEM_PROP_PATH,
  ITEM_PROP_TYPE_NAME,
  ITEM_PROP_OUTCOME,
  ITEM_PROP_RULE,
  ITEM_PROP_EXPLANATION,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
ferry_preview_item_finalize (GObject *object)
{
  FerryPreviewItem *self = FERRY_PREVIEW_ITEM (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->path);
  g_free (self->type_name);
  g_free (self->source_version);
  g_free (self->target_version);
  g_free (self->rule);
  g_free (self->explanation);

  G_OBJECT_CLASS (ferry_preview_item_parent_class)->finalize (object);
}

static void
ferry_preview_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryPreviewItem *self = FERRY_PREVIEW_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case ITEM_PROP_TYPE_NAME:
      g_value_set_string (value, self->type_name);
      break;
    case ITEM_PROP_OUTCOME:
      g_value_set_enum (value, self->outcome);
      break;
    case ITEM_PROP_RULE:
      g_value_set_string (value, self->rule);
      break;
    case ITEM_PROP_EXPLANATION:
      g_value_set_string (value, self->explanation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_preview_item_class_init (FerryPreviewItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_preview_item_finalize;
  object_class->get_property = ferry_preview_item_get_property;

  item_properties[ITEM_PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_TYPE_NAME] = g_param_spec_string ("type-name", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_OUTCOME] =
    g_param_spec_enum ("outcome", NULL, NULL, FERRY_TYPE_OUTCOME, FERRY_OUTCOME_SKIP, flags);
  item_properties[ITEM_PROP_RULE] = g_param_spec_string ("rule", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_EXPLANATION] = g_param_spec_string ("explanation", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
ferry_preview_item_init (FerryPreviewItem *self)
{
  self->source_modified = -1;
  self->target_modified = -1;
}

#define ITEM_GETTER(ret, prop, field, fallback)                         \
  ret                                                                   \
  ferry_preview_item_get_##prop (FerryPreviewItem *self)                \
  {                                                                     \
    g_return_val_if_fail (FERRY_IS_PREVIEW_ITEM (self), fallback);      \
    return self->field;                                                 \
  }

ITEM_GETTER (const char *, id, id, NULL)
ITEM_GETTER (const char *, name, name, NULL)
ITEM_GETTER (const char *, path, path, NULL)
ITEM_GETTER (int, object_type, type, 0)
ITEM_GETTER (int, subtype, subtype, 0)
ITEM_GETTER (const char *, type_name, type_name, NULL)
ITEM_GETTER (FerryPreviewOrigin, origin, origin, FERRY_PREVIEW_ORIGIN_PROJECT)
ITEM_GETTER (const char *, source_version, source_version, NULL)
ITEM_GETTER (gint64, source_modified, source_modified, -1)
ITEM_GETTER (const char *, target_version, target_version, NULL)
ITEM_GETTER (gint64, target_modified, target_modified, -1)
ITEM_GETTER (FerryTargetState, target_state, state, FERRY_TARGET_STATE_ABSENT)
ITEM_GETTER (FerryRuleKind, rule_kind, rule_kind, FERRY_RULE_KIND_DEFAULT)
ITEM_GETTER (FerryConflictAction, action, action, FERRY_CONFLICT_ACTION_USE_EXISTING)
ITEM_GETTER (FerryOutcome, outcome, outcome, FERRY_OUTCOME_SKIP)
ITEM_GETTER (const char *, rule, rule, NULL)
ITEM_GETTER (const char *, explanation, explanation, NULL)

char *
_ferry_preview_type_name_for (int type,
                              int subtype)
{
  const char *name = ferry_object_type_name (type, subtype);

  if (name != NULL)
    return g_strdup (name);
  /* Translators: an object type Ferry has no name for */
  return g_strdup_printf (_("Type %d"), type);
}
