/* test-sandbox-discovery.c: projects, objects, folders, search, users,
 * dependencies, storage, and the seeds' planted differences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected answers are computed from the sandbox's objects as the test hook
 * ferry_sandbox_dup_objects() shows them; the seeds' differences are
 * computed here and compared with the committed manifest
 * tests/data/seed-differences.json.
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

typedef struct
{
  FerrySandbox *dev;
  FerrySandbox *prod;
  SbtClient    *c;
  JsonNode     *objects;
  GHashTable   *index;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  SbtPair pair;

  sbt_pair_start (&pair, NULL, NULL);
  f->dev = pair.dev;
  f->prod = pair.prod;
  f->c = sbt_client_new_admin (f->dev);
  f->objects = ferry_sandbox_dup_objects (f->dev, P);
  f->index = sbt_objects_index (f->objects);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_pointer (&f->c, sbt_client_free);
  g_clear_pointer (&f->index, g_hash_table_unref);
  g_clear_pointer (&f->objects, json_node_unref);
}

static SbtResponse *
get (SbtClient  *c,
     const char *path,
     const char *project)
{
  SbtResponse *r;

  if (project != NULL)
    r = sbt_request (c, "GET", path, NULL, "X-MSTR-ProjectID", project, NULL);
  else
    r = sbt_request (c, "GET", path, NULL, NULL);
  sbt_assert_status (r, 200);
  g_assert_nonnull (r->json);
  return r;
}

static gint64
total_header (SbtResponse *r)
{
  const char *total = soup_message_headers_get_one (r->headers, "x-mstr-total-count");

  g_assert_nonnull (total);
  return g_ascii_strtoll (total, NULL, 10);
}

/* Ids of a JSON array of objects, in order. */
static GPtrArray *
ids_of (JsonNode *array)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (array));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (array)); i++)
    g_ptr_array_add (ids, g_strdup (sbt_json_get_string (json_array_get_element (json_node_get_array (array), i),
                                                         "id")));
  return ids;
}

static void
assert_same_id_set (GPtrArray  *got,
                    GHashTable *expected)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < got->len; i++)
    {
      const char *id = g_ptr_array_index (got, i);

      if (!g_hash_table_contains (expected, id))
        g_error ("unexpected object %s in the answer", id);
      g_assert_false (g_hash_table_contains (seen, id));
      g_hash_table_add (seen, (gpointer) id);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, g_hash_table_size (expected));
}

static const char *
root_folder (Fixture *f)
{
  JsonArray *array = json_node_get_array (f->objects);
  const char *root = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (sbt_object_parent_id (o) == NULL)
        {
          g_assert_null (root);
          g_assert_cmpint (sbt_json_get_int (o, "type"), ==, 8);
          root = sbt_json_get_string (o, "id");
        }
    }
  g_assert_nonnull (root);
  return root;
}

static GHashTable *
children_of (Fixture    *f,
             const char *folder)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (f->objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (g_strcmp0 (sbt_object_parent_id (o), folder) == 0)
        g_hash_table_add (out, (gpointer) sbt_json_get_string (o, "id"));
    }
  return out;
}

/* ------------------------------------------------------------------------ */

static void
test_projects (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SbtResponse) list = get (f->c, "/api/projects", NULL);
  g_autoptr(GPtrArray) ids = ids_of (list->json);
  g_autoptr(SbtResponse) one = NULL;
  g_autoptr(SbtResponse) as_object = NULL;
  g_autofree char *path = NULL;

  g_assert_true (g_ptr_array_find_with_equal_func (ids, SBT_TUTORIAL_ID, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (ids, SBT_SECOND_PROJECT_ID, g_str_equal, NULL));
  for (guint i = 0; i < json_array_get_length (json_node_get_array (list->json)); i++)
    {
      JsonNode *p = json_array_get_element (json_node_get_array (list->json), i);

      g_assert_true (sbt_is_hex32 (sbt_json_get_string (p, "id")));
      g_assert_nonnull (sbt_json_get_string (p, "name"));
      g_assert_cmpint (sbt_json_get_int (p, "status"), ==, 0);
    }

  path = g_strdup_printf ("/api/projects/%s", P);
  one = get (f->c, path, NULL);
  g_assert_cmpstr (sbt_json_get_string (one->json, "id"), ==, P);
  g_assert_cmpstr (sbt_json_get_string (one->json, "name"), ==, "MicroStrategy Tutorial");

  /* a real client reads the project's name this way (project header set) */
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/api/objects/%s?type=32", P);
  as_object = get (f->c, path, P);
  g_assert_cmpstr (sbt_json_get_string (as_object->json, "id"), ==, P);
  g_assert_cmpint (sbt_json_get_int (as_object->json, "type"), ==, 32);
  g_assert_cmpstr (sbt_json_get_string (as_object->json, "name"), ==, "MicroStrategy Tutorial");
}

