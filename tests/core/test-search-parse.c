/* test-search-parse.c: the inventory's simdjson reader against json-glib's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every field of every object read by ferry-search-parse (simdjson) must be
 * what the json-glib path (ferry_json_parse() +
 * ferry_inventory_builder_add_json_array()) reads from the same page: on the
 * committed search fixture, on every page of the sandbox seeds
 * tutorial-dev and tutorial-prod, and of generated:10000 (with and without
 * ancestors). The loader (paged, several pages in flight, parsed in
 * threads) gives the same inventory as the json-glib listing. Malformed
 * pages give the same error domain and code (and, for items, the same
 * message).
 */

#include "config.h"

#include <string.h>

#include "ferry-core.h"
#include "ferry-discovery-private.h"
#include "ferry-json.h"
#include "ferry-search-parse.h"
#include "ferry-test-util.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* Every field of every item, one line each. */
static char *
dump (FerryInventory *inventory)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < ferry_inventory_get_n_items (inventory); i++)
    {
      const FerryInventoryItem *it = ferry_inventory_get_item (inventory, i);

      g_string_append_printf (s, "%s|%s|%s|%s|%s|%s|%" G_GINT64_FORMAT "|%d|%d\n",
                              it->id, it->name, it->version, it->parent_id ? it->parent_id : "(null)",
                              it->path ? it->path : "(null)", it->owner ? it->owner : "(null)",
                              it->modified_ms, it->type, it->subtype);
    }
  return g_string_free (s, FALSE);
}

/* The json-glib path, with the errors the connection and the listing give. */
static FerryInventory *
read_json_glib (const char  *data,
                gsize        len,
                GError     **error)
{
  g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;
  JsonArray *items = NULL;

  node = len > 0 ? ferry_json_parse (data, (gssize) len, &parse_error) : NULL;
  if (parse_error != NULL)
    {
      g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE, parse_error->message);
      return NULL;
    }
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    items = json_node_get_array (node);
  else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *members[] = { "result", "data", "objects" };

      JsonObject *object = json_node_get_object (node);
      gint64 total = -1;

      for (guint i = 0; i < G_N_ELEMENTS (members) && items == NULL; i++)
        items = ferry_json_get_array (object, members[i]);
      if (!ferry_json_get_int (object, "totalItems", &total))
        ferry_json_get_int (object, "total", &total);
      /* A search that found nothing may leave out the array. */
      if (items == NULL && total == 0)
        return ferry_inventory_builder_end (builder);
    }
  if (items == NULL)
    {
      g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE, "no list");
      return NULL;
    }
  if (!ferry_inventory_builder_add_json_array (builder, items, error))
    return NULL;
  return ferry_inventory_builder_end (builder);
}

static FerryInventory *
read_simdjson (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();
  g_autoptr(FerrySearchPage) page = ferry_search_page_parse (data, len, 200, error);

  if (page == NULL)
    return NULL;
  if (!ferry_inventory_builder_add_search_items (builder, ferry_search_page_get_items (page),
                                                 ferry_search_page_get_n_items (page), error))
    return NULL;
  return ferry_inventory_builder_end (builder);
}

/* Both readers give the same inventory (every field) of DATA. */
static void
assert_same (const char *data,
             gsize       len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) expected = read_json_glib (data, len, &error);
  g_autoptr(FerryInventory) got = NULL;
  g_autofree char *a = NULL, *b = NULL;

  g_assert_no_error (error);
  got = read_simdjson (data, len, &error);
  g_assert_no_error (error);
  a = dump (expected);
  b = dump (got);
  g_assert_cmpuint (ferry_inventory_get_n_items (got), ==, ferry_inventory_get_n_items (expected));
  g_assert_cmpstr (b, ==, a);
}

static void
test_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "client-objects", "search.json",
                                                 NULL);
  g_autofree char *data = NULL;
  gsize len;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerrySearchPage) page = NULL;

  g_assert_true (g_file_get_contents (path, &data, &len, &error));
  g_assert_no_error (error);
  assert_same (data, len);
  page = ferry_search_page_parse (data, len, 200, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ferry_search_page_get_total (page), ==, 22);
  g_assert_cmpuint (ferry_search_page_get_n_items (page), ==, 3);   /* a page of the 22 */
}

/* Every page of SEED's Tutorial project, compared; and the loader's
 * inventory (pages of PAGE_SIZE in flight, parsed in threads) against the
 * json-glib pages joined. */
