/* ferry-plan.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-plan"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "ferry-json.h"
#include "ferry-plan.h"

G_DEFINE_QUARK (ferry-plan-error-quark, ferry_plan_error)

#define PLAN_FORMAT "ferry-plan"

const char *
ferry_migration_purpose_to_string (FerryMigrationPurpose purpose)
{
  switch (purpose)
    {
    case FERRY_MIGRATION_PURPOSE_PROJECT_MERGE:
      return "project_merge";
    case FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION:
    default:
      return "object_migration";
    }
}

gboolean
ferry_migration_purpose_from_string (const char            *text,
                                     FerryMigrationPurpose *out_purpose)
{
  FerryMigrationPurpose purpose;

  if (g_strcmp0 (text, "object_migration") == 0)
    purpose = FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  else if (g_strcmp0 (text, "project_merge") == 0)
    purpose = FERRY_MIGRATION_PURPOSE_PROJECT_MERGE;
  else
    return FALSE;

  if (out_purpose != NULL)
    *out_purpose = purpose;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Package levels                                                             */
/* ------------------------------------------------------------------------ */

gboolean
ferry_object_type_is_configuration (int type)
{
  switch (type)
    {
    case 9:    /* device */
    case 29:   /* database instance */
    case 30:   /* database login */
    case 31:   /* database connection */
    case 32:   /* project */
    case 33:   /* server definition */
    case 34:   /* user or user group */
    case 35:   /* transmitter */
    case 36:   /* configuration */
    case 44:   /* security role */
    case 45:   /* locale */
    case 49:   /* schedule event */
    case 50:   /* schedule */
    case 51:   /* schedule trigger */
    case 57:   /* DBMS */
    case 79:   /* time zone */
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
ferry_package_type_accepts (FerryPackageType   package_type,
                            int                type,
                            const char        *name,
                            char             **reason)
{
  const char *shown = name != NULL && *name != '\0' ? name : _("This object");

  switch (package_type)
    {
    case FERRY_PACKAGE_TYPE_PROJECT:
      if (!ferry_object_type_is_configuration (type))
        return TRUE;
      if (reason != NULL)
        /* Translators: %s is an object's name */
        *reason = g_strdup_printf (_("“%s” is a configuration object: project packages take only project objects"), shown);
      return FALSE;

    case FERRY_PACKAGE_TYPE_CONFIGURATION:
      if (ferry_object_type_is_configuration (type) && type != 32 && type != 36)
        return TRUE;
      if (reason != NULL)
        *reason = g_strdup_printf (_("“%s” is a project object: configuration packages take only configuration objects (users, groups, security roles…)"), shown);
      return FALSE;

    case FERRY_PACKAGE_TYPE_PROJECT_SECURITY:
    default:
      if (type == 34)
        return TRUE;
      if (reason != NULL)
        *reason = g_strdup_printf (_("“%s” is not a user or user group: project security packages take only users and user groups"), shown);
      return FALSE;
    }
}

/* ------------------------------------------------------------------------ */
/* FerryPlan                                                                  */
/* ------------------------------------------------------------------------ */

G_DEFINE_BOXED_TYPE (FerryPlan, ferry_plan, ferry_plan_copy, ferry_plan_free)

FerryPlan *
ferry_plan_new (void)
{
  FerryPlan *plan = g_new0 (FerryPlan, 1);

  plan->purpose = FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION;
  plan->package_type = FERRY_PACKAGE_TYPE_PROJECT;
  plan->content = g_ptr_array_new_with_free_func (g_object_unref);
  return plan;
}

static void
endpoint_clear (FerryPlanEndpoint *endpoint)
{
  g_clear_pointer (&endpoint->environment_name, g_free);
  g_clear_pointer (&endpoint->environment_url, g_free);
  g_clear_pointer (&endpoint->project_id, g_free);
  g_clear_pointer (&endpoint->project_name, g_free);
}

void
ferry_plan_set_endpoint (FerryPlanEndpoint *endpoint,
                         const char        *environment_name,
                         const char        *environment_url,
                         const char        *project_id,
                         const char        *project_name)
{
  char *name = g_strdup (environment_name);
  char *url = ferry_plan_clean_url (environment_url);
  char *id = g_strdup (project_id);
  char *pname = g_strdup (project_name);

  endpoint_clear (endpoint);
  endpoint->environment_name = name;
  endpoint->environment_url = url;
  endpoint->project_id = id;
  endpoint->project_name = pname;
}

FerryPlan *
ferry_plan_copy (const FerryPlan *plan)
{
  FerryPlan *copy;

  g_return_val_if_fail (plan != NULL, NULL);

  copy = ferry_plan_new ();
  copy->name = g_strdup (plan->name);
  copy->purpose = plan->purpose;
  copy->package_type = plan->package_type;
  ferry_plan_set_endpoint (&copy->source, plan->source.environment_name, plan->source.environment_url,
                           plan->source.project_id, plan->source.project_name);
  ferry_plan_set_endpoint (&copy->target, plan->target.environment_name, plan->target.environment_url,
                           plan->target.project_id, plan->target.project_name);
  copy->settings = plan->settings ? ferry_json_node_copy_deep (plan->settings) : NULL;
  for (guint i = 0; plan->content != NULL && i < plan->content->len; i++)
    {
      FerryContentItem *item = g_ptr_array_index (plan->content, i);

      g_ptr_array_add (copy->content, ferry_content_item_copy (item));
    }
  return copy;
}

void
ferry_plan_free (FerryPlan *plan)
{
  if (plan == NULL)
    return;

  g_free (plan->name);
  endpoint_clear (&plan->source);
  endpoint_clear (&plan->target);
  g_clear_pointer (&plan->settings, json_node_unref);
  g_clear_pointer (&plan->content, g_ptr_array_unref);
  g_free (plan);
}

char *
ferry_plan_clean_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *text = NULL;
  gsize len;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      /* Not a URL: keep what is there, but never anything after an '@'
       * that could be user information. */
      const char *at = strrchr (url, '@');

      text = g_strdup (at ? at + 1 : url);
    }
  else
    text = g_uri_join (G_URI_FLAGS_NONE,
                       g_uri_get_scheme (uri),
                       NULL,   /* no user information, ever */
                       g_uri_get_host (uri),
                       g_uri_get_port (uri),
                       g_uri_get_path (uri),
                       NULL, NULL);

  len = strlen (text);
  while (len > 0 && text[len - 1] == '/')
    text[--len] = '\0';
  return g_steal_pointer (&text);
}