static void
test_objects (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *path = g_strdup_printf ("/api/objects/%s?type=12&comments=True", SBT_YEAR_ID);
  g_autoptr(SbtResponse) year = get (f->c, path, P);
  JsonNode *hook = g_hash_table_lookup (f->index, SBT_YEAR_ID);
  g_autoptr(GList) members = NULL;

  g_assert_nonnull (hook);
  g_assert_cmpstr (sbt_json_get_string (year->json, "name"), ==, "Year");
  g_assert_cmpint (sbt_json_get_int (year->json, "type"), ==, 12);
  g_assert_true (sbt_is_timestamp (sbt_json_get_string (year->json, "dateModified")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (sbt_json_get (year->json, "acl")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (sbt_json_get (year->json, "ancestors")));
  /* the hook shows the object as GET does, plus "uses" and "definition" */
  members = json_object_get_members (json_node_get_object (hook));
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "uses") || g_str_equal (l->data, "definition"))
        continue;
      if (g_str_equal (l->data, "parentId"))
        {
          /* the hook may name the folder; it is the last ancestor */
          g_assert_cmpstr (sbt_json_get_string (hook, "parentId"), ==, sbt_object_parent_id (year->json));
          continue;
        }
      if (!sbt_member_equal (hook, year->json, l->data))
        {
          g_autofree char *a = sbt_json_to_string (sbt_json_get (hook, l->data));
          g_autofree char *b = sbt_json_to_string (sbt_json_get (year->json, l->data));
          g_error ("GET /api/objects and the hook differ in \"%s\": %s vs %s", (char *) l->data, b, a);
        }
    }

  /* a configuration object, without a project header */
  {
    g_autofree char *p = g_strdup_printf ("/api/objects/%s?type=34", SBT_ADMINISTRATOR_ID);
    g_autoptr(SbtResponse) admin = get (f->c, p, NULL);

    g_assert_cmpstr (sbt_json_get_string (admin->json, "name"), ==, "Administrator");
    g_assert_cmpint (sbt_json_get_int (admin->json, "subtype"), ==, 8704);
  }
}

static void
test_folders (Fixture       *f,
              gconstpointer  data)
{
  const char *root = root_folder (f);
  g_autoptr(GHashTable) top = children_of (f, root);
  g_autoptr(SbtResponse) list = get (f->c, "/api/folders", P);
  g_autoptr(GPtrArray) top_ids = ids_of (list->json);
  const char *big = NULL;
  guint big_size = 0;
  GHashTableIter iter;
  gpointer key;

  assert_same_id_set (top_ids, top);
  g_assert_cmpint (total_header (list), ==, g_hash_table_size (top));

  /* the folder with the most children, read whole and in pages of 2 */
  {
    JsonArray *array = json_node_get_array (f->objects);
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *o = json_array_get_element (array, i);
        g_autoptr(GHashTable) kids = NULL;

        if (sbt_json_get_int (o, "type") != 8)
          continue;
        kids = children_of (f, sbt_json_get_string (o, "id"));
        if (g_hash_table_size (kids) > big_size)
          {
            big_size = g_hash_table_size (kids);
            big = sbt_json_get_string (o, "id");
          }
      }
  }
  g_assert_cmpuint (big_size, >=, 3);
  {
    g_autoptr(GHashTable) kids = children_of (f, big);
    g_autofree char *path = g_strdup_printf ("/api/folders/%s", big);
    g_autoptr(SbtResponse) whole = get (f->c, path, P);
    g_autoptr(GPtrArray) whole_ids = ids_of (whole->json);
    g_autoptr(GPtrArray) paged = g_ptr_array_new_with_free_func (g_free);
    gboolean folders_done = FALSE;

    assert_same_id_set (whole_ids, kids);
    g_assert_cmpint (total_header (whole), ==, big_size);
    /* folders first */
    for (guint i = 0; i < whole_ids->len; i++)
      {
        gboolean folder = sbt_json_get_int (g_hash_table_lookup (f->index, g_ptr_array_index (whole_ids, i)),
                                            "type") == 8;
        if (!folder)
          folders_done = TRUE;
        else
          g_assert_false (folders_done);
      }

    for (guint offset = 0; offset < big_size + 2; offset += 2)
      {
        g_autofree char *p = g_strdup_printf ("/api/folders/%s?offset=%u&limit=2", big, offset);
        g_autoptr(SbtResponse) page = get (f->c, p, P);
        g_autoptr(GPtrArray) page_ids = ids_of (page->json);

        g_assert_cmpint (total_header (page), ==, big_size);
        g_assert_cmpuint (page_ids->len, ==, MIN (2, big_size > offset ? big_size - offset : 0));
        for (guint i = 0; i < page_ids->len; i++)
          g_ptr_array_add (paged, g_strdup (g_ptr_array_index (page_ids, i)));
      }
    g_assert_cmpuint (paged->len, ==, whole_ids->len);
    for (guint i = 0; i < paged->len; i++)
      g_assert_cmpstr (g_ptr_array_index (paged, i), ==, g_ptr_array_index (whole_ids, i));
  }

  g_hash_table_iter_init (&iter, top);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_assert_nonnull (g_hash_table_lookup (f->index, key));
}

