/* jobs-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "jobs-test-util.h"
#include "ferry-test-util.h"

/* The main loop and connections come from tests/ferry-test-util. */

void
jtu_wait_until (gboolean (*cond) (gpointer data),
                gpointer   data,
                guint      timeout_s)
{
  ftu_wait_until (cond, data, timeout_s);
}

void
jtu_wait_flag (gboolean *flag,
               guint     timeout_s)
{
  ftu_wait_flag (flag, timeout_s);
}

void
jtu_spin (guint ms)
{
  ftu_spin (ms);
}

void
jtu_result_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ftu_store_result_cb (object, result, user_data);
}

GAsyncResult *
jtu_wait_result (GAsyncResult **result)
{
  return ftu_wait_for (result);
}

/* ------------------------------------------------------------------------ */
/* Connections                                                                */
/* ------------------------------------------------------------------------ */

FerryConnection *
jtu_try_connect (FerrySandbox *sandbox,
                 const char   *username,
                 const char   *password,
                 GError      **error)
{
  return ftu_try_connect (sandbox, username, password, error);
}

FerryConnection *
jtu_connect (FerrySandbox *sandbox,
             const char   *username,
             const char   *password)
{
  return ftu_connect (sandbox, username, password);
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
  ftu_wait_until (ftu_is_set, slot, timeout_s);
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
