/* test-migrations.c: FerryMigration, FerryMigrationList and the typed calls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The record samples are those of spec/project-merge-between-environments.md
 * (step 2: the source's record; step 6: the target's).
 */

#include "config.h"

#include <string.h>

#include "jobs-test-util.h"

#define SAMPLE_ID "35958BEB7C56491C9A43F7661501E177:B71E7ECF60104A62BA15625C444A623F"

/* spec step 2: the source's record while the import is pending. */
static const char source_sample[] =
  "{"
  "  \"id\": \"35958BEB7C56491C9A43F7661501E177:B71E7ECF60104A62BA15625C444A623F\","
  "  \"packageInfo\": {"
  "    \"id\": \"35958BEB7C56491C9A43F7661501E177\","
  "    \"replicated\": false,"
  "    \"type\": \"project\","
  "    \"purpose\": \"project_merge\","
  "    \"name\": \"ProjectMerge_success\","
  "    \"creator\": {\"id\": \"54F3D26011D2896560009A8E67019608\", \"name\": \"Administrator\"},"
  "    \"creationDate\": \"2022-03-16T07:38:40.125+0000\","
  "    \"lastUpdatedDate\": \"2022-03-16T07:39:09.254+0000\","
  "    \"environment\": {\"id\": \"Source environment URL\", \"name\": \"Source environment name\"},"
  "    \"storage\": {"
  "      \"size\": 1421139,"
  "      \"path\": \"mstr/shared/migrations/packages/2022-03-16/9A838E0F9C9E4910AF57344299327DF9.mmp\""
  "    },"
  "    \"project\": {\"id\": \"B19DEDCC11D4E0EFC000EB9495D0F44F\", \"name\": \"MicroStrategy Tutorial\"},"
  "    \"status\": \"created\","
  "    \"message\": \"\","
  "    \"progress\": 100,"
  "    \"deleted\": false,"
  "    \"existing\": true"
  "  },"
  "  \"importInfo\": {"
  "    \"id\": \"B71E7ECF60104A62BA15625C444A623F\","
  "    \"creator\": {},"
  "    \"creationDate\": \"2022-03-16T07:38:40.126+0000\","
  "    \"lastUpdatedDate\": \"2022-03-16T07:38:40.126+0000\","
  "    \"environment\": {\"id\": \"Target environment URL\", \"name\": \"Target environment name\"},"
  "    \"status\": \"pending\","
  "    \"importRequestStatus\": \"pending\","
  "    \"undoRequestStatus\": \"pending\","
  "    \"progress\": 0,"
  "    \"message\": \"\","
  "    \"undoStorage\": {},"
  "    \"project\": {\"id\": \"B19DEDCC11D4E0EFC000EB9495D0F44F\", \"name\": \"MicroStrategy Tutorial\"},"
  "    \"deleted\": false"
  "  },"
  "  \"version\": \"2\""
  "}";

/* spec step 6: the target's record once imported (replicated), statuses
 * in upper case as some servers send them. */
static const char target_sample[] =
  "{"
  "  \"id\": \"35958BEB7C56491C9A43F7661501E177:B71E7ECF60104A62BA15625C444A623F\","
  "  \"packageInfo\": {"
  "    \"id\": \"35958BEB7C56491C9A43F7661501E177\","
  "    \"replicated\": true,"
  "    \"type\": \"project\","
  "    \"purpose\": \"project_merge\","
  "    \"name\": \"ProjectMerge_success\","
  "    \"status\": \"locked\","
  "    \"progress\": 100"
  "  },"
  "  \"importInfo\": {"
  "    \"id\": \"B71E7ECF60104A62BA15625C444A623F\","
  "    \"creator\": {\"id\": \"54F3D26011D2896560009A8E67019608\", \"name\": \"Administrator\"},"
  "    \"creationDate\": \"2022-03-16T08:50:13.150+0000\","
  "    \"lastUpdatedDate\": \"2022-03-16T08:50:28.666+0000\","
  "    \"environment\": {\"id\": \"Target environment URL\", \"name\": \"Target environment name\"},"
  "    \"status\": \"IMPORTED\","
  "    \"importRequestStatus\": \"approved\","
  "    \"undoRequestStatus\": \"pending\","
  "    \"progress\": 100.0,"
  "    \"message\": \"\","
  "    \"undoStorage\": {"
  "      \"size\": 205,"
  "      \"path\": \"mstr/shared/migrations/undo/35958BEB7C56491C9A43F7661501E177/B71E7ECF60104A62BA15625C444A623F.mmp\""
  "    },"
  "    \"project\": {\"id\": \"B19DEDCC11D4E0EFC000EB9495D0F44F\", \"name\": \"MicroStrategy Tutorial\"},"
  "    \"deleted\": false"
  "  },"
  "  \"version\": \"2\""
  "}";

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = sbt_json_parse (text);

  return json_object_ref (json_node_get_object (node));
}

typedef struct
{
  GPtrArray *names;
} Notes;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notes      *notes)
{
  g_ptr_array_add (notes->names, g_strdup (pspec->name));
}

