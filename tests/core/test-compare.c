/* test-compare.c: FerryInventory and ferry-compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Unit cases for every comparison state, the JSON reader and its errors,
 * the async path with cancellation, and the seed manifest: the planted
 * differences between the sandbox seeds tutorial-dev and tutorial-prod,
 * read over HTTP from two in-process sandboxes, must come out of
 * ferry_compare() exactly as tests/data/seed-differences.json lists them.
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ferry-core.h"
#include "ferry-sandbox.h"
#include "ferry-test-util.h"

#define TUTORIAL_ID "B19DEDCC11D4E0EFC000EB9495D0F44F"

/* Ids for hand-made inventories: "0000…00NN" style, and folders "F…". */
static char *
make_id (char  prefix,
         guint n)
{
  return g_strdup_printf ("%c%031X", prefix, n);
}

#define T0 G_GINT64_CONSTANT (1647416320125) /* 2022-03-16T07:38:40.125Z */

/* ------------------------------------------------------------------------ */
/* States                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct
{
  const char *name;
  /* source side; version NULL = absent */
  const char *s_version;
  gint64      s_modified;
  char        s_folder;
  /* target side */
  const char *t_version;
  gint64      t_modified;
  char        t_folder;
  /* expected */
  FerryDiffState state;
  gboolean       moved;
} StateCase;

static const StateCase state_cases[] = {
  { "only in source",          "V1", T0, 'A', NULL, 0, 0, FERRY_DIFF_STATE_ONLY_IN_SOURCE, FALSE },
  { "only in target",          NULL, 0, 0, "V1", T0, 'A', FERRY_DIFF_STATE_ONLY_IN_TARGET, FALSE },
  { "identical",               "V1", T0, 'A', "V1", T0, 'A', FERRY_DIFF_STATE_IDENTICAL, FALSE },
  /* Same version: the dates do not matter. */
  { "identical, other date",   "V1", T0, 'A', "V1", T0 + 5000, 'A', FERRY_DIFF_STATE_IDENTICAL, FALSE },
  { "newer in source",         "V2", T0 + 1, 'A', "V1", T0, 'A', FERRY_DIFF_STATE_NEWER_IN_SOURCE, FALSE },
  { "newer in target",         "V1", T0, 'A', "V2", T0 + 1, 'A', FERRY_DIFF_STATE_NEWER_IN_TARGET, FALSE },
  { "equal time, other version", "V1", T0, 'A', "V2", T0, 'A', FERRY_DIFF_STATE_NEWER_IN_TARGET, FALSE },
  { "moved",                   "V1", T0, 'A', "V1", T0, 'B', FERRY_DIFF_STATE_MOVED, TRUE },
  { "moved, newer in source",  "V2", T0 + 60000, 'A', "V1", T0, 'B', FERRY_DIFF_STATE_NEWER_IN_SOURCE, TRUE },
  { "moved, newer in target",  "V1", T0, 'A', "V2", T0 + 60000, 'B', FERRY_DIFF_STATE_NEWER_IN_TARGET, TRUE },
  { "moved, equal time",       "V1", T0, 'A', "V2", T0, 'B', FERRY_DIFF_STATE_NEWER_IN_TARGET, TRUE },
  /* Parent folder unknown on one side: a move cannot be seen. */
  { "unknown folder",          "V1", T0, 'A', "V1", T0, 0, FERRY_DIFF_STATE_IDENTICAL, FALSE },
  { "unknown folder, differs", "V2", T0 + 1, 0, "V1", T0, 'B', FERRY_DIFF_STATE_NEWER_IN_SOURCE, FALSE },
};

static void
add_case_item (FerryInventoryBuilder *builder,
               guint                  n,
               const char            *name,
               const char            *version,
               gint64                 modified,
               char                   folder)
{
  g_autofree char *id = make_id ('0', n);
  g_autofree char *parent = folder ? make_id (folder, 1) : NULL;
  g_autofree char *path = folder ? g_strdup_printf ("\\Public Objects\\%c", folder) : NULL;

  ferry_inventory_builder_add (builder, id, name, 3, 768, version, modified,
                               parent, path, "Administrator");
}

static void
test_states (void)
{
  g_autoptr(FerryInventoryBuilder) sb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) tb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryCompareResult) result = NULL;
  guint expected_counts[FERRY_DIFF_N_STATES] = { 0 };
  guint expected_moved = 0, n_source = 0;

  for (guint i = 0; i < G_N_ELEMENTS (state_cases); i++)
    {
      const StateCase *c = &state_cases[i];

      if (c->s_version)
        add_case_item (sb, i, c->name, c->s_version, c->s_modified, c->s_folder);
      if (c->t_version)
        add_case_item (tb, i, c->name, c->t_version, c->t_modified, c->t_folder);
      expected_counts[c->state]++;
      expected_moved += c->moved ? 1 : 0;
      n_source += c->s_version ? 1 : 0;
    }
  source = ferry_inventory_builder_end (sb);
  target = ferry_inventory_builder_end (tb);
  result = ferry_compare (source, target);

  g_assert_cmpuint (ferry_compare_result_get_n_entries (result), ==, G_N_ELEMENTS (state_cases));
  for (guint i = 0; i < G_N_ELEMENTS (state_cases); i++)
    {
      const StateCase *c = &state_cases[i];
      g_autofree char *id = make_id ('0', i);
      g_autofree char *lower = g_ascii_strdown (id, -1);
      const FerryCompareEntry *e = ferry_compare_result_lookup (result, id);
      const FerryInventoryItem *s, *t;

      g_test_message ("case: %s", c->name);
      g_assert_nonnull (e);
      g_assert_true (ferry_compare_result_lookup (result, lower) == e);
      g_assert_cmpstr (e->id, ==, id);
      g_assert_cmpint (e->state, ==, c->state);
      g_assert_cmpint (e->moved, ==, c->moved);

      s = ferry_compare_result_get_source_item (result, e);
      t = ferry_compare_result_get_target_item (result, e);
      g_assert_true ((s != NULL) == (c->s_version != NULL));
      g_assert_true ((t != NULL) == (c->t_version != NULL));
      if (s)
        {
          g_assert_cmpstr (s->version, ==, c->s_version);
          g_assert_cmpint (e->source_index, >=, 0);
          g_assert_true (s == ferry_inventory_get_item (source, (guint) e->source_index));
        }
      else
        g_assert_cmpint (e->source_index, ==, -1);
      if (t)
        g_assert_cmpstr (t->version, ==, c->t_version);
      else
        g_assert_cmpint (e->target_index, ==, -1);
    }

  for (guint st = 0; st < FERRY_DIFF_N_STATES; st++)
    g_assert_cmpuint (ferry_compare_result_get_count (result, st), ==, expected_counts[st]);
  g_assert_cmpuint (ferry_compare_result_get_n_moved (result), ==, expected_moved);
  g_assert_cmpuint (expected_moved, ==, 4);

  /* Order: the source's objects in source order, then the target-only ones. */
  for (guint i = 0; i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *e = ferry_compare_result_get_entry (result, i);

      if (i < n_source)
        g_assert_cmpint (e->source_index, ==, (gint) i);
      else
        g_assert_cmpint (e->state, ==, FERRY_DIFF_STATE_ONLY_IN_TARGET);
    }

  g_assert_null (ferry_compare_result_lookup (result, "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF"));
  g_assert_null (ferry_compare_result_lookup (result, "not an id"));
  g_assert_true (ferry_compare_result_get_source (result) == source);
  g_assert_true (ferry_compare_result_get_target (result) == target);
}