/* What a search should find, from the hook's objects. */
typedef struct
{
  const char *name;
  int         pattern;
  gint64      type;       /* 0: any; matches type or subtype */
  const char *root;
} Query;

static gboolean
name_matches (const char *object_name,
              const char *name,
              int         pattern)
{
  g_autofree char *hay = g_utf8_casefold (object_name, -1);
  g_autofree char *needle = g_utf8_casefold (name, -1);

  switch (pattern)
    {
    case 1:
      return g_str_has_prefix (hay, needle);
    case 2:
      return g_str_equal (hay, needle);
    case 5:
      return g_str_has_suffix (hay, needle);
    case 4:
    default:
      return strstr (hay, needle) != NULL;
    }
}

static gboolean
is_below (JsonNode   *object,
          const char *folder)
{
  JsonNode *ancestors = sbt_json_get (object, "ancestors");

  for (guint i = 0; ancestors && i < json_array_get_length (json_node_get_array (ancestors)); i++)
    if (g_strcmp0 (sbt_json_get_string (json_array_get_element (json_node_get_array (ancestors), i), "id"),
                   folder) == 0)
      return TRUE;
  return FALSE;
}

static GHashTable *
expected_search (Fixture     *f,
                 const Query *q)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (f->objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (sbt_object_parent_id (o) == NULL)
        continue;   /* the root folder */
      if (q->name != NULL && !name_matches (sbt_json_get_string (o, "name"), q->name, q->pattern))
        continue;
      if (q->type != 0 && sbt_json_get_int (o, "type") != q->type && sbt_json_get_int (o, "subtype") != q->type)
        continue;
      if (q->root != NULL && !is_below (o, q->root))
        continue;
      g_hash_table_add (out, (gpointer) sbt_json_get_string (o, "id"));
    }
  return out;
}