static void
add_string_or_null (JsonBuilder *b,
                    const char  *member,
                    const char  *value)
{
  json_builder_set_member_name (b, member);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_endpoint (JsonBuilder             *b,
              const char              *member,
              const FerryPlanEndpoint *endpoint)
{
  g_autofree char *url = ferry_plan_clean_url (endpoint->environment_url);

  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "environment");
  json_builder_begin_object (b);
  add_string_or_null (b, "name", endpoint->environment_name);
  add_string_or_null (b, "url", url);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "project");
  if (endpoint->project_id != NULL)
    {
      json_builder_begin_object (b);
      add_string_or_null (b, "id", endpoint->project_id);
      add_string_or_null (b, "name", endpoint->project_name);
      json_builder_end_object (b);
    }
  else
    json_builder_add_null_value (b);
  json_builder_end_object (b);
}

JsonNode *
ferry_plan_to_json (const FerryPlan *plan)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  g_return_val_if_fail (plan != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "format");
  json_builder_add_string_value (b, PLAN_FORMAT);
  json_builder_set_member_name (b, "version");
  json_builder_add_int_value (b, FERRY_PLAN_FORMAT_VERSION);
  add_string_or_null (b, "name", plan->name);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, ferry_migration_purpose_to_string (plan->purpose));
  json_builder_set_member_name (b, "packageType");
  json_builder_add_string_value (b, ferry_package_type_to_string (plan->package_type));
  add_endpoint (b, "source", &plan->source);
  add_endpoint (b, "target", &plan->target);

  json_builder_set_member_name (b, "settings");
  if (plan->settings != NULL)
    json_builder_add_value (b, ferry_json_node_copy_deep (plan->settings));
  else
    json_builder_add_null_value (b);

  json_builder_set_member_name (b, "content");
  json_builder_begin_array (b);
  for (guint i = 0; plan->content != NULL && i < plan->content->len; i++)
    {
      FerryContentItem *item = g_ptr_array_index (plan->content, i);

      json_builder_begin_object (b);
      add_string_or_null (b, "id", ferry_content_item_get_object_id (item));
      add_string_or_null (b, "name", ferry_content_item_get_name (item));
      json_builder_set_member_name (b, "type");
      json_builder_add_int_value (b, ferry_content_item_get_object_type (item));
      json_builder_set_member_name (b, "subtype");
      json_builder_add_int_value (b, ferry_content_item_get_subtype (item));
      add_string_or_null (b, "path", ferry_content_item_get_path (item));
      json_builder_set_member_name (b, "action");
      json_builder_add_string_value (b, ferry_conflict_action_to_string (ferry_content_item_get_action (item)));
      json_builder_set_member_name (b, "includeDependents");
      json_builder_add_boolean_value (b, ferry_content_item_get_include_dependents (item));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

/* --- Reading ---------------------------------------------------------------- */

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID,
               _("This is not a usable Ferry plan: %s"), message);
  return FALSE;
}