static gboolean
noted (Notes      *notes,
       const char *name)
{
  for (guint i = 0; i < notes->names->len; i++)
    if (g_str_equal (g_ptr_array_index (notes->names, i), name))
      return TRUE;
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* FerryMigration                                                             */
/* ------------------------------------------------------------------------ */

static void count_notify (guint *count, GParamSpec *pspec, GObject *object);

/* A migration made from a record borrows that record's strings: when the
 * record is replaced or forgotten, the values that did not change must
 * still be readable once the old record is gone (MALLOC_PERTURB_ or ASan
 * make a dangling one fail). */
static void
test_migration_borrowed_values_outlive_record (void)
{
  g_autoptr(JsonObject) first = parse_object (source_sample);
  g_autoptr(JsonObject) second = parse_object (source_sample);
  g_autoptr(JsonObject) target = parse_object (source_sample);
  FerryMigrationRecord *record = ferry_migration_record_new (first);
  g_autoptr(FerryMigrationRecord) changed = NULL;
  g_autoptr(FerryMigrationRecord) on_target = NULL;
  g_autoptr(FerryMigration) migration = ferry_migration_new_from_record (record, FALSE);
  guint notified = 0;

  /* Only the record holds the tree the strings are in. */
  g_clear_pointer (&first, json_object_unref);
  json_object_set_string_member (json_object_get_object_member (second, "packageInfo"), "status", "failed");
  changed = ferry_migration_record_new (second);
  g_clear_pointer (&second, json_object_unref);

  g_signal_connect_swapped (migration, "notify::name", G_CALLBACK (count_notify), &notified);
  g_assert_true (ferry_migration_set_record (migration, changed, FALSE));
  ferry_migration_record_unref (record);   /* the first record is gone */
  g_assert_cmpstr (ferry_migration_get_name (migration), ==, "ProjectMerge_success");
  g_assert_cmpstr (ferry_migration_get_creator_name (migration), ==, "Administrator");
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "failed");
  g_assert_cmpuint (notified, ==, 0);

  /* Known on the target too, then only there: the source's record goes. */
  json_object_set_boolean_member (json_object_get_object_member (target, "packageInfo"), "replicated", TRUE);
  on_target = ferry_migration_record_new (target);
  g_clear_pointer (&target, json_object_unref);
  g_assert_true (ferry_migration_set_record (migration, on_target, TRUE));
  ferry_migration_forget_record (migration, FALSE);
  g_clear_pointer (&changed, ferry_migration_record_unref);
  g_assert_cmpstr (ferry_migration_get_name (migration), ==, "ProjectMerge_success");
  g_assert_cmpstr (ferry_migration_get_storage_path (migration), ==,
                   "mstr/shared/migrations/packages/2022-03-16/9A838E0F9C9E4910AF57344299327DF9.mmp");
  g_assert_cmpuint (notified, ==, 0);
}

static void
test_migration_from_record (void)
{
  g_autoptr(JsonObject) record = parse_object (source_sample);
  g_autoptr(FerryMigration) migration = ferry_migration_new_from_json (record, FALSE);
  g_autoptr(GDateTime) expected = g_date_time_new_utc (2022, 3, 16, 7, 38, 40.125);
  g_autofree char *name = NULL;
  double progress = 0;

  g_assert_nonnull (migration);
  g_assert_false (ferry_migration_record_is_target (record));
  g_assert_cmpstr (ferry_migration_get_id (migration), ==, SAMPLE_ID);
  g_assert_cmpstr (ferry_migration_get_package_id (migration), ==, "35958BEB7C56491C9A43F7661501E177");
  g_assert_cmpstr (ferry_migration_get_import_id (migration), ==, "B71E7ECF60104A62BA15625C444A623F");
  g_assert_cmpstr (ferry_migration_get_name (migration), ==, "ProjectMerge_success");
  g_assert_cmpstr (ferry_migration_get_package_type (migration), ==, "project");
  g_assert_cmpstr (ferry_migration_get_purpose (migration), ==, "project_merge");
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "created");
  g_assert_cmpstr (ferry_migration_get_import_status (migration), ==, "pending");
  g_assert_cmpstr (ferry_migration_get_import_request_status (migration), ==, "pending");
  g_assert_cmpstr (ferry_migration_get_undo_request_status (migration), ==, "pending");
  g_assert_cmpfloat (ferry_migration_get_package_progress (migration), ==, 100.0);
  g_assert_cmpfloat (ferry_migration_get_import_progress (migration), ==, 0.0);
  g_assert_true (g_date_time_equal (ferry_migration_get_package_creation_date (migration), expected));
  g_assert_nonnull (ferry_migration_get_package_last_updated_date (migration));
  g_assert_nonnull (ferry_migration_get_import_creation_date (migration));
  g_assert_cmpstr (ferry_migration_get_creator_name (migration), ==, "Administrator");
  g_assert_cmpstr (ferry_migration_get_source_environment_id (migration), ==, "Source environment URL");
  g_assert_cmpstr (ferry_migration_get_source_environment_name (migration), ==, "Source environment name");
  g_assert_cmpstr (ferry_migration_get_target_environment_id (migration), ==, "Target environment URL");
  g_assert_cmpstr (ferry_migration_get_target_environment_name (migration), ==, "Target environment name");
  g_assert_cmpstr (ferry_migration_get_source_project_id (migration), ==, JTU_PROJECT_ID);
  g_assert_cmpstr (ferry_migration_get_source_project_name (migration), ==, JTU_PROJECT_NAME);
  g_assert_cmpstr (ferry_migration_get_target_project_id (migration), ==, JTU_PROJECT_ID);
  g_assert_cmpstr (ferry_migration_get_target_project_name (migration), ==, JTU_PROJECT_NAME);
  g_assert_cmpstr (ferry_migration_get_storage_path (migration), ==,
                   "mstr/shared/migrations/packages/2022-03-16/9A838E0F9C9E4910AF57344299327DF9.mmp");
  g_assert_cmpint (ferry_migration_get_storage_size (migration), ==, 1421139);
  g_assert_null (ferry_migration_get_undo_storage_path (migration));
  g_assert_cmpint (ferry_migration_get_undo_storage_size (migration), ==, -1);
  g_assert_false (ferry_migration_get_has_undo_package (migration));
  g_assert_cmpstr (ferry_migration_get_package_message (migration), ==, "");
  g_assert_false (ferry_migration_get_replicated (migration));
  g_assert_true (ferry_migration_get_has_source_record (migration));
  g_assert_false (ferry_migration_get_has_target_record (migration));
  g_assert_false (ferry_migration_get_busy (migration));

  /* The same through the properties (what a bound row reads). */
  g_object_get (migration, "name", &name, "package-progress", &progress, NULL);
  g_assert_cmpstr (name, ==, "ProjectMerge_success");
  g_assert_cmpfloat (progress, ==, 100.0);
}

