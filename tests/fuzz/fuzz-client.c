/* fuzz-client.c: fuzz targets for the client's readers of server JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each target turns bytes into JSON as the connection does
 * (ferry_json_parse: the nesting limit first, then json-glib) and hands it to the core function that
 * turns a server's answer into state: error bodies (ferry-error.c),
 * migration records (FerryMigration, plans from a record), projects,
 * objects and folder / search pages (FerryObjectInfo, FerryInventory),
 * privileges and tocView settings. Every getter of what was built is read,
 * so that a bad value kept inside is seen too.
 */

#include "ferry-core.h"
#include "ferry-discovery.h"
#include "ferry-error.h"
#include "ferry-inventory.h"
#include "ferry-json.h"
#include "ferry-migration.h"
#include "ferry-object-info.h"
#include "ferry-plan.h"
#include "ferry-privileges.h"
#include "ferry-toc-settings.h"
#include "fuzz-util.h"

static JsonNode *
parse (const guint8 *data,
       gsize         size)
{
  g_autoptr(GError) error = NULL;

  return ferry_json_parse ((const char *) data, (gssize) size, &error);
}

/* --- client-error -------------------------------------------------------- */

static void
read_error (const GError *error)
{
  g_autofree char *text = ferry_api_error_describe (error);
  gint64 code = 0;

  g_assert_nonnull (text);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  (void) ferry_api_error_get_http_status (error);
  (void) ferry_api_error_get_iserver_code (error, &code);
  for (const char *s = ferry_api_error_get_server_code (error); s; s = NULL)
    g_assert_true (g_utf8_validate (s, -1, NULL));
  for (const char *s = ferry_api_error_get_ticket_id (error); s; s = NULL)
    g_assert_true (g_utf8_validate (s, -1, NULL));
  for (const char *s = ferry_api_error_get_excerpt (error); s; s = NULL)
    g_assert_true (g_utf8_validate (s, -1, NULL));
  (void) ferry_api_error_get_content_type (error);
}

static void
fuzz_error (const guint8 *data,
            gsize         size,
            gpointer      user_data)
{
  static const guint statuses[] = { 400, 401, 403, 404, 409, 500, 502, 503 };
  static const char * const types[] = { "application/json", NULL, "text/html", "text/plain",
                                         "application/problem+json" };
  g_autoptr(GBytes) body = g_bytes_new_static (data, size);
  guint status = statuses[size % G_N_ELEMENTS (statuses)];

  for (gsize t = 0; t < G_N_ELEMENTS (types); t++)
    {
      g_autoptr(GError) error = ferry_api_error_new_from_response (status, "Reason", types[t], body);
      g_autoptr(GError) not_json = ferry_api_error_new_not_json (200, "OK", types[t], body);

      g_assert_error (error, FERRY_API_ERROR, error->code);
      read_error (error);
      read_error (not_json);
    }
}

/* --- client-migration ---------------------------------------------------- */

static void
read_date (GDateTime *date)
{
  if (date != NULL)
    g_free (g_date_time_format_iso8601 (date));
}

