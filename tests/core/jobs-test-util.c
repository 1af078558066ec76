/* jobs-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jobs-test-util.h"

static gboolean
timeout_cb (gpointer data)
{
  gboolean *expired = data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

void
jtu_wait_until (gboolean (*cond) (gpointer data),
                gpointer   data,
                guint      timeout_s)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add_seconds (timeout_s, timeout_cb, &expired);

  while (!cond (data) && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (!expired)
    g_source_remove (id);
  if (expired && !cond (data))
    g_error ("Timed out after %u s waiting", timeout_s);
}

static gboolean
flag_is_set (gpointer data)
{
  return *(gboolean *) data;
}

void
jtu_wait_flag (gboolean *flag,
               guint     timeout_s)
{
  jtu_wait_until (flag_is_set, flag, timeout_s);
}

void
jtu_spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
jtu_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

GAsyncResult *
jtu_wait_result (GAsyncResult **result)
{
  jtu_wait_until (result_arrived, result, 60);
  return *result;
}

/* ------------------------------------------------------------------------ */
/* Connections                                                                */
/* ------------------------------------------------------------------------ */

static void
disconnect_and_unref (gpointer data)
{
  FerryConnection *connection = data;
  g_autoptr(GAsyncResult) result = NULL;

  if (ferry_connection_get_state (connection) == FERRY_CONNECTION_STATE_CONNECTED)
    {
      ferry_connection_disconnect_async (connection, NULL, jtu_result_cb, &result);
      jtu_wait_result (&result);
      ferry_connection_disconnect_finish (connection, result, NULL);
    }
  g_object_unref (connection);
}

FerryConnection *
jtu_try_connect (FerrySandbox *sandbox,
                 const char   *username,
                 const char   *password,
                 GError      **error)
{
  g_autoptr(FerryConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  connection = ferry_connection_new (ferry_sandbox_get_base_url (sandbox), FERRY_LOGIN_MODE_STANDARD,
                                     username, error);
  if (connection == NULL)
    return NULL;
  ferry_connection_connect_async (connection, password, NULL, jtu_result_cb, &result);
  jtu_wait_result (&result);
  if (!ferry_connection_connect_finish (connection, result, error))
    return NULL;
  g_test_queue_destroy (disconnect_and_unref, g_object_ref (connection));
  return connection;
}

FerryConnection *
jtu_connect (FerrySandbox *sandbox,
             const char   *username,
             const char   *password)
{
  g_autoptr(GError) error = NULL;
  FerryConnection *connection = jtu_try_connect (sandbox, username, password, &error);

  g_assert_no_error (error);
  g_assert_nonnull (connection);
  return connection;
}

void
jtu_env_start_full (JtuEnv           *env,
                    const SbtOptions *dev_options,
                    const SbtOptions *prod_options)
{
  sbt_pair_start (&env->pair, dev_options, prod_options);
  env->dev = jtu_connect (env->pair.dev, "administrator", "");
  env->prod = jtu_connect (env->pair.prod, "administrator", "");
}

void
jtu_env_start (JtuEnv *env,
               guint   dev_work_delay_ms,
               guint   prod_work_delay_ms)
{
  SbtOptions dev = { 0 };
  SbtOptions prod = { 0 };

  dev.work_delay_ms = dev_work_delay_ms;
  prod.work_delay_ms = prod_work_delay_ms;
  jtu_env_start_full (env, &dev, &prod);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

void
jtu_job_start (FerryJob *job)
{
  GAsyncResult **slot = g_new0 (GAsyncResult *, 1);

  g_object_set_data_full (G_OBJECT (job), "jtu-result", slot, g_free);
  ferry_job_run_async (job, NULL, jtu_result_cb, slot);
}

gboolean
jtu_job_wait (FerryJob *job,
              guint     timeout_s,
              GError  **error)
{
  GAsyncResult **slot = g_object_get_data (G_OBJECT (job), "jtu-result");
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_nonnull (slot);
  jtu_wait_until (result_arrived, slot, timeout_s);
  result = g_steal_pointer (slot);
  return ferry_job_run_finish (job, result, error);
}

gboolean
jtu_run_job (FerryJob *job,
             GError  **error)
{
  jtu_job_start (job);
  return jtu_job_wait (job, 60, error);
}

JsonObject *
jtu_get_migration (FerryConnection  *connection,
                   const char       *migration_id,
                   FerryShowContent  show,
                   GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_library_get_migration_async (connection, migration_id, show, NULL, jtu_result_cb, &result);
  return ferry_library_finish_object (jtu_wait_result (&result), error);
}

GPtrArray *
jtu_list_migrations (FerryConnection *connection,
                     GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ferry_library_list_migrations_async (connection, NULL, jtu_result_cb, &result);
  return ferry_library_list_migrations_finish (connection, jtu_wait_result (&result), error);
}

/* ------------------------------------------------------------------------ */
/* Specs                                                                      */
/* ------------------------------------------------------------------------ */

JsonNode *
jtu_spec_merge_settings (void)
{
  /* Verbatim from spec/project-merge-between-environments.md, step 1. */
  return sbt_json_parse (
    "{"
    "  \"updateSchema\": ["
    "    \"recal_table_logical_size\","
    "    \"recal_table_keys_fact_entry_level\","
    "    \"update_schema_logical_info\""
    "  ],"
    "  \"aclOnReplacingObjects\": \"use_existing\","
    "  \"aclOnNewObjects\": [\"keep_acl_as_source_object\"],"
    "  \"validateDependencies\": true,"
    "  \"defaultAction\": \"use_existing\","
    "  \"folderActions\": ["
    "    {"
    "      \"id\": \"8D679D5111D3E4981000E787EC6DE8A4\","
    "      \"action\": \"use_existing\""
    "    }"
    "  ],"
    "  \"objectTypeActions\": ["
    "    {"
    "      \"type\": 1,"
    "      \"subtype\": 256,"
    "      \"action\": \"use_existing\""
    "    }"
    "  ],"
    "  \"objectActions\": ["
    "    {"
    "      \"id\": \"8D679D5111D3E4981000E787EC6DE8A4\","
    "      \"action\": \"replace\""
    "    }"
    "  ],"
    "  \"translationAction\": \"existing\""
    "}");
}

FerryMigrationSpec
jtu_spec (JtuEnv                *env,
          FerryMigrationPurpose  purpose,
          const char            *name,
          JsonNode              *settings,
          JsonNode              *content)
{
  FerryMigrationSpec spec = { 0 };

  spec.purpose = purpose;
  spec.package_type = "project";
  spec.name = name;
  spec.source_environment_name = "Development";
  spec.source_project_id = JTU_PROJECT_ID;
  spec.source_project_name = JTU_PROJECT_NAME;
  spec.target_environment_name = "Production";
  spec.target_project_id = JTU_PROJECT_ID;
  spec.target_project_name = JTU_PROJECT_NAME;
  spec.settings = settings;
  spec.content = content;
  return spec;
}

const char *
jtu_object_string (JsonNode   *object,
                   const char *member)
{
  g_assert_nonnull (object);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (object));
  return json_object_get_string_member_with_default (json_node_get_object (object), member, NULL);
}