/* What ferry_migration_dup_record() returns is the caller's: changing it at
 * any depth leaves the migration's record (and the record it was made
 * from) as they were. */
static void
test_migration_dup_record_is_a_copy (void)
{
  g_autoptr(JsonObject) record = parse_object (source_sample);
  g_autoptr(FerryMigration) migration = ferry_migration_new_from_json (record, FALSE);
  g_autoptr(JsonObject) copy = ferry_migration_dup_record (migration, FALSE);
  g_autoptr(JsonObject) again = NULL;
  JsonObject *package;

  g_assert_nonnull (copy);
  package = json_object_get_object_member (copy, "packageInfo");
  json_object_set_string_member (package, "status", "mutated");
  json_object_set_string_member (json_object_get_object_member (package, "creator"), "name", "Mallory");
  json_object_set_string_member (copy, "version", "99");
  json_object_remove_member (copy, "importInfo");

  again = ferry_migration_dup_record (migration, FALSE);
  g_assert_cmpstr (ferry_library_record_get_string (again, "packageInfo.status"), ==, "created");
  g_assert_cmpstr (ferry_library_record_get_string (again, "packageInfo.creator.name"), ==, "Administrator");
  g_assert_cmpstr (ferry_library_record_get_string (again, "version"), ==, "2");
  g_assert_cmpstr (ferry_library_record_get_string (again, "importInfo.status"), ==, "pending");
  g_assert_cmpstr (ferry_migration_get_name (migration), ==, "ProjectMerge_success");

  /* Nor does an update merged into the migration reach the record it
   * was made from. */
  {
    g_autoptr(JsonObject) update = parse_object ("{\"id\": \"" SAMPLE_ID "\","
                                                 " \"packageInfo\": {\"status\": \"locked\"}}");

    g_assert_true (ferry_migration_update_from_json (migration, update, FALSE));
    g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.status"), ==, "created");
  }
}

static void
test_migration_notifies_changes_only (void)
{
  g_autoptr(JsonObject) record = parse_object (source_sample);
  g_autoptr(JsonObject) short_form = NULL;
  g_autoptr(FerryMigration) migration = ferry_migration_new_from_json (record, FALSE);
  Notes notes = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (migration, "notify", G_CALLBACK (notify_cb), &notes);

  /* The same record again: nothing changed, nothing notified. */
  g_assert_true (ferry_migration_update_from_json (migration, record, FALSE));
  g_assert_cmpuint (notes.names->len, ==, 0);

  /* The short answer of the approving PATCH: only what changed. */
  short_form = parse_object ("{\"id\": \"" SAMPLE_ID "\","
                             " \"packageInfo\": {\"id\": \"35958BEB7C56491C9A43F7661501E177\","
                             "                   \"status\": \"locked\", \"progress\": 100},"
                             " \"importInfo\": {\"id\": \"B71E7ECF60104A62BA15625C444A623F\","
                             "                  \"status\": \"pending\", \"importRequestStatus\": \"approved\","
                             "                  \"undoRequestStatus\": \"pending\", \"progress\": 0}}");
  g_assert_true (ferry_migration_update_from_json (migration, short_form, FALSE));
  g_assert_cmpuint (notes.names->len, ==, 2);
  g_assert_true (noted (&notes, "package-status"));
  g_assert_true (noted (&notes, "import-request-status"));
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "locked");
  /* What the short form does not carry is kept. */
  g_assert_cmpstr (ferry_migration_get_name (migration), ==, "ProjectMerge_success");
  g_assert_cmpint (ferry_migration_get_storage_size (migration), ==, 1421139);

  /* Another migration's record is refused. */
  g_ptr_array_set_size (notes.names, 0);
  g_clear_pointer (&short_form, json_object_unref);
  short_form = parse_object ("{\"id\": \"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA:BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB\","
                             " \"packageInfo\": {\"status\": \"creating\"}}");
  g_assert_false (ferry_migration_update_from_json (migration, short_form, FALSE));
  g_assert_cmpuint (notes.names->len, ==, 0);
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "locked");

  g_ptr_array_unref (notes.names);
}

