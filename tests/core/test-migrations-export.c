/* test-migrations-export.c: the migrations list as CSV and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ferry-migrations-export without a display: records made into
 * FerryMigrations, exported, and read back.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ferry-migrations-export.h"

static FerryMigration *
migration_from (const char *json,
                gboolean    from_target)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  return ferry_migration_new_from_json (json_node_get_object (json_parser_get_root (parser)), from_target);
}

static const char *full_record =
  "{\"id\": \"AAAA:BBBB\","
  " \"packageInfo\": {\"id\": \"AAAA\", \"replicated\": false, \"type\": \"project\","
  "   \"purpose\": \"project_merge\", \"name\": \"Merge, \\\"quoted\\\"\\nand two lines\","
  "   \"creator\": {\"id\": \"U1\", \"name\": \"Administrator\"},"
  "   \"creationDate\": \"2026-11-22T00:24:42.125+0000\", \"lastUpdatedDate\": \"2026-11-22T00:25:04.000+0000\","
  "   \"environment\": {\"id\": \"http://Dev.Example.com:8080/MicroStrategyLibrary/\", \"name\": \"http://dev.example.com:8080/MicroStrategyLibrary/\"},"
  "   \"storage\": {\"size\": 1234, \"path\": \"mstr/shared/x.mmp\"},"
  "   \"project\": {\"id\": \"P1\", \"name\": \"MicroStrategy Tutorial\"},"
  "   \"status\": \"LOCKED\", \"message\": \"\", \"progress\": 100},"
  " \"importInfo\": {\"id\": \"BBBB\", \"creationDate\": \"2026-11-22T00:30:00.000+0000\","
  "   \"lastUpdatedDate\": \"2026-11-23T11:25:04.500+0000\","
  "   \"environment\": {\"id\": \"http://prod.example.com/MicroStrategyLibrary/\", \"name\": \"Production\"},"
  "   \"status\": \"import_failed\", \"importRequestStatus\": \"approved\", \"undoRequestStatus\": \"pending\","
  "   \"progress\": 100, \"message\": \"=HYPERLINK(\\\"x\\\")\", \"undoStorage\": {},"
  "   \"project\": {\"id\": \"P1\", \"name\": \"MicroStrategy Tutorial\"}},"
  " \"version\": \"2\"}";

static const char *short_record =
  "{\"id\": \"CCCC:DDDD\", \"packageInfo\": {\"id\": \"CCCC\", \"status\": \"creating\", \"progress\": 10},"
  " \"importInfo\": {\"id\": \"DDDD\", \"status\": \"pending\", \"importRequestStatus\": \"pending\","
  "   \"undoRequestStatus\": \"pending\", \"progress\": 0}}";

static GListStore *
two_migrations (void)
{
  GListStore *store = g_list_store_new (FERRY_TYPE_MIGRATION);
  g_autoptr(FerryMigration) full = migration_from (full_record, FALSE);
  g_autoptr(FerryMigration) partial = migration_from (short_record, FALSE);

  g_list_store_append (store, full);
  g_list_store_append (store, partial);
  return store;
}

static GHashTable *
names (void)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_insert (table, ferry_migrations_environment_key ("http://dev.example.com:8080/MicroStrategyLibrary"),
                       g_strdup ("Development"));
  return table;
}

/* RFC 4180 back into rows of fields; a line break outside quotes must be
 * CRLF. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (quoted)
        {
          if (*p == '"' && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (*p == '"')
            quoted = FALSE;
          else
            g_string_append_c (field, *p);
        }
      else if (*p == '"')
        quoted = TRUE;
      else if (*p == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
        }
      else if (*p == '\r' && p[1] == '\n')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          g_ptr_array_add (rows, row);
          row = g_ptr_array_new_with_free_func (g_free);
          p++;
        }
      else
        {
          g_assert_true (*p != '\r' && *p != '\n');
          g_string_append_c (field, *p);
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (row->len, ==, 0);
  g_assert_cmpuint (field->len, ==, 0);
  g_ptr_array_unref (row);
  g_string_free (field, TRUE);
  return rows;
}

static guint
field_index (const char *name)
{
  const char * const *fields = ferry_migrations_export_get_fields ();

  for (guint i = 0; fields[i] != NULL; i++)
    if (g_str_equal (fields[i], name))
      return i;
  g_assert_not_reached ();
}

static void
test_environment_names (void)
{
  g_autoptr(GHashTable) table = names ();
  g_autofree char *key1 = ferry_migrations_environment_key ("http://DEV.example.com:8080/MicroStrategyLibrary/");
  g_autofree char *key2 = ferry_migrations_environment_key ("http://dev.example.com:8080/MicroStrategyLibrary/api");
  g_autofree char *none = ferry_migrations_environment_key ("not a url");
  g_autofree char *saved = ferry_migrations_environment_name (table, "http://dev.example.com:8080/MicroStrategyLibrary/", "whatever");
  g_autofree char *recorded = ferry_migrations_environment_name (table, "http://prod.example.com/MicroStrategyLibrary/", "Production");
  g_autofree char *host = ferry_migrations_environment_name (table, "http://prod.example.com/MicroStrategyLibrary/",
                                                             "http://prod.example.com/MicroStrategyLibrary/");
  g_autofree char *host2 = ferry_migrations_environment_name (NULL, "http://prod.example.com/MicroStrategyLibrary/", NULL);
  g_autofree char *placeholder = ferry_migrations_environment_name (NULL, "source-env", NULL);
  g_autofree char *nothing = ferry_migrations_environment_name (NULL, NULL, NULL);

  g_assert_nonnull (key1);
  g_assert_cmpstr (key1, ==, key2);
  g_assert_null (none);
  g_assert_cmpstr (saved, ==, "Development");
  g_assert_cmpstr (recorded, ==, "Production");
  g_assert_cmpstr (host, ==, "prod.example.com");
  g_assert_cmpstr (host2, ==, "prod.example.com");
  g_assert_cmpstr (placeholder, ==, "source-env");
  g_assert_null (nothing);
}

static void
test_csv (void)
{
  g_autoptr(GListStore) store = two_migrations ();
  g_autoptr(GHashTable) table = names ();
  g_autoptr(GBytes) bytes = ferry_migrations_export_to_bytes (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_CSV, table);
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(GPtrArray) rows = parse_csv (text);
  const char * const *fields = ferry_migrations_export_get_fields ();
  GPtrArray *header;
  GPtrArray *first;
  GPtrArray *second;

  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_true (g_str_has_prefix (text, "id,name,purpose,package_type,source_environment,"));
  g_assert_true (g_str_has_suffix (text, "\r\n"));
  g_assert_cmpuint (rows->len, ==, 3);

  header = g_ptr_array_index (rows, 0);
  g_assert_cmpuint (header->len, ==, g_strv_length ((char **) fields));
  for (guint i = 0; fields[i] != NULL; i++)
    g_assert_cmpstr (g_ptr_array_index (header, i), ==, fields[i]);

  first = g_ptr_array_index (rows, 1);
  g_assert_cmpuint (first->len, ==, header->len);
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("id")), ==, "AAAA:BBBB");
  /* Commas, quotes and line breaks survive the quoting. */
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("name")), ==, "Merge, \"quoted\"\nand two lines");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("purpose")), ==, "project_merge");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("source_environment")), ==, "Development");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("target_environment")), ==, "Production");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("source_project")), ==, "MicroStrategy Tutorial");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("package_status")), ==, "locked");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("import_status")), ==, "import_failed");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("creator")), ==, "Administrator");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("created")), ==, "2026-11-22T00:24:42.125Z");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("last_updated")), ==, "2026-11-23T11:25:04.500Z");
  /* A formula is never a formula in a spreadsheet. */
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("import_message")), ==, "'=HYPERLINK(\"x\")");
  g_assert_cmpstr (g_ptr_array_index (first, field_index ("package_message")), ==, "");

  second = g_ptr_array_index (rows, 2);
  g_assert_cmpuint (second->len, ==, header->len);
  g_assert_cmpstr (g_ptr_array_index (second, field_index ("id")), ==, "CCCC:DDDD");
  g_assert_cmpstr (g_ptr_array_index (second, field_index ("name")), ==, "");
  g_assert_cmpstr (g_ptr_array_index (second, field_index ("package_status")), ==, "creating");
  g_assert_cmpstr (g_ptr_array_index (second, field_index ("created")), ==, "");
}

