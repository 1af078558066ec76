/* ferry-object-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-object-rule"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-object-rule.h"
#include "ferry-toc-rule-private.h"

struct _FerryObjectRule
{
  FerryTocRule  parent_instance;
  char         *object_id;
  char         *name;
  int           type;
  gboolean      name_in_json;   /* write "name" (the item came with one) */
  gboolean      type_in_json;   /* write "type" */
};

G_DEFINE_FINAL_TYPE (FerryObjectRule, ferry_object_rule, FERRY_TYPE_TOC_RULE)

enum {
  PROP_0,
  PROP_OBJECT_ID,
  PROP_NAME,
  PROP_OBJECT_TYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_object_rule_finalize (GObject *object)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (object);

  g_free (self->object_id);
  g_free (self->name);
  G_OBJECT_CLASS (ferry_object_rule_parent_class)->finalize (object);
}

static void
ferry_object_rule_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_OBJECT_TYPE:
      g_value_set_int (value, self->type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_rule_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_ID:
      ferry_object_rule_set_object_id (self, g_value_get_string (value));
      break;
    case PROP_NAME:
      ferry_object_rule_set_name (self, g_value_get_string (value));
      break;
    case PROP_OBJECT_TYPE:
      ferry_object_rule_set_object_type (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
ferry_object_rule_load_json (FerryTocRule  *rule,
                             JsonObject    *item,
                             const char    *path,
                             GError       **error)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (rule);
  JsonNode *id_node = json_object_get_member (item, "id");
  JsonNode *name_node = json_object_get_member (item, "name");
  JsonNode *type_node = json_object_get_member (item, "type");
  int type = 0;

  if (!_ferry_toc_json_is_string (id_node))
    {
      g_autofree char *member_path = g_strdup_printf ("%s.id", path);

      return _ferry_toc_json_fail_type (error, member_path, _("a string"), id_node);
    }
  self->object_id = g_strdup (json_node_get_string (id_node));
  /* A "name" or "type" Ferry cannot read is kept as it came (the base
   * keeps every member this rule does not own). */
  self->name_in_json = _ferry_toc_json_is_string (name_node);
  if (self->name_in_json)
    self->name = g_strdup (json_node_get_string (name_node));
  self->type_in_json = type_node != NULL && _ferry_toc_json_read_int (type_node, "type", &type, NULL);
  if (self->type_in_json)
    self->type = type;
  return TRUE;
}

static gboolean
ferry_object_rule_owns_member (FerryTocRule *rule,
                               const char   *name)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (rule);

  return g_str_equal (name, "id") ||
         (self->name_in_json && g_str_equal (name, "name")) ||
         (self->type_in_json && g_str_equal (name, "type"));
}

static void
ferry_object_rule_save_json (FerryTocRule *rule,
                             JsonObject   *out)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (rule);

  json_object_set_string_member (out, "id", self->object_id ? self->object_id : "");
  if (self->name_in_json)
    {
      if (self->name != NULL)
        json_object_set_string_member (out, "name", self->name);
      else
        json_object_set_null_member (out, "name");
    }
  if (self->type_in_json)
    json_object_set_int_member (out, "type", self->type);
}

static void
ferry_object_rule_copy_fields (FerryTocRule *rule,
                               FerryTocRule *copy)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (rule);
  FerryObjectRule *to = FERRY_OBJECT_RULE (copy);

  g_free (to->object_id);
  to->object_id = g_strdup (self->object_id);
  g_free (to->name);
  to->name = g_strdup (self->name);
  to->type = self->type;
  to->name_in_json = self->name_in_json;
  to->type_in_json = self->type_in_json;
}

static void
ferry_object_rule_class_init (FerryObjectRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryTocRuleClass *rule_class = FERRY_TOC_RULE_CLASS (klass);

  object_class->finalize = ferry_object_rule_finalize;
  object_class->get_property = ferry_object_rule_get_property;
  object_class->set_property = ferry_object_rule_set_property;

  rule_class->load_json = ferry_object_rule_load_json;
  rule_class->owns_member = ferry_object_rule_owns_member;
  rule_class->save_json = ferry_object_rule_save_json;
  rule_class->copy_fields = ferry_object_rule_copy_fields;

  properties[PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OBJECT_TYPE] =
    g_param_spec_int ("object-type", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_object_rule_init (FerryObjectRule *self)
{
}

FerryObjectRule *
ferry_object_rule_new (const char          *object_id,
                       FerryConflictAction  action)
{
  return g_object_new (FERRY_TYPE_OBJECT_RULE, "object-id", object_id, "action", action, NULL);
}

const char *
ferry_object_rule_get_object_id (FerryObjectRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_RULE (self), NULL);
  return self->object_id;
}

void
ferry_object_rule_set_object_id (FerryObjectRule *self,
                                 const char      *object_id)
{
  g_return_if_fail (FERRY_IS_OBJECT_RULE (self));
  if (g_strcmp0 (self->object_id, object_id) == 0)
    return;
  g_free (self->object_id);
  self->object_id = g_strdup (object_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_ID]);
}

const char *
ferry_object_rule_get_name (FerryObjectRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_RULE (self), NULL);
  return self->name;
}

void
ferry_object_rule_set_name (FerryObjectRule *self,
                            const char      *name)
{
  g_return_if_fail (FERRY_IS_OBJECT_RULE (self));
  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

int
ferry_object_rule_get_object_type (FerryObjectRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_RULE (self), 0);
  return self->type;
}

void
ferry_object_rule_set_object_type (FerryObjectRule *self,
                                   int              type)
{
  g_return_if_fail (FERRY_IS_OBJECT_RULE (self));
  if (self->type == type)
    return;
  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_TYPE]);
}

FerryConflictAction
ferry_object_rule_get_action (FerryObjectRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return ferry_toc_rule_get_action (FERRY_TOC_RULE (self));
}

void
ferry_object_rule_set_action (FerryObjectRule     *self,
                              FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_OBJECT_RULE (self));
  ferry_toc_rule_set_action (FERRY_TOC_RULE (self), action);
}
