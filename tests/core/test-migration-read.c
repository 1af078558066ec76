/* test-migration-read.c: the listing's simdjson reader against json-glib's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every property of every migration made by ferry-migration-read (simdjson,
 * the record's values read once, its text kept) must be what
 * ferry_migration_new_from_json() makes of the json-glib tree of the same
 * record, and the record it gives back (ferry_migration_dup_record()) must
 * equal that tree: on every page of a sandbox with 3000 seeded migrations
 * and on a page written to be awkward (members repeated, of other types,
 * null, NULs in strings, numbers past 64 bits). Malformed pages give the
 * json-glib path's error domain and code.
 */

#include "config.h"

#include <string.h>

#include "ferry-core.h"
#include "ferry-json.h"
#include "ferry-migration-read.h"
#include "ferry-test-util.h"

#define PURPOSES "object_migration,project_merge,migration_from_shared_file_store"

/* Every property of MIGRATION, one line each. */
static char *
dump (FerryMigration *migration)
{
  GString *s = g_string_new (NULL);
  guint n;
  g_autofree GParamSpec **specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (migration), &n);

  for (guint i = 0; i < n; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;
      g_autofree char *text = NULL;

      g_value_init (&value, specs[i]->value_type);
      g_object_get_property (G_OBJECT (migration), specs[i]->name, &value);
      if (G_VALUE_HOLDS (&value, G_TYPE_DATE_TIME))
        text = g_value_get_boxed (&value) != NULL ? g_date_time_format_iso8601 (g_value_get_boxed (&value))
                                                  : g_strdup ("(null)");
      else if (G_VALUE_HOLDS_DOUBLE (&value))
        text = g_strdup_printf ("%.17g", g_value_get_double (&value));
      else
        text = g_strdup_value_contents (&value);
      g_string_append_printf (s, "%s=%s\n", specs[i]->name, text);
    }
  return g_string_free (s, FALSE);
}

/* The json-glib path: the records of a page as ferry-pager.c reads it. */
static GPtrArray *
read_json_glib (const char  *data,
                gsize        len,
                gint64      *total,
                GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *items;

  node = ferry_json_parse (data, (gssize) len, &parse_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                           parse_error != NULL ? parse_error->message : "not an object");
      g_ptr_array_unref (records);
      return NULL;
    }
  if (!ferry_json_get_int (json_node_get_object (node), "total", total))
    *total = -1;
  items = ferry_json_get_array (json_node_get_object (node), "data");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        g_ptr_array_add (records, json_object_ref (json_node_get_object (element)));
    }
  return records;
}