static void
test_json (void)
{
  g_autoptr(GListStore) store = two_migrations ();
  g_autoptr(GHashTable) table = names ();
  g_autoptr(GBytes) bytes = ferry_migrations_export_to_bytes (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_JSON, table);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char * const *fields = ferry_migrations_export_get_fields ();
  JsonArray *array;
  JsonObject *first;
  JsonObject *second;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, 2);

  first = json_array_get_object_element (array, 0);
  second = json_array_get_object_element (array, 1);
  g_assert_cmpuint (json_object_get_size (first), ==, g_strv_length ((char **) fields));
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_assert_true (json_object_has_member (first, fields[i]));
      g_assert_true (json_object_has_member (second, fields[i]));
    }
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "Merge, \"quoted\"\nand two lines");
  g_assert_cmpstr (json_object_get_string_member (first, "source_environment"), ==, "Development");
  /* JSON keeps the text as it is (no spreadsheet guard). */
  g_assert_cmpstr (json_object_get_string_member (first, "import_message"), ==, "=HYPERLINK(\"x\")");
  g_assert_cmpstr (json_object_get_string_member (first, "created"), ==, "2026-11-22T00:24:42.125Z");
  g_assert_true (json_object_get_null_member (second, "name"));
  g_assert_true (json_object_get_null_member (second, "created"));
  g_assert_cmpstr (json_object_get_string_member (second, "import_request_status"), ==, "pending");
}