static SbtResponse *
search (Fixture     *f,
        const Query *q,
        const char  *extra)
{
  g_autoptr(GString) path = g_string_new ("/api/searches/results?");

  if (q->name != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (q->name, NULL, FALSE);
      g_string_append_printf (path, "name=%s&pattern=%d&", escaped, q->pattern);
    }
  if (q->type != 0)
    g_string_append_printf (path, "type=%" G_GINT64_FORMAT "&", q->type);
  if (q->root != NULL)
    g_string_append_printf (path, "root=%s&", q->root);
  g_string_append (path, extra ? extra : "limit=-1");
  return get (f->c, path->str, P);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  const char *reports = NULL;
  JsonArray *array = json_node_get_array (f->objects);

  for (guint i = 0; i < json_array_get_length (array) && reports == NULL; i++)
    if (g_strcmp0 (sbt_json_get_string (json_array_get_element (array, i), "name"), "Reports") == 0 &&
        sbt_json_get_int (json_array_get_element (array, i), "type") == 8)
      reports = sbt_json_get_string (json_array_get_element (array, i), "id");
  g_assert_nonnull (reports);

  {
    const Query queries[] = {
      { "Year", 2, 12, NULL },
      { "year", 2, 0, NULL },
      { "revenue", 4, 0, NULL },
      { "Revenue", 1, 0, NULL },
      { "report", 5, 0, NULL },
      { NULL, 0, 3, reports },
      { NULL, 0, 768, reports },
      { "sales", 4, 0, reports },
    };

    for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
      {
        g_autoptr(GHashTable) expected = expected_search (f, &queries[i]);
        g_autoptr(SbtResponse) r = search (f, &queries[i], NULL);
        g_autoptr(GPtrArray) ids = ids_of (sbt_json_get (r->json, "result"));

        g_test_message ("search %u: %s/%d/%" G_GINT64_FORMAT, i, queries[i].name, queries[i].pattern,
                        queries[i].type);
        g_assert_cmpuint (g_hash_table_size (expected), >, 0);
        assert_same_id_set (ids, expected);
        g_assert_cmpint (sbt_json_get_int (r->json, "totalItems"), ==, g_hash_table_size (expected));
        g_assert_cmpint (total_header (r), ==, g_hash_table_size (expected));
      }
  }

  /* Year exactly: one result */
  {
    const Query q = { "Year", 2, 12, NULL };
    g_autoptr(SbtResponse) r = search (f, &q, "limit=-1&getAncestors=true");

    g_assert_cmpint (sbt_json_get_int (r->json, "totalItems"), ==, 1);
    g_assert_cmpstr (sbt_json_get_string (r->json, "result.0.id"), ==, SBT_YEAR_ID);
    sbt_assert_json_equal (sbt_json_get (g_hash_table_lookup (f->index, SBT_YEAR_ID), "ancestors"),
                           sbt_json_get (r->json, "result.0.ancestors"));
  }

  /* paging: offset/limit slice the whole answer; totalItems stays the total */
  {
    const Query q = { "revenue", 4, 0, NULL };
    g_autoptr(SbtResponse) whole = search (f, &q, "limit=-1");
    g_autoptr(SbtResponse) page = search (f, &q, "offset=2&limit=3");
    g_autoptr(GPtrArray) whole_ids = ids_of (sbt_json_get (whole->json, "result"));
    g_autoptr(GPtrArray) page_ids = ids_of (sbt_json_get (page->json, "result"));

    g_assert_cmpuint (whole_ids->len, >=, 5);
    g_assert_cmpint (sbt_json_get_int (page->json, "totalItems"), ==, whole_ids->len);
    g_assert_cmpint (total_header (page), ==, whole_ids->len);
    g_assert_cmpuint (page_ids->len, ==, 3);
    for (guint i = 0; i < 3; i++)
      g_assert_cmpstr (g_ptr_array_index (page_ids, i), ==, g_ptr_array_index (whole_ids, i + 2));
    /* without getAncestors, no ancestors */
    g_assert_null (sbt_json_get (page->json, "result.0.ancestors"));
  }
}

/* All pages of Q, LIMIT at a time, joined (ids in answer order). */
static GPtrArray *
read_pages (Fixture     *f,
            const Query *q,
            guint        limit)
{
  GPtrArray *all = g_ptr_array_new_with_free_func (g_free);
  gint64 total = -1;

  for (guint offset = 0; total < 0 || offset < total; offset += limit)
    {
      g_autofree char *extra = g_strdup_printf ("offset=%u&limit=%u", offset, limit);
      g_autoptr(SbtResponse) r = search (f, q, extra);
      g_autoptr(GPtrArray) ids = ids_of (sbt_json_get (r->json, "result"));

      total = sbt_json_get_int (r->json, "totalItems");
      for (guint i = 0; i < ids->len; i++)
        g_ptr_array_add (all, g_strdup (g_ptr_array_index (ids, i)));
    }
  return all;
}

static void
assert_same_order (GPtrArray *a,
                   GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    g_assert_cmpstr (g_ptr_array_index (a, i), ==, g_ptr_array_index (b, i));
}

/* A paged read after the project changed (renamed, moved, deleted,
 * imported) answers the project as it is now, page after page: the
 * sandbox keeps sorted answers between pages and must drop them. */
