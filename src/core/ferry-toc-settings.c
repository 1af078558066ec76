/* ferry-toc-settings.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-toc-settings"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "ferry-toc-settings.h"
#include "ferry-rules.h"   /* ferry_object_type_name() */

G_DEFINE_QUARK (ferry-toc-settings-error-quark, ferry_toc_settings_error)

/* ------------------------------------------------------------------------ */
/* Enumerations                                                              */
/* ------------------------------------------------------------------------ */

G_DEFINE_ENUM_TYPE (FerryPackageType, ferry_package_type,
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_PROJECT, "project"),
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_CONFIGURATION, "configuration"),
  G_DEFINE_ENUM_VALUE (FERRY_PACKAGE_TYPE_PROJECT_SECURITY, "project_security"))

G_DEFINE_ENUM_TYPE (FerryConflictAction, ferry_conflict_action,
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_KEEP_BOTH, "keep_both"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_NEWER, "use_newer"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_USE_OLDER, "use_older"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_FORCE_REPLACE, "force_replace"),
  G_DEFINE_ENUM_VALUE (FERRY_CONFLICT_ACTION_DELETE, "delete"))

G_DEFINE_ENUM_TYPE (FerryAclOnReplacing, ferry_acl_on_replacing,
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_REPLACING_KEEP_BOTH, "keep_both"))

G_DEFINE_ENUM_TYPE (FerryAclOnNew, ferry_acl_on_new,
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT, "keep_acl_as_source_object"),
  G_DEFINE_ENUM_VALUE (FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER, "inherit_acl_as_dest_folder"))

G_DEFINE_ENUM_TYPE (FerryTranslationAction, ferry_translation_action,
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_UNSET, "unset"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_EXISTING, "existing"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_NOT_MERGED, "not_merged"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_USE_EXISTING, "use_existing"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_REPLACE, "replace"),
  G_DEFINE_ENUM_VALUE (FERRY_TRANSLATION_ACTION_FORCE_REPLACE, "force_replace"))

/* The JSON spellings, indexed by enum value (NULL: no spelling, i.e. unset).
 * These tables, not the GEnum nicks, decide what JSON accepts. */
static const char * const package_types[] = {
  "project", "configuration", "project_security", NULL
};
static const char * const conflict_actions[] = {
  "use_existing", "replace", "keep_both", "use_newer", "use_older", "force_replace", "delete", NULL
};
static const char * const acl_replacing_values[] = {
  NULL, "use_existing", "replace", "keep_both", NULL
};
static const char * const acl_new_values[] = {
  NULL, "keep_acl_as_source_object", "inherit_acl_as_dest_folder", NULL
};
static const char * const translation_values[] = {
  NULL, "existing", "not_merged", "use_existing", "replace", "force_replace", NULL
};
enum { N_UPDATE_SCHEMA = 3 };
static const char * const update_schema_values[] = {
  "recal_table_logical_size", "recal_table_keys_fact_entry_level", "update_schema_logical_info", NULL
};

/* Index of TEXT in TABLE[first..], or -1. */
static int
table_find (const char * const *table,
            guint               first,
            const char         *text)
{
  for (guint i = first; table[i] != NULL; i++)
    if (g_strcmp0 (table[i], text) == 0)
      return (int) i;
  return -1;
}

/* "a, b, c" of TABLE[first..]. */
static char *
table_join (const char * const *table,
            guint               first)
{
  return g_strjoinv (", ", (char **) &table[first]);
}

const char *
ferry_package_type_to_string (FerryPackageType type)
{
  g_return_val_if_fail (type <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY, NULL);
  return package_types[type];
}

gboolean
ferry_package_type_from_string (const char       *text,
                                FerryPackageType *out_type)
{
  int i = table_find (package_types, 0, text);

  if (i < 0)
    return FALSE;
  if (out_type != NULL)
    *out_type = (FerryPackageType) i;
  return TRUE;
}

const char *
ferry_conflict_action_to_string (FerryConflictAction action)
{
  g_return_val_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE, NULL);
  return conflict_actions[action];
}

gboolean
ferry_conflict_action_from_string (const char          *text,
                                   FerryConflictAction *out_action)
{
  int i = table_find (conflict_actions, 0, text);

  if (i < 0)
    return FALSE;
  if (out_action != NULL)
    *out_action = (FerryConflictAction) i;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* JSON reading helpers: every failure names the field                       */
/* ------------------------------------------------------------------------ */

static const char *
node_kind (JsonNode *node)
{
  if (node == NULL)
    return _("nothing");
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      return _("an object");
    case JSON_NODE_ARRAY:
      return _("an array");
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return _("a string");
    case G_TYPE_BOOLEAN:
      return _("a boolean");
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      return _("a number");
    default:
      return _("a value");
    }
}

static gboolean
fail_type (GError    **error,
           const char *path,
           const char *expected,
           JsonNode   *node)
{
  g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_TYPE,
               /* Translators: "settings.defaultAction: expected a string, got a number" */
               _("%s: expected %s, got %s"), path, expected, node_kind (node));
  return FALSE;
}

static gboolean
fail_value (GError             **error,
            const char          *path,
            const char          *value,
            const char * const  *table,
            guint                first)
{
  g_autofree char *allowed = table_join (table, first);

  g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
               /* Translators: "settings.defaultAction: 'x' is not one of use_existing, replace, …" */
               _("%s: '%s' is not one of %s"), path, value, allowed);
  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* An enum member spelled as in TABLE[first..]. */
static gboolean
read_enum (JsonNode           *node,
           const char         *path,
           const char * const *table,
           guint               first,
           int                *out,
           GError            **error)
{
  const char *text;
  int i;

  if (!node_is_string (node))
    return fail_type (error, path, _("a string"), node);
  text = json_node_get_string (node);
  i = table_find (table, first, text);
  if (i < 0)
    return fail_value (error, path, text, table, first);
  *out = i;
  return TRUE;
}

/* A whole number (JSON integer, or a double without a fraction). */
static gboolean
read_int (JsonNode   *node,
          const char *path,
          int        *out,
          GError    **error)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        {
          gint64 v = json_node_get_int (node);
          if (v >= G_MININT && v <= G_MAXINT)
            {
              *out = (int) v;
              return TRUE;
            }
        }
      else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
        {
          double v = json_node_get_double (node);
          if (v >= G_MININT && v <= G_MAXINT && v == (double) (int) v)
            {
              *out = (int) v;
              return TRUE;
            }
        }
    }
  return fail_type (error, path, _("an integer"), node);
}

/* ------------------------------------------------------------------------ */
/* Rules                                                                     */
/* ------------------------------------------------------------------------ */

/* Members of a rule's JSON item that Ferry does not model, kept to be
 * written back (NULL when there are none). */
static JsonObject *
extra_members (JsonObject         *item,
               const char * const *known)
{
  JsonObject *extra = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, item);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (g_strv_contains (known, name))
        continue;
      if (extra == NULL)
        extra = json_object_new ();
      json_object_set_member (extra, name, json_node_copy (value));
    }
  return extra;
}

static void
add_extra_members (JsonObject *out,
                   JsonObject *extra)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (extra == NULL)
    return;
  json_object_iter_init (&iter, extra);
  while (json_object_iter_next (&iter, &name, &value))
    json_object_set_member (out, name, json_node_copy (value));
}

/* --- FerryFolderRule --- */

struct _FerryFolderRule
{
  GObject              parent_instance;
  char                *folder_id;
  char                *folder_path;
  FerryConflictAction  action;
  JsonObject          *extra;
};

G_DEFINE_FINAL_TYPE (FerryFolderRule, ferry_folder_rule, G_TYPE_OBJECT)

enum {
  FOLDER_PROP_0,
  FOLDER_PROP_FOLDER_ID,
  FOLDER_PROP_FOLDER_PATH,
  FOLDER_PROP_ACTION,
  FOLDER_N_PROPS
};

static GParamSpec *folder_properties[FOLDER_N_PROPS];