static FerryInventory *
inventory_of (guint first,
              guint n)
{
  g_autoptr(FerryInventoryBuilder) b = ferry_inventory_builder_new ();

  for (guint i = first; i < first + n; i++)
    add_case_item (b, i, "Object", "V1", T0, 'A');
  return ferry_inventory_builder_end (b);
}

/* Folder tallies: a tree Top > Mid > (objects), Top > Other (identical
 * only); every difference counts in each folder above it, on its own side,
 * and the worst state is the one that matters most. */
static void
add_folder (FerryInventoryBuilder *builder,
            const char            *id,
            const char            *name,
            const char            *parent)
{
  ferry_inventory_builder_add (builder, id, name, 8, 2048, "F", T0, parent, NULL, "Administrator");
}

static void
test_folder_differences (void)
{
  g_autoptr(FerryInventoryBuilder) sb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) tb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryCompareResult) result = NULL;
  g_autofree char *top = make_id ('A', 1);
  g_autofree char *mid = make_id ('A', 2);
  g_autofree char *other = make_id ('A', 3);
  g_autofree char *same = make_id ('0', 1);
  g_autofree char *newer_here = make_id ('0', 2);
  g_autofree char *only_here = make_id ('0', 3);
  g_autofree char *only_there = make_id ('0', 4);
  g_autofree char *in_other = make_id ('0', 5);
  g_autofree char *lower_mid = g_ascii_strdown (mid, -1);
  const FerryFolderDifferences *d;

  for (guint side = 0; side < 2; side++)
    {
      FerryInventoryBuilder *b = side == 0 ? sb : tb;

      add_folder (b, top, "Top", NULL);
      add_folder (b, mid, "Mid", top);
      add_folder (b, other, "Other", top);
      ferry_inventory_builder_add (b, same, "Same", 3, 768, "V1", T0, mid, NULL, NULL);
      ferry_inventory_builder_add (b, newer_here, "Newer", 3, 768, side == 0 ? "V2" : "V1",
                                   side == 0 ? T0 + 1 : T0, mid, NULL, NULL);
      ferry_inventory_builder_add (b, in_other, "In Other", 3, 768, "V1", T0, other, NULL, NULL);
    }
  ferry_inventory_builder_add (sb, only_here, "Only Source", 3, 768, "V1", T0, mid, NULL, NULL);
  ferry_inventory_builder_add (tb, only_there, "Only Target", 3, 768, "V1", T0, mid, NULL, NULL);

  source = ferry_inventory_builder_end (sb);
  target = ferry_inventory_builder_end (tb);
  result = ferry_compare (source, target);

  /* Source: Mid holds the newer object and the one only there. */
  d = ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_SOURCE, lower_mid);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->n_differences, ==, 2);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_NEWER_IN_SOURCE], ==, 1);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_ONLY_IN_SOURCE], ==, 1);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_IDENTICAL], ==, 0);
  g_assert_cmpint (d->worst, ==, FERRY_DIFF_STATE_NEWER_IN_SOURCE);

  /* Top counts the same, one level up, without being listed. */
  d = ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_SOURCE, top);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->n_differences, ==, 2);

  /* Nothing differs in Other; the objects have no tally. */
  g_assert_null (ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_SOURCE, other));
  g_assert_null (ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_SOURCE, same));
  g_assert_null (ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_SOURCE, NULL));

  /* Target: its own objects (the one only in the source is not there). */
  d = ferry_compare_result_get_folder_differences (result, FERRY_COMPARE_SIDE_TARGET, mid);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->n_differences, ==, 2);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_NEWER_IN_SOURCE], ==, 1);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_ONLY_IN_TARGET], ==, 1);
  g_assert_cmpuint (d->counts[FERRY_DIFF_STATE_ONLY_IN_SOURCE], ==, 0);
  g_assert_cmpint (d->worst, ==, FERRY_DIFF_STATE_NEWER_IN_SOURCE);

  g_assert_cmpuint (ferry_diff_state_severity (FERRY_DIFF_STATE_IDENTICAL), ==, 0);
  g_assert_cmpuint (ferry_diff_state_severity (FERRY_DIFF_STATE_MOVED), <,
                    ferry_diff_state_severity (FERRY_DIFF_STATE_ONLY_IN_SOURCE));
  g_assert_cmpuint (ferry_diff_state_severity (FERRY_DIFF_STATE_ONLY_IN_TARGET), <,
                    ferry_diff_state_severity (FERRY_DIFF_STATE_NEWER_IN_SOURCE));
}

static void
test_empty (void)
{
  g_autoptr(FerryInventory) empty = inventory_of (0, 0);
  g_autoptr(FerryInventory) three = inventory_of (0, 3);
  g_autoptr(FerryCompareResult) r1 = ferry_compare (empty, empty);
  g_autoptr(FerryCompareResult) r2 = ferry_compare (empty, three);
  g_autoptr(FerryCompareResult) r3 = ferry_compare (three, empty);
  g_autoptr(FerryCompareResult) r4 = ferry_compare (three, three);

  g_assert_cmpuint (ferry_inventory_get_n_items (empty), ==, 0);
  g_assert_null (ferry_inventory_find (empty, "00000000000000000000000000000000"));

  g_assert_cmpuint (ferry_compare_result_get_n_entries (r1), ==, 0);
  for (guint st = 0; st < FERRY_DIFF_N_STATES; st++)
    g_assert_cmpuint (ferry_compare_result_get_count (r1, st), ==, 0);
  g_assert_null (ferry_compare_result_lookup (r1, "00000000000000000000000000000000"));

  g_assert_cmpuint (ferry_compare_result_get_n_entries (r2), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_count (r2, FERRY_DIFF_STATE_ONLY_IN_TARGET), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_n_entries (r3), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_count (r3, FERRY_DIFF_STATE_ONLY_IN_SOURCE), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_n_entries (r4), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_count (r4, FERRY_DIFF_STATE_IDENTICAL), ==, 3);
  g_assert_cmpuint (ferry_compare_result_get_n_moved (r4), ==, 0);
}