static void
test_search_pages_follow_changes (Fixture       *f,
                                  gconstpointer  data)
{
  const Query everything = { NULL, 0, 0, NULL };
  const Query revenue = { "revenue", 4, 0, NULL };
  g_autoptr(GPtrArray) before = read_pages (f, &everything, 40);
  g_autoptr(GPtrArray) whole = NULL;
  g_autoptr(GPtrArray) paged = NULL;
  g_autoptr(GPtrArray) revenue_before = read_pages (f, &revenue, 3);
  g_autoptr(GError) error = NULL;
  const char *moved = g_ptr_array_index (before, before->len - 1);
  const char *deleted = g_ptr_array_index (before, before->len / 2);
  g_autofree char *moved_id = g_strdup (moved);
  g_autofree char *deleted_id = g_strdup (deleted);

  {
    g_autoptr(SbtResponse) r = search (f, &everything, "limit=-1");
    g_autoptr(GPtrArray) ids = ids_of (sbt_json_get (r->json, "result"));

    assert_same_order (before, ids);
  }

  /* Renamed to sort first between two page reads... */
  {
    g_autoptr(SbtResponse) first = search (f, &everything, "offset=0&limit=40");
    g_autoptr(GPtrArray) renamed = NULL;
    g_autoptr(GPtrArray) renamed_whole = NULL;

    g_assert_true (ferry_sandbox_modify_object (f->dev, P, moved_id, "  AAA renamed first", NULL, 0, &error));
    g_assert_no_error (error);
    renamed = read_pages (f, &everything, 40);
    {
      g_autoptr(SbtResponse) r = search (f, &everything, "limit=-1");

      renamed_whole = ids_of (sbt_json_get (r->json, "result"));
    }
    assert_same_order (renamed, renamed_whole);
    g_assert_cmpstr (g_ptr_array_index (renamed, before->len - 1), !=, moved_id);
  }

  /* ...and one deleted. */
  {
    g_autoptr(SbtResponse) first = search (f, &everything, "offset=0&limit=40");

    g_assert_true (ferry_sandbox_delete_object (f->dev, P, deleted_id, &error));
    g_assert_no_error (error);
  }
  paged = read_pages (f, &everything, 40);
  {
    g_autoptr(SbtResponse) r = search (f, &everything, "limit=-1");

    whole = ids_of (sbt_json_get (r->json, "result"));
  }
  assert_same_order (paged, whole);
  g_assert_cmpuint (paged->len, ==, before->len - 1);
  for (guint i = 0; i < paged->len; i++)
    g_assert_cmpstr (g_ptr_array_index (paged, i), !=, deleted_id);
  /* The renamed object moved up the answer. */
  for (guint i = 0; i < paged->len; i++)
    if (g_strcmp0 (g_ptr_array_index (paged, i), moved_id) == 0)
      {
        g_assert_cmpuint (i, <, before->len - 1);
        break;
      }

  /* Another search's pages are still right too. */
  {
    g_autoptr(GPtrArray) revenue_after = read_pages (f, &revenue, 3);
    g_autoptr(SbtResponse) r = search (f, &revenue, "limit=-1");
    g_autoptr(GPtrArray) revenue_whole = ids_of (sbt_json_get (r->json, "result"));

    assert_same_order (revenue_after, revenue_whole);
    g_assert_cmpuint (revenue_before->len, >, 0);
  }
}

static void
assert_users (Fixture    *f,
              const char *route,
              gint64      subtype)
{
  g_autoptr(JsonNode) config = ferry_sandbox_dup_objects (f->dev, NULL);
  g_autoptr(GHashTable) expected = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = json_node_get_array (config);
  g_autofree char *path = g_strdup_printf ("/api/%s", route);
  g_autofree char *paged_path = g_strdup_printf ("/api/%s?offset=1&limit=2", route);
  g_autoptr(SbtResponse) whole = get (f->c, path, NULL);
  g_autoptr(SbtResponse) page = get (f->c, paged_path, NULL);
  g_autoptr(GPtrArray) whole_ids = ids_of (whole->json);
  g_autoptr(GPtrArray) page_ids = ids_of (page->json);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (sbt_json_get_int (o, "type") == 34 && sbt_json_get_int (o, "subtype") == subtype)
        g_hash_table_add (expected, (gpointer) sbt_json_get_string (o, "id"));
    }
  g_assert_cmpuint (g_hash_table_size (expected), >=, 3);
  assert_same_id_set (whole_ids, expected);
  g_assert_cmpint (total_header (whole), ==, g_hash_table_size (expected));
  g_assert_cmpint (total_header (page), ==, g_hash_table_size (expected));
  g_assert_cmpuint (page_ids->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (g_ptr_array_index (page_ids, i), ==, g_ptr_array_index (whole_ids, i + 1));
}