static void
ferry_folder_rule_finalize (GObject *object)
{
  FerryFolderRule *self = FERRY_FOLDER_RULE (object);

  g_free (self->folder_id);
  g_free (self->folder_path);
  g_clear_pointer (&self->extra, json_object_unref);
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
    case FOLDER_PROP_FOLDER_ID:
      g_value_set_string (value, self->folder_id);
      break;
    case FOLDER_PROP_FOLDER_PATH:
      g_value_set_string (value, self->folder_path);
      break;
    case FOLDER_PROP_ACTION:
      g_value_set_enum (value, self->action);
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
    case FOLDER_PROP_FOLDER_ID:
      ferry_folder_rule_set_folder_id (self, g_value_get_string (value));
      break;
    case FOLDER_PROP_FOLDER_PATH:
      ferry_folder_rule_set_folder_path (self, g_value_get_string (value));
      break;
    case FOLDER_PROP_ACTION:
      ferry_folder_rule_set_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_folder_rule_class_init (FerryFolderRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_folder_rule_finalize;
  object_class->get_property = ferry_folder_rule_get_property;
  object_class->set_property = ferry_folder_rule_set_property;

  folder_properties[FOLDER_PROP_FOLDER_ID] =
    g_param_spec_string ("folder-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  folder_properties[FOLDER_PROP_FOLDER_PATH] =
    g_param_spec_string ("folder-path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  folder_properties[FOLDER_PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, FOLDER_N_PROPS, folder_properties);
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
  g_object_notify_by_pspec (G_OBJECT (self), folder_properties[FOLDER_PROP_FOLDER_ID]);
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
  g_object_notify_by_pspec (G_OBJECT (self), folder_properties[FOLDER_PROP_FOLDER_PATH]);
}

FerryConflictAction
ferry_folder_rule_get_action (FerryFolderRule *self)
{
  g_return_val_if_fail (FERRY_IS_FOLDER_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return self->action;
}

void
ferry_folder_rule_set_action (FerryFolderRule     *self,
                              FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_FOLDER_RULE (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  if (self->action == action)
    return;
  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), folder_properties[FOLDER_PROP_ACTION]);
}

/* --- FerryObjectTypeRule --- */

struct _FerryObjectTypeRule
{
  GObject              parent_instance;
  int                  type;
  int                  subtype;
  FerryConflictAction  action;
  gboolean             subtype_in_json;  /* write "subtype" even when <= 0 */
  JsonObject          *extra;
};

G_DEFINE_FINAL_TYPE (FerryObjectTypeRule, ferry_object_type_rule, G_TYPE_OBJECT)

enum {
  TYPE_PROP_0,
  TYPE_PROP_OBJECT_TYPE,
  TYPE_PROP_SUBTYPE,
  TYPE_PROP_ACTION,
  TYPE_N_PROPS
};

static GParamSpec *type_properties[TYPE_N_PROPS];

static void
ferry_object_type_rule_finalize (GObject *object)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (object);

  g_clear_pointer (&self->extra, json_object_unref);
  G_OBJECT_CLASS (ferry_object_type_rule_parent_class)->finalize (object);
}

static void
ferry_object_type_rule_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  FerryObjectTypeRule *self = FERRY_OBJECT_TYPE_RULE (object);

  switch (prop_id)
    {
    case TYPE_PROP_OBJECT_TYPE:
      g_value_set_int (value, self->type);
      break;
    case TYPE_PROP_SUBTYPE:
      g_value_set_int (value, self->subtype);
      break;
    case TYPE_PROP_ACTION:
      g_value_set_enum (value, self->action);
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
    case TYPE_PROP_OBJECT_TYPE:
      ferry_object_type_rule_set_object_type (self, g_value_get_int (value));
      break;
    case TYPE_PROP_SUBTYPE:
      ferry_object_type_rule_set_subtype (self, g_value_get_int (value));
      break;
    case TYPE_PROP_ACTION:
      ferry_object_type_rule_set_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_type_rule_class_init (FerryObjectTypeRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_object_type_rule_finalize;
  object_class->get_property = ferry_object_type_rule_get_property;
  object_class->set_property = ferry_object_type_rule_set_property;

  type_properties[TYPE_PROP_OBJECT_TYPE] =
    g_param_spec_int ("object-type", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  type_properties[TYPE_PROP_SUBTYPE] =
    g_param_spec_int ("subtype", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  type_properties[TYPE_PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, TYPE_N_PROPS, type_properties);
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
  g_object_notify_by_pspec (G_OBJECT (self), type_properties[TYPE_PROP_OBJECT_TYPE]);
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
  g_object_notify_by_pspec (G_OBJECT (self), type_properties[TYPE_PROP_SUBTYPE]);
}

FerryConflictAction
ferry_object_type_rule_get_action (FerryObjectTypeRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return self->action;
}

void
ferry_object_type_rule_set_action (FerryObjectTypeRule *self,
                                   FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_OBJECT_TYPE_RULE (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  if (self->action == action)
    return;
  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), type_properties[TYPE_PROP_ACTION]);
}

/* --- FerryObjectRule --- */

struct _FerryObjectRule
{
  GObject              parent_instance;
  char                *object_id;
  char                *name;
  int                  type;
  FerryConflictAction  action;
  gboolean             name_in_json;
  gboolean             type_in_json;
  JsonObject          *extra;
};

G_DEFINE_FINAL_TYPE (FerryObjectRule, ferry_object_rule, G_TYPE_OBJECT)

enum {
  OBJECT_PROP_0,
  OBJECT_PROP_OBJECT_ID,
  OBJECT_PROP_NAME,
  OBJECT_PROP_OBJECT_TYPE,
  OBJECT_PROP_ACTION,
  OBJECT_N_PROPS
};

static GParamSpec *object_properties[OBJECT_N_PROPS];

static void
ferry_object_rule_finalize (GObject *object)
{
  FerryObjectRule *self = FERRY_OBJECT_RULE (object);

  g_free (self->object_id);
  g_free (self->name);
  g_clear_pointer (&self->extra, json_object_unref);
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
    case OBJECT_PROP_OBJECT_ID:
      g_value_set_string (value, self->object_id);
      break;
    case OBJECT_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case OBJECT_PROP_OBJECT_TYPE:
      g_value_set_int (value, self->type);
      break;
    case OBJECT_PROP_ACTION:
      g_value_set_enum (value, self->action);
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
    case OBJECT_PROP_OBJECT_ID:
      ferry_object_rule_set_object_id (self, g_value_get_string (value));
      break;
    case OBJECT_PROP_NAME:
      ferry_object_rule_set_name (self, g_value_get_string (value));
      break;
    case OBJECT_PROP_OBJECT_TYPE:
      ferry_object_rule_set_object_type (self, g_value_get_int (value));
      break;
    case OBJECT_PROP_ACTION:
      ferry_object_rule_set_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_rule_class_init (FerryObjectRuleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ferry_object_rule_finalize;
  object_class->get_property = ferry_object_rule_get_property;
  object_class->set_property = ferry_object_rule_set_property;

  object_properties[OBJECT_PROP_OBJECT_ID] =
    g_param_spec_string ("object-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  object_properties[OBJECT_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  object_properties[OBJECT_PROP_OBJECT_TYPE] =
    g_param_spec_int ("object-type", NULL, NULL, G_MININT, G_MAXINT, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  object_properties[OBJECT_PROP_ACTION] =
    g_param_spec_enum ("action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, OBJECT_N_PROPS, object_properties);
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
  g_object_notify_by_pspec (G_OBJECT (self), object_properties[OBJECT_PROP_OBJECT_ID]);
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
  g_object_notify_by_pspec (G_OBJECT (self), object_properties[OBJECT_PROP_NAME]);
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
  g_object_notify_by_pspec (G_OBJECT (self), object_properties[OBJECT_PROP_OBJECT_TYPE]);
}

FerryConflictAction
ferry_object_rule_get_action (FerryObjectRule *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_RULE (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return self->action;
}

void
ferry_object_rule_set_action (FerryObjectRule     *self,
                              FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_OBJECT_RULE (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  if (self->action == action)
    return;
  self->action = action;
  g_object_notify_by_pspec (G_OBJECT (self), object_properties[OBJECT_PROP_ACTION]);
}

/* --- Rules from and to JSON --- */

typedef enum
{
  LIST_FOLDER,
  LIST_OBJECT_TYPE,
  LIST_OBJECT,
  N_LISTS
} RuleList;

static const char * const list_members[N_LISTS] = {
  "folderActions", "objectTypeActions", "objectActions"
};

static GType
list_item_type (RuleList list)
{
  switch (list)
    {
    case LIST_FOLDER:
      return FERRY_TYPE_FOLDER_RULE;
    case LIST_OBJECT_TYPE:
      return FERRY_TYPE_OBJECT_TYPE_RULE;
    case LIST_OBJECT:
    case N_LISTS:
    default:
      return FERRY_TYPE_OBJECT_RULE;
    }
}

static gboolean
read_rule_action (JsonObject          *item,
                  const char          *path,
                  FerryConflictAction *out,
                  GError             **error)
{
  g_autofree char *member_path = g_strdup_printf ("%s.action", path);
  int value = 0;

  if (!read_enum (json_object_get_member (item, "action"), member_path,
                  conflict_actions, 0, &value, error))
    return FALSE;
  *out = (FerryConflictAction) value;
  return TRUE;
}

static gboolean
read_rule_id (JsonObject  *item,
              const char  *path,
              const char **out,
              GError     **error)
{
  JsonNode *node = json_object_get_member (item, "id");
  g_autofree char *member_path = g_strdup_printf ("%s.id", path);

  if (!node_is_string (node))
    return fail_type (error, member_path, _("a string"), node);
  *out = json_node_get_string (node);
  return TRUE;
}

static GObject *
rule_from_json (RuleList    list,
                JsonNode   *node,
                const char *path,
                GError    **error)
{
  JsonObject *item;
  FerryConflictAction action;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      fail_type (error, path, _("an object"), node);
      return NULL;
    }
  item = json_node_get_object (node);
  if (!read_rule_action (item, path, &action, error))
    return NULL;

  switch (list)
    {
    case LIST_FOLDER:
      {
        static const char * const known[] = { "id", "action", NULL };
        FerryFolderRule *rule;
        const char *id;

        if (!read_rule_id (item, path, &id, error))
          return NULL;
        rule = ferry_folder_rule_new (id, action);
        rule->extra = extra_members (item, known);
        return G_OBJECT (rule);
      }

    case LIST_OBJECT_TYPE:
      {
        static const char * const known[] = { "type", "subtype", "action", NULL };
        g_autofree char *type_path = g_strdup_printf ("%s.type", path);
        g_autofree char *subtype_path = g_strdup_printf ("%s.subtype", path);
        JsonNode *subtype_node = json_object_get_member (item, "subtype");
        FerryObjectTypeRule *rule;
        int type = 0, subtype = 0;

        if (!read_int (json_object_get_member (item, "type"), type_path, &type, error))
          return NULL;
        if (subtype_node != NULL && !read_int (subtype_node, subtype_path, &subtype, error))
          return NULL;
        rule = ferry_object_type_rule_new (type, subtype, action);
        rule->subtype_in_json = subtype_node != NULL;
        rule->extra = extra_members (item, known);
        return G_OBJECT (rule);
      }

    case LIST_OBJECT:
    case N_LISTS:
    default:
      {
        static const char * const known[] = { "id", "action", "name", "type", NULL };
        static const char * const known_no_name[] = { "id", "action", "type", NULL };
        static const char * const known_no_type[] = { "id", "action", "name", NULL };
        static const char * const known_neither[] = { "id", "action", NULL };
        JsonNode *name_node = json_object_get_member (item, "name");
        JsonNode *type_node = json_object_get_member (item, "type");
        gboolean has_name = node_is_string (name_node);
        int type = 0;
        gboolean has_type = type_node != NULL && read_int (type_node, "type", &type, NULL);
        FerryObjectRule *rule;
        const char *id;

        if (!read_rule_id (item, path, &id, error))
          return NULL;
        rule = ferry_object_rule_new (id, action);
        if (has_name)
          ferry_object_rule_set_name (rule, json_node_get_string (name_node));
        if (has_type)
          ferry_object_rule_set_object_type (rule, type);
        rule->name_in_json = has_name;
        rule->type_in_json = has_type;
        /* A "name" or "type" Ferry cannot read is kept as it came. */
        rule->extra = extra_members (item, has_name ? (has_type ? known : known_no_type)
                                                    : (has_type ? known_no_name : known_neither));
        return G_OBJECT (rule);
      }
    }
}

static JsonNode *
rule_to_json (GObject *object)
{
  JsonObject *out = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *extra = NULL;
  FerryConflictAction action;

  if (FERRY_IS_FOLDER_RULE (object))
    {
      FerryFolderRule *rule = FERRY_FOLDER_RULE (object);

      json_object_set_string_member (out, "id", rule->folder_id ? rule->folder_id : "");
      action = rule->action;
      extra = rule->extra;
    }
  else if (FERRY_IS_OBJECT_TYPE_RULE (object))
    {
      FerryObjectTypeRule *rule = FERRY_OBJECT_TYPE_RULE (object);

      json_object_set_int_member (out, "type", rule->type);
      if (rule->subtype > 0 || rule->subtype_in_json)
        json_object_set_int_member (out, "subtype", rule->subtype);
      action = rule->action;
      extra = rule->extra;
    }
  else
    {
      FerryObjectRule *rule = FERRY_OBJECT_RULE (object);

      json_object_set_string_member (out, "id", rule->object_id ? rule->object_id : "");
      if (rule->name_in_json)
        {
          if (rule->name != NULL)
            json_object_set_string_member (out, "name", rule->name);
          else
            json_object_set_null_member (out, "name");
        }
      if (rule->type_in_json)
        json_object_set_int_member (out, "type", rule->type);
      action = rule->action;
      extra = rule->extra;
    }
  json_object_set_string_member (out, "action", conflict_actions[action]);
  add_extra_members (out, extra);
  json_node_take_object (node, out);
  return node;
}

static GObject *
rule_copy (GObject *object)
{
  g_autoptr(JsonNode) node = rule_to_json (object);
  GObject *copy = rule_from_json (FERRY_IS_FOLDER_RULE (object) ? LIST_FOLDER :
                                  FERRY_IS_OBJECT_TYPE_RULE (object) ? LIST_OBJECT_TYPE : LIST_OBJECT,
                                  node, "rule", NULL);

  g_assert (copy != NULL);
  if (FERRY_IS_FOLDER_RULE (object))
    ferry_folder_rule_set_folder_path (FERRY_FOLDER_RULE (copy),
                                       FERRY_FOLDER_RULE (object)->folder_path);
  else if (FERRY_IS_OBJECT_TYPE_RULE (object))
    {
      ferry_object_type_rule_set_subtype (FERRY_OBJECT_TYPE_RULE (copy),
                                          FERRY_OBJECT_TYPE_RULE (object)->subtype);
      FERRY_OBJECT_TYPE_RULE (copy)->subtype_in_json = FERRY_OBJECT_TYPE_RULE (object)->subtype_in_json;
    }
  else
    {
      FerryObjectRule *from = FERRY_OBJECT_RULE (object);
      FerryObjectRule *to = FERRY_OBJECT_RULE (copy);

      ferry_object_rule_set_name (to, from->name);
      ferry_object_rule_set_object_type (to, from->type);
      to->name_in_json = from->name_in_json;
      to->type_in_json = from->type_in_json;
    }
  return copy;
}

static FerryConflictAction
rule_get_action (GObject *object)
{
  if (FERRY_IS_FOLDER_RULE (object))
    return FERRY_FOLDER_RULE (object)->action;
  if (FERRY_IS_OBJECT_TYPE_RULE (object))
    return FERRY_OBJECT_TYPE_RULE (object)->action;
  return FERRY_OBJECT_RULE (object)->action;
}

/* ------------------------------------------------------------------------ */
/* FerryTocSettings                                                          */
/* ------------------------------------------------------------------------ */

/* How a member appears in the JSON. */
typedef enum
{
  FORM_ABSENT,
  FORM_NULL,
  FORM_VALUE,
} Form;

struct _FerryTocSettings
{
  GObject                 parent_instance;

  FerryPackageType        package_type;
  gboolean                project_merge;

  Form                    update_schema_form;
  guint8                  update_schema[N_UPDATE_SCHEMA];  /* flag indices, JSON order */
  guint                   n_update_schema;

  Form                    acl_replacing_form;
  FerryAclOnReplacing     acl_replacing;
  Form                    acl_new_form;                    /* VALUE + UNSET: [] */
  FerryAclOnNew           acl_new;
  Form                    validate_form;
  gboolean                validate_dependencies;
  Form                    default_form;
  FerryConflictAction     default_action;
  Form                    translation_form;
  FerryTranslationAction  translation_action;

  Form                    list_form[N_LISTS];
  GListStore             *lists[N_LISTS];
  GPtrArray              *mirrors[N_LISTS];  /* the items we watch, in store order */

  JsonObject             *extra;             /* members Ferry does not model */

  gboolean                undo_possible;
  GStrv                   messages;

  guint                   batch;             /* > 0 while loading */
  gboolean                batch_dirty;
};

G_DEFINE_FINAL_TYPE (FerryTocSettings, ferry_toc_settings, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PACKAGE_TYPE,
  PROP_PROJECT_MERGE,
  PROP_UPDATE_SCHEMA_LOGICAL_SIZE,
  PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL,
  PROP_UPDATE_SCHEMA_LOGICAL_INFO,
  PROP_ACL_ON_REPLACING_OBJECTS,
  PROP_ACL_ON_NEW_OBJECTS,
  PROP_VALIDATE_DEPENDENCIES,
  PROP_HAS_VALIDATE_DEPENDENCIES,
  PROP_DEFAULT_ACTION,
  PROP_TRANSLATION_ACTION,
  PROP_FOLDER_RULES,
  PROP_OBJECT_TYPE_RULES,
  PROP_OBJECT_RULES,
  PROP_UNDO_POSSIBLE,
  PROP_VALIDATION_MESSAGES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The property of update-schema flag I. */
static GParamSpec *
update_schema_pspec (guint flag)
{
  return properties[PROP_UPDATE_SCHEMA_LOGICAL_SIZE + flag];
}

static void update_derived (FerryTocSettings *self);

/* Every edit ends here: derived properties first, then "changed" (once per
 * load while a batch is open). */
static void
settings_changed (FerryTocSettings *self)
{
  if (self->batch > 0)
    {
      self->batch_dirty = TRUE;
      return;
    }
  update_derived (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
notify_and_change (FerryTocSettings *self,
                   GParamSpec       *pspec)
{
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
  settings_changed (self);
}

/* --- derived state --- */

static gboolean
compute_undo_possible (FerryTocSettings *self)
{
  if (self->default_action == FERRY_CONFLICT_ACTION_KEEP_BOTH)
    return FALSE;
  for (guint l = 0; l < N_LISTS; l++)
    for (guint i = 0; i < self->mirrors[l]->len; i++)
      if (rule_get_action (g_ptr_array_index (self->mirrors[l], i)) == FERRY_CONFLICT_ACTION_KEEP_BOTH)
        return FALSE;
  return TRUE;
}

static gboolean
has_update_schema (FerryTocSettings *self)
{
  return self->n_update_schema > 0;
}

static gboolean
has_rules (FerryTocSettings *self)
{
  for (guint l = 0; l < N_LISTS; l++)
    if (self->mirrors[l]->len > 0)
      return TRUE;
  return FALSE;
}

static void
validate_rules (FerryTocSettings *self,
                GPtrArray        *out)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < self->mirrors[LIST_FOLDER]->len; i++)
    {
      FerryFolderRule *rule = g_ptr_array_index (self->mirrors[LIST_FOLDER], i);
      const char *id = rule->folder_id;

      if (id == NULL || *id == '\0')
        {
          g_ptr_array_add (out, g_strdup_printf (_("Folder rule %u names no folder"), i + 1));
          continue;
        }
      if (!g_hash_table_add (seen, g_ascii_strup (id, -1)))
        g_ptr_array_add (out, g_strdup_printf (_("Folder %s has more than one folder rule; only the first applies"),
                                               rule->folder_path ? rule->folder_path : id));
    }

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < self->mirrors[LIST_OBJECT]->len; i++)
    {
      FerryObjectRule *rule = g_ptr_array_index (self->mirrors[LIST_OBJECT], i);
      const char *id = rule->object_id;

      if (id == NULL || *id == '\0')
        {
          g_ptr_array_add (out, g_strdup_printf (_("Object rule %u names no object"), i + 1));
          continue;
        }
      if (!g_hash_table_add (seen, g_ascii_strup (id, -1)))
        g_ptr_array_add (out, g_strdup_printf (_("Object %s has more than one object rule; only the first applies"),
                                               rule->name ? rule->name : id));
    }

  g_hash_table_remove_all (seen);
  for (guint i = 0; i < self->mirrors[LIST_OBJECT_TYPE]->len; i++)
    {
      FerryObjectTypeRule *rule = g_ptr_array_index (self->mirrors[LIST_OBJECT_TYPE], i);
      const char *name = ferry_object_type_name (rule->type, 0);
      g_autofree char *type_text = name ? g_strdup_printf ("%d (%s)", rule->type, name)
                                        : g_strdup_printf ("%d", rule->type);
      int subtype = rule->subtype > 0 ? rule->subtype : 0;

      if (rule->type <= 0)
        {
          g_ptr_array_add (out, g_strdup_printf (_("Object-type rule %u names no object type"), i + 1));
          continue;
        }
      if (subtype > 0 && subtype / 256 != rule->type)
        g_ptr_array_add (out, g_strdup_printf (_("Object-type rule %u: subtype %d is not a subtype of type %s"),
                                               i + 1, subtype, type_text));
      if (!g_hash_table_add (seen, g_strdup_printf ("%d/%d", rule->type, subtype)))
        g_ptr_array_add (out, subtype > 0
                              ? g_strdup_printf (_("Type %s, subtype %d has more than one object-type rule; only the first applies"),
                                                 type_text, subtype)
                              : g_strdup_printf (_("Type %s has more than one object-type rule for all its subtypes; only the first applies"),
                                                 type_text));
    }
}

gboolean
ferry_toc_settings_validate (FerryTocSettings  *self,
                             GPtrArray        **messages)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  gboolean ok;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);

  if (self->project_merge && self->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    g_ptr_array_add (out, g_strdup (_("A project merge always uses a project package")));
  if (has_update_schema (self) && self->package_type != FERRY_PACKAGE_TYPE_PROJECT)
    g_ptr_array_add (out, g_strdup (_("Schema updates apply only to project packages")));
  if (self->acl_replacing != FERRY_ACL_ON_REPLACING_UNSET &&
      self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY)
    g_ptr_array_add (out, g_strdup (_("ACL on replacing objects does not apply to project security packages")));
  if (has_rules (self) && !self->project_merge)
    g_ptr_array_add (out, g_strdup (_("Folder, object-type and object rules apply only to project merges")));
  if (self->translation_action != FERRY_TRANSLATION_ACTION_UNSET && !self->project_merge)
    g_ptr_array_add (out, g_strdup (_("The translation action applies only to project merges")));
  validate_rules (self, out);

  ok = out->len == 0;
  if (messages != NULL)
    *messages = g_steal_pointer (&out);
  return ok;
}

static void
update_derived (FerryTocSettings *self)
{
  g_autoptr(GPtrArray) list = NULL;
  gboolean undo_possible = compute_undo_possible (self);
  GStrv messages;

  if (undo_possible != self->undo_possible)
    {
      self->undo_possible = undo_possible;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_POSSIBLE]);
    }

  ferry_toc_settings_validate (self, &list);
  g_ptr_array_add (list, NULL);
  messages = (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  /* the array's free func is g_free: the strings now belong to MESSAGES */
  if (self->messages != NULL && g_strv_equal ((const char * const *) self->messages,
                                              (const char * const *) messages))
    {
      g_strfreev (messages);
      return;
    }
  g_strfreev (self->messages);
  self->messages = messages;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATION_MESSAGES]);
}

/* --- watching the rule lists --- */

static void
rule_notify_cb (GObject          *rule,
                GParamSpec       *pspec,
                FerryTocSettings *self)
{
  settings_changed (self);
}

static void
watch_rule (FerryTocSettings *self,
            GObject          *rule)
{
  g_signal_connect (rule, "notify", G_CALLBACK (rule_notify_cb), self);
}

static void
unwatch_rule (gpointer data,
              gpointer user_data)
{
  g_signal_handlers_disconnect_by_func (data, rule_notify_cb, user_data);
}

static void
items_changed_cb (GListModel       *model,
                  guint             position,
                  guint             removed,
                  guint             added,
                  FerryTocSettings *self)
{
  RuleList l;
  GPtrArray *mirror;

  for (l = 0; l < N_LISTS; l++)
    if (G_LIST_MODEL (self->lists[l]) == model)
      break;
  g_return_if_fail (l < N_LISTS);
  mirror = self->mirrors[l];

  for (guint i = position; i < position + removed && i < mirror->len; i++)
    unwatch_rule (g_ptr_array_index (mirror, i), self);
  g_ptr_array_remove_range (mirror, position, MIN (removed, mirror->len - position));
  for (guint i = 0; i < added; i++)
    {
      GObject *rule = g_list_model_get_item (model, position + i);  /* a new reference */

      watch_rule (self, rule);
      g_ptr_array_insert (mirror, position + i, rule);
    }

  if (g_list_model_get_n_items (model) > 0)
    self->list_form[l] = FORM_VALUE;
  settings_changed (self);
}

/* --- GObject --- */

static void
ferry_toc_settings_dispose (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  for (guint l = 0; l < N_LISTS; l++)
    {
      if (self->lists[l] != NULL)
        g_signal_handlers_disconnect_by_func (self->lists[l], items_changed_cb, self);
      if (self->mirrors[l] != NULL)
        {
          g_ptr_array_foreach (self->mirrors[l], unwatch_rule, self);
          g_ptr_array_set_size (self->mirrors[l], 0);
        }
      g_clear_object (&self->lists[l]);
    }
  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->dispose (object);
}

static void
ferry_toc_settings_finalize (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  for (guint l = 0; l < N_LISTS; l++)
    g_clear_pointer (&self->mirrors[l], g_ptr_array_unref);
  g_clear_pointer (&self->extra, json_object_unref);
  g_strfreev (self->messages);
  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->finalize (object);
}

static void
ferry_toc_settings_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_PACKAGE_TYPE:
      g_value_set_enum (value, self->package_type);
      break;
    case PROP_PROJECT_MERGE:
      g_value_set_boolean (value, self->project_merge);
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_SIZE:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_logical_size (self));
      break;
    case PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_keys_fact_entry_level (self));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_INFO:
      g_value_set_boolean (value, ferry_toc_settings_get_update_schema_logical_info (self));
      break;
    case PROP_ACL_ON_REPLACING_OBJECTS:
      g_value_set_enum (value, self->acl_replacing);
      break;
    case PROP_ACL_ON_NEW_OBJECTS:
      g_value_set_enum (value, self->acl_new);
      break;
    case PROP_VALIDATE_DEPENDENCIES:
      g_value_set_boolean (value, self->validate_dependencies);
      break;
    case PROP_HAS_VALIDATE_DEPENDENCIES:
      g_value_set_boolean (value, self->validate_form == FORM_VALUE);
      break;
    case PROP_DEFAULT_ACTION:
      g_value_set_enum (value, self->default_action);
      break;
    case PROP_TRANSLATION_ACTION:
      g_value_set_enum (value, self->translation_action);
      break;
    case PROP_FOLDER_RULES:
      g_value_set_object (value, self->lists[LIST_FOLDER]);
      break;
    case PROP_OBJECT_TYPE_RULES:
      g_value_set_object (value, self->lists[LIST_OBJECT_TYPE]);
      break;
    case PROP_OBJECT_RULES:
      g_value_set_object (value, self->lists[LIST_OBJECT]);
      break;
    case PROP_UNDO_POSSIBLE:
      g_value_set_boolean (value, self->undo_possible);
      break;
    case PROP_VALIDATION_MESSAGES:
      g_value_set_boxed (value, self->messages);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_toc_settings_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  switch (prop_id)
    {
    case PROP_PACKAGE_TYPE:
      ferry_toc_settings_set_package_type (self, g_value_get_enum (value));
      break;
    case PROP_PROJECT_MERGE:
      ferry_toc_settings_set_project_merge (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_SIZE:
      ferry_toc_settings_set_update_schema_logical_size (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL:
      ferry_toc_settings_set_update_schema_keys_fact_entry_level (self, g_value_get_boolean (value));
      break;
    case PROP_UPDATE_SCHEMA_LOGICAL_INFO:
      ferry_toc_settings_set_update_schema_logical_info (self, g_value_get_boolean (value));
      break;
    case PROP_ACL_ON_REPLACING_OBJECTS:
      ferry_toc_settings_set_acl_on_replacing_objects (self, g_value_get_enum (value));
      break;
    case PROP_ACL_ON_NEW_OBJECTS:
      ferry_toc_settings_set_acl_on_new_objects (self, g_value_get_enum (value));
      break;
    case PROP_VALIDATE_DEPENDENCIES:
      ferry_toc_settings_set_validate_dependencies (self, g_value_get_boolean (value));
      break;
    case PROP_HAS_VALIDATE_DEPENDENCIES:
      ferry_toc_settings_set_has_validate_dependencies (self, g_value_get_boolean (value));
      break;
    case PROP_DEFAULT_ACTION:
      ferry_toc_settings_set_default_action (self, g_value_get_enum (value));
      break;
    case PROP_TRANSLATION_ACTION:
      ferry_toc_settings_set_translation_action (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_toc_settings_constructed (GObject *object)
{
  FerryTocSettings *self = FERRY_TOC_SETTINGS (object);

  G_OBJECT_CLASS (ferry_toc_settings_parent_class)->constructed (object);

  /* The defaults of ferry_toc_settings_new(); nothing is announced while
   * the object is being built (init opened a batch). */
  self->update_schema_form = FORM_NULL;
  self->acl_replacing_form = self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY ? FORM_NULL : FORM_VALUE;
  self->acl_replacing = self->package_type == FERRY_PACKAGE_TYPE_PROJECT_SECURITY
                        ? FERRY_ACL_ON_REPLACING_UNSET : FERRY_ACL_ON_REPLACING_USE_EXISTING;
  self->acl_new_form = FORM_VALUE;
  self->acl_new = FERRY_ACL_ON_NEW_KEEP_ACL_AS_SOURCE_OBJECT;
  self->default_form = FORM_VALUE;
  self->default_action = FERRY_CONFLICT_ACTION_USE_EXISTING;

  self->batch--;
  self->batch_dirty = FALSE;
  self->undo_possible = compute_undo_possible (self);
  {
    g_autoptr(GPtrArray) list = NULL;

    ferry_toc_settings_validate (self, &list);
    g_ptr_array_add (list, NULL);
    self->messages = (GStrv) g_ptr_array_free (g_steal_pointer (&list), FALSE);
  }
}

static void
ferry_toc_settings_class_init (FerryTocSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->dispose = ferry_toc_settings_dispose;
  object_class->finalize = ferry_toc_settings_finalize;
  object_class->constructed = ferry_toc_settings_constructed;
  object_class->get_property = ferry_toc_settings_get_property;
  object_class->set_property = ferry_toc_settings_set_property;

  properties[PROP_PACKAGE_TYPE] =
    g_param_spec_enum ("package-type", NULL, NULL,
                       FERRY_TYPE_PACKAGE_TYPE, FERRY_PACKAGE_TYPE_PROJECT, rw | G_PARAM_CONSTRUCT);
  properties[PROP_PROJECT_MERGE] =
    g_param_spec_boolean ("project-merge", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_LOGICAL_SIZE] =
    g_param_spec_boolean ("update-schema-logical-size", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_KEYS_FACT_ENTRY_LEVEL] =
    g_param_spec_boolean ("update-schema-keys-fact-entry-level", NULL, NULL, FALSE, rw);
  properties[PROP_UPDATE_SCHEMA_LOGICAL_INFO] =
    g_param_spec_boolean ("update-schema-logical-info", NULL, NULL, FALSE, rw);
  properties[PROP_ACL_ON_REPLACING_OBJECTS] =
    g_param_spec_enum ("acl-on-replacing-objects", NULL, NULL,
                       FERRY_TYPE_ACL_ON_REPLACING, FERRY_ACL_ON_REPLACING_UNSET, rw);
  properties[PROP_ACL_ON_NEW_OBJECTS] =
    g_param_spec_enum ("acl-on-new-objects", NULL, NULL,
                       FERRY_TYPE_ACL_ON_NEW, FERRY_ACL_ON_NEW_UNSET, rw);
  properties[PROP_VALIDATE_DEPENDENCIES] =
    g_param_spec_boolean ("validate-dependencies", NULL, NULL, FALSE, rw);
  properties[PROP_HAS_VALIDATE_DEPENDENCIES] =
    g_param_spec_boolean ("has-validate-dependencies", NULL, NULL, FALSE, rw);
  properties[PROP_DEFAULT_ACTION] =
    g_param_spec_enum ("default-action", NULL, NULL,
                       FERRY_TYPE_CONFLICT_ACTION, FERRY_CONFLICT_ACTION_USE_EXISTING, rw);
  properties[PROP_TRANSLATION_ACTION] =
    g_param_spec_enum ("translation-action", NULL, NULL,
                       FERRY_TYPE_TRANSLATION_ACTION, FERRY_TRANSLATION_ACTION_UNSET, rw);
  properties[PROP_FOLDER_RULES] =
    g_param_spec_object ("folder-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_OBJECT_TYPE_RULES] =
    g_param_spec_object ("object-type-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_OBJECT_RULES] =
    g_param_spec_object ("object-rules", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_UNDO_POSSIBLE] =
    g_param_spec_boolean ("undo-possible", NULL, NULL, TRUE, ro);
  properties[PROP_VALIDATION_MESSAGES] =
    g_param_spec_boxed ("validation-messages", NULL, NULL, G_TYPE_STRV, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ferry_toc_settings_init (FerryTocSettings *self)
{
  self->batch = 1;  /* closed in constructed() */
  for (guint l = 0; l < N_LISTS; l++)
    {
      self->lists[l] = g_list_store_new (list_item_type (l));
      self->mirrors[l] = g_ptr_array_new_with_free_func (g_object_unref);
      g_signal_connect (self->lists[l], "items-changed", G_CALLBACK (items_changed_cb), self);
    }
}

FerryTocSettings *
ferry_toc_settings_new (FerryPackageType package_type)
{
  return g_object_new (FERRY_TYPE_TOC_SETTINGS, "package-type", package_type, NULL);
}

/* --- JSON in --- */

/* Everything read from a settings object before any of it is applied, so
 * a failure leaves the settings unchanged. */
typedef struct
{
  Form                    update_schema_form;
  guint8                  update_schema[N_UPDATE_SCHEMA];
  guint                   n_update_schema;
  Form                    acl_replacing_form;
  FerryAclOnReplacing     acl_replacing;
  Form                    acl_new_form;
  FerryAclOnNew           acl_new;
  Form                    validate_form;
  gboolean                validate_dependencies;
  Form                    default_form;
  FerryConflictAction     default_action;
  Form                    translation_form;
  FerryTranslationAction  translation_action;
  Form                    list_form[N_LISTS];
  GPtrArray              *rules[N_LISTS];
  JsonObject             *extra;
} Parsed;

static void
parsed_clear (Parsed *p)
{
  for (guint l = 0; l < N_LISTS; l++)
    g_clear_pointer (&p->rules[l], g_ptr_array_unref);
  g_clear_pointer (&p->extra, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parsed, parsed_clear)

static Form
form_of (JsonNode *node)
{
  if (node == NULL)
    return FORM_ABSENT;
  if (JSON_NODE_HOLDS_NULL (node))
    return FORM_NULL;
  return FORM_VALUE;
}

static gboolean
parse_update_schema (Parsed    *p,
                     JsonNode  *node,
                     GError   **error)
{
  JsonArray *array;

  p->update_schema_form = form_of (node);
  if (p->update_schema_form != FORM_VALUE)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_type (error, "settings.updateSchema", _("an array or null"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("settings.updateSchema[%u]", i);
      gboolean seen = FALSE;
      int flag;

      if (!read_enum (json_array_get_element (array, i), path, update_schema_values, 0, &flag, error))
        return FALSE;
      for (guint k = 0; k < p->n_update_schema; k++)
        seen |= p->update_schema[k] == flag;
      if (!seen)
        p->update_schema[p->n_update_schema++] = (guint8) flag;
    }
  return TRUE;
}

static gboolean
parse_acl_new (Parsed    *p,
               JsonNode  *node,
               GError   **error)
{
  const char *path = "settings.aclOnNewObjects";
  JsonArray *array;
  int value = 0;

  p->acl_new_form = form_of (node);
  p->acl_new = FERRY_ACL_ON_NEW_UNSET;
  if (p->acl_new_form != FORM_VALUE)
    return TRUE;
  /* A bare string is read too (the SDK wraps one into a list); it is
   * written back as the array the server expects. */
  if (node_is_string (node))
    {
      if (!read_enum (node, path, acl_new_values, 1, &value, error))
        return FALSE;
      p->acl_new = (FerryAclOnNew) value;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_type (error, path, _("an array or null"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);

      if (!read_enum (json_array_get_element (array, i), item_path, acl_new_values, 1, &value, error))
        return FALSE;
      if (p->acl_new != FERRY_ACL_ON_NEW_UNSET && p->acl_new != (FerryAclOnNew) value)
        {
          g_set_error (error, FERRY_TOC_SETTINGS_ERROR, FERRY_TOC_SETTINGS_ERROR_INVALID_VALUE,
                       _("%s: holds both %s and %s; give only one"), path,
                       acl_new_values[p->acl_new], acl_new_values[value]);
          return FALSE;
        }
      p->acl_new = (FerryAclOnNew) value;
    }
  return TRUE;
}

static gboolean
parse_rules (Parsed    *p,
             RuleList   list,
             JsonNode  *node,
             GError   **error)
{
  g_autofree char *path = g_strdup_printf ("settings.%s", list_members[list]);
  JsonArray *array;

  p->list_form[list] = form_of (node);
  p->rules[list] = g_ptr_array_new_with_free_func (g_object_unref);
  if (p->list_form[list] != FORM_VALUE)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail_type (error, path, _("an array"), node);
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      GObject *rule = rule_from_json (list, json_array_get_element (array, i), item_path, error);

      if (rule == NULL)
        return FALSE;
      g_ptr_array_add (p->rules[list], rule);
    }
  return TRUE;
}

static gboolean
parse_settings (Parsed     *p,
                JsonObject *settings,
                GError    **error)
{
  static const char * const known[] = {
    "updateSchema", "aclOnReplacingObjects", "aclOnNewObjects", "validateDependencies",
    "defaultAction", "folderActions", "objectTypeActions", "objectActions",
    "translationAction", NULL
  };
  JsonNode *node;
  int value = 0;

  if (!parse_update_schema (p, json_object_get_member (settings, "updateSchema"), error))
    return FALSE;

  node = json_object_get_member (settings, "aclOnReplacingObjects");
  p->acl_replacing_form = form_of (node);
  p->acl_replacing = FERRY_ACL_ON_REPLACING_UNSET;
  if (p->acl_replacing_form == FORM_VALUE)
    {
      if (!read_enum (node, "settings.aclOnReplacingObjects", acl_replacing_values, 1, &value, error))
        return FALSE;
      p->acl_replacing = (FerryAclOnReplacing) value;
    }

  if (!parse_acl_new (p, json_object_get_member (settings, "aclOnNewObjects"), error))
    return FALSE;

  node = json_object_get_member (settings, "validateDependencies");
  p->validate_form = form_of (node);
  p->validate_dependencies = FALSE;
  if (p->validate_form == FORM_VALUE)
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return fail_type (error, "settings.validateDependencies", _("a boolean"), node);
      p->validate_dependencies = json_node_get_boolean (node);
    }

  node = json_object_get_member (settings, "defaultAction");
  p->default_form = form_of (node);
  p->default_action = FERRY_CONFLICT_ACTION_USE_EXISTING;
  if (p->default_form == FORM_VALUE)
    {
      if (!read_enum (node, "settings.defaultAction", conflict_actions, 0, &value, error))
        return FALSE;
      p->default_action = (FerryConflictAction) value;
    }

  for (guint l = 0; l < N_LISTS; l++)
    if (!parse_rules (p, l, json_object_get_member (settings, list_members[l]), error))
      return FALSE;

  node = json_object_get_member (settings, "translationAction");
  p->translation_form = form_of (node);
  p->translation_action = FERRY_TRANSLATION_ACTION_UNSET;
  if (p->translation_form == FORM_VALUE)
    {
      if (!read_enum (node, "settings.translationAction", translation_values, 1, &value, error))
        return FALSE;
      p->translation_action = (FerryTranslationAction) value;
    }

  p->extra = extra_members (settings, known);
  return TRUE;
}

static void
set_update_schema_flag (FerryTocSettings *self,
                        guint             flag,
                        gboolean          value)
{
  guint k;

  for (k = 0; k < self->n_update_schema; k++)
    if (self->update_schema[k] == flag)
      break;
  if (value == (k < self->n_update_schema))
    return;

  if (value)
    self->update_schema[self->n_update_schema++] = (guint8) flag;
  else
    {
      memmove (&self->update_schema[k], &self->update_schema[k + 1],
               self->n_update_schema - k - 1);
      self->n_update_schema--;
    }
  self->update_schema_form = FORM_VALUE;
  notify_and_change (self, update_schema_pspec (flag));
}

static void
apply_parsed (FerryTocSettings *self,
              Parsed           *p)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->batch++;

  for (guint flag = 0; flag < N_UPDATE_SCHEMA; flag++)
    set_update_schema_flag (self, flag, FALSE);
  for (guint k = 0; k < p->n_update_schema; k++)
    set_update_schema_flag (self, p->update_schema[k], TRUE);
  self->update_schema_form = p->update_schema_form;

  ferry_toc_settings_set_acl_on_replacing_objects (self, p->acl_replacing);
  self->acl_replacing_form = p->acl_replacing_form;
  ferry_toc_settings_set_acl_on_new_objects (self, p->acl_new);
  self->acl_new_form = p->acl_new_form;
  if (self->validate_dependencies != p->validate_dependencies)
    {
      self->validate_dependencies = p->validate_dependencies;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATE_DEPENDENCIES]);
    }
  if ((self->validate_form == FORM_VALUE) != (p->validate_form == FORM_VALUE))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
  self->validate_form = p->validate_form;
  ferry_toc_settings_set_default_action (self, p->default_action);
  self->default_form = p->default_form;
  ferry_toc_settings_set_translation_action (self, p->translation_action);
  self->translation_form = p->translation_form;

  for (guint l = 0; l < N_LISTS; l++)
    {
      g_list_store_splice (self->lists[l], 0, g_list_model_get_n_items (G_LIST_MODEL (self->lists[l])),
                           p->rules[l]->pdata, p->rules[l]->len);
      self->list_form[l] = p->list_form[l];
    }

  g_clear_pointer (&self->extra, json_object_unref);
  self->extra = g_steal_pointer (&p->extra);

  /* A load is an edit, even when it changed nothing. */
  self->batch--;
  self->batch_dirty = FALSE;
  g_object_thaw_notify (G_OBJECT (self));
  settings_changed (self);
}

gboolean
ferry_toc_settings_load_json (FerryTocSettings  *self,
                              JsonObject        *settings,
                              GError           **error)
{
  g_auto(Parsed) parsed = { 0 };

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!parse_settings (&parsed, settings, error))
    return FALSE;
  apply_parsed (self, &parsed);
  return TRUE;
}

FerryTocSettings *
ferry_toc_settings_new_from_json (JsonObject        *settings,
                                  FerryPackageType   package_type,
                                  GError           **error)
{
  g_autoptr(FerryTocSettings) self = NULL;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ferry_toc_settings_new (package_type);
  if (!ferry_toc_settings_load_json (self, settings, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* --- JSON out --- */

JsonNode *
ferry_toc_settings_to_json (FerryTocSettings *self)
{
  JsonObject *out;
  JsonNode *node;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);

  out = json_object_new ();

  if (self->update_schema_form == FORM_NULL)
    json_object_set_null_member (out, "updateSchema");
  else if (self->update_schema_form == FORM_VALUE)
    {
      JsonArray *array = json_array_new ();

      for (guint k = 0; k < self->n_update_schema; k++)
        json_array_add_string_element (array, update_schema_values[self->update_schema[k]]);
      json_object_set_array_member (out, "updateSchema", array);
    }

  if (self->acl_replacing_form != FORM_ABSENT)
    {
      if (self->acl_replacing == FERRY_ACL_ON_REPLACING_UNSET)
        json_object_set_null_member (out, "aclOnReplacingObjects");
      else
        json_object_set_string_member (out, "aclOnReplacingObjects",
                                       acl_replacing_values[self->acl_replacing]);
    }

  if (self->acl_new_form == FORM_NULL)
    json_object_set_null_member (out, "aclOnNewObjects");
  else if (self->acl_new_form == FORM_VALUE)
    {
      JsonArray *array = json_array_new ();

      if (self->acl_new != FERRY_ACL_ON_NEW_UNSET)
        json_array_add_string_element (array, acl_new_values[self->acl_new]);
      json_object_set_array_member (out, "aclOnNewObjects", array);
    }

  if (self->validate_form == FORM_NULL)
    json_object_set_null_member (out, "validateDependencies");
  else if (self->validate_form == FORM_VALUE)
    json_object_set_boolean_member (out, "validateDependencies", self->validate_dependencies);

  if (self->default_form == FORM_NULL)
    json_object_set_null_member (out, "defaultAction");
  else if (self->default_form == FORM_VALUE)
    json_object_set_string_member (out, "defaultAction", conflict_actions[self->default_action]);

  for (guint l = 0; l < N_LISTS; l++)
    {
      if (self->list_form[l] == FORM_NULL)
        json_object_set_null_member (out, list_members[l]);
      else if (self->list_form[l] == FORM_VALUE)
        {
          JsonArray *array = json_array_new ();

          for (guint i = 0; i < self->mirrors[l]->len; i++)
            json_array_add_element (array, rule_to_json (g_ptr_array_index (self->mirrors[l], i)));
          json_object_set_array_member (out, list_members[l], array);
        }
    }

  if (self->translation_form == FORM_NULL)
    json_object_set_null_member (out, "translationAction");
  else if (self->translation_form == FORM_VALUE && self->translation_action != FERRY_TRANSLATION_ACTION_UNSET)
    json_object_set_string_member (out, "translationAction", translation_values[self->translation_action]);

  add_extra_members (out, self->extra);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

FerryTocSettings *
ferry_toc_settings_copy (FerryTocSettings *self)
{
  FerryTocSettings *copy;

  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);

  copy = g_object_new (FERRY_TYPE_TOC_SETTINGS,
                       "package-type", self->package_type,
                       "project-merge", self->project_merge,
                       NULL);
  copy->batch++;
  copy->update_schema_form = self->update_schema_form;
  memcpy (copy->update_schema, self->update_schema, sizeof self->update_schema);
  copy->n_update_schema = self->n_update_schema;
  copy->acl_replacing_form = self->acl_replacing_form;
  copy->acl_replacing = self->acl_replacing;
  copy->acl_new_form = self->acl_new_form;
  copy->acl_new = self->acl_new;
  copy->validate_form = self->validate_form;
  copy->validate_dependencies = self->validate_dependencies;
  copy->default_form = self->default_form;
  copy->default_action = self->default_action;
  copy->translation_form = self->translation_form;
  copy->translation_action = self->translation_action;
  for (guint l = 0; l < N_LISTS; l++)
    {
      g_autoptr(GPtrArray) rules = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < self->mirrors[l]->len; i++)
        g_ptr_array_add (rules, rule_copy (g_ptr_array_index (self->mirrors[l], i)));
      g_list_store_splice (copy->lists[l], 0, 0, rules->pdata, rules->len);
      copy->list_form[l] = self->list_form[l];
    }
  if (self->extra != NULL)
    {
      copy->extra = json_object_new ();
      add_extra_members (copy->extra, self->extra);
    }
  copy->batch--;
  copy->batch_dirty = FALSE;
  update_derived (copy);
  return copy;
}

/* --- Accessors --- */

FerryPackageType
ferry_toc_settings_get_package_type (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_PACKAGE_TYPE_PROJECT);
  return self->package_type;
}

void
ferry_toc_settings_set_package_type (FerryTocSettings *self,
                                     FerryPackageType  package_type)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (package_type <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY);
  if (self->package_type == package_type)
    return;
  self->package_type = package_type;
  notify_and_change (self, properties[PROP_PACKAGE_TYPE]);
}

gboolean
ferry_toc_settings_get_project_merge (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->project_merge;
}

void
ferry_toc_settings_set_project_merge (FerryTocSettings *self,
                                      gboolean          project_merge)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  project_merge = !!project_merge;
  if (self->project_merge == project_merge)
    return;
  self->project_merge = project_merge;
  notify_and_change (self, properties[PROP_PROJECT_MERGE]);
}

static gboolean
get_update_schema_flag (FerryTocSettings *self,
                        guint             flag)
{
  for (guint k = 0; k < self->n_update_schema; k++)
    if (self->update_schema[k] == flag)
      return TRUE;
  return FALSE;
}

gboolean
ferry_toc_settings_get_update_schema_logical_size (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 0);
}

void
ferry_toc_settings_set_update_schema_logical_size (FerryTocSettings *self,
                                                   gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 0, !!value);
}

gboolean
ferry_toc_settings_get_update_schema_keys_fact_entry_level (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 1);
}

void
ferry_toc_settings_set_update_schema_keys_fact_entry_level (FerryTocSettings *self,
                                                            gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 1, !!value);
}

gboolean
ferry_toc_settings_get_update_schema_logical_info (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return get_update_schema_flag (self, 2);
}

void
ferry_toc_settings_set_update_schema_logical_info (FerryTocSettings *self,
                                                   gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  set_update_schema_flag (self, 2, !!value);
}

FerryAclOnReplacing
ferry_toc_settings_get_acl_on_replacing_objects (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_ACL_ON_REPLACING_UNSET);
  return self->acl_replacing;
}

void
ferry_toc_settings_set_acl_on_replacing_objects (FerryTocSettings    *self,
                                                 FerryAclOnReplacing  value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (value <= FERRY_ACL_ON_REPLACING_KEEP_BOTH);
  if (self->acl_replacing == value)
    return;
  self->acl_replacing = value;
  self->acl_replacing_form = value == FERRY_ACL_ON_REPLACING_UNSET ? FORM_NULL : FORM_VALUE;
  notify_and_change (self, properties[PROP_ACL_ON_REPLACING_OBJECTS]);
}

FerryAclOnNew
ferry_toc_settings_get_acl_on_new_objects (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_ACL_ON_NEW_UNSET);
  return self->acl_new;
}