/* The result keeps its inventories alive; boxed copies are references. */
static void
test_lifetime (void)
{
  FerryInventory *source = inventory_of (0, 2);
  FerryInventory *target = inventory_of (1, 2);
  FerryCompareResult *result = ferry_compare (source, target);
  FerryCompareResult *copy;
  const FerryCompareEntry *e;

  ferry_inventory_unref (source);
  ferry_inventory_unref (target);

  g_assert_true (G_TYPE_IS_BOXED (FERRY_TYPE_INVENTORY));
  g_assert_true (G_TYPE_IS_BOXED (FERRY_TYPE_COMPARE_RESULT));
  g_assert_true (G_TYPE_IS_ENUM (FERRY_TYPE_DIFF_STATE));
  copy = g_boxed_copy (FERRY_TYPE_COMPARE_RESULT, result);
  g_assert_true (copy == result);
  ferry_compare_result_unref (result);

  e = ferry_compare_result_lookup (copy, "00000000000000000000000000000002");
  g_assert_nonnull (e);
  g_assert_cmpint (e->state, ==, FERRY_DIFF_STATE_ONLY_IN_TARGET);
  g_assert_cmpstr (ferry_compare_result_get_target_item (copy, e)->name, ==, "Object");
  g_boxed_free (FERRY_TYPE_COMPARE_RESULT, copy);
}

/* ------------------------------------------------------------------------ */
/* Inventory                                                                  */
/* ------------------------------------------------------------------------ */

/* Decision: a repeated id replaces the earlier object, in its place. */
static void
test_duplicates (void)
{
  g_autoptr(FerryInventoryBuilder) b = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) inv = NULL;
  g_autoptr(FerryInventory) again = NULL;
  const FerryInventoryItem *item;
  guint index = 99;

  ferry_inventory_builder_add (b, "0000000000000000000000000000000A", "First", 3, 768, "V1", T0,
                               NULL, NULL, NULL);
  ferry_inventory_builder_add (b, "0000000000000000000000000000000B", "Other", 4, 1024, "V1", T0,
                               NULL, NULL, NULL);
  ferry_inventory_builder_add (b, "0000000000000000000000000000000a", "Last", 3, 769, "V2", T0 + 1,
                               "F0000000000000000000000000000001", "\\Reports", "Ann");
  inv = ferry_inventory_builder_end (b);

  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 2);
  g_assert_true (ferry_inventory_lookup (inv, "0000000000000000000000000000000A", &index));
  g_assert_cmpuint (index, ==, 0);
  item = ferry_inventory_get_item (inv, 0);
  g_assert_cmpstr (item->id, ==, "0000000000000000000000000000000A");
  g_assert_cmpstr (item->name, ==, "Last");
  g_assert_cmpstr (item->version, ==, "V2");
  g_assert_cmpint (item->subtype, ==, 769);
  g_assert_cmpint (item->modified_ms, ==, T0 + 1);
  g_assert_cmpstr (item->parent_id, ==, "F0000000000000000000000000000001");
  g_assert_cmpstr (item->path, ==, "\\Reports");
  g_assert_cmpstr (item->owner, ==, "Ann");

  /* The builder is empty again after _end and can be reused. */
  ferry_inventory_builder_add (b, "0000000000000000000000000000000C", "Third", 3, 768, "V1", T0,
                               NULL, NULL, NULL);
  again = ferry_inventory_builder_end (b);
  g_assert_cmpuint (ferry_inventory_get_n_items (again), ==, 1);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 2);
  g_assert_null (ferry_inventory_find (again, "0000000000000000000000000000000A"));
}

/* Several thousand ids force the index to grow many times. */
static void
test_many (void)
{
  g_autoptr(FerryInventoryBuilder) b = ferry_inventory_builder_new ();
  g_autoptr(FerryInventory) inv = NULL;

  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = make_id ('0', i * 7919);
      ferry_inventory_builder_add (b, id, "x", 1, 256, "V", T0, NULL, NULL, NULL);
    }
  inv = ferry_inventory_builder_end (b);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 20000);
  for (guint i = 0; i < 20000; i++)
    {
      g_autofree char *id = make_id ('0', i * 7919);
      guint index;

      g_assert_true (ferry_inventory_lookup (inv, id, &index));
      g_assert_cmpuint (index, ==, i);
    }
  g_assert_false (ferry_inventory_lookup (inv, "00000000000000000000000000000001", NULL));
}

static JsonArray *
parse_array (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  return json_array_ref (json_node_get_array (node));
}

static const char search_items[] =
  "["
  " {\"name\":\"Revenue by Year\",\"id\":\"cbcb6c67523ad3bed1e6ae564c4d8a88\",\"type\":3,"
  "  \"subtype\":769,\"dateCreated\":\"2020-01-01T00:00:00.000+0000\","
  "  \"dateModified\":\"2022-03-16T03:38:40.125-0400\",\"version\":\"0A1B2C3D4E5F60718293A4B5C6D7E8F9\","
  "  \"acg\":255,\"owner\":{\"name\":\"Administrator\",\"id\":\"54F3D26011D2896560009A8E67019608\"},"
  "  \"ancestors\":["
  "    {\"name\":\"Reports\",\"id\":\"D3C7D461F69C4610AA6BAA5EF51F4125\",\"level\":2},"
  "    {\"name\":\"MicroStrategy Tutorial\",\"id\":\"E0F1A2B3C4D5E6F708192A3B4C5D6E7F\",\"level\":4},"
  "    {\"name\":\"Sales\",\"id\":\"a1b2c3d4e5f60718293a4b5c6d7e8f90\",\"level\":1},"
  "    {\"name\":\"Public Objects\",\"id\":\"98FE182C2A10427EACE0CD30B6768258\",\"level\":3}]},"
  " {\"name\":\"Public Objects\",\"id\":\"98FE182C2A10427EACE0CD30B6768258\",\"type\":8,"
  "  \"subtype\":2048,\"dateModified\":\"2022-03-16T13:08:40.125+05:30\",\"version\":\"V\","
  "  \"ancestors\":[{\"name\":\"MicroStrategy Tutorial\",\"id\":\"E0F1A2B3C4D5E6F708192A3B4C5D6E7F\",\"level\":1}]},"
  " {\"name\":\"No Folder\",\"id\":\"11111111111111111111111111111111\",\"type\":4,"
  "  \"dateModified\":\"2022-03-16T07:38:40.125Z\",\"version\":\"W\"}"
  "]";