static void
count_notify (guint      *count,
              GParamSpec *pspec,
              GObject    *object)
{
  (*count)++;
}

/* packageInfo.certification (api.md §5.4, the sandbox's decided shape) and
 * validation: read from a full record, then moved by short records. */
static void
test_migration_validation_certification (void)
{
  g_autoptr(JsonObject) record = parse_object (source_sample);
  g_autoptr(FerryMigration) m = NULL;
  g_autoptr(JsonObject) certified = parse_object (
    "{\"id\": \"" SAMPLE_ID "\","
    " \"packageInfo\": {\"certification\": {\"status\": \"CERTIFIED\","
    "   \"operator\": {\"id\": \"7A\", \"name\": \"administrator\", \"fullName\": \"Administrator\"},"
    "   \"lastUpdatedDate\": \"2022-03-16T08:00:00.000+0000\"}},"
    " \"validation\": {\"status\": \"validation_failed\", \"progress\": 100,"
    "   \"creationDate\": \"2022-03-16T07:50:00.000+0000\","
    "   \"lastUpdatedDate\": \"2022-03-16T07:51:00.000+0000\","
    "   \"message\": \"Missing dependency: Revenue (metric)\"}}");
  g_autoptr(JsonObject) validating = parse_object (
    "{\"id\": \"" SAMPLE_ID "\", \"validation\": {\"status\": \"validating\", \"progress\": 40}}");
  guint notified = 0;

  m = ferry_migration_new_from_json (record, FALSE);
  /* Never validated, no certification in the record. */
  g_assert_null (ferry_migration_get_validation_status (m));
  g_assert_null (ferry_migration_get_validation_message (m));
  g_assert_cmpfloat (ferry_migration_get_validation_progress (m), ==, 0.0);
  g_assert_null (ferry_migration_get_certification_status (m));
  g_assert_null (ferry_migration_get_certification_operator_name (m));
  g_assert_null (ferry_migration_get_certification_date (m));

  g_signal_connect_swapped (m, "notify::certification-status", G_CALLBACK (count_notify), &notified);
  g_assert_true (ferry_migration_update_from_json (m, certified, FALSE));
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpstr (ferry_migration_get_certification_status (m), ==, "certified");
  g_assert_cmpstr (ferry_migration_get_certification_operator_name (m), ==, "administrator");
  g_assert_nonnull (ferry_migration_get_certification_date (m));
  g_assert_cmpint (g_date_time_get_hour (ferry_migration_get_certification_date (m)), ==, 8);
  g_assert_cmpstr (ferry_migration_get_validation_status (m), ==, "validation_failed");
  g_assert_cmpstr (ferry_migration_get_validation_message (m), ==, "Missing dependency: Revenue (metric)");
  g_assert_cmpfloat (ferry_migration_get_validation_progress (m), ==, 100.0);
  g_assert_nonnull (ferry_migration_get_validation_last_updated_date (m));
  /* The rest of the package side is kept. */
  g_assert_cmpstr (ferry_migration_get_name (m), ==, "ProjectMerge_success");

  /* A short record (a PATCH's answer) moves the status and keeps the rest. */
  g_assert_true (ferry_migration_update_from_json (m, validating, FALSE));
  g_assert_cmpstr (ferry_migration_get_validation_status (m), ==, "validating");
  g_assert_cmpfloat (ferry_migration_get_validation_progress (m), ==, 40.0);
  g_assert_cmpstr (ferry_migration_get_certification_status (m), ==, "certified");
  g_assert_cmpuint (notified, ==, 1);
}

static void
test_migration_target_wins (void)
{
  g_autoptr(JsonObject) source = parse_object (source_sample);
  g_autoptr(JsonObject) target = parse_object (target_sample);
  g_autoptr(FerryMigration) migration = ferry_migration_new_from_json (source, FALSE);
  Notes notes = { g_ptr_array_new_with_free_func (g_free) };

  g_assert_true (ferry_migration_record_is_target (target));
  g_signal_connect (migration, "notify", G_CALLBACK (notify_cb), &notes);

  g_assert_true (ferry_migration_update_from_json (migration, target, TRUE));
  /* The import side comes from the target (status folded to lower case)… */
  g_assert_cmpstr (ferry_migration_get_import_status (migration), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_import_request_status (migration), ==, "approved");
  g_assert_cmpfloat (ferry_migration_get_import_progress (migration), ==, 100.0);
  g_assert_true (ferry_migration_get_has_undo_package (migration));
  g_assert_cmpint (ferry_migration_get_undo_storage_size (migration), ==, 205);
  g_assert_true (ferry_migration_get_replicated (migration));
  g_assert_true (ferry_migration_get_has_target_record (migration));
  /* …the package side from the source, whose record has it all. */
  g_assert_cmpstr (ferry_migration_get_package_status (migration), ==, "created");
  g_assert_cmpint (ferry_migration_get_storage_size (migration), ==, 1421139);
  g_assert_true (noted (&notes, "import-status"));
  g_assert_false (noted (&notes, "package-status"));
  g_assert_false (noted (&notes, "name"));

  /* A newer (stale) source record does not undo the target's word. */
  g_assert_true (ferry_migration_update_from_json (migration, source, FALSE));
  g_assert_cmpstr (ferry_migration_get_import_status (migration), ==, "imported");

  /* Deleted on the target: the source's state shows again. */
  ferry_migration_forget_record (migration, TRUE);
  g_assert_cmpstr (ferry_migration_get_import_status (migration), ==, "pending");
  g_assert_false (ferry_migration_get_has_undo_package (migration));
  g_assert_false (ferry_migration_get_has_target_record (migration));

  g_ptr_array_unref (notes.names);
}