/* A string member: absent or null gives NULL when OPTIONAL. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             const char  *where,
             gboolean     optional,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (optional)
        return TRUE;
      return invalid (error, _("%s%s is missing"), where, member);
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return invalid (error, _("%s%s must be a string"), where, member);
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_int (JsonObject *object,
          const char *member,
          const char *where,
          int        *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = 0;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return invalid (error, _("%s%s must be a whole number"), where, member);
  *out = (int) CLAMP (json_node_get_int (node), 0, G_MAXINT);
  return TRUE;
}

static gboolean
read_endpoint (JsonObject        *plan,
               const char        *member,
               FerryPlanEndpoint *endpoint,
               GError           **error)
{
  JsonNode *node = json_object_get_member (plan, member);
  JsonObject *object, *environment, *project;
  g_autofree char *where = g_strdup_printf ("%s.", member);
  g_autofree char *env_where = g_strdup_printf ("%s.environment.", member);
  g_autofree char *project_where = g_strdup_printf ("%s.project.", member);
  g_autofree char *name = NULL, *url = NULL, *id = NULL, *project_name = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, _("%s must be an object"), member);
  object = json_node_get_object (node);

  environment = ferry_json_get_object (object, "environment");
  if (environment == NULL)
    return invalid (error, _("%senvironment must be an object"), where);
  if (!read_string (environment, "name", env_where, TRUE, &name, error) ||
      !read_string (environment, "url", env_where, TRUE, &url, error))
    return FALSE;

  node = json_object_get_member (object, "project");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, _("%sproject must be an object or null"), where);
      project = json_node_get_object (node);
      if (!read_string (project, "id", project_where, FALSE, &id, error) ||
          !read_string (project, "name", project_where, TRUE, &project_name, error))
        return FALSE;
    }

  ferry_plan_set_endpoint (endpoint, name, url, id, project_name);
  return TRUE;
}

static FerryContentItem *
read_content_item (JsonNode *node,
                   guint     index,
                   GError  **error)
{
  g_autofree char *where = g_strdup_printf ("content[%u].", index);
  g_autofree char *id = NULL, *name = NULL, *path = NULL, *action_text = NULL;
  FerryConflictAction action = FERRY_CONFLICT_ACTION_REPLACE;
  gboolean include_dependents = FALSE;
  JsonObject *object;
  JsonNode *member;
  int type, subtype;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("content[%u] must be an object"), index);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "id", where, FALSE, &id, error) ||
      !read_string (object, "name", where, TRUE, &name, error) ||
      !read_string (object, "path", where, TRUE, &path, error) ||
      !read_string (object, "action", where, FALSE, &action_text, error) ||
      !read_int (object, "type", where, &type, error) ||
      !read_int (object, "subtype", where, &subtype, error))
    return NULL;
  if (*id == '\0')
    {
      invalid (error, _("%sid is empty"), where);
      return NULL;
    }
  if (!ferry_conflict_action_from_string (action_text, &action))
    {
      invalid (error, _("%saction '%s' is not a conflict action"), where, action_text);
      return NULL;
    }
  member = json_object_get_member (object, "includeDependents");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_VALUE (member) || json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          invalid (error, _("%sincludeDependents must be true or false"), where);
          return NULL;
        }
      include_dependents = json_node_get_boolean (member);
    }

  return ferry_content_item_new (id, name, type, subtype, path, action, include_dependents);
}

FerryPlan *
ferry_plan_new_from_json (JsonNode  *node,
                          GError   **error)
{
  g_autoptr(FerryPlan) plan = ferry_plan_new ();
  g_autofree char *format = NULL, *kind = NULL, *package_type = NULL;
  JsonObject *object;
  JsonNode *member;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      invalid (error, _("the file holds no JSON object"));
      return NULL;
    }
  object = json_node_get_object (node);

  if (!read_string (object, "format", "", FALSE, &format, error))
    return NULL;
  if (g_strcmp0 (format, PLAN_FORMAT) != 0)
    {
      invalid (error, _("format is '%s', not '%s'"), format, PLAN_FORMAT);
      return NULL;
    }
  member = json_object_get_member (object, "version");
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member) ||
      json_node_get_value_type (member) != G_TYPE_INT64)
    {
      invalid (error, _("version is missing"));
      return NULL;
    }
  if (json_node_get_int (member) > FERRY_PLAN_FORMAT_VERSION)
    {
      g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_VERSION,
                   _("This plan was written by a newer version of Ferry (plan format %d)"),
                   (int) CLAMP (json_node_get_int (member), 0, G_MAXINT));
      return NULL;
    }

  if (!read_string (object, "name", "", TRUE, &plan->name, error) ||
      !read_string (object, "kind", "", FALSE, &kind, error) ||
      !read_string (object, "packageType", "", FALSE, &package_type, error))
    return NULL;
  if (!ferry_migration_purpose_from_string (kind, &plan->purpose))
    {
      invalid (error, _("kind '%s' is neither object_migration nor project_merge"), kind);
      return NULL;
    }
  if (!ferry_package_type_from_string (package_type, &plan->package_type))
    {
      invalid (error, _("packageType '%s' is not project, configuration or project_security"), package_type);
      return NULL;
    }

  if (!read_endpoint (object, "source", &plan->source, error) ||
      !read_endpoint (object, "target", &plan->target, error))
    return NULL;

  member = json_object_get_member (object, "settings");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      g_autoptr(FerryTocSettings) check = NULL;
      g_autoptr(GError) local_error = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          invalid (error, _("settings must be an object"));
          return NULL;
        }
      check = ferry_toc_settings_new_from_json (json_node_get_object (member), plan->package_type, &local_error);
      if (check == NULL)
        {
          invalid (error, "%s", local_error->message);
          return NULL;
        }
      plan->settings = ferry_json_node_copy_deep (member);
    }

  member = json_object_get_member (object, "content");
  if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          invalid (error, _("content must be an array"));
          return NULL;
        }
      array = json_node_get_array (member);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          FerryContentItem *item = read_content_item (json_array_get_element (array, i), i, error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (plan->content, item);
        }
    }

  return g_steal_pointer (&plan);
}

/* --- From a migration record ---------------------------------------------- */