static void
read_migration (FerryMigration *m)
{
  g_autoptr(JsonObject) source = NULL;
  g_autoptr(JsonObject) target = NULL;
  const char *(*strings[]) (FerryMigration *) = {
    ferry_migration_get_id, ferry_migration_get_package_id, ferry_migration_get_import_id,
    ferry_migration_get_name, ferry_migration_get_package_type, ferry_migration_get_purpose,
    ferry_migration_get_package_status, ferry_migration_get_import_status,
    ferry_migration_get_import_request_status, ferry_migration_get_undo_request_status,
    ferry_migration_get_validation_status, ferry_migration_get_validation_message,
    ferry_migration_get_certification_status, ferry_migration_get_certification_operator_name,
    ferry_migration_get_creator_name, ferry_migration_get_source_environment_id,
    ferry_migration_get_source_environment_name, ferry_migration_get_target_environment_id,
    ferry_migration_get_target_environment_name, ferry_migration_get_source_project_id,
    ferry_migration_get_source_project_name, ferry_migration_get_target_project_id,
    ferry_migration_get_target_project_name, ferry_migration_get_storage_path,
    ferry_migration_get_undo_storage_path, ferry_migration_get_package_message,
    ferry_migration_get_import_message,
  };
  GDateTime *(*dates[]) (FerryMigration *) = {
    ferry_migration_get_validation_last_updated_date, ferry_migration_get_certification_date,
    ferry_migration_get_package_creation_date, ferry_migration_get_package_last_updated_date,
    ferry_migration_get_import_creation_date, ferry_migration_get_import_last_updated_date,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      const char *s = strings[i] (m);
      if (s != NULL)
        g_assert_true (strlen (s) < G_MAXSIZE);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    read_date (dates[i] (m));
  (void) ferry_migration_get_validation_progress (m);
  (void) ferry_migration_get_package_progress (m);
  (void) ferry_migration_get_import_progress (m);
  (void) ferry_migration_get_storage_size (m);
  (void) ferry_migration_get_undo_storage_size (m);
  (void) ferry_migration_get_has_undo_package (m);
  (void) ferry_migration_get_replicated (m);
  (void) ferry_migration_get_busy (m);
  source = ferry_migration_dup_record (m, FALSE);
  target = ferry_migration_dup_record (m, TRUE);
}

static void
fuzz_one_record (JsonObject *record)
{
  gboolean from_target = ferry_migration_record_is_target (record);
  g_autoptr(FerryMigration) m = ferry_migration_new_from_json (record, from_target);
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  if (m != NULL)
    {
      read_migration (m);
      /* The same record as the other side's, then that side gone. */
      ferry_migration_update_from_json (m, record, !from_target);
      read_migration (m);
      ferry_migration_forget_record (m, from_target);
      read_migration (m);
    }
  plan = ferry_plan_new_from_record (record, &error);
  g_assert_true ((plan != NULL) != (error != NULL));
  if (plan != NULL)
    {
      g_autofree char *text = ferry_plan_to_data (plan, NULL);
      g_assert_nonnull (text);
    }
}

static void
fuzz_migration (const guint8 *data,
                gsize         size,
                gpointer      user_data)
{
  g_autoptr(JsonNode) root = parse (data, size);
  JsonArray *list = NULL;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  fuzz_one_record (json_node_get_object (root));
  /* A listing: {"total", "data": [records]} */
  list = ferry_json_get_array (json_node_get_object (root), "data");
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      if (JSON_NODE_HOLDS_OBJECT (element))
        fuzz_one_record (json_node_get_object (element));
    }
}

/* --- client-project ------------------------------------------------------ */

static void
fuzz_one_project (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryProject) project = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  project = ferry_project_new_from_json (json_node_get_object (node), &error);
  g_assert_true ((project != NULL) != (error != NULL));
  if (project != NULL)
    {
      g_assert_nonnull (ferry_project_get_id (project));
      (void) ferry_project_get_name (project);
      (void) ferry_project_get_description (project);
      (void) ferry_project_get_alias (project);
      (void) ferry_project_get_status (project);
    }
}

static void
fuzz_project (const guint8 *data,
              gsize         size,
              gpointer      user_data)
{
  g_autoptr(JsonNode) root = parse (data, size);

  if (root == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);
      for (guint i = 0; i < json_array_get_length (array); i++)
        fuzz_one_project (json_array_get_element (array, i));
    }
  else
    fuzz_one_project (root);
}

/* --- client-objects: objects, folder pages, search pages ---------------- */

static void
fuzz_one_object (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) folder_error = NULL;
  g_autoptr(FerryObjectInfo) info = NULL;
  g_autoptr(FerryObjectInfo) in_folder = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  info = ferry_object_info_new_from_json (json_node_get_object (node), &error);
  g_assert_true ((info != NULL) != (error != NULL));
  if (info != NULL)
    g_assert_nonnull (ferry_object_info_get_id (info));
  in_folder = ferry_object_info_new_from_json_in_folder (json_node_get_object (node),
                                                         "8D679D5111D3E4981000E787EC6DE8A4",
                                                         "\\Public Objects", &folder_error);
  g_assert_true ((in_folder != NULL) != (folder_error != NULL));
}