/* ------------------------------------------------------------------------ */
/* FerryMigrationList without servers                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  guint calls;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->removed += removed;
  changes->added += added;
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
}

static void
test_list_merges_records (void)
{
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryConnection) source = ferry_connection_new ("http://127.0.0.1:1/MicroStrategyLibrary",
                                                            FERRY_LOGIN_MODE_STANDARD, "administrator", NULL);
  g_autoptr(FerryConnection) target = ferry_connection_new ("http://127.0.0.1:2/MicroStrategyLibrary",
                                                            FERRY_LOGIN_MODE_STANDARD, "administrator", NULL);
  g_autoptr(JsonObject) source_record = parse_object (source_sample);
  g_autoptr(JsonObject) target_record = parse_object (target_sample);
  g_autoptr(FerryMigration) item = NULL;
  Changes changes = { 0 };

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == FERRY_TYPE_MIGRATION);
  ferry_migration_list_add_connection (list, source);
  ferry_migration_list_add_connection (list, target);
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  ferry_migration_list_update_record (list, source, source_record);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  ferry_migration_list_update_record (list, target, target_record);
  /* One row per migration id, the target's import state on it. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  item = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_true (item == ferry_migration_list_lookup (list, SAMPLE_ID));
  g_assert_cmpstr (ferry_migration_get_import_status (item), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_package_status (item), ==, "created");
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (list), 1));

  /* Deleted on one side: the row stays; on both: it goes. */
  ferry_migration_list_forget_record (list, target, SAMPLE_ID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  g_assert_cmpstr (ferry_migration_get_import_status (item), ==, "pending");
  ferry_migration_list_remove_connection (list, source);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_null (ferry_migration_list_lookup (list, SAMPLE_ID));
}

/* Records fed in batches end in the same order as fed one by one (newest
 * first, then by id; some without a date), with one items-changed per batch
 * and no duplicate row when a batch repeats a migration already listed. */
static void
test_list_batches (void)
{
  g_autoptr(FerryMigrationList) one_by_one = ferry_migration_list_new ();
  g_autoptr(FerryMigrationList) batched = ferry_migration_list_new ();
  g_autoptr(FerryConnection) source = ferry_connection_new ("http://127.0.0.1:1/MicroStrategyLibrary",
                                                            FERRY_LOGIN_MODE_STANDARD, "administrator", NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  const guint n = 300;
  const guint batch = 37;
  Changes changes = { 0 };

  for (guint i = 0; i < n; i++)
    {
      JsonObject *record = parse_object (source_sample);
      JsonObject *package = json_object_get_object_member (record, "packageInfo");
      g_autofree char *id = g_strdup_printf ("%032X:%032u", g_rand_int (rand), i);

      json_object_set_string_member (record, "id", id);
      if (i % 10 == 3)
        json_object_remove_member (package, "creationDate");
      else
        {
          /* Many share a date: the id breaks the tie. */
          g_autofree char *date = g_strdup_printf ("2024-%02u-%02uT10:00:00.000+0000",
                                                   1 + g_rand_int_range (rand, 0, 12),
                                                   1 + g_rand_int_range (rand, 0, 5));

          json_object_set_string_member (package, "creationDate", date);
        }
      g_ptr_array_add (records, record);
    }

  ferry_migration_list_add_connection (one_by_one, source);
  ferry_migration_list_add_connection (batched, source);
  for (guint i = 0; i < n; i++)
    ferry_migration_list_update_record (one_by_one, source, g_ptr_array_index (records, i));

  g_signal_connect (batched, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  for (guint i = 0; i < n; i += batch)
    ferry_migration_list_update_records (batched, source, (JsonObject * const *) records->pdata + i,
                                         MIN (batch, n - i));
  g_assert_cmpuint (changes.calls, ==, (n + batch - 1) / batch);
  g_assert_cmpuint (changes.added - changes.removed, ==, n);

  /* Again, all at once: every migration is known, nothing is added. */
  ferry_migration_list_update_records (batched, source, (JsonObject * const *) records->pdata, n);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (batched)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (one_by_one)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) a = g_list_model_get_item (G_LIST_MODEL (one_by_one), i);
      g_autoptr(FerryMigration) b = g_list_model_get_item (G_LIST_MODEL (batched), i);

      g_assert_cmpstr (ferry_migration_get_id (a), ==, ferry_migration_get_id (b));
      g_assert_true (ferry_migration_list_lookup (batched, ferry_migration_get_id (b)) == b);
    }
}