static void
test_json (void)
{
  g_autoptr(JsonArray) array = parse_array (search_items);
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) inv = ferry_inventory_new_from_json_array (array, &error);
  const FerryInventoryItem *item;

  g_assert_no_error (error);
  g_assert_nonnull (inv);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 3);

  item = ferry_inventory_find (inv, "CBCB6C67523AD3BED1E6AE564C4D8A88");
  g_assert_nonnull (item);
  g_assert_true (item == ferry_inventory_get_item (inv, 0));
  g_assert_cmpstr (item->id, ==, "CBCB6C67523AD3BED1E6AE564C4D8A88");
  g_assert_cmpstr (item->name, ==, "Revenue by Year");
  g_assert_cmpint (item->type, ==, 3);
  g_assert_cmpint (item->subtype, ==, 769);
  g_assert_cmpstr (item->version, ==, "0A1B2C3D4E5F60718293A4B5C6D7E8F9");
  g_assert_cmpint (item->modified_ms, ==, T0);
  g_assert_cmpstr (item->owner, ==, "Administrator");
  /* Level 1 is the parent; the highest level, the root folder, is not in
   * the path; the ancestors were out of order. */
  g_assert_cmpstr (item->parent_id, ==, "A1B2C3D4E5F60718293A4B5C6D7E8F90");
  g_assert_cmpstr (item->path, ==, "\\Public Objects\\Reports\\Sales");

  item = ferry_inventory_get_item (inv, 1);
  g_assert_cmpstr (item->name, ==, "Public Objects");
  g_assert_cmpint (item->modified_ms, ==, T0);
  g_assert_cmpstr (item->parent_id, ==, "E0F1A2B3C4D5E6F708192A3B4C5D6E7F");
  g_assert_cmpstr (item->path, ==, "\\");

  item = ferry_inventory_get_item (inv, 2);
  g_assert_cmpint (item->modified_ms, ==, T0);
  g_assert_cmpint (item->subtype, ==, 0);
  g_assert_null (item->parent_id);
  g_assert_null (item->path);
  g_assert_null (item->owner);
}

static void
test_json_duplicates (void)
{
  g_autoptr(JsonArray) array = parse_array (
    "[{\"name\":\"A\",\"id\":\"11111111111111111111111111111111\",\"type\":4,"
    "  \"dateModified\":\"2022-03-16T07:38:40.125+0000\",\"version\":\"V1\"},"
    " {\"name\":\"B\",\"id\":\"22222222222222222222222222222222\",\"type\":4,"
    "  \"dateModified\":\"2022-03-16T07:38:40.125+0000\",\"version\":\"V1\"},"
    " {\"name\":\"A again\",\"id\":\"11111111111111111111111111111111\",\"type\":4,"
    "  \"dateModified\":\"2022-03-17T07:38:40.125+0000\",\"version\":\"V2\"}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) inv = ferry_inventory_new_from_json_array (array, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 2);
  g_assert_cmpstr (ferry_inventory_get_item (inv, 0)->name, ==, "A again");
  g_assert_cmpstr (ferry_inventory_get_item (inv, 0)->version, ==, "V2");
  g_assert_cmpstr (ferry_inventory_get_item (inv, 1)->name, ==, "B");
}

/* A listing read page by page into one builder. */
static void
test_json_pages (void)
{
  g_autoptr(FerryInventoryBuilder) b = ferry_inventory_builder_new ();
  g_autoptr(JsonArray) page1 = parse_array (search_items);
  g_autoptr(JsonArray) page2 = parse_array (
    "[{\"name\":\"Renamed\",\"id\":\"11111111111111111111111111111111\",\"type\":4,"
    "  \"dateModified\":\"2022-03-17T07:38:40.125+0000\",\"version\":\"W2\"},"
    " {\"name\":\"New\",\"id\":\"22222222222222222222222222222222\",\"type\":4,"
    "  \"dateModified\":\"2022-03-16T07:38:40.125+0000\",\"version\":\"V1\"},"
    " {\"name\":\"Broken\",\"id\":\"33333333333333333333333333333333\",\"type\":4,"
    "  \"dateModified\":\"2022-03-16\",\"version\":\"V1\"}]");
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryInventory) inv = NULL;

  g_assert_true (ferry_inventory_builder_add_json_array (b, page1, &error));
  g_assert_no_error (error);
  g_assert_false (ferry_inventory_builder_add_json_array (b, page2, &error));
  g_assert_error (error, FERRY_INVENTORY_ERROR, FERRY_INVENTORY_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "“Broken”"));
  g_assert_nonnull (strstr (error->message, "item 2"));

  inv = ferry_inventory_builder_end (b);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, 4);
  g_assert_cmpstr (ferry_inventory_get_item (inv, 2)->name, ==, "Renamed");
  g_assert_cmpstr (ferry_inventory_get_item (inv, 3)->name, ==, "New");
  g_assert_null (ferry_inventory_find (inv, "33333333333333333333333333333333"));
}

typedef struct
{
  const char *json;      /* one array element */
  const char *needles[3]; /* each must be in the message */
} ErrorCase;

#define GOOD_TAIL "\"type\":3,\"version\":\"V\",\"dateModified\":\"2022-03-16T07:38:40.125+0000\""

static const ErrorCase error_cases[] = {
  { "{\"name\":\"Revenue\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\",\"type\":13,\"version\":\"V\","
    "\"dateModified\":\"yesterday\"}",
    { "“Revenue”", "8E9CC1EAE3038C7EFC30C60814FD9D1F", "dateModified “yesterday”" } },
  { "{\"name\":\"Revenue\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\",\"type\":13,\"version\":\"V\","
    "\"dateModified\":\"2022-02-30T07:38:40.125+0000\"}",
    { "“Revenue”", "8E9CC1EAE3038C7EFC30C60814FD9D1F", "2022-02-30" } },
  { "{\"name\":\"Revenue\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\",\"type\":13,\"version\":\"V\"}",
    { "“Revenue”", "8E9CC1EAE3038C7EFC30C60814FD9D1F", "no dateModified" } },
  { "{\"name\":\"Nameless\"," GOOD_TAIL "}", { "“Nameless”", "item 1", "no id" } },
  { "{\"name\":\"Short\",\"id\":\"8E9C\"," GOOD_TAIL "}", { "“Short”", "“8E9C”", "32 hexadecimal" } },
  { "{\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\"," GOOD_TAIL "}",
    { "8E9CC1EAE3038C7EFC30C60814FD9D1F", "no name", NULL } },
  { "{\"name\":\"Typed\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\",\"type\":\"report\","
    "\"version\":\"V\",\"dateModified\":\"2022-03-16T07:38:40.125+0000\"}",
    { "“Typed”", "type", NULL } },
  { "{\"name\":\"Versionless\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\",\"type\":3,"
    "\"dateModified\":\"2022-03-16T07:38:40.125+0000\"}",
    { "“Versionless”", "no version", NULL } },
  { "{\"name\":\"Lost\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\"," GOOD_TAIL ","
    "\"ancestors\":[{\"name\":\"A\",\"id\":\"98FE182C2A10427EACE0CD30B6768258\",\"level\":2}]}",
    { "“Lost”", "ancestors", NULL } },
  { "{\"name\":\"Lost\",\"id\":\"8E9CC1EAE3038C7EFC30C60814FD9D1F\"," GOOD_TAIL ","
    "\"ancestors\":{}}",
    { "“Lost”", "ancestors", NULL } },
  { "42", { "Item 1", "not a JSON object", NULL } },
};