static void
compare_seed (const char *seed,
              guint       page_size)
{
  FerrySandbox *sandbox = ftu_sandbox_start (&(FtuSandboxOptions) { .seed = seed });
  g_autoptr(FerryConnection) connection = ftu_connection_new (ferry_sandbox_get_base_url (sandbox),
                                                              FERRY_LOGIN_MODE_STANDARD, "administrator");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventoryBuilder) joined = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) expected = NULL;
  g_autoptr(FerryInventory) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *a = NULL, *b = NULL;
  const char *queries[] = { "getAncestors=true&", "" };
  guint pages = 0;

  g_assert_true (ftu_connection_connect (connection, "", &error));
  g_assert_no_error (error);

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    for (gint64 offset = 0, total = -1; total < 0 || offset < total; offset += 5000)
      {
        g_autofree char *path = g_strdup_printf ("/api/searches/results?%soffset=%" G_GINT64_FORMAT "&limit=5000",
                                                 queries[q], offset);
        g_autoptr(GAsyncResult) res = NULL;
        g_autoptr(GBytes) body = NULL;
        g_autoptr(SoupMessageHeaders) headers = NULL;
        g_autoptr(JsonNode) node = NULL;
        gsize len;
        const char *data;

        ferry_connection_call_async (connection, "GET", path, TUTORIAL_ID, NULL, FERRY_REQUEST_JSON_BYTES, NULL,
                                     ftu_store_result_cb, &res);
        body = ferry_connection_call_finish_bytes_full (connection, ftu_wait_for (&res), NULL, &headers, &error);
        g_assert_no_error (error);
        data = g_bytes_get_data (body, &len);
        assert_same (data, len);
        total = g_ascii_strtoll (soup_message_headers_get_one (headers, "x-mstr-total-count"), NULL, 10);
        if (q == 0)
          {
            node = ferry_json_parse (data, (gssize) len, &error);
            g_assert_no_error (error);
            g_assert_true (ferry_inventory_builder_add_json_array (joined,
                                                                   ferry_json_get_array (json_node_get_object (node),
                                                                                         "result"),
                                                                   &error));
            g_assert_no_error (error);
          }
        pages++;
      }
  g_assert_cmpuint (pages, >=, 2);

  expected = ferry_inventory_builder_end (joined);
  _ferry_discovery_set_page_size_for_tests (page_size);
  ferry_inventory_load_async (connection, TUTORIAL_ID, NULL, NULL, NULL, NULL, ftu_store_result_cb, &result);
  loaded = ferry_inventory_load_finish (ftu_wait_for (&result), NULL, &error);
  _ferry_discovery_set_page_size_for_tests (0);
  g_assert_no_error (error);
  a = dump (expected);
  b = dump (loaded);
  g_assert_cmpuint (ferry_inventory_get_n_items (loaded), ==, ferry_inventory_get_n_items (expected));
  g_assert_cmpstr (b, ==, a);

  ftu_connection_disconnect (connection);
}

static void
test_tutorial_dev (void)
{
  compare_seed ("tutorial-dev", 7);
}

static void
test_tutorial_prod (void)
{
  compare_seed ("tutorial-prod", 13);
}

static void
test_generated (void)
{
  compare_seed ("generated:10000", 0);
}

/* --- Malformed pages ------------------------------------------------------ */

#define OBJ(members) "{\"name\":\"A\",\"id\":\"0123456789ABCDEF0123456789ABCDEF\",\"type\":3," \
                     "\"version\":\"V\",\"dateModified\":\"2022-03-16T07:38:40.125+0000\"" members "}"

