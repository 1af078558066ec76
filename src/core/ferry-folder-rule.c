/* ferry-folder-rule.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-folder-rule"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-folder-rule.h"
#include "ferry-toc-rule-private.h"

struct _FerryFolderRule
{
  FerryTocRule  parent_instance;
  char         *folder_id;
  char         *folder_path;   /* for display; never in JSON */
};

G_DEFINE_FINAL_TYPE (FerryFolderRule, ferry_folder_rule, FERRY_TYPE_TOC_RULE)

enum {
  PROP_0,
  PROP_FOLDER_ID,
  PROP_FOLDER_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_folder_rule_finalize (GObject *object)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (object);

  g_free (self->folder_id);
  g_free (self->folder_path);
  G_OBJECT_CLASS (ferry_folder_rule_parent_class)->finalize (object);
}

static void
ferry_folder_rule_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (object);

  switch (prop_id)
    {
    case PROP_FOLDER_ID:
      g_value_set_string (value, self->folder_id);
      break;
    case PROP_FOLDER_PATH:
      g_value_set_string (value, self->folder_path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_folder_rule_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (object);

  switch (prop_id)
    {
    case PROP_FOLDER_ID:
      ferry_folder_rule_set_folder_id (self, g_value_get_string (value));
      break;
    case PROP_FOLDER_PATH:
      ferry_folder_rule_set_folder_path (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
ferry_folder_rule_load_json (FerryTocRule  *rule,
                             JsonObject    *item,
                             const char    *path,
                             GError       **error)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (rule);
  JsonNode *node = json_object_get_member (item, "id");

  if (!_ferry_toc_json_is_string (node))
    {
      g_autofree char *member_path = g_strdup_printf ("%s.id", path);

      return _ferry_toc_json_fail_type (error, member_path, _("a string"), node);
    }
  g_free (self->folder_id);
  self->folder_id = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
ferry_folder_rule_owns_member (FerryTocRule *rule,
                               const char   *name)
{
  return g_str_equal (name, "id");
}

static void
ferry_folder_rule_save_json (FerryTocRule *rule,
                             JsonObject   *out)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (rule);

  json_object_set_string_member (out, "id", self->folder_id ? self->folder_id : "");
}

static void
ferry_folder_rule_copy_fields (FerryTocRule *rule,
                               FerryTocRule *copy)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (rule);
  FerryFolderRule *to = FERRY_FOLDER_RULE (copy);

  g_free (to->folder_id);
  to->folder_id = g_strdup (self->folder_id);
  g_free (to->folder_path);
  to->folder_path = g_strdup (self->folder_path);
}

static void
ferry_folder_rule_class_init (FerryFolderRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  FerryTocRuleClass *rule_class = FERRY_TOC_RULE_CLASS (klass);

  object_class->finalize = ferry_folder_rule_finalize;
  object_class->get_property = ferry_folder_rule_get_property;
  object_class->set_property = ferry_folder_rule_set_property;

  rule_class->load_json = ferry_folder_rule_load_json;
  rule_class->owns_member = ferry_folder_rule_owns_member;
  rule_class->save_json = ferry_folder_rule_save_json;
  rule_class->copy_fields = ferry_folder_rule_copy_fields;

  properties[PROP_FOLDER_ID] =
    g_param_spec_string ("folder-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FOLDER_PATH] =
    g_param_spec_string ("folder-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_folder_rule_init (FerryFolderRule *self)
{
}

FerryFolderRule *
ferry_folder_rule_new (const char          *folder_id,
                       FerryConflictAction  action)
{
  return g_object_new (FERRY_TYPE_FOLDER_RULE, "folder-id", folder_id, "action", action, NULL);
}

const char *
ferry_folder_rule_get_folder_id (FerryFolderRule *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_RULE (self), NULL);
  return self->folder_id;
}

void
ferry_folder_rule_set_folder_id (FerryFolderRule *self,
                                 const char      *folder_id)
{
  g_return_if_fail (FERRY_IS_FOLDER_RULE (self));
  if (g_strcmp0 (self->folder_id, folder_id) == 0)
    return;
  g_free (self->folder_id);
  self->folder_id = g_strdup (folder_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER_ID]);
}

const char *
ferry_folder_rule_get_folder_path (FerryFolderRule *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_RULE (self), NULL);
  return self->folder_path;
}

void
ferry_folder_rule_set_folder_path (FerryFolderRule *self,
                                   const char      *folder_path)
{
  g_return_if_fail (FERRY_IS_FOLDER_RULE (self));
  if (g_strcmp0 (self->folder_path, folder_path) == 0)
    return;
  g_free (self->folder_path);
  self->folder_path = g_strdup (folder_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FOLDER_PATH]);
}

FerryConflictAction
ferry_folder_rule_get_action (FerryFolderRule *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return ferry_toc_rule_get_action (FERRY_TOC_RULE (self));
}

void
ferry_folder_rule_set_action (FerryFolderRule     *self,
                              FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_FOLDER_RULE (self));
  ferry_toc_rule_set_action (FERRY_TOC_RULE (self), action);
}