static void
test_json_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      const ErrorCase *c = &error_cases[i];
      /* A good item first, so the bad one is item 1. */
      g_autofree char *text = g_strdup_printf (
        "[{\"name\":\"Good\",\"id\":\"11111111111111111111111111111111\"," GOOD_TAIL "}, %s]",
        c->json);
      g_autoptr(JsonArray) array = parse_array (text);
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryInventory) inv = ferry_inventory_new_from_json_array (array, &error);

      g_test_message ("case %u: %s", i, c->json);
      g_assert_null (inv);
      g_assert_error (error, FERRY_INVENTORY_ERROR, FERRY_INVENTORY_ERROR_INVALID);
      g_test_message ("message: %s", error->message);
      for (guint k = 0; k < G_N_ELEMENTS (c->needles) && c->needles[k]; k++)
        g_assert_nonnull (strstr (error->message, c->needles[k]));
    }
}

static void
test_parse_time (void)
{
  static const struct { const char *text; gint64 ms; } good[] = {
    { "2022-03-16T07:38:40.125+0000", T0 },
    { "2022-03-16T03:38:40.125-0400", T0 },
    { "2022-03-16T03:38:40.125-04:00", T0 },
    { "2022-03-16T13:08:40.125+05:30", T0 },
    { "2022-03-16T07:38:40.125Z", T0 },
    { "2022-03-16T07:38:40.1259999Z", T0 },
    { "2022-03-16T07:38:40Z", T0 - 125 },
    { "2024-12-31T23:59:59.5+00", G_GINT64_CONSTANT (1735689599500) },
    { "2000-02-29T00:00:00Z", G_GINT64_CONSTANT (951782400000) },
    { "1969-12-31T23:59:59.999Z", -1 },
    { "1970-01-01T00:00:00.000+0000", 0 },
  };
  static const char *bad[] = {
    "", "garbage", "2022-03-16", "2022-03-16T07:38:40.125", "2022-03-16T07:38:40.125+0000x",
    "2022-13-01T00:00:00Z", "2023-02-29T00:00:00Z", "2022-03-16T24:00:00Z",
    "2022-03-16T07:60:00Z", "2022-03-16 07:38:40Z", "2022-03-16T07:38:40.Z",
    "2022-03-16T07:38:40+5", "2022-03-16T07:38:40+05:3", "22-03-16T07:38:40Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      gint64 ms = 42;

      g_test_message ("%s", good[i].text);
      g_assert_true (ferry_inventory_parse_time (good[i].text, &ms));
      g_assert_cmpint (ms, ==, good[i].ms);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_test_message ("%s", bad[i]);
      g_assert_false (ferry_inventory_parse_time (bad[i], NULL));
    }
  g_assert_false (ferry_inventory_parse_time (NULL, NULL));
}

/* ------------------------------------------------------------------------ */
/* Async                                                                      */
/* ------------------------------------------------------------------------ */

/* N objects on each side with every state mixed in. */
static void
make_big_pair (guint            n,
               FerryInventory **source_out,
               FerryInventory **target_out)
{
  g_autoptr(FerryInventoryBuilder) sb = ferry_inventory_builder_new ();
  g_autoptr(FerryInventoryBuilder) tb = ferry_inventory_builder_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = make_id ('0', i);
      g_autofree char *id2 = make_id ('E', i);
      const char *parent = (i % 50 == 7) ? "F0000000000000000000000000000002"
                                         : "F0000000000000000000000000000001";

      ferry_inventory_builder_add (sb, id, "Object", 3, 768, "V1", T0 + 1, "F0000000000000000000000000000001",
                                   NULL, NULL);
      if (i % 10 == 3)
        continue; /* only in source */
      ferry_inventory_builder_add (tb, i % 10 == 4 ? id2 : id, "Object", 3, 768,
                                   i % 20 == 5 ? "V2" : "V1", T0 + (i % 3), parent, NULL, NULL);
    }
  *source_out = ferry_inventory_builder_end (sb);
  *target_out = ferry_inventory_builder_end (tb);
}

typedef struct
{
  GAsyncResult *result;
  GThread      *thread;
} AsyncWait;

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  AsyncWait *w = user_data;

  w->result = g_object_ref (result);
  w->thread = g_thread_self ();
  g_main_context_wakeup (NULL);
}

static FerryCompareResult *
compare_and_wait (FerryInventory  *source,
                  FerryInventory  *target,
                  GCancellable    *cancellable,
                  gboolean         cancel_now,
                  GError         **error)
{
  AsyncWait w = { NULL, NULL };
  FerryCompareResult *result;

  ferry_compare_async (source, target, cancellable, async_done_cb, &w);
  if (cancel_now)
    g_cancellable_cancel (cancellable);
  while (w.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (w.thread == g_thread_self ());
  result = ferry_compare_finish (w.result, error);
  g_object_unref (w.result);
  return result;
}

static void
test_async (void)
{
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;
  g_autoptr(FerryCompareResult) sync = NULL;
  g_autoptr(FerryCompareResult) async = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  guint n;

  make_big_pair (50000, &source, &target);
  sync = ferry_compare (source, target);
  async = compare_and_wait (source, target, cancellable, FALSE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (async);

  /* Every state occurs, and the two runs agree entry by entry. */
  for (guint st = 0; st < FERRY_DIFF_N_STATES; st++)
    {
      g_assert_cmpuint (ferry_compare_result_get_count (sync, st), >, 0);
      g_assert_cmpuint (ferry_compare_result_get_count (async, st), ==,
                        ferry_compare_result_get_count (sync, st));
    }
  g_assert_cmpuint (ferry_compare_result_get_count (sync, FERRY_DIFF_STATE_ONLY_IN_SOURCE), ==, 10000);
  g_assert_cmpuint (ferry_compare_result_get_count (sync, FERRY_DIFF_STATE_ONLY_IN_TARGET), ==, 5000);
  n = ferry_compare_result_get_n_entries (sync);
  g_assert_cmpuint (n, ==, 55000);
  g_assert_cmpuint (ferry_compare_result_get_n_entries (async), ==, n);
  g_assert_cmpuint (ferry_compare_result_get_n_moved (async), ==,
                    ferry_compare_result_get_n_moved (sync));
  for (guint i = 0; i < n; i++)
    {
      const FerryCompareEntry *a = ferry_compare_result_get_entry (sync, i);
      const FerryCompareEntry *b = ferry_compare_result_get_entry (async, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->state, ==, b->state);
      g_assert_cmpint (a->moved, ==, b->moved);
      g_assert_cmpint (a->source_index, ==, b->source_index);
      g_assert_cmpint (a->target_index, ==, b->target_index);
    }
}

static void
test_async_cancel (void)
{
  g_autoptr(FerryInventory) source = NULL;
  g_autoptr(FerryInventory) target = NULL;

  make_big_pair (50000, &source, &target);

  /* Cancelled before the call. */
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryCompareResult) result = NULL;

      g_cancellable_cancel (cancellable);
      result = compare_and_wait (source, target, cancellable, FALSE, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (result);
    }
  /* Cancelled while the worker runs (or right before it starts): never a
   * result once the cancellable fired. */
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(FerryCompareResult) result = NULL;

      result = compare_and_wait (source, target, cancellable, TRUE, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (result);
    }
}

/* ------------------------------------------------------------------------ */
/* The seed manifest                                                          */
/* ------------------------------------------------------------------------ */

/* From tests/ferry-test-util.h, under the name this file calls it. */
#define start_sandbox(s, n) ftu_sandbox_start (&(FtuSandboxOptions) { .seed = (s), .name = (n) })

static GBytes *
http (SoupSession *session,
      const char  *method,
      const char  *url,
      const char  *token,
      const char  *body,
      guint        expected_status,
      char       **token_out)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  GBytes *reply;
  SoupMessageHeaders *h;

  g_assert_nonnull (msg);
  h = soup_message_get_request_headers (msg);
  if (token != NULL)
    {
      soup_message_headers_replace (h, "X-MSTR-AuthToken", token);
      soup_message_headers_replace (h, "X-MSTR-ProjectID", TUTORIAL_ID);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  if (token_out != NULL)
    *token_out = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                         "X-MSTR-AuthToken"));
  return reply;
}

