/* test-sandbox-compact.c: the mechanisms that keep the sandbox small and
 * fast at 100,000 objects
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * White-box (the sandbox's private headers):
 * - the streaming writer (ferry-sandbox-writer.c) writes what json-glib's
 *   generator writes, byte for byte: every ASCII character and some UTF-8
 *   escaped alike, times formatted as sb_format_time() does, objects in
 *   their storage form as sb_object_to_json() generates them;
 * - a commit after a one-object change in a 10,000-object project writes
 *   one journal entry the size of that object, not of the project.
 */

#include <glib/gstdio.h>
#include <string.h>

#include "sb-test-util.h"
#include "ferry-sandbox-journal.h"
#include "ferry-sandbox-search-cache.h"
#include "ferry-sandbox-seed.h"
#include "ferry-sandbox-writer.h"

static void
test_strings (void)
{
  char text[160];
  guint k = 0;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *expected = NULL;
  GString *out = g_string_new (NULL);

  for (guint c = 1; c < 0x80; c++)
    text[k++] = (char) c;
  strcpy (text + k, "\xc3\xa9\xe2\x80\xa8 \xf0\x9f\x98\x80");
  json_node_set_string (node, text);
  expected = json_to_string (node, FALSE);
  sb_write_string (out, text);
  g_assert_cmpstr (out->str, ==, expected);
  g_string_free (out, TRUE);
}

static void
test_times (void)
{
  const gint64 day = G_GINT64_CONSTANT (86400000);
  const gint64 samples[] = {
    0, 1, 999, 1000, -1, -999, -1000, -1001, 951782400000 /* 2000-02-29 */, 951868799999,
    4107542400000 /* 2100-03-01 */, 253402300799999 /* 9999-12-31 */, 253402300800000,
    -62135596800000 /* 0001-01-01 */, -62135596801000, 1718000000123, -86400000,
  };

  for (guint i = 0; i < G_N_ELEMENTS (samples) + 4000; i++)
    {
      gint64 ms = i < G_N_ELEMENTS (samples) ? samples[i]
                                             : ((gint64) i - 2000) * 37 * day + (gint64) i * 7919;
      g_autofree char *formatted = sb_format_time (ms);
      g_autofree char *expected = g_strdup_printf ("\"%s\"", formatted);
      GString *out = g_string_new (NULL);

      sb_write_time (out, ms);
      g_assert_cmpstr (out->str, ==, expected);
      g_string_free (out, TRUE);
    }
}

static void
test_storage_form (void)
{
  SbStore *store = sb_store_new ("Test", "11.4.1000");
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_assert_true (sb_seed_apply (store, "tutorial-dev", NULL));
  g_hash_table_iter_init (&iter, sb_store_get_project (store, SBT_TUTORIAL_ID)->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      g_autoptr(JsonNode) node = sb_object_to_json (value);
      g_autofree char *expected = json_to_string (node, FALSE);
      GString *out = g_string_new (NULL);

      sb_write_object_storage (out, value);
      g_assert_cmpstr (out->str, ==, expected);
      g_string_free (out, TRUE);
      n++;
    }
  g_assert_cmpuint (n, >, 100);
  sb_store_free (store);
}

static void
test_one_object_commit (void)
{
  g_autofree char *dir = sbt_make_tmp_dir ();
  g_autofree char *project_file = g_build_filename (dir, "project-" SBT_TUTORIAL_ID ".json", NULL);
  SbStore *store = sb_store_new ("Test", "11.4.1000");
  SbProject *project;
  SbObject *o;
  GHashTableIter iter;
  gpointer value;
  GStatBuf st;
  guint64 before, seq, entry;
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_seed_apply (store, "generated:10000", NULL));
  g_assert_true (sb_store_save_all (store, dir, &error));
  g_assert_no_error (error);
  g_assert_true (sb_store_open_journal (store, dir, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (project_file, &st), ==, 0);

  project = sb_store_get_project (store, SBT_TUTORIAL_ID);
  g_hash_table_iter_init (&iter, project->objects);
  do
    g_assert_true (g_hash_table_iter_next (&iter, NULL, &value));
  while (((SbObject *) value)->type == 8);
  o = value;
  g_free (o->name);
  o->name = g_strdup ("Renamed by the test");
  sb_object_new_version (o);
  sb_project_touch_object (project, o->id);

  before = sb_journal_get_size (sb_store_get_journal (store));
  seq = sb_store_commit (store, NULL);
  g_assert_cmpuint (seq, >, 0);
  sb_journal_wait (sb_store_get_journal (store), seq);
  entry = sb_journal_get_size (sb_store_get_journal (store)) - before;
  g_test_message ("one-object commit: %" G_GUINT64_FORMAT " bytes; the project file: %" G_GINT64_FORMAT " bytes",
                  entry, (gint64) st.st_size);
  /* One object is about 1.3 KB as JSON; the project is 10,000 of them. */
  g_assert_cmpuint (entry, >, 200);
  g_assert_cmpuint (entry, <, 4096);
  g_assert_cmpuint (entry * 1000, <, (guint64) st.st_size);
  /* Nothing left to write. */
  g_assert_cmpuint (sb_store_commit (store, NULL), ==, 0);

  sb_store_close_journal (store);
  sb_store_free (store);
}

/* The search index sorts on byte keys (ferry-sandbox-search-cache.c); its
 * order must be sb_object_cmp_by_name()'s for any bytes: upper and lower
 * case, bytes from 0x80, names that are prefixes of others, long shared
 * prefixes, equal names. */
static void
test_index_order (void)
{
  static const char alphabet[] = "aAbBzZ _~0\x7f\x80\xc3\xa9\xff";
  SbStore *store = sb_store_new ("Test", "11.4.1000");
  SbProject *project = sb_store_add_project (store, SBT_TUTORIAL_ID, "P", "");
  SbSearchCache *cache = sb_search_cache_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (14);
  GPtrArray *index;

  for (guint i = 0; i < 3000; i++)
    {
      SbObject *o = sb_object_new ();
      GString *name = g_string_new (i % 3 == 0 ? "Revenue Metric by Region and " : "");
      guint len = (guint) g_rand_int_range (rand, 0, 34);

      for (guint k = 0; k < len; k++)
        g_string_append_c (name, alphabet[g_rand_int_range (rand, 0, sizeof alphabet - 1)]);
      o->id = sb_hex_from_text ("index order %u", i);
      o->name = g_string_free (name, FALSE);
      o->parent_id = g_strdup ("F");
      o->type = 4;
      g_ptr_array_add (expected, o);
      sb_project_add_object (project, o);
    }
  g_ptr_array_sort (expected, sb_object_cmp_by_name);
  index = sb_search_cache_index (cache, project);
  g_assert_cmpuint (index->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (g_ptr_array_index (index, i) == g_ptr_array_index (expected, i));
  sb_search_cache_free (cache);
  sb_store_free (store);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);
  g_test_add_func ("/sandbox/compact/writer-strings", test_strings);
  g_test_add_func ("/sandbox/compact/writer-times", test_times);
  g_test_add_func ("/sandbox/compact/writer-storage-form", test_storage_form);
  g_test_add_func ("/sandbox/compact/one-object-commit", test_one_object_commit);
  g_test_add_func ("/sandbox/compact/index-order", test_index_order);
  return g_test_run ();
}