/* ------------------------------------------------------------------------ */
/* Against sandboxes                                                          */
/* ------------------------------------------------------------------------ */

static void
test_list_all_pages (void)
{
  SbtOptions options = { 0 };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  FerrySandbox *sandbox;
  FerryConnection *connection;

  options.seed = "empty";
  options.shared_storage = sbt_make_tmp_dir ();
  options.seed_migrations = 1500;
  sandbox = sbt_sandbox_start (&options);
  g_free ((char *) options.shared_storage);
  connection = jtu_connect (sandbox, "administrator", "");

  records = jtu_list_migrations (connection, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1500);
  for (guint i = 0; i < records->len; i++)
    g_hash_table_add (ids, (gpointer) ferry_library_record_get_string (g_ptr_array_index (records, i), "id"));
  g_assert_cmpuint (g_hash_table_size (ids), ==, 1500);
  /* Two pages of at most 1000. */
  g_assert_cmpuint (ferry_sandbox_get_request_count (sandbox, "GET", "/api/migrations"), ==, 2);
}

static void
test_library_calls (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(JsonNode) content = sbt_json_parse ("[{\"id\": \"" JTU_YEAR_ID "\", \"name\": \"Year\","
                                                " \"type\": 12, \"action\": \"replace\","
                                                " \"includeDependents\": false}]");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *package_id = NULL;
  g_autofree char *contents = NULL;
  FerryMigrationSpec spec;
  const char *id;
  gsize length = 0;

  jtu_env_start (&env, 0, 0);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_OBJECT_MIGRATION, "Calls", settings, content);
  ferry_library_create_migration_async (env.dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  id = ferry_library_record_get_string (created, "id");
  g_assert_nonnull (id);
  g_assert_cmpstr (ferry_library_record_get_string (created, "packageInfo.status"), ==, "creating");

  /* The environment ids are the connections' (base URL + "/"). */
  record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (ferry_library_record_get_string (record, "packageInfo.environment.id"), "/"));
  g_assert_true (g_str_has_prefix (ferry_library_record_get_string (record, "packageInfo.environment.id"),
                                   ferry_sandbox_get_base_url (env.pair.dev)));
  g_assert_null (json_object_get_member (json_object_get_object_member (record, "packageInfo"), "tocView"));
  g_clear_pointer (&record, json_object_unref);

  record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_TOC_VIEW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_object_get_member (json_object_get_object_member (record, "packageInfo"), "tocView"));
  g_clear_pointer (&record, json_object_unref);

  /* Rename. */
  ferry_library_rename_migration_async (env.dev, id, "Renamed", NULL, jtu_result_cb, &result);
  record = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_pointer (&record, json_object_unref);
  record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "packageInfo.name"), ==, "Renamed");
  g_clear_pointer (&record, json_object_unref);

  /* Wait for created, then download the package. */
  for (;;)
    {
      record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "CREATED"))
        break;
      g_clear_pointer (&record, json_object_unref);
      jtu_spin (20);
    }
  g_clear_pointer (&record, json_object_unref);

  dir = sbt_make_tmp_dir ();
  path = g_build_filename (dir, "package.mmp", NULL);
  file = g_file_new_for_path (path);
  package_id = ferry_library_migration_package_id (id);
  ferry_library_download_migration_package_async (env.dev, package_id, file, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_library_finish (jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 11);
  g_assert_cmpmem (contents, 11, "\x01\x80" "FERRY-MMP", 11);

  /* A request the server refuses keeps its words and ticket. */
  ferry_library_set_import_request_async (env.dev, id, FERRY_REQUEST_STATUS_APPROVED, NULL,
                                          jtu_result_cb, &result);
  g_assert_null (ferry_library_finish_object (jtu_wait_result (&result), &error));
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_BAD_REQUEST);
  g_assert_cmpstr (ferry_api_error_get_server_code (error), ==, "ERR006");
  g_assert_true (sbt_is_hex32 (ferry_api_error_get_ticket_id (error)));
  g_assert_nonnull (strstr (error->message, "requested"));
  g_clear_error (&error);
  g_clear_object (&result);

  /* Request, then delete (twice: the second finds it gone). */
  ferry_library_set_import_request_async (env.dev, id, FERRY_REQUEST_STATUS_REQUESTED, NULL,
                                          jtu_result_cb, &result);
  record = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ferry_library_record_get_string (record, "importInfo.importRequestStatus"), ==, "requested");
  g_clear_object (&result);

  for (guint round = 0; round < 2; round++)
    {
      ferry_library_delete_migration_async (env.dev, package_id, NULL, jtu_result_cb, &result);
      g_assert_true (ferry_library_finish (jtu_wait_result (&result), &error));
      g_assert_no_error (error);
      g_clear_object (&result);
    }
  g_clear_pointer (&record, json_object_unref);
  record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
  g_assert_null (record);
  g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND);
}

/* The import sends the record with packageInfo.replicated set, on a copy:
 * the caller's record (the job keeps it to PUT again) stays the source's. */