static void
fuzz_items (JsonArray *items)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) inventory = ferry_inventory_new_from_json_array (items, &error);

  g_assert_true ((inventory != NULL) != (error != NULL));
  if (inventory != NULL)
    for (guint i = 0; i < ferry_inventory_get_n_items (inventory); i++)
      {
        const FerryInventoryItem *item = ferry_inventory_get_item (inventory, i);
        g_assert_nonnull (item);
      }
  for (guint i = 0; i < json_array_get_length (items); i++)
    fuzz_one_object (json_array_get_element (items, i));
}

static void
fuzz_objects (const guint8 *data,
              gsize         size,
              gpointer      user_data)
{
  g_autoptr(JsonNode) root = parse (data, size);

  if (root == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (root))
    fuzz_items (json_node_get_array (root));
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonArray *result = ferry_json_get_array (json_node_get_object (root), "result");
      if (result != NULL)
        fuzz_items (result);
      fuzz_one_object (root);
    }
}

/* --- client-privileges ---------------------------------------------------- */

static void
fuzz_privileges (const guint8 *data,
                 gsize         size,
                 gpointer      user_data)
{
  g_autoptr(JsonNode) root = parse (data, size);
  g_autoptr(FerryPrivileges) privileges = NULL;
  g_autoptr(GError) error = NULL;

  if (root == NULL)
    return;
  privileges = ferry_privileges_new_from_json (root, &error);
  g_assert_true ((privileges != NULL) != (error != NULL));
  if (privileges == NULL)
    return;
  for (int p = FERRY_PRIVILEGE_CREATE_PACKAGE; p <= FERRY_PRIVILEGE_BYPASS_ACCESS_CHECKS; p++)
    {
      (void) ferry_privileges_has (privileges, p, NULL);
      (void) ferry_privileges_has (privileges, p, "B19DEDCC11D4E0EFC000EB9495D0F44F");
    }
}

/* --- client-toc-settings --------------------------------------------------- */

static void
fuzz_toc_settings (const guint8 *data,
                   gsize         size,
                   gpointer      user_data)
{
  g_autoptr(JsonNode) root = parse (data, size);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  for (int t = FERRY_PACKAGE_TYPE_PROJECT; t <= FERRY_PACKAGE_TYPE_PROJECT_SECURITY; t++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryTocSettings) settings = ferry_toc_settings_new_from_json (json_node_get_object (root), t, &error);

      g_assert_true ((settings != NULL) != (error != NULL));
      if (settings != NULL)
        {
          g_autoptr(JsonNode) again = ferry_toc_settings_to_json (settings);
          g_autoptr(GError) again_error = NULL;
          g_autoptr(FerryTocSettings) reread = NULL;

          /* What Ferry writes back, it reads. */
          reread = ferry_toc_settings_new_from_json (json_node_get_object (again), t, &again_error);
          g_assert_no_error (again_error);
        }
    }
}

/* --------------------------------------------------------------------------- */

static void
test_target (gconstpointer data)
{
  fuzz_run (data);
}

int
main (int argc, char *argv[])
{
  static const FuzzTarget targets[] = {
    { "client-error",        fuzz_error,        NULL, TRUE, 0, 200000, 3 },
    { "client-migration",    fuzz_migration,    NULL, TRUE, 0, 100000, 4 },
    { "client-project",      fuzz_project,      NULL, TRUE, 0, 200000, 2 },
    { "client-objects",      fuzz_objects,      NULL, TRUE, 0, 100000, 3 },
    { "client-privileges",   fuzz_privileges,   NULL, TRUE, 0, 200000, 2 },
    { "client-toc-settings", fuzz_toc_settings, NULL, TRUE, 0, 200000, 2 },
  };

  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      g_autofree char *path = g_strdup_printf ("/fuzz/%s", targets[i].name);
      g_test_add_data_func (path, &targets[i], test_target);
    }
  return g_test_run ();
}