void
ferry_toc_settings_set_acl_on_new_objects (FerryTocSettings *self,
                                           FerryAclOnNew     value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (value <= FERRY_ACL_ON_NEW_INHERIT_ACL_AS_DEST_FOLDER);
  if (self->acl_new == value)
    return;
  self->acl_new = value;
  self->acl_new_form = value == FERRY_ACL_ON_NEW_UNSET ? FORM_NULL : FORM_VALUE;
  notify_and_change (self, properties[PROP_ACL_ON_NEW_OBJECTS]);
}

gboolean
ferry_toc_settings_get_validate_dependencies (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->validate_dependencies;
}

void
ferry_toc_settings_set_validate_dependencies (FerryTocSettings *self,
                                              gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  value = !!value;
  if (self->validate_dependencies == value)
    return;
  self->validate_dependencies = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALIDATE_DEPENDENCIES]);
  if (self->validate_form != FORM_VALUE)
    {
      self->validate_form = FORM_VALUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
    }
  settings_changed (self);
}

gboolean
ferry_toc_settings_get_has_validate_dependencies (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->validate_form == FORM_VALUE;
}

void
ferry_toc_settings_set_has_validate_dependencies (FerryTocSettings *self,
                                                  gboolean          value)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  if ((self->validate_form == FORM_VALUE) == !!value)
    return;
  self->validate_form = value ? FORM_VALUE : FORM_ABSENT;
  notify_and_change (self, properties[PROP_HAS_VALIDATE_DEPENDENCIES]);
}