static void
test_import_leaves_record (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) imported = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  FerryMigrationSpec spec;
  JsonObject *package;
  gboolean replicated = FALSE;

  jtu_env_start (&env, 0, 0);
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Import leaves record", settings, NULL);
  ferry_library_create_migration_async (env.dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  id = g_strdup (ferry_library_record_get_string (created, "id"));
  g_assert_nonnull (id);

  for (;;)
    {
      record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_DEFAULT, &error);
      g_assert_no_error (error);
      if (ferry_library_status_is (ferry_library_record_get_string (record, "packageInfo.status"), "created"))
        break;
      g_clear_pointer (&record, json_object_unref);
      jtu_spin (20);
    }
  g_clear_pointer (&record, json_object_unref);

  for (guint i = 0; i < 2; i++)
    {
      ferry_library_set_import_request_async (env.dev, id,
                                              i == 0 ? FERRY_REQUEST_STATUS_REQUESTED
                                                     : FERRY_REQUEST_STATUS_APPROVED,
                                              NULL, jtu_result_cb, &result);
      record = ferry_library_finish_object (jtu_wait_result (&result), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      g_clear_pointer (&record, json_object_unref);
    }

  record = jtu_get_migration (env.dev, id, FERRY_SHOW_CONTENT_ALL, &error);
  g_assert_no_error (error);
  ferry_library_import_migration_async (env.prod, record, NULL, TRUE, NULL, jtu_result_cb, &result);
  imported = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (imported);

  package = json_object_get_object_member (record, "packageInfo");
  g_assert_nonnull (package);
  g_assert_false (ferry_json_get_boolean (package, "replicated", &replicated) && replicated);
}