static void
test_users (Fixture       *f,
            gconstpointer  data)
{
  assert_users (f, "users", 8704);
  assert_users (f, "usergroups", 8705);
  {
    g_autofree char *path = g_strdup_printf ("/api/users/%s", SBT_ADMINISTRATOR_ID);
    g_autoptr(SbtResponse) admin = get (f->c, path, NULL);

    g_assert_cmpstr (sbt_json_get_string (admin->json, "name"), ==, "Administrator");
  }
}

/* Objects that use ID (directly or transitively), from the hook's objects. */
static GHashTable *
users_of (Fixture    *f,
          const char *id,
          gboolean    recursive)
{
  GHashTable *out = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();
  JsonArray *array = json_node_get_array (f->objects);

  g_ptr_array_add (todo, (gpointer) id);
  while (todo->len > 0)
    {
      const char *current = g_ptr_array_steal_index (todo, todo->len - 1);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *o = json_array_get_element (array, i);
          JsonNode *uses = sbt_json_get (o, "uses");
          const char *oid = sbt_json_get_string (o, "id");

          for (guint k = 0; uses && k < json_array_get_length (json_node_get_array (uses)); k++)
            if (g_str_equal (json_array_get_string_element (json_node_get_array (uses), k), current) &&
                !g_hash_table_contains (out, oid))
              {
                g_hash_table_add (out, (gpointer) oid);
                if (recursive)
                  g_ptr_array_add (todo, (gpointer) oid);
              }
        }
    }
  return out;
}

static GPtrArray *
metadata_search (Fixture    *f,
                 const char *query)
{
  g_autofree char *post_path = g_strdup_printf ("/api/metadataSearches/results?%s", query);
  g_autoptr(SbtResponse) posted = sbt_request (f->c, "POST", post_path, NULL, "X-MSTR-ProjectID", P, NULL);
  g_autofree char *get_path = NULL;
  g_autoptr(SbtResponse) results = NULL;
  const char *search_id;

  g_assert_cmpuint (posted->status / 100, ==, 2);
  search_id = sbt_json_get_string (posted->json, "id");
  g_assert_nonnull (search_id);
  get_path = g_strdup_printf ("/api/metadataSearches/results?searchId=%s&offset=0&limit=-1", search_id);
  results = get (f->c, get_path, P);
  return ids_of (results->json);
}

static void
test_dependencies (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GHashTable) direct_users = users_of (f, SBT_YEAR_ID, FALSE);
  g_autoptr(GHashTable) all_users = users_of (f, SBT_YEAR_ID, TRUE);
  g_autoptr(GHashTable) direct_used = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) all_used = sbt_uses_closure (f->index, SBT_YEAR_ID);
  JsonNode *uses = sbt_json_get (g_hash_table_lookup (f->index, SBT_YEAR_ID), "uses");

  for (guint k = 0; k < json_array_get_length (json_node_get_array (uses)); k++)
    g_hash_table_add (direct_used, (gpointer) json_array_get_string_element (json_node_get_array (uses), k));
  g_assert_cmpuint (g_hash_table_size (direct_users), >, 0);
  g_assert_cmpuint (g_hash_table_size (all_users), >, g_hash_table_size (direct_users));
  g_assert_cmpuint (g_hash_table_size (direct_used), >, 0);

  {
    g_autoptr(GPtrArray) got = metadata_search (f, "usesObject=" SBT_YEAR_ID "%3B12&usesRecursive=false");
    assert_same_id_set (got, direct_users);
  }
  {
    g_autoptr(GPtrArray) got = metadata_search (f, "usesObject=" SBT_YEAR_ID "%3B12&usesRecursive=True");
    assert_same_id_set (got, all_users);
  }
  {
    g_autoptr(GPtrArray) got = metadata_search (f, "usedByObject=" SBT_YEAR_ID "%3B12&usedByRecursive=false");
    assert_same_id_set (got, direct_used);
  }
  {
    g_autoptr(GPtrArray) got = metadata_search (f, "usedByObject=" SBT_YEAR_ID "%3B12&usedByRecursive=true");
    assert_same_id_set (got, all_used);
  }
}