FerryConflictAction
ferry_toc_settings_get_default_action (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_CONFLICT_ACTION_USE_EXISTING);
  return self->default_action;
}

void
ferry_toc_settings_set_default_action (FerryTocSettings    *self,
                                       FerryConflictAction  action)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (action <= FERRY_CONFLICT_ACTION_DELETE);
  if (self->default_action == action)
    return;
  self->default_action = action;
  self->default_form = FORM_VALUE;
  notify_and_change (self, properties[PROP_DEFAULT_ACTION]);
}

FerryTranslationAction
ferry_toc_settings_get_translation_action (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FERRY_TRANSLATION_ACTION_UNSET);
  return self->translation_action;
}

void
ferry_toc_settings_set_translation_action (FerryTocSettings       *self,
                                           FerryTranslationAction  action)
{
  g_return_if_fail (FERRY_IS_TOC_SETTINGS (self));
  g_return_if_fail (action <= FERRY_TRANSLATION_ACTION_FORCE_REPLACE);
  if (self->translation_action == action)
    return;
  self->translation_action = action;
  /* Unset through the property: left out (package definitions have no
   * such member). */
  self->translation_form = action == FERRY_TRANSLATION_ACTION_UNSET ? FORM_ABSENT : FORM_VALUE;
  notify_and_change (self, properties[PROP_TRANSLATION_ACTION]);
}

GListStore *
ferry_toc_settings_get_folder_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_FOLDER];
}

GListStore *
ferry_toc_settings_get_object_type_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_OBJECT_TYPE];
}

GListStore *
ferry_toc_settings_get_object_rules (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return self->lists[LIST_OBJECT];
}

gboolean
ferry_toc_settings_get_undo_possible (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), FALSE);
  return self->undo_possible;
}

const char * const *
ferry_toc_settings_get_validation_messages (FerryTocSettings *self)
{
  g_return_val_if_fail (FERRY_IS_TOC_SETTINGS (self), NULL);
  return (const char * const *) self->messages;
}