static void
test_malformed (void)
{
  const char *pages[] = {
    "",
    "not json",
    "{\"result\":[" OBJ ("") ",",                      /* truncated */
    "{\"result\":[" OBJ ("") "]",                      /* truncated */
    "{\"result\":[" OBJ ("") "]} trailing",
    "{\"total\":3}",                                   /* no list */
    "{\"result\":3}",
    "42",
    "{\"result\":[1]}",                                /* not an object */
    "{\"result\":[" OBJ (",\"type\":\"3\"") "]}",      /* wrong types */
    "{\"result\":[" OBJ (",\"type\":3.5") "]}",
    "{\"result\":[" OBJ (",\"type\":4294967296") "]}",
    "{\"result\":[" OBJ (",\"subtype\":true") "]}",
    "{\"result\":[" OBJ (",\"id\":7") "]}",
    "{\"result\":[" OBJ (",\"id\":\"XYZ\"") "]}",
    "{\"result\":[" OBJ (",\"name\":null") "]}",
    "{\"result\":[" OBJ (",\"version\":[]") "]}",
    "{\"result\":[" OBJ (",\"dateModified\":\"2022-03-16\"") "]}",
    "{\"result\":[" OBJ (",\"owner\":\"me\"") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":{}") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":[{\"name\":\"P\",\"level\":2}]") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":[{\"name\":\"P\",\"id\":\"0123456789ABCDEF0123456789ABCDEF\",\"level\":1},"
                        "{\"name\":\"Q\",\"id\":\"0123456789ABCDEF0123456789ABCDEF\",\"level\":1}]") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":[3]") "]}",
  };
  /* Accepted by both, the same way: repeated members, nulls, a string
   * total, an empty search, escapes, a NUL inside a name. */
  const char *good[] = {
    "{\"totalItems\":0}",
    "{\"totalItems\":\"0\"}",
    "[]",
    "{\"data\":[" OBJ ("") "],\"result\":[]}",
    "{\"result\":[" OBJ (",\"name\":\"B\",\"type\":8,\"subtype\":null,\"owner\":null,\"ancestors\":null") "]}",
    "{\"result\":[" OBJ (",\"owner\":{\"id\":\"x\"}") "]}",
    "{\"result\":[" OBJ (",\"owner\":{\"name\":\"O\\u00e9\\\"\\n\",\"name\":\"P\"}") "]}",
    "{\"result\":[" OBJ (",\"name\":\"x\\u0000y\"") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":[]") "]}",
    "{\"result\":[" OBJ (",\"ancestors\":[{\"name\":\"Root\",\"id\":\"F123456789ABCDEF0123456789ABCDEF\",\"level\":2},"
                        "{\"name\":\"P\",\"id\":\"0123456789abcdef0123456789ABCDEF\",\"level\":1}]") ","
                   OBJ (",\"id\":\"0123456789ABCDEF0123456789ABCDEF\",\"name\":\"dup\"") "]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(GError) expected = NULL;
      g_autoptr(GError) got = NULL;
      g_autoptr(FerryInventory) a = read_json_glib (pages[i], strlen (pages[i]), &expected);
      g_autoptr(FerryInventory) b = read_simdjson (pages[i], strlen (pages[i]), &got);

      g_test_message ("page %u: %s", i, pages[i]);
      g_assert_null (a);
      g_assert_null (b);
      g_assert_nonnull (expected);
      g_assert_error (got, expected->domain, expected->code);
      if (expected->domain == FERRY_INVENTORY_ERROR)
        g_assert_cmpstr (got->message, ==, expected->message);
    }
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_test_message ("good page %u: %s", i, good[i]);
      assert_same (good[i], strlen (good[i]));
    }
}

/* The depth limit of ferry_json_parse(): 512 levels read, 513 not. */
static void
test_depth (void)
{
  for (guint depth = 511; depth <= 514; depth++)
    {
      GString *s = g_string_new ("{\"result\":[],\"x\":");
      g_autoptr(GError) expected = NULL;
      g_autoptr(GError) got = NULL;
      g_autoptr(FerryInventory) a = NULL;
      g_autoptr(FerryInventory) b = NULL;

      for (guint i = 1; i < depth; i++)
        g_string_append_c (s, '[');
      for (guint i = 1; i < depth; i++)
        g_string_append_c (s, ']');
      g_string_append_c (s, '}');
      a = read_json_glib (s->str, s->len, &expected);
      b = read_simdjson (s->str, s->len, &got);
      g_test_message ("depth %u", depth);
      g_assert_true ((a == NULL) == (b == NULL));
      if (expected != NULL)
        g_assert_error (got, expected->domain, expected->code);
      g_string_free (s, TRUE);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-parse/fixture", test_fixture);
  g_test_add_func ("/search-parse/malformed", test_malformed);
  g_test_add_func ("/search-parse/depth", test_depth);
  g_test_add_func ("/search-parse/tutorial-dev", test_tutorial_dev);
  g_test_add_func ("/search-parse/tutorial-prod", test_tutorial_prod);
  g_test_add_func ("/search-parse/generated-10000", test_generated);
  /* Again with the thread's parser grown by the large pages: a short or
   * truncated page must not read what a longer one left in its buffers. */
  g_test_add_func ("/search-parse/malformed-after-large", test_malformed);
  g_test_add_func ("/search-parse/depth-after-large", test_depth);
  return g_test_run ();
}