/* Every object of the project as administrator sees it: GET
 * /api/searches/results?getAncestors=true&limit=-1, which leaves out the
 * project's root folder, plus that folder from GET /api/objects/{id}?type=8
 * (the ancestor with the highest level of any result), so the inventory
 * holds the same objects as the manifest counts. */
static FerryInventory *
fetch_inventory (FerrySandbox *sandbox)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupCookieJar) jar = soup_cookie_jar_new ();
  const char *base = ferry_sandbox_get_base_url (sandbox);
  g_autofree char *login_url = g_strconcat (base, "/api/auth/login", NULL);
  g_autofree char *search_url = g_strconcat (base, "/api/searches/results?getAncestors=true&limit=-1", NULL);
  g_autofree char *logout_url = g_strconcat (base, "/api/auth/logout", NULL);
  g_autofree char *root_url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GBytes) login = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GBytes) root_reply = NULL;
  g_autoptr(GBytes) logout = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) root_folder = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonArray *result, *ancestors;
  const char *root_id = NULL;
  gint64 top = 0;
  guint n_found;
  FerryInventory *inv;

  /* The session is the token plus the JSESSIONID cookie. */
  soup_session_add_feature (session, SOUP_SESSION_FEATURE (jar));
  login = http (session, "POST", login_url, NULL,
                "{\"username\":\"administrator\",\"password\":\"\",\"loginMode\":1}", 204, &token);
  g_assert_nonnull (token);
  reply = http (session, "GET", search_url, token, NULL, 200, NULL);
  json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  result = json_object_get_array_member (root, "result");
  n_found = json_array_get_length (result);
  g_assert_cmpint (json_object_get_int_member (root, "totalItems"), ==, n_found);
  g_assert_cmpuint (n_found, >, 0);

  ancestors = json_object_get_array_member (json_array_get_object_element (result, 0), "ancestors");
  for (guint i = 0; i < json_array_get_length (ancestors); i++)
    {
      JsonObject *a = json_array_get_object_element (ancestors, i);

      if (json_object_get_int_member (a, "level") > top)
        {
          top = json_object_get_int_member (a, "level");
          root_id = json_object_get_string_member (a, "id");
        }
    }
  g_assert_nonnull (root_id);
  root_url = g_strconcat (base, "/api/objects/", root_id, "?type=8", NULL);
  root_reply = http (session, "GET", root_url, token, NULL, 200, NULL);
  {
    g_autoptr(JsonParser) root_parser = json_parser_new ();

    json_parser_load_from_data (root_parser, g_bytes_get_data (root_reply, NULL),
                                g_bytes_get_size (root_reply), &error);
    g_assert_no_error (error);
    root_folder = json_parser_steal_root (root_parser);
  }
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (root_folder), "type"), ==, 8);
  json_array_add_element (result, g_steal_pointer (&root_folder));

  inv = ferry_inventory_new_from_json_array (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ferry_inventory_get_n_items (inv), ==, n_found + 1);
  logout = http (session, "POST", logout_url, token, NULL, 204, NULL);
  return inv;
}