static void
test_list_one_row_per_migration (void)
{
  JtuEnv env = { 0 };
  g_autoptr(JsonNode) settings = jtu_spec_merge_settings ();
  g_autoptr(FerryMigrationList) list = ferry_migration_list_new ();
  g_autoptr(FerryJob) job = NULL;
  g_autoptr(FerryJob) pending = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dev_records = NULL;
  g_autoptr(GPtrArray) prod_records = NULL;
  g_autoptr(JsonObject) created = NULL;
  FerryMigration *item;
  FerryMigration *same;
  FerryMigrationSpec spec;
  const char *pending_id;
  Changes changes = { 0 };

  jtu_env_start (&env, 0, 0);
  ferry_migration_list_add_connection (list, env.dev);
  ferry_migration_list_add_connection (list, env.prod);

  /* Fed by the job's reads alone, the list already shows the migration
   * as the servers have it. */
  spec = jtu_spec (&env, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE, "Listed", settings, NULL);
  job = ferry_migration_job_new (env.dev, env.prod, &spec);
  g_signal_connect_swapped (job, "record-received", G_CALLBACK (ferry_migration_list_update_record), list);
  g_assert_true (jtu_run_job (job, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  item = ferry_migration_list_lookup (list, ferry_job_get_migration_id (job));
  g_assert_nonnull (item);
  g_assert_true (ferry_migration_get_has_source_record (item));
  g_assert_true (ferry_migration_get_has_target_record (item));
  g_assert_cmpstr (ferry_migration_get_import_status (item), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_name (item), ==, "Listed");

  /* A second migration, only created on the source. */
  spec.name = "Only on the source";
  ferry_library_create_migration_async (env.dev, &spec, NULL, jtu_result_cb, &result);
  created = ferry_library_finish_object (jtu_wait_result (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  pending_id = ferry_library_record_get_string (created, "id");

  /* Both servers keep a record of the merge. */
  dev_records = jtu_list_migrations (env.dev, &error);
  g_assert_no_error (error);
  prod_records = jtu_list_migrations (env.prod, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dev_records->len, ==, 2);
  g_assert_cmpuint (prod_records->len, ==, 1);
  g_assert_cmpstr (ferry_library_record_get_string (g_ptr_array_index (prod_records, 0), "id"), ==,
                   ferry_job_get_migration_id (job));

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), &changes);
  ferry_migration_list_refresh_async (list, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_migration_list_refresh_finish (list, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* One row per migration id, the same object as before the refresh. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_true (ferry_migration_list_lookup (list, ferry_job_get_migration_id (job)) == item);
  g_assert_true (ferry_migration_get_has_source_record (item));
  g_assert_true (ferry_migration_get_has_target_record (item));
  /* The source still says "pending" for the import; the target's word wins. */
  g_assert_cmpstr (ferry_library_record_get_string (g_ptr_array_index (dev_records, 0), "importInfo.status") ,
                   !=, "imported");
  g_assert_cmpstr (ferry_migration_get_import_status (item), ==, "imported");
  g_assert_cmpstr (ferry_migration_get_package_status (item), ==, "locked");
  g_assert_true (ferry_migration_get_has_undo_package (item));
  g_assert_cmpstr (ferry_migration_get_source_environment_name (item), ==, "Development");
  g_assert_cmpstr (ferry_migration_get_target_environment_name (item), ==, "Production");

  /* Newest first. */
  same = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (ferry_migration_get_id (same), ==, pending_id);
  g_object_unref (same);

  /* A refresh keeps the same objects and adds no rows. */
  changes.added = 0;
  ferry_migration_list_refresh_async (list, NULL, jtu_result_cb, &result);
  g_assert_true (ferry_migration_list_refresh_finish (list, jtu_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (ferry_migration_list_lookup (list, ferry_job_get_migration_id (job)) == item);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  /* Undo on the target shows up on the same row, by notification. */
  {
    Notes notes = { g_ptr_array_new_with_free_func (g_free) };
    gulong handler = g_signal_connect (item, "notify", G_CALLBACK (notify_cb), &notes);

    pending = ferry_undo_job_new (env.prod, ferry_job_get_migration_id (job), NULL);
    g_assert_true (jtu_run_job (pending, &error));
    g_assert_no_error (error);
    ferry_migration_list_refresh_async (list, NULL, jtu_result_cb, &result);
    g_assert_true (ferry_migration_list_refresh_finish (list, jtu_wait_result (&result), &error));
    g_assert_no_error (error);
    g_assert_true (noted (&notes, "import-status"));
    g_assert_cmpstr (ferry_migration_get_import_status (item), ==, "undo_success");
    g_signal_handler_disconnect (item, handler);
    g_ptr_array_unref (notes.names);
  }
}

/* Dates are read as GLib reads them (the migration reads the servers' UTC
 * dates itself, faster): the same instant, offset and microseconds, or
 * none when GLib finds none, for every form below. */
static void
test_migration_dates_as_glib_reads_them (void)
{
  static const char *const fractions[] = { "", ".0", ".5", ".12", ".123", ".1234", ".999999",
                                           ".1234567", ".123456789", ".1234567891", ",250", "." };
  static const char *const zones[] = { "Z", "+0000", "+00:00", "+00", "-00:00", "-0000", "z",
                                       "+01:00", "-0530", "+00:", "+000", "", " ", "+00:00x" };
  static const char *const days[] = { "2026-12-07T18:57:03", "2024-02-29T23:59:59", "2023-02-29T10:00:00",
                                      "2026-13-01T00:00:00", "2026-12-07T24:00:00", "2026-12-07T18:60:00",
                                      "2026-12-07T18:57:60", "0001-01-01T00:00:00", "9999-12-31T23:59:59",
                                      "2026-12-07 18:57:03", "2026-12-7T18:57:03", "20261207T185703",
                                      "2026-12-07T18:57" };
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  guint checked = 0, dated = 0;

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    for (guint f = 0; f < G_N_ELEMENTS (fractions); f++)
      for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
        {
          g_autofree char *text = g_strconcat (days[d], fractions[f], zones[z], NULL);
          g_autoptr(GDateTime) expected = g_date_time_new_from_iso8601 (text, utc);
          g_autoptr(JsonObject) record = json_object_new ();
          JsonObject *package = json_object_new ();
          g_autoptr(FerryMigration) migration = NULL;
          GDateTime *read;

          json_object_set_string_member (record, "id", "A:B");
          json_object_set_string_member (package, "creationDate", text);
          json_object_set_object_member (record, "packageInfo", package);
          migration = ferry_migration_new_from_json (record, FALSE);
          read = ferry_migration_get_package_creation_date (migration);
          checked++;
          if (expected == NULL)
            {
              if (read != NULL)
                g_error ("“%s”: GLib reads no date, the migration does", text);
              continue;
            }
          dated++;
          if (read == NULL)
            g_error ("“%s”: GLib reads a date, the migration none", text);
          if (!g_date_time_equal (read, expected) ||
              g_date_time_get_utc_offset (read) != g_date_time_get_utc_offset (expected) ||
              g_date_time_get_microsecond (read) != g_date_time_get_microsecond (expected))
            {
              g_autofree char *a = g_date_time_format (read, "%FT%T.%f%z");
              g_autofree char *b = g_date_time_format (expected, "%FT%T.%f%z");

              g_error ("“%s”: the migration reads %s, GLib %s", text, a, b);
            }
        }
  /* Both kinds were met. */
  g_assert_cmpuint (dated, >, 100);
  g_assert_cmpuint (checked - dated, >, 100);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  g_test_add_func ("/migration/from-record", test_migration_from_record);
  g_test_add_func ("/migration/borrowed-values-outlive-record", test_migration_borrowed_values_outlive_record);
  g_test_add_func ("/migration/notifies-changes-only", test_migration_notifies_changes_only);
  g_test_add_func ("/migration/target-wins", test_migration_target_wins);
  g_test_add_func ("/migration/validation-certification", test_migration_validation_certification);
  g_test_add_func ("/migration/dup-record-is-a-copy", test_migration_dup_record_is_a_copy);
  g_test_add_func ("/migration/dates-as-glib-reads-them", test_migration_dates_as_glib_reads_them);
  g_test_add_func ("/migration-list/merges-records", test_list_merges_records);
  g_test_add_func ("/migration-list/batches", test_list_batches);
  g_test_add_func ("/library/list-all-pages", test_list_all_pages);
  g_test_add_func ("/library/calls", test_library_calls);
  g_test_add_func ("/library/import-leaves-record", test_import_leaves_record);
  g_test_add_func ("/migration-list/one-row-per-migration", test_list_one_row_per_migration);

  return g_test_run ();
}
