/* ferry-sandbox-settings.c: the settings of a package: allowed values,
 * validation, keep_both
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-settings.h"

static const char * const valid_acl_replacing[] = {
  "use_existing", "replace", "keep_both", NULL
};
static const char * const valid_acl_new[] = {
  "keep_acl_as_source_object", "inherit_acl_as_dest_folder", NULL
};
static const char * const valid_update_schema[] = {
  "recal_table_logical_size", "recal_table_keys_fact_entry_level",
  "update_schema_logical_info", NULL
};
static const char * const valid_translation[] = {
  "existing", "not_merged", "use_existing", "replace", "force_replace", NULL
};

/* ------------------------------------------------------------------------ */
/* Settings                                                                   */
/* ------------------------------------------------------------------------ */

gboolean
sb_settings_is_valid_action (const char *action)
{
  return sb_str_in (action, sb_valid_actions);
}

gboolean
sb_settings_invalid_value (GError            **error,
                           const char         *field,
                           JsonNode           *node,
                           const char * const *allowed)
{
  g_autofree char *shown = sb_json_describe_node (node);
  g_autofree char *list = sb_join_list (allowed);

  g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
               "Invalid value %s for %s: expected one of %s", shown, field, list);
  return FALSE;
}

/* A scalar member: absent or null is fine; else one of ALLOWED. */
static gboolean
check_enum (JsonObject         *object,
            const char         *member,
            const char         *field,
            const char * const *allowed,
            GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (sb_json_node_is_null (node))
    return TRUE;
  if (!sb_json_node_is_string (node) || !sb_str_in (json_node_get_string (node), allowed))
    return sb_settings_invalid_value (error, field, node, allowed);

  return TRUE;
}

/* An array member: absent or null is fine; else an array of ALLOWED. */
static gboolean
check_enum_array (JsonObject         *object,
                  const char         *member,
                  const char         *field,
                  const char * const *allowed,
                  GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (sb_json_node_is_null (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *shown = sb_json_describe_node (node);
      g_autofree char *list = sb_join_list (allowed);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for %s: expected an array of %s", shown, field, list);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!sb_json_node_is_string (element) || !sb_str_in (json_node_get_string (element), allowed))
        {
          g_autofree char *element_field = g_strdup_printf ("%s[%u]", field, i);
          return sb_settings_invalid_value (error, element_field, element, allowed);
        }
    }

  return TRUE;
}

typedef enum
{
  RULE_LIST_FOLDER,
  RULE_LIST_OBJECT,
  RULE_LIST_TYPE,
} RuleListKind;

static gboolean
check_rule_list (JsonObject  *settings,
                 const char  *member,
                 RuleListKind kind,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (settings, member);
  JsonArray *array;

  if (sb_json_node_is_null (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *shown = sb_json_describe_node (node);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for settings.%s: expected an array of rules", shown, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("settings.%s[%u]", member, i);
      g_autofree char *action_field = g_strdup_printf ("%s.action", field);
      JsonObject *rule;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autofree char *shown = sb_json_describe_node (element);

          g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                       kind == RULE_LIST_TYPE
                       ? "Invalid value %s for %s: expected an object {type, subtype, action}"
                       : "Invalid value %s for %s: expected an object {id, action}",
                       shown, field);
          return FALSE;
        }
      rule = json_node_get_object (element);

      if (kind == RULE_LIST_TYPE)
        {
          JsonNode *type_node = json_object_get_member (rule, "type");
          JsonNode *subtype_node = json_object_get_member (rule, "subtype");

          if (!sb_json_node_is_int (type_node))
            {
              g_autofree char *shown = sb_json_describe_node (type_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for %s.type: expected an integer object type",
                           shown, field);
              return FALSE;
            }
          if (!sb_json_node_is_null (subtype_node) && !sb_json_node_is_int (subtype_node))
            {
              g_autofree char *shown = sb_json_describe_node (subtype_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for %s.subtype: expected an integer object subtype",
                           shown, field);
              return FALSE;
            }
        }
      else
        {
          JsonNode *id_node = json_object_get_member (rule, "id");
          gboolean ok;

          if (kind == RULE_LIST_FOLDER)
            ok = sb_json_node_is_string (id_node) && sb_is_hex_id (json_node_get_string (id_node));
          else
            ok = sb_json_node_is_string (id_node) && *json_node_get_string (id_node) != '\0';

          if (!ok)
            {
              g_autofree char *shown = sb_json_describe_node (id_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           kind == RULE_LIST_FOLDER
                           ? "Invalid value %s for %s.id: expected a folder id of 32 hexadecimal digits"
                           : "Invalid value %s for %s.id: expected an object id",
                           shown, field);
              return FALSE;
            }
        }

      {
        JsonNode *action_node = json_object_get_member (rule, "action");

        if (!sb_json_node_is_string (action_node) ||
            !sb_str_in (json_node_get_string (action_node), sb_valid_actions))
          return sb_settings_invalid_value (error, action_field, action_node, sb_valid_actions);
      }
    }

  return TRUE;
}