static JsonNode *
load_manifest (void)
{
  const char *env = g_getenv ("FERRY_SEED_DIFFERENCES");
  g_autofree char *path = env ? g_strdup (env)
                              : g_test_build_filename (G_TEST_DIST, "data", "seed-differences.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

typedef struct
{
  const char     *manifest;
  FerryDiffState  state;
  gboolean        moved;
} StateName;

static const StateName state_names[] = {
  { "newer_in_source",           FERRY_DIFF_STATE_NEWER_IN_SOURCE, FALSE },
  { "newer_in_target",           FERRY_DIFF_STATE_NEWER_IN_TARGET, FALSE },
  { "only_in_source",            FERRY_DIFF_STATE_ONLY_IN_SOURCE,  FALSE },
  { "only_in_target",            FERRY_DIFF_STATE_ONLY_IN_TARGET,  FALSE },
  { "moved",                     FERRY_DIFF_STATE_MOVED,           TRUE },
  { "moved_and_newer_in_source", FERRY_DIFF_STATE_NEWER_IN_SOURCE, TRUE },
};

static const StateName *
state_by_name (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (state_names); i++)
    if (g_strcmp0 (state_names[i].manifest, name) == 0)
      return &state_names[i];
  g_error ("unknown state “%s” in the manifest", name);
  return NULL;
}

static const char *
nullable_string (JsonObject *obj,
                 const char *member)
{
  JsonNode *node = json_object_get_member (obj, member);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NULL : json_node_get_string (node);
}

static void
test_seed_manifest (void)
{
  FerrySandbox *dev = start_sandbox ("tutorial-dev", "Development");
  FerrySandbox *prod = start_sandbox ("tutorial-prod", "Production");
  g_autoptr(FerryInventory) source = fetch_inventory (dev);
  g_autoptr(FerryInventory) target = fetch_inventory (prod);
  g_autoptr(FerryCompareResult) result = ferry_compare (source, target);
  g_autoptr(JsonNode) manifest = load_manifest ();
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *m = json_node_get_object (manifest);
  JsonObject *summary = json_object_get_object_member (m, "summary");
  JsonArray *objects = json_object_get_array_member (m, "objects");
  JsonObject *states = json_object_get_object_member (m, "states");
  guint expected[FERRY_DIFF_N_STATES] = { 0 };
  guint expected_moved = 0;
  g_autoptr(GList) state_keys = json_object_get_members (states);

  g_assert_cmpstr (json_object_get_string_member (m, "source"), ==, "tutorial-dev");
  g_assert_cmpstr (json_object_get_string_member (m, "target"), ==, "tutorial-prod");
  g_assert_cmpstr (json_object_get_string_member (m, "project"), ==, TUTORIAL_ID);

  /* Every state the manifest defines is one we map. */
  for (GList *l = state_keys; l; l = l->next)
    state_by_name (l->data);

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonObject *o = json_array_get_object_element (objects, i);
      const char *id = json_object_get_string_member (o, "id");
      const char *name = json_object_get_string_member (o, "name");
      const StateName *want = state_by_name (json_object_get_string_member (o, "state"));
      const char *source_path = nullable_string (o, "sourcePath");
      const char *target_path = nullable_string (o, "targetPath");
      const FerryCompareEntry *e = ferry_compare_result_lookup (result, id);
      const FerryInventoryItem *s, *t;

      g_test_message ("%s “%s”: %s", id, name, want->manifest);
      g_assert_nonnull (e);
      g_assert_cmpint (e->state, ==, want->state);
      g_assert_cmpint (e->moved, ==, want->moved);
      expected[want->state]++;
      expected_moved += want->moved ? 1 : 0;
      g_hash_table_add (listed, (gpointer) e->id);

      s = ferry_compare_result_get_source_item (result, e);
      t = ferry_compare_result_get_target_item (result, e);
      g_assert_cmpstr (s ? s->path : NULL, ==, source_path);
      g_assert_cmpstr (t ? t->path : NULL, ==, target_path);
      for (guint k = 0; k < 2; k++)
        {
          const FerryInventoryItem *item = k == 0 ? s : t;

          if (item == NULL)
            continue;
          g_assert_cmpstr (item->name, ==, name);
          g_assert_cmpint (item->type, ==, json_object_get_int_member (o, "type"));
          g_assert_cmpint (item->subtype, ==, json_object_get_int_member (o, "subtype"));
        }
      if (want->state == FERRY_DIFF_STATE_NEWER_IN_SOURCE)
        g_assert_cmpint (s->modified_ms, >, t->modified_ms);
      if (want->state == FERRY_DIFF_STATE_NEWER_IN_TARGET)
        g_assert_cmpint (s->modified_ms, <=, t->modified_ms);
    }
  g_assert_cmpuint (g_hash_table_size (listed), ==, json_array_get_length (objects));

  /* Everything not listed is identical. */
  for (guint i = 0; i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *e = ferry_compare_result_get_entry (result, i);

      if (g_hash_table_contains (listed, e->id))
        continue;
      if (e->state != FERRY_DIFF_STATE_IDENTICAL)
        g_error ("%s “%s” is %d but the manifest does not list it", e->id,
                 ferry_compare_result_get_source_item (result, e)
                   ? ferry_compare_result_get_source_item (result, e)->name
                   : ferry_compare_result_get_target_item (result, e)->name,
                 e->state);
      g_assert_false (e->moved);
      expected[FERRY_DIFF_STATE_IDENTICAL]++;
    }

  /* The counts, against the manifest's own summary. */
  for (guint st = 0; st < FERRY_DIFF_N_STATES; st++)
    g_assert_cmpuint (ferry_compare_result_get_count (result, st), ==, expected[st]);
  g_assert_cmpuint (ferry_compare_result_get_n_moved (result), ==, expected_moved);
  g_assert_cmpuint (ferry_compare_result_get_n_moved (result), ==,
                    json_object_get_int_member (summary, "moved") +
                    json_object_get_int_member (summary, "moved_and_newer_in_source"));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_NEWER_IN_SOURCE), ==,
                    json_object_get_int_member (summary, "newer_in_source") +
                    json_object_get_int_member (summary, "moved_and_newer_in_source"));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_NEWER_IN_TARGET), ==,
                    json_object_get_int_member (summary, "newer_in_target"));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_ONLY_IN_SOURCE), ==,
                    json_object_get_int_member (summary, "only_in_source"));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_ONLY_IN_TARGET), ==,
                    json_object_get_int_member (summary, "only_in_target"));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_MOVED), ==,
                    json_object_get_int_member (summary, "moved"));
  g_test_message ("source %u, target %u objects; identical %u",
                  ferry_inventory_get_n_items (source), ferry_inventory_get_n_items (target),
                  ferry_compare_result_get_count (result, FERRY_DIFF_STATE_IDENTICAL));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_IDENTICAL), ==,
                    json_object_get_int_member (summary, "identical"));
  g_assert_cmpuint (ferry_inventory_get_n_items (source), ==,
                    json_object_get_int_member (summary, "sourceObjects"));
  g_assert_cmpuint (ferry_inventory_get_n_items (target), ==,
                    json_object_get_int_member (summary, "targetObjects"));
}

/* --- ferry_compare_projects_async: the one inventory loader, twice ----------------- */

static void
wait_result_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static FerryConnection *
connect_admin (FerrySandbox *sandbox)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  FerryConnection *c = ferry_connection_new (ferry_sandbox_get_base_url (sandbox), FERRY_LOGIN_MODE_STANDARD,
                                             "administrator", &error);

  g_assert_no_error (error);
  ferry_connection_connect_async (c, "", NULL, wait_result_cb, &result);
  g_assert_true (ferry_connection_connect_finish (c, wait_result (&result), &error));
  g_assert_no_error (error);
  g_test_queue_unref (c);
  return c;
}

typedef struct
{
  guint    calls[2];
  guint    finished[2];
  guint64  done[2];
  gboolean progress_freed;
  gboolean finished_before_result;
  gboolean have_result;
} Progress;

static void
projects_progress_cb (FerryCompareSide side,
                      guint64          done,
                      guint64          total,
                      gboolean         finished,
                      gpointer         user_data)
{
  Progress *p = user_data;

  g_assert_cmpint (side, <=, FERRY_COMPARE_SIDE_TARGET);
  g_assert_false (p->have_result);
  g_assert_cmpuint (p->finished[side], ==, 0);   /* nothing after the end */
  g_assert_cmpuint (done, >=, p->done[side]);
  if (total > 0)
    g_assert_cmpuint (done, <=, total);
  p->calls[side]++;
  p->done[side] = done;
  if (finished)
    {
      g_assert_cmpuint (done, ==, total);
      p->finished[side]++;
    }
}

