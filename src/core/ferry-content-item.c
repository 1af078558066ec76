/* ferry-content-item.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-plan"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-plan.h"

/* ------------------------------------------------------------------------ */
/* FerryContentItem                                                           */
/* ------------------------------------------------------------------------ */

struct _FerryContentItem
{
  GObject              parent_instance;

  char                *object_id;
  char                *name;
  int                  type;
  int                  subtype;
  char                *path;
  FerryConflictAction  action;
  gboolean             include_dependents;
};

G_DEFINE_FINAL_TYPE (FerryContentItem, ferry_content_item, G_TYPE_OBJECT)

enum {
  ITEM_PROP_0,
  ITEM_PROP_OBJECT_ID,
  ITEM_PROP_NAME,
  ITEM_PROP_OBJECT_TYPE,
  ITEM_PROP_SUBTYPE,
  ITEM_PROP_PATH,
  ITEM_PROP_ACTION,
  ITEM_PROP_INCLUDE_DEPENDENTS,
  ITEM_N_PROPS
};

static GParamSpec *item_properties[ITEM_N_PROPS];

static void
ferry_content_item_finalize (GObject *object)
{
  FerryContentItem *self = FERRY_CONTENT_ITEM (object);

  g_free (self->object_id);
  g_free (self->name);
  g_free (self->path);

  G_OBJECT_CLASS (ferry_content_item_parent_class)->finalize (object);
}

static void
ferry_content_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryContentItem *self = FERRY_CONTENT_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_OBJECT_TYPE:
      g_value_set_int (value, self->type);
      break;
    case ITEM_PROP_SUBTYPE:
      g_value_set_int (value, self->subtype);
      break;
    case ITEM_PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case ITEM_PROP_ACTION:
      g_value_set_enum (value, self->action);
      break;
    case ITEM_PROP_INCLUDE_DEPENDENTS:
      g_value_set_boolean (value, self->include_dependents);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_content_item_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryContentItem *self = FERRY_CONTENT_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_OBJECT_ID:
      g_free (self->object_id);
      self->object_id = g_value_dup_string (value);
      break;
    case ITEM_PROP_NAME:
      g_free (self->name);
      self->name = g_value_dup_string (value);
      break;
    case ITEM_PROP_OBJECT_TYPE:
      self->type = g_value_get_int (value);
      break;
    case ITEM_PROP_SUBTYPE:
      self->subtype = g_value_get_int (value);
      break;
    case ITEM_PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    case ITEM_PROP_ACTION:
      ferry_content_item_set_action (self, g_value_get_enum (value));
      break;
    case ITEM_PROP_INCLUDE_DEPENDENTS:
      ferry_content_item_set_include_dependents (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_content_item_class_init (FerryContentItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_content_item_finalize;
  object_class->get_property = ferry_content_item_get_property;
  object_class->set_property = ferry_content_item_set_property;

  item_properties[ITEM_PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL, NULL, construct);
  item_properties[ITEM_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, construct);
  item_properties[ITEM_PROP_OBJECT_TYPE] =
    g_param_spec_int ("object-type", NULL, NULL, 0, G_MAXINT, 0, construct);
  item_properties[ITEM_PROP_SUBTYPE] =
    g_param_spec_int ("subtype", NULL, NULL, 0, G_MAXINT, 0, construct);
  item_properties[ITEM_PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, construct);
  item_properties[ITEM_PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL, FERRY_TYPE_CONFLICT_ACTION,
                       FERRY_CONFLICT_ACTION_REPLACE, flags);
  item_properties[ITEM_PROP_INCLUDE_DEPENDENTS] =
    g_param_spec_boolean ("include-dependents", NULL, NULL, TRUE, flags);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
ferry_content_item_init (FerryContentItem *self)
{
  self->action = FERRY_CONFLICT_ACTION_REPLACE;
  self->include_dependents = TRUE;
}

FerryContentItem *
ferry_content_item_new (const char          *object_id,
                        const char          *name,
                        int                  type,
                        int                  subtype,
                        const char          *path,
                        FerryConflictAction  action,
                        gboolean             include_dependents)
{
  g_return_val_if_fail (object_id != NULL, NULL);

  return g_object_new (FERRY_TYPE_CONTENT_ITEM,
                       "object-id", object_id,
                       "name", name,
                       "object-type", MAX (type, 0),
                       "subtype", MAX (subtype, 0),
                       "path", path,
                       "action", action,
                       "include-dependents", include_dependents,
                       NULL);
}

FerryContentItem *
ferry_content_item_new_from_object_info (FerryObjectInfo     *info,
                                         FerryConflictAction  action,
                                         gboolean             include_dependents)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (info), NULL);

  return ferry_content_item_new (ferry_object_info_get_id (info),
                                 ferry_object_info_get_name (info),
                                 ferry_object_info_get_object_type (info),
                                 ferry_object_info_get_subtype (info),
                                 ferry_object_info_get_path (info),
                                 action, include_dependents);
}

const char *
ferry_content_item_get_object_id (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), NULL);
  return self->object_id;
}

const char *
ferry_content_item_get_name (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), NULL);
  return self->name;
}

int
ferry_content_item_get_object_type (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), 0);
  return self->type;
}

int
ferry_content_item_get_subtype (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), 0);
  return self->subtype;
}

const char *
ferry_content_item_get_path (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), NULL);
  return self->path;
}

FerryConflictAction
ferry_content_item_get_action (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), FERRY_CONFLICT_ACTION_REPLACE);
  return self->action;
}

void
ferry_content_item_set_action (FerryContentItem    *self,
                               FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_CONTENT_ITEM (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);

  if (self->action == action)
    return;
  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_ACTION]);
}

gboolean
ferry_content_item_get_include_dependents (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), FALSE);
  return self->include_dependents;
}

void
ferry_content_item_set_include_dependents (FerryContentItem *self,
                                           gboolean          include_dependents)
{
  g_return_if_fail (FERRY_IS_CONTENT_ITEM (self));

  include_dependents = !!include_dependents;
  if (self->include_dependents == include_dependents)
    return;
  self->include_dependents = include_dependents;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_INCLUDE_DEPENDENTS]);
}

FerryContentItem *
ferry_content_item_copy (FerryContentItem *self)
{
  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), NULL);

  return ferry_content_item_new (self->object_id, self->name, self->type, self->subtype,
                                 self->path, self->action, self->include_dependents);
}

JsonNode *
ferry_content_item_to_api_json (FerryContentItem *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (FERRY_IS_CONTENT_ITEM (self), NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, self->object_id);
  if (self->name != NULL)
    {
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, self->name);
    }
  if (self->type > 0)
    {
      json_builder_set_member_name (b, "type");
      json_builder_add_int_value (b, self->type);
    }
  json_builder_set_member_name (b, "action");
  json_builder_add_string_value (b, ferry_conflict_action_to_string (self->action));
  json_builder_set_member_name (b, "includeDependents");
  json_builder_add_boolean_value (b, self->include_dependents);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}