static void
test_storage (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(SbtResponse) r = get (f->c, "/api/mstrServices/library/storage", NULL);

  g_assert_true (sbt_json_get_bool (r->json, "sharedFileStore.configured"));
  g_assert_cmpstr (sbt_json_get_string (r->json, "sharedFileStore.type"), ==, "file_system");
}

/* ------------------------------------------------------------------------ */
/* The seeds' planted differences                                             */
/* ------------------------------------------------------------------------ */

static char *
folder_path (JsonNode *object)
{
  JsonNode *ancestors = sbt_json_get (object, "ancestors");
  g_autoptr(GString) s = g_string_new (NULL);

  /* the root folder (first ancestor) is not named */
  for (guint i = 1; ancestors && i < json_array_get_length (json_node_get_array (ancestors)); i++)
    {
      g_string_append_c (s, '\\');
      g_string_append (s, sbt_json_get_string (json_array_get_element (json_node_get_array (ancestors), i), "name"));
    }
  if (s->len == 0)
    g_string_append_c (s, '\\');
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static JsonNode *
difference (JsonNode   *src,
            JsonNode   *tgt,
            const char *state,
            gboolean    with_paths)
{
  JsonNode *named = src ? src : tgt;
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (o, "id", sbt_json_get_string (named, "id"));
  json_object_set_string_member (o, "name", sbt_json_get_string (named, "name"));
  json_object_set_int_member (o, "type", sbt_json_get_int (named, "type"));
  json_object_set_int_member (o, "subtype", sbt_json_get_int (named, "subtype"));
  json_object_set_string_member (o, "state", state);
  if (with_paths)
    {
      g_autofree char *source_path = src ? folder_path (src) : NULL;
      g_autofree char *target_path = tgt ? folder_path (tgt) : NULL;

      if (source_path)
        json_object_set_string_member (o, "sourcePath", source_path);
      else
        json_object_set_null_member (o, "sourcePath");
      if (target_path)
        json_object_set_string_member (o, "targetPath", target_path);
      else
        json_object_set_null_member (o, "targetPath");
    }
  json_node_take_object (node, o);
  return node;
}

/* Differences by id, computed from both seeds; *IDENTICAL counts the rest. */
static GHashTable *
compute_differences (JsonNode *source,
                     JsonNode *target,
                     gboolean  with_paths,
                     guint    *identical)
{
  g_autoptr(GHashTable) s = sbt_objects_index (source);
  g_autoptr(GHashTable) t = sbt_objects_index (target);
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_node_unref);
  GHashTableIter iter;
  gpointer key, value;

  *identical = 0;
  g_hash_table_iter_init (&iter, s);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      JsonNode *other = g_hash_table_lookup (t, key);
      const char *state = NULL;

      if (other == NULL)
        state = "only_in_source";
      else if (!sbt_member_equal (value, other, "version"))
        {
          gboolean moved = g_strcmp0 (sbt_object_parent_id (value), sbt_object_parent_id (other)) != 0;
          int cmp = g_strcmp0 (sbt_json_get_string (value, "dateModified"),
                               sbt_json_get_string (other, "dateModified"));

          if (cmp > 0)
            state = moved ? "moved_and_newer_in_source" : "newer_in_source";
          else if (cmp < 0)
            state = moved ? "moved_and_newer_in_target" : "newer_in_target";
          else
            state = "differs_same_time";
        }
      else if (g_strcmp0 (sbt_object_parent_id (value), sbt_object_parent_id (other)) != 0)
        state = "moved";
      else
        {
          /* same version, same folder: everything else is the same too */
          sbt_assert_json_equal (value, other);
          (*identical)++;
          continue;
        }
      g_hash_table_insert (out, g_strdup (key), difference (value, other, state, with_paths));
    }
  g_hash_table_iter_init (&iter, t);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (s, key))
      g_hash_table_insert (out, g_strdup (key), difference (NULL, value, "only_in_target", with_paths));
  return out;
}

static void
assert_manifest_list (JsonNode   *manifest_list,
                      GHashTable *computed)
{
  JsonArray *array = json_node_get_array (manifest_list);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (entry, "id");
      JsonNode *mine = g_hash_table_lookup (computed, id);

      if (mine == NULL)
        {
          g_autofree char *text = sbt_json_to_string (entry);
          g_error ("the manifest lists %s, but the seeds do not differ there", text);
        }
      g_hash_table_add (seen, (gpointer) id);
      sbt_assert_json_equal (entry, mine);
    }
  g_hash_table_iter_init (&iter, computed);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (seen, key))
      {
        g_autofree char *text = sbt_json_to_string (value);
        g_error ("the seeds differ in %s, which the manifest does not list", text);
      }
}

