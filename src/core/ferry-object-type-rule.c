/* ferry-object-type-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-object-type-rule"

#include "config.h"

#include "ferry-object-type-rule.h"
#include "ferry-toc-rule-private.h"

struct _FerryObjectTypeRule
{
  FerryTocRule  parent_instance;
  int           type;
  int           subtype;
  gboolean      subtype_in_json;  /* write "subtype" even when <= 0 */
};

G_DEFINE_FINAL_TYPE (FerryObjectTypeRule, ferry_object_type_rule, FERRY_TYPE_TOC_RULE)

enum {
  PROP_0,
  PROP_OBJECT_TYPE,
  PROP_SUBTYPE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_object_type_rule_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_TYPE:
      g_value_set_int (value, self->type);
      break;
    case PROP_SUBTYPE:
      g_value_set_int (value, self->subtype);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_type_rule_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (object);

  switch (prop_id)
    {
    case PROP_OBJECT_TYPE:
      ferry_object_type_rule_set_object_type (self, g_value_get_int (value));
      break;
    case PROP_SUBTYPE:
      ferry_object_type_rule_set_subtype (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
ferry_object_type_rule_load_json (FerryTocRule  *rule,
                                  JsonObject    *item,
                                  const char    *path,
                                  GError       **error)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (rule);
  g_autofree char *type_path = g_strdup_printf ("%s.type", path);
  g_autofree char *subtype_path = g_strdup_printf ("%s.subtype", path);
  JsonNode *subtype_node = json_object_get_member (item, "subtype");
  int type = 0, subtype = 0;

  if (!_ferry_toc_json_read_int (json_object_get_member (item, "type"), type_path, &type, error))
    return FALSE;
  if (subtype_node != NULL && !_ferry_toc_json_read_int (subtype_node, subtype_path, &subtype, error))
    return FALSE;
  self->type = type;
  self->subtype = subtype;
  self->subtype_in_json = subtype_node != NULL;
  return TRUE;
}

static gboolean
ferry_object_type_rule_owns_member (FerryTocRule *rule,
                                    const char   *name)
{
  return g_str_equal (name, "type") || g_str_equal (name, "subtype");
}

static void
ferry_object_type_rule_save_json (FerryTocRule *rule,
                                  JsonObject   *out)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (rule);

  json_object_set_int_member (out, "type", self->type);
  if (self->subtype > 0 || self->subtype_in_json)
    json_object_set_int_member (out, "subtype", self->subtype);
}

static void
ferry_object_type_rule_copy_fields (FerryTocRule *rule,
                                    FerryTocRule *copy)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (rule);
  FerryObjectTypeRule *to = FERRY_OBJECT_TYPE_RULE (copy);

  to->type = self->type;
  to->subtype = self->subtype;
  to->subtype_in_json = self->subtype_in_json;
}

static void
ferry_object_type_rule_class_init (FerryObjectTypeRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryTocRuleClass *rule_class = FERRY_TOC_RULE_CLASS (klass);

  object_class->get_property = ferry_object_type_rule_get_property;
  object_class->set_property = ferry_object_type_rule_set_property;

  rule_class->load_json = ferry_object_type_rule_load_json;
  rule_class->owns_member = ferry_object_type_rule_owns_member;
  rule_class->save_json = ferry_object_type_rule_save_json;
  rule_class->copy_fields = ferry_object_type_rule_copy_fields;

  properties[PROP_OBJECT_TYPE] =
    g_param_spec_int ("object-type", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTYPE] =
    g_param_spec_int ("subtype", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_object_type_rule_init (FerryObjectTypeRule *self)
{
}

FerryObjectTypeRule *
ferry_object_type_rule_new (int                  type,
                            int                  subtype,
                            FerryConflictAction  action)
{
  return g_object_new (FERRY_TYPE_OBJECT_TYPE_RULE,
                       "object-type", type, "subtype", subtype, "action", action, NULL);
}

int
ferry_object_type_rule_get_object_type (FerryObjectTypeRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self), 0);
  return self->type;
}

void
ferry_object_type_rule_set_object_type (FerryObjectTypeRule *self,
                                        int                  type)
{
  g_return_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self));
  if (self->type == type)
    return;
  self->type = type;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OBJECT_TYPE]);
}

int
ferry_object_type_rule_get_subtype (FerryObjectTypeRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self), 0);
  return self->subtype;
}

void
ferry_object_type_rule_set_subtype (FerryObjectTypeRule *self,
                                    int                  subtype)
{
  g_return_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self));
  if (self->subtype == subtype)
    return;
  self->subtype = subtype;
  self->subtype_in_json = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTYPE]);
}

FerryConflictAction
ferry_object_type_rule_get_action (FerryObjectTypeRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return ferry_toc_rule_get_action (FERRY_TOC_RULE (self));
}

void
ferry_object_type_rule_set_action (FerryObjectTypeRule *self,
                                   FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self));
  ferry_toc_rule_set_action (FERRY_TOC_RULE (self), action);
}