static void
projects_progress_free (gpointer user_data)
{
  ((Progress *) user_data)->progress_freed = TRUE;
}

static void
test_compare_projects (void)
{
  FerrySandbox *dev = start_sandbox ("tutorial-dev", "Development");
  FerrySandbox *prod = start_sandbox ("tutorial-prod", "Production");
  FerryConnection *source = connect_admin (dev);
  FerryConnection *target = connect_admin (prod);
  g_autoptr(FerryInventory) expected_source = fetch_inventory (dev);
  g_autoptr(FerryInventory) expected_target = fetch_inventory (prod);
  g_autoptr(FerryCompareResult) expected = ferry_compare (expected_source, expected_target);
  g_autoptr(FerryCompareResult) result = NULL;
  g_autoptr(FerryInventory) inventory = NULL;
  g_autoptr(GAsyncResult) async = NULL;
  g_autoptr(GError) error = NULL;
  Progress p = { { 0 } };
  int failed_side = 7;
  guint64 n_items = 0;

  /* One project's inventory. */
  ferry_inventory_load_async (source, TUTORIAL_ID, NULL, NULL, NULL, NULL, wait_result_cb, &async);
  inventory = ferry_inventory_load_finish (wait_result (&async), &n_items, &error);
  g_assert_no_error (error);
  g_assert_nonnull (inventory);
  g_assert_cmpuint (n_items, ==, ferry_inventory_get_n_items (inventory));
  /* The search leaves the project's root folder out; fetch_inventory() adds it. */
  g_assert_cmpuint (ferry_inventory_get_n_items (inventory) + 1, ==, ferry_inventory_get_n_items (expected_source));
  for (guint i = 0; i < ferry_inventory_get_n_items (inventory); i++)
    {
      const FerryInventoryItem *item = ferry_inventory_get_item (inventory, i);
      const FerryInventoryItem *same = ferry_inventory_find (expected_source, item->id);

      g_assert_nonnull (same);
      g_assert_cmpstr (item->name, ==, same->name);
      g_assert_cmpstr (item->path, ==, same->path);
      g_assert_cmpint (item->modified_ms, ==, same->modified_ms);
    }
  g_clear_object (&async);

  /* Both projects, compared: what the Compare page shows. */
  ferry_compare_projects_async (source, TUTORIAL_ID, target, TUTORIAL_ID,
                                projects_progress_cb, &p, projects_progress_free,
                                NULL, wait_result_cb, &async);
  wait_result (&async);
  p.have_result = TRUE;
  result = ferry_compare_projects_finish (async, &failed_side, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpint (failed_side, ==, -1);
  for (guint side = 0; side < 2; side++)
    {
      g_assert_cmpuint (p.finished[side], ==, 1);
      g_assert_cmpuint (p.calls[side], >=, 2);
    }
  g_assert_cmpuint (p.done[FERRY_COMPARE_SIDE_SOURCE], ==, ferry_inventory_get_n_items (ferry_compare_result_get_source (result)));
  g_assert_cmpuint (p.done[FERRY_COMPARE_SIDE_TARGET], ==, ferry_inventory_get_n_items (ferry_compare_result_get_target (result)));
  for (guint st = 0; st < FERRY_DIFF_N_STATES; st++)
    if (st != FERRY_DIFF_STATE_IDENTICAL)
      g_assert_cmpuint (ferry_compare_result_get_count (result, st), ==, ferry_compare_result_get_count (expected, st));
  g_assert_cmpuint (ferry_compare_result_get_count (result, FERRY_DIFF_STATE_IDENTICAL) + 1, ==,
                    ferry_compare_result_get_count (expected, FERRY_DIFF_STATE_IDENTICAL));
  for (guint i = 0; i < ferry_compare_result_get_n_entries (result); i++)
    {
      const FerryCompareEntry *e = ferry_compare_result_get_entry (result, i);
      const FerryCompareEntry *same = ferry_compare_result_lookup (expected, e->id);

      g_assert_nonnull (same);
      g_assert_cmpint (e->state, ==, same->state);
      g_assert_cmpint (e->moved, ==, same->moved);
    }
  g_clear_object (&async);
  g_clear_pointer (&result, ferry_compare_result_unref);
  /* The progress data goes with the call. */
  g_assert_true (p.progress_freed);

  /* Cancelled at once: cancelled, no side to blame. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    ferry_compare_projects_async (source, TUTORIAL_ID, target, TUTORIAL_ID, NULL, NULL, NULL,
                                  cancellable, wait_result_cb, &async);
    g_cancellable_cancel (cancellable);
    result = ferry_compare_projects_finish (wait_result (&async), &failed_side, &error);
    g_assert_null (result);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (failed_side, ==, -1);
    g_clear_error (&error);
    g_clear_object (&async);
  }

  /* A side that cannot be read is named: the target lost its session. */
  {
    g_autoptr(GAsyncResult) logout = NULL;

    ferry_connection_disconnect_async (target, NULL, wait_result_cb, &logout);
    g_assert_true (ferry_connection_disconnect_finish (target, wait_result (&logout), &error));
    g_assert_no_error (error);
    ferry_compare_projects_async (source, TUTORIAL_ID, target, TUTORIAL_ID, NULL, NULL, NULL,
                                  NULL, wait_result_cb, &async);
    result = ferry_compare_projects_finish (wait_result (&async), &failed_side, &error);
    g_assert_null (result);
    g_assert_nonnull (error);
    g_assert_cmpint (failed_side, ==, FERRY_COMPARE_SIDE_TARGET);
    g_test_message ("target error: %s", error->message);
  }
}

int
main (int    argc,
      char **argv)
{
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  g_setenv ("GIO_USE_VFS", "local", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/compare/states", test_states);
  g_test_add_func ("/compare/empty", test_empty);
  g_test_add_func ("/compare/folder-differences", test_folder_differences);
  g_test_add_func ("/compare/lifetime", test_lifetime);
  g_test_add_func ("/compare/async", test_async);
  g_test_add_func ("/compare/async-cancel", test_async_cancel);
  g_test_add_func ("/compare/seed-manifest", test_seed_manifest);
  g_test_add_func ("/compare/projects", test_compare_projects);
  g_test_add_func ("/inventory/duplicates", test_duplicates);
  g_test_add_func ("/inventory/many", test_many);
  g_test_add_func ("/inventory/json", test_json);
  g_test_add_func ("/inventory/json-duplicates", test_json_duplicates);
  g_test_add_func ("/inventory/json-pages", test_json_pages);
  g_test_add_func ("/inventory/json-errors", test_json_errors);
  g_test_add_func ("/inventory/parse-time", test_parse_time);

  return g_test_run ();
}