static void
endpoint_from_record (FerryPlanEndpoint *endpoint,
                      JsonObject        *info,
                      gboolean           config)
{
  JsonObject *environment = ferry_json_get_object (info, "environment");
  JsonObject *project = config ? NULL : ferry_json_get_object (info, "project");
  const char *env_id = environment ? ferry_json_get_string (environment, "id") : NULL;
  const char *env_name = environment ? ferry_json_get_string (environment, "name") : NULL;
  const char *project_id = project ? ferry_json_get_string (project, "id") : NULL;

  ferry_plan_set_endpoint (endpoint, env_name != NULL && *env_name != '\0' ? env_name : env_id,
                           env_id,
                           project_id != NULL && *project_id != '\0' ? project_id : NULL,
                           project_id != NULL && project != NULL ? ferry_json_get_string (project, "name") : NULL);
}

FerryPlan *
ferry_plan_new_from_record (JsonObject  *record,
                            GError     **error)
{
  g_autoptr(FerryPlan) plan = ferry_plan_new ();
  JsonObject *package, *import, *toc;
  const char *purpose, *type;
  JsonNode *member;
  gboolean config;

  g_return_val_if_fail (record != NULL, NULL);

  package = ferry_json_get_object (record, "packageInfo");
  if (package == NULL)
    {
      invalid (error, _("the migration has no packageInfo"));
      return NULL;
    }
  import = ferry_json_get_object (record, "importInfo");

  purpose = ferry_json_get_string (package, "purpose");
  if (!ferry_migration_purpose_from_string (purpose, &plan->purpose))
    {
      g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID,
                   _("A migration of purpose “%s” has no definition that can be edited"),
                   purpose != NULL ? purpose : "");
      return NULL;
    }
  type = ferry_json_get_string (package, "type");
  if (!ferry_package_type_from_string (type != NULL ? type : "project", &plan->package_type))
    {
      invalid (error, _("packageType '%s' is not project, configuration or project_security"), type);
      return NULL;
    }
  config = plan->package_type == FERRY_PACKAGE_TYPE_CONFIGURATION;
  plan->name = g_strdup (ferry_json_get_string (package, "name"));
  endpoint_from_record (&plan->source, package, config);
  if (import != NULL)
    endpoint_from_record (&plan->target, import, config);

  toc = ferry_json_get_object (package, "tocView");
  member = toc != NULL ? json_object_get_member (toc, "settings") : NULL;
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      invalid (error, _("the migration has no packageInfo.tocView.settings (read it with showContent=all)"));
      return NULL;
    }
  plan->settings = ferry_json_node_copy_deep (member);

  member = json_object_get_member (toc, "content");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member) && plan->purpose == FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION)
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autoptr(JsonNode) copy = NULL;
          FerryContentItem *item;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            {
              invalid (error, _("content[%u] must be an object"), i);
              return NULL;
            }
          /* The API's items may leave out the action (the settings'
           * default applies): read them as a plan's. */
          copy = ferry_json_node_copy_deep (element);
          if (json_object_get_member (json_node_get_object (copy), "action") == NULL)
            json_object_set_string_member (json_node_get_object (copy), "action",
                                           ferry_conflict_action_to_string (FERRY_CONFLICT_ACTION_REPLACE));
          item = read_content_item (copy, i, error);
          if (item == NULL)
            return NULL;
          g_ptr_array_add (plan->content, item);
        }
    }

  return g_steal_pointer (&plan);
}