static void
_object_unref_nullable (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

/* ferry_migration_page_read() of a copy of DATA that is scribbled over and
 * freed before the page is looked at. */
static FerryMigrationPage *
page_read (const char  *data,
           gsize        len,
           GError     **error)
{
  g_autofree char *copy = g_memdup2 (data, len);
  FerryMigrationPage *page = ferry_migration_page_read (copy, len, 200, error);

  if (copy != NULL)
    memset (copy, '#', len);
  return page;
}

/* Both readers give the same records and migrations of DATA; returns how
 * many records. BY_JSON_GLIB: whether simdjson should refuse the page and
 * json-glib read it instead. */
static guint
assert_same_read (const char *data,
                  gsize       len,
                  gboolean    by_json_glib)
{
  g_autoptr(GError) error = NULL;
  gint64 total = -2;
  g_autoptr(GPtrArray) expected = read_json_glib (data, len, &total, &error);
  g_autoptr(FerryMigrationPage) page = NULL;
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_migration_record_unref);
  g_autoptr(GPtrArray) migrations = g_ptr_array_new_with_free_func (_object_unref_nullable);

  g_assert_no_error (error);
  page = page_read (data, len, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_migration_page_get_by_json_glib (page), ==, by_json_glib);
  g_assert_cmpint (ferry_migration_page_get_total (page), ==, total);
  g_assert_cmpuint (ferry_migration_page_get_n_records (page), ==, expected->len);
  /* The records and migrations outlive their page (and its data): the
   * monitor keeps them, the page goes. */
  for (guint i = 0; i < expected->len; i++)
    {
      g_ptr_array_add (records, ferry_migration_record_ref (ferry_migration_page_get_record (page, i)));
      g_ptr_array_add (migrations, ferry_migration_page_steal_migration (page, i));
    }
  g_clear_pointer (&page, ferry_migration_page_free);
  for (guint i = 0; i < expected->len; i++)
    {
      JsonObject *object = g_ptr_array_index (expected, i);
      FerryMigrationRecord *record = g_ptr_array_index (records, i);
      gboolean target = ferry_migration_record_is_target (object);
      g_autoptr(FerryMigration) want = ferry_migration_new_from_json (object, target);
      g_autoptr(FerryMigration) got = g_steal_pointer (&g_ptr_array_index (migrations, i));
      g_autoptr(FerryMigrationRecord) wrapped = ferry_migration_record_new (object);

      g_assert_cmpstr (ferry_migration_record_get_id (record), ==, ferry_json_get_string (object, "id"));
      g_assert_cmpint (ferry_migration_record_get_is_target (record), ==, target);
      g_assert_true (ferry_migration_record_equal (record, wrapped));
      g_assert_true (json_object_equal (ferry_migration_record_get_object (record), object));
      g_assert_true ((want == NULL) == (got == NULL));
      if (want != NULL)
        {
          g_autofree char *a = dump (want);
          g_autofree char *b = dump (got);
          g_autoptr(JsonObject) back = ferry_migration_dup_record (got, target);

          g_assert_cmpstr (b, ==, a);
          g_assert_true (json_object_equal (back, object));
        }
    }
  return expected->len;
}

static guint
assert_same (const char *data,
             gsize       len)
{
  return assert_same_read (data, len, FALSE);
}

/* Every page of a sandbox with 3000 seeded migrations, 700 a page. */
static void
test_seeded (void)
{
  FerrySandbox *sandbox = ftu_sandbox_start (&(FtuSandboxOptions) { .seed = "tutorial-dev",
                                                                     .shared_storage = TRUE,
                                                                     .seed_migrations = 3000 });
  g_autoptr(FerryConnection) connection = ftu_connection_new (ferry_sandbox_get_base_url (sandbox),
                                                              FERRY_LOGIN_MODE_STANDARD, "administrator");
  g_autoptr(GError) error = NULL;
  guint n = 0;
  gint64 total = -1;

  g_assert_true (ftu_connection_connect (connection, "", &error));
  g_assert_no_error (error);
  for (gint64 offset = 0; total < 0 || offset < total; offset += 700)
    {
      g_autofree char *path = g_strdup_printf ("/api/migrations?packageInfo.purpose=%s&offset=%" G_GINT64_FORMAT
                                               "&limit=700", PURPOSES, offset);
      g_autoptr(GAsyncResult) res = NULL;
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonNode) node = NULL;
      gsize len;
      const char *data;

      ferry_connection_call_async (connection, "GET", path, NULL, NULL, FERRY_REQUEST_JSON_BYTES, NULL,
                                   ftu_store_result_cb, &res);
      body = ferry_connection_call_finish_bytes_full (connection, ftu_wait_for (&res), NULL, NULL, &error);
      g_assert_no_error (error);
      data = g_bytes_get_data (body, &len);
      n += assert_same (data, len);
      node = ferry_json_parse (data, (gssize) len, &error);
      g_assert_no_error (error);
      g_assert_true (ferry_json_get_int (json_node_get_object (node), "total", &total));
    }
  g_assert_cmpint (total, >=, 3000);
  g_assert_cmpuint (n, ==, total);
  ftu_connection_disconnect (connection);
}

#define ID "\"id\":\"0123456789ABCDEF0123456789ABCDEF:FEDCBA9876543210FEDCBA9876543210\""

/* Members repeated (the last counts), of other types, null; strings with
 * escapes and NULs; numbers as strings, doubles, past 64 bits; elements
 * that are not objects; "data" and "total" repeated. */