static void
test_seed_manifest (Fixture       *f,
                    gconstpointer  data)
{
  const char *path = g_getenv ("FERRY_SEED_DIFFERENCES");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) manifest = NULL;
  g_autoptr(JsonNode) source = NULL;
  g_autoptr(JsonNode) target = NULL;
  g_autoptr(GHashTable) differences = NULL;
  g_autoptr(GHashTable) config_differences = NULL;
  guint identical = 0, config_identical = 0;

  if (path == NULL)
    {
      g_autofree char *fallback = g_test_build_filename (G_TEST_DIST, "data", "seed-differences.json", NULL);
      g_file_get_contents (fallback, &text, NULL, &error);
    }
  else
    g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  manifest = sbt_json_parse (text);
  g_assert_cmpstr (sbt_json_get_string (manifest, "source"), ==, "tutorial-dev");
  g_assert_cmpstr (sbt_json_get_string (manifest, "target"), ==, "tutorial-prod");
  g_assert_cmpstr (sbt_json_get_string (manifest, "project"), ==, P);

  /* the project */
  source = ferry_sandbox_dup_objects (f->dev, P);
  target = ferry_sandbox_dup_objects (f->prod, P);
  differences = compute_differences (source, target, TRUE, &identical);
  assert_manifest_list (sbt_json_get (manifest, "objects"), differences);
  g_assert_cmpint (sbt_json_get_int (manifest, "summary.sourceObjects"), ==,
                   json_array_get_length (json_node_get_array (source)));
  g_assert_cmpint (sbt_json_get_int (manifest, "summary.targetObjects"), ==,
                   json_array_get_length (json_node_get_array (target)));
  g_assert_cmpint (sbt_json_get_int (manifest, "summary.identical"), ==, identical);
  {
    JsonObject *summary = json_node_get_object (sbt_json_get (manifest, "summary"));
    g_autoptr(GList) members = json_object_get_members (summary);

    for (GList *l = members; l != NULL; l = l->next)
      {
        GHashTableIter iter;
        gpointer value;
        gint64 count = 0;

        if (g_str_equal (l->data, "sourceObjects") || g_str_equal (l->data, "targetObjects") ||
            g_str_equal (l->data, "identical"))
          continue;
        g_hash_table_iter_init (&iter, differences);
        while (g_hash_table_iter_next (&iter, NULL, &value))
          if (g_strcmp0 (sbt_json_get_string (value, "state"), l->data) == 0)
            count++;
        g_assert_cmpint (json_object_get_int_member (summary, l->data), ==, count);
      }
  }

  /* the configuration */
  {
    g_autoptr(JsonNode) cs = ferry_sandbox_dup_objects (f->dev, NULL);
    g_autoptr(JsonNode) ct = ferry_sandbox_dup_objects (f->prod, NULL);

    config_differences = compute_differences (cs, ct, FALSE, &config_identical);
    assert_manifest_list (sbt_json_get (manifest, "configuration"), config_differences);
    g_assert_cmpuint (config_identical, >, 0);
  }

  /* projects the manifest calls identical */
  {
    JsonArray *same = json_node_get_array (sbt_json_get (manifest, "identicalProjects"));

    for (guint i = 0; i < json_array_get_length (same); i++)
      {
        const char *id = json_array_get_string_element (same, i);
        g_autoptr(JsonNode) a = ferry_sandbox_dup_objects (f->dev, id);
        g_autoptr(JsonNode) b = ferry_sandbox_dup_objects (f->prod, id);

        g_assert_cmpuint (json_array_get_length (json_node_get_array (a)), >, 0);
        sbt_assert_json_equal (a, b);
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/sandbox/discovery/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("projects", test_projects);
  ADD ("objects", test_objects);
  ADD ("folders", test_folders);
  ADD ("search", test_search);
  ADD ("search-pages-follow-changes", test_search_pages_follow_changes);
  ADD ("users", test_users);
  ADD ("dependencies", test_dependencies);
  ADD ("storage", test_storage);
  ADD ("seed-manifest", test_seed_manifest);
#undef ADD

  return g_test_run ();
}