gboolean
sb_settings_validate (const char  *type,
                             JsonObject  *settings,
                             gboolean     project_merge,
                             GError     **error)
{
  JsonNode *node;

  if (!sb_str_in (type, sb_valid_package_types))
    {
      g_autofree char *list = sb_join_list (sb_valid_package_types);

      if (type == NULL)
        g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                     "The package type is missing: expected one of %s", list);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                     "Invalid value '%s' for type: expected one of %s", type, list);
      return FALSE;
    }

  if (settings == NULL)
    return TRUE;

  if (!check_enum (settings, "defaultAction", "settings.defaultAction", sb_valid_actions, error))
    return FALSE;

  node = json_object_get_member (settings, "updateSchema");
  if (!check_enum_array (settings, "updateSchema", "settings.updateSchema",
                         valid_update_schema, error))
    return FALSE;
  if (!sb_json_node_is_null (node) && json_array_get_length (json_node_get_array (node)) > 0 &&
      g_strcmp0 (type, "project") != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "settings.updateSchema is only supported for project packages");
      return FALSE;
    }

  if (!check_enum (settings, "aclOnReplacingObjects", "settings.aclOnReplacingObjects",
                   valid_acl_replacing, error))
    return FALSE;
  node = json_object_get_member (settings, "aclOnReplacingObjects");
  if (!sb_json_node_is_null (node) && g_strcmp0 (type, "project_security") == 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "settings.aclOnReplacingObjects is not supported for project security packages");
      return FALSE;
    }

  if (!check_enum_array (settings, "aclOnNewObjects", "settings.aclOnNewObjects",
                         valid_acl_new, error))
    return FALSE;

  if (!project_merge)
    return TRUE;

  if (!check_enum (settings, "translationAction", "settings.translationAction",
                   valid_translation, error))
    return FALSE;

  node = json_object_get_member (settings, "validateDependencies");
  if (!sb_json_node_is_null (node) && !sb_json_node_is_bool (node))
    {
      g_autofree char *shown = sb_json_describe_node (node);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for settings.validateDependencies: expected true or false",
                   shown);
      return FALSE;
    }

  return check_rule_list (settings, "folderActions", RULE_LIST_FOLDER, error) &&
         check_rule_list (settings, "objectTypeActions", RULE_LIST_TYPE, error) &&
         check_rule_list (settings, "objectActions", RULE_LIST_OBJECT, error);
}

static gboolean
list_uses_keep_both (JsonArray *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (sb_json_get_string (json_node_get_object (node), "action"), "keep_both") == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sb_settings_uses_keep_both (JsonObject *settings,
                          JsonArray  *content)
{
  if (settings != NULL)
    {
      if (g_strcmp0 (sb_json_get_string (settings, "defaultAction"), "keep_both") == 0 ||
          list_uses_keep_both (sb_json_get_array (settings, "folderActions")) ||
          list_uses_keep_both (sb_json_get_array (settings, "objectTypeActions")) ||
          list_uses_keep_both (sb_json_get_array (settings, "objectActions")))
        return TRUE;
    }

  return list_uses_keep_both (content);
}