static void
test_awkward (void)
{
  const char *page =
    "{\"total\":\"12\",\"data\":[1,2],\"data\":["
    "{" ID ",\"packageInfo\":{\"name\":\"first\",\"name\":\"A \\u00e9\\u0000 cut\",\"replicated\":\"TRUE\","
    "  \"progress\":\"42.5\",\"status\":\"CREATING\",\"storage\":{\"size\":1e3,\"path\":null},"
    "  \"creationDate\":\"2026-12-07T11:14:02.992+0000\",\"certification\":{\"status\":\"Certified\","
    "  \"operator\":{\"name\":7},\"lastUpdatedDate\":\"not a date\"}},"
    "  \"importInfo\":{\"status\":null,\"progress\":9223372036854775808,\"undoStorage\":{\"size\":-5,"
    "  \"path\":\"p\"},\"environment\":[\"x\"],\"project\":{\"id\":true}},\"version\":2},"
    "null,\"text\",[],"
    "{\"id\":\"no-sections\",\"packageInfo\":null,\"importInfo\":{},\"validation\":{\"status\":\"Validated\","
    "  \"progress\":100,\"progress\":\"x\",\"message\":\"\\\"quoted\\\"\\n\"}},"
    "{\"packageInfo\":{\"name\":\"no id\"}},"
    "{\"id\":12,\"packageInfo\":{\"replicated\":true}},"
    "{\"id\":\"\"}"
    "],\"total\":7.9}";

  g_autofree char *huge = NULL;

  g_assert_cmpuint (assert_same (page, strlen (page)), ==, 5);
  /* Past 64 bits: simdjson 3.0 refuses the number, json-glib reads a
   * double; the page is read all the same. */
  huge = g_strdup_printf ("{\"total\":1,\"data\":[{" ID ",\"importInfo\":{\"progress\":%s}}]}",
                          "18446744073709551616");
  g_assert_cmpuint (assert_same_read (huge, strlen (huge), TRUE), ==, 1);
}

static void
test_malformed (void)
{
  const char *pages[] = {
    "",
    "{\"total\":1,\"data\":[{\"id\":\"x\"}]",          /* truncated */
    "{\"total\":1,\"data\":[{\"id\":\"\xff\"}]}",      /* not UTF-8 */
    "[{\"id\":\"x\"}]",                                 /* not an object */
    "\"text\"",
    "<html><body>Bad gateway</body></html>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) expected = NULL;
      g_autoptr(GError) error = NULL;
      gint64 total;
      g_autoptr(GPtrArray) records = read_json_glib (pages[i], strlen (pages[i]), &total, &expected);
      g_autoptr(FerryMigrationPage) page = page_read (pages[i], strlen (pages[i]), &error);

      g_test_message ("page %u", i);
      g_assert_null (records);
      g_assert_null (page);
      g_assert_error (expected, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
      g_assert_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE);
    }
}

/* Around the depth limit: refused where json-glib's path refuses, read the
 * same where it reads. */
static void
test_depth (void)
{
  for (guint depth = FERRY_JSON_MAX_DEPTH - 2; depth <= FERRY_JSON_MAX_DEPTH + 1; depth++)
    {
      GString *s = g_string_new ("{\"data\":[{\"id\":\"x\",\"a\":");
      g_autoptr(GError) expected = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) records = NULL;
      g_autoptr(FerryMigrationPage) page = NULL;
      gint64 total;

      /* The page, the array, the record: three levels already. */
      for (guint i = 3; i < depth; i++)
        g_string_append_c (s, '[');
      for (guint i = 3; i < depth; i++)
        g_string_append_c (s, ']');
      g_string_append (s, "}]}");
      records = read_json_glib (s->str, s->len, &total, &expected);
      page = page_read (s->str, s->len, &error);
      g_test_message ("depth %u", depth);
      g_assert_true ((records == NULL) == (page == NULL));
      if (expected != NULL)
        g_assert_error (error, expected->domain, expected->code);
      else
        g_assert_cmpuint (assert_same (s->str, s->len), ==, 1);
      g_string_free (s, TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/migration-read/seeded", test_seeded);
  g_test_add_func ("/migration-read/awkward", test_awkward);
  g_test_add_func ("/migration-read/malformed", test_malformed);
  g_test_add_func ("/migration-read/depth", test_depth);

  return g_test_run ();
}