char *
ferry_plan_to_data (const FerryPlan *plan,
                    gsize           *length)
{
  g_autoptr(JsonNode) node = ferry_plan_to_json (plan);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *data;
  gsize len;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &len);

  /* A final newline, as text files have. */
  data = g_realloc (data, len + 2);
  data[len++] = '\n';
  data[len] = '\0';

  if (length != NULL)
    *length = len;
  return data;
}

FerryPlan *
ferry_plan_new_from_data (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL, NULL);

  root = ferry_json_parse (data, length, &local_error);
  if (local_error != NULL)
    {
      g_set_error (error, FERRY_PLAN_ERROR, FERRY_PLAN_ERROR_INVALID,
                   _("This is not a usable Ferry plan: %s"), local_error->message);
      return NULL;
    }
  if (root == NULL)
    {
      invalid (error, _("the file is empty"));
      return NULL;
    }
  return ferry_plan_new_from_json (root, error);
}

/* --- Files ------------------------------------------------------------------ */

static void
save_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
ferry_plan_save_async (const FerryPlan     *plan,
                       GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *data;
  gsize length;

  g_return_if_fail (plan != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_plan_save_async);

  data = ferry_plan_to_data (plan, &length);
  bytes = g_bytes_new_take (data, length);
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);

  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       cancellable, save_cb, g_steal_pointer (&task));
}

gboolean
ferry_plan_save_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *contents = NULL;
  gsize length = 0;
  GError *error = NULL;
  FerryPlan *plan;

  if (!g_file_load_contents_finish (G_FILE (object), result, &contents, &length, NULL, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  plan = ferry_plan_new_from_data (contents, (gssize) length, &error);
  if (plan == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, plan, (GDestroyNotify) ferry_plan_free);
}

void
ferry_plan_load_async (GFile               *file,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_plan_load_async);
  g_file_load_contents_async (file, cancellable, load_cb, task);
}

FerryPlan *
ferry_plan_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