static void
test_empty (void)
{
  g_autoptr(GListStore) store = g_list_store_new (FERRY_TYPE_MIGRATION);
  g_autoptr(GBytes) csv = ferry_migrations_export_to_bytes (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_CSV, NULL);
  g_autoptr(GBytes) json = ferry_migrations_export_to_bytes (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_JSON, NULL);
  g_autofree char *csv_text = g_strndup (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv));
  g_autofree char *json_text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_autofree char *stripped = g_strstrip (g_strdup (json_text));

  /* The header alone; an empty array. */
  g_assert_cmpuint (strlen (csv_text), >, 0);
  g_assert_nonnull (strstr (csv_text, "\r\n"));
  g_assert_cmpstr (strstr (csv_text, "\r\n") + 2, ==, "");
  g_assert_cmpstr (stripped, ==, "[]");
}

static void
test_stream (void)
{
  g_autoptr(GListStore) store = two_migrations ();
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) expected = ferry_migrations_export_to_bytes (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_CSV, NULL);
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ferry_migrations_export_to_stream (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_CSV, NULL,
                                                    memory, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_output_stream_close (memory, NULL, &error));
  written = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_true (g_bytes_equal (written, expected));
}

static void
file_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
test_file_count (void)
{
  g_autoptr(GListStore) store = two_migrations ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-export-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "migrations.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *contents = NULL;

  ferry_migrations_export_to_file_async (G_LIST_MODEL (store), FERRY_EXPORT_FORMAT_CSV, NULL, file, NULL,
                                         file_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (ferry_migrations_export_to_file_finish (result, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "id,name,"));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migrations-export/environment-names", test_environment_names);
  g_test_add_func ("/migrations-export/csv", test_csv);
  g_test_add_func ("/migrations-export/json", test_json);
  g_test_add_func ("/migrations-export/empty", test_empty);
  g_test_add_func ("/migrations-export/stream", test_stream);
  g_test_add_func ("/migrations-export/file", test_file_count);

  return g_test_run ();
}
