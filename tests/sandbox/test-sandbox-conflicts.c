/* test-sandbox-conflicts.c: what an import does to each object
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * api.md "Sandbox semantics": every cell of the conflict-outcome table
 * (7 actions × the target states), which rule applies in a project merge,
 * the ACL options, validateDependencies, blocked deletes, keep_both and
 * undo. Target states are made with the test hooks; the outcome is read back
 * with ferry_sandbox_dup_object() and compared field by field.
 */

#include <string.h>

#include "sb-test-util.h"

#define P SBT_TUTORIAL_ID

typedef struct
{
  SbtPair     pair;
  SbtClient  *src;
  SbtClient  *tgt;
  char       *src_url;
  char       *tgt_url;
  JsonNode   *dev_objects;   /* snapshots at set-up */
  JsonNode   *prod_objects;
  GHashTable *dev;           /* id → object (borrowed from the snapshots) */
  GHashTable *prod;
  GHashTable *used;          /* ids some object uses, in either seed */
} Env;

static void
env_init (Env *e)
{
  memset (e, 0, sizeof *e);
  sbt_pair_start (&e->pair, NULL, NULL);
  e->src = sbt_client_new_admin (e->pair.dev);
  e->tgt = sbt_client_new_admin (e->pair.prod);
  e->src_url = g_strdup (ferry_sandbox_get_base_url (e->pair.dev));
  e->tgt_url = g_strdup (ferry_sandbox_get_base_url (e->pair.prod));
  e->dev_objects = ferry_sandbox_dup_objects (e->pair.dev, P);
  e->prod_objects = ferry_sandbox_dup_objects (e->pair.prod, P);
  e->dev = sbt_objects_index (e->dev_objects);
  e->prod = sbt_objects_index (e->prod_objects);
  e->used = g_hash_table_new (g_str_hash, g_str_equal);
  sbt_add_uses (e->used, e->dev);
  sbt_add_uses (e->used, e->prod);
}

static void
env_clear (Env *e)
{
  g_clear_pointer (&e->src, sbt_client_free);
  g_clear_pointer (&e->tgt, sbt_client_free);
  g_clear_pointer (&e->dev, g_hash_table_unref);
  g_clear_pointer (&e->prod, g_hash_table_unref);
  g_clear_pointer (&e->used, g_hash_table_unref);
  g_clear_pointer (&e->dev_objects, json_node_unref);
  g_clear_pointer (&e->prod_objects, json_node_unref);
  g_clear_pointer (&e->src_url, g_free);
  g_clear_pointer (&e->tgt_url, g_free);
}

static gboolean
is_folder (JsonNode *object)
{
  return sbt_json_get_int (object, "type") == 8;
}

/* Present in both seeds, identical (version, dates, folder, ACL, definition). */
static gboolean
identical (Env        *e,
           const char *id)
{
  JsonNode *a = g_hash_table_lookup (e->dev, id);
  JsonNode *b = g_hash_table_lookup (e->prod, id);

  return a != NULL && b != NULL && json_node_equal (a, b);
}

/* Identical non-folder objects that nothing uses, sorted by id. */
static GPtrArray *
leaf_candidates (Env *e)
{
  GPtrArray *out = g_ptr_array_new ();
  JsonArray *array = json_node_get_array (e->dev_objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      if (!is_folder (o) && identical (e, id) && !g_hash_table_contains (e->used, id) &&
          sbt_object_parent_id (o) != NULL)
        g_ptr_array_add (out, (gpointer) id);
    }
  return out;
}

/* An identical folder that is not the root and not EXCEPT. */
static const char *
other_folder (Env        *e,
              const char *except)
{
  JsonArray *array = json_node_get_array (e->dev_objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      if (is_folder (o) && identical (e, id) && sbt_object_parent_id (o) != NULL &&
          g_strcmp0 (id, except) != 0)
        return id;
    }
  g_error ("the seeds share no folder besides %s", except);
  return NULL;
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static void
modify (FerrySandbox *sandbox,
        const char   *id,
        const char   *new_parent,
        gint64        modified_ms)
{
  g_autoptr(GError) error = NULL;

  ferry_sandbox_modify_object (sandbox, P, id, NULL, new_parent, modified_ms, &error);
  g_assert_no_error (error);
}

static void
remove_object (FerrySandbox *sandbox,
               const char   *id)
{
  g_autoptr(GError) error = NULL;

  ferry_sandbox_delete_object (sandbox, P, id, &error);
  g_assert_no_error (error);
  g_assert_null (ferry_sandbox_dup_object (sandbox, P, id));
}

static JsonNode *
settings_new (const char *default_action,
              const char *acl_replacing,
              const char *acl_new,
              const char *extra)      /* more members, JSON text without braces, or NULL */
{
  g_autofree char *text = g_strdup_printf ("{\"defaultAction\":\"%s\","
                                           "\"aclOnReplacingObjects\":\"%s\","
                                           "\"aclOnNewObjects\":[\"%s\"]%s%s}",
                                           default_action, acl_replacing, acl_new,
                                           extra ? "," : "", extra ? extra : "");
  return sbt_json_parse (text);
}

static void
content_add (JsonArray  *content,
             JsonNode   *object,
             const char *action)
{
  JsonObject *item = json_object_new ();

  json_object_set_string_member (item, "id", sbt_json_get_string (object, "id"));
  json_object_set_string_member (item, "name", sbt_json_get_string (object, "name"));
  json_object_set_int_member (item, "type", sbt_json_get_int (object, "type"));
  json_object_set_string_member (item, "action", action);
  json_object_set_boolean_member (item, "includeDependents", FALSE);
  json_array_add_object_element (content, item);
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static gboolean
undo_storage_empty (JsonNode *record)
{
  JsonNode *storage = sbt_json_get (record, "importInfo.undoStorage");

  g_assert_nonnull (storage);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (storage));
  return json_object_get_size (json_node_get_object (storage)) == 0;
}

static void
assert_undo_refused (SbtClient  *target,
                     const char *migration_id)
{
  g_autofree char *path = g_strdup_printf ("/api/migrations/%s", migration_id);
  g_autoptr(SbtResponse) before = sbt_request (target, "GET", path, NULL, NULL);
  g_autoptr(SbtResponse) refused = sbt_request (target, "PATCH", path,
                                                "{\"importInfo\":{\"undoRequestStatus\":\"requested\"}}",
                                                NULL);
  g_autoptr(SbtResponse) after = sbt_request (target, "GET", path, NULL, NULL);

  sbt_assert_error (refused, 400, "ERR006");
  sbt_assert_status (before, 200);
  sbt_assert_status (after, 200);
  sbt_assert_json_equal (before->json, after->json);
}

static void
assert_undo_restores (Env        *e,
                      const char *migration_id,
                      JsonNode   *record,
                      JsonNode   *before)
{
  g_autoptr(JsonNode) undone = NULL;
  g_autoptr(JsonNode) after_undo = NULL;

  g_assert_false (undo_storage_empty (record));
  g_assert_cmpint (sbt_json_get_int (record, "importInfo.undoStorage.size"), >, 0);
  g_assert_nonnull (sbt_json_get_string (record, "importInfo.undoStorage.path"));
  undone = sbt_migration_undo (e->tgt, migration_id, P);
  g_assert_cmpstr (sbt_json_get_string (undone, "importInfo.status"), ==, "undo_success");
  after_undo = ferry_sandbox_dup_objects (e->pair.prod, P);
  sbt_assert_json_equal (before, after_undo);
}

/* ------------------------------------------------------------------------ */
/* The outcome table                                                          */
/* ------------------------------------------------------------------------ */

typedef enum
{
  OUT_CREATE,
  OUT_SKIP,
  OUT_KEEP,
  OUT_REPLACE,
  OUT_DUPLICATE,
  OUT_DELETE,
} Outcome;

typedef enum
{
  ST_ABSENT,         /* no target copy */
  ST_SAME,           /* same version */
  ST_SOURCE_NEWER,   /* other version, source newer (and moved to another folder) */
  ST_TARGET_NEWER,   /* other version, target newer */
  ST_EQUAL_TIME,     /* other version, equal modification times */
  N_STATES
} State;

static const char *const state_names[] = {
  "no target copy", "same version", "source newer", "target newer", "equal time",
};

typedef struct
{
  const char *action;
  Outcome     cells[4];      /* absent, same, source newer, target newer or equal */
} Row;

/* api.md, "Conflict actions — what an import does to one object" */
static const Row table[] = {
  { "use_existing",  { OUT_CREATE, OUT_SKIP,    OUT_KEEP,      OUT_KEEP } },
  { "replace",       { OUT_CREATE, OUT_SKIP,    OUT_REPLACE,   OUT_REPLACE } },
  { "force_replace", { OUT_CREATE, OUT_REPLACE, OUT_REPLACE,   OUT_REPLACE } },
  { "keep_both",     { OUT_CREATE, OUT_SKIP,    OUT_DUPLICATE, OUT_DUPLICATE } },
  { "use_newer",     { OUT_CREATE, OUT_SKIP,    OUT_REPLACE,   OUT_KEEP } },
  { "use_older",     { OUT_CREATE, OUT_SKIP,    OUT_KEEP,      OUT_REPLACE } },
  { "delete",        { OUT_SKIP,   OUT_DELETE,  OUT_DELETE,    OUT_DELETE } },
};

static Outcome
expected_outcome (const Row *row,
                  State      state)
{
  return row->cells[state == ST_EQUAL_TIME ? ST_TARGET_NEWER : state];
}

/* The object that is new in AFTER, absent from BEFORE and from SKIP, and
 * named NAME. */
static JsonNode *
find_new_object (JsonNode   *before,
                 JsonNode   *after,
                 const char *name)
{
  g_autoptr(GHashTable) old = sbt_objects_index (before);
  JsonArray *array = json_node_get_array (after);
  JsonNode *found = NULL;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (!g_hash_table_contains (old, sbt_json_get_string (o, "id")) &&
          g_strcmp0 (sbt_json_get_string (o, "name"), name) == 0)
        {
          g_assert_null (found);
          found = o;
        }
    }
  return found;
}

static void
test_action (gconstpointer data)
{
  const Row *row = data;
  Env e;
  g_autoptr(GPtrArray) leaves = NULL;
  const char *ids[N_STATES];
  JsonNode *source[N_STATES] = { NULL, };
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GHashTable) index_before = NULL;
  g_autoptr(GHashTable) index_after = NULL;
  g_autoptr(GHashTable) handled = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(JsonNode) content = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *migration_id = NULL;
  const char *move_to;
  gint64 now = now_ms ();
  JsonArray *items = json_array_new ();

  env_init (&e);
  leaves = leaf_candidates (&e);
  g_assert_cmpuint (leaves->len, >=, N_STATES);
  for (guint s = 0; s < N_STATES; s++)
    ids[s] = g_ptr_array_index (leaves, s);
  move_to = other_folder (&e, sbt_object_parent_id (g_hash_table_lookup (e.dev, ids[ST_SOURCE_NEWER])));

  /* Target states */
  remove_object (e.pair.prod, ids[ST_ABSENT]);
  modify (e.pair.dev, ids[ST_SOURCE_NEWER], move_to, now);
  modify (e.pair.prod, ids[ST_TARGET_NEWER], NULL, now);
  modify (e.pair.dev, ids[ST_EQUAL_TIME], NULL, now - 5000);
  modify (e.pair.prod, ids[ST_EQUAL_TIME], NULL, now - 5000);

  for (guint s = 0; s < N_STATES; s++)
    {
      g_autoptr(JsonNode) target = ferry_sandbox_dup_object (e.pair.prod, P, ids[s]);

      source[s] = ferry_sandbox_dup_object (e.pair.dev, P, ids[s]);
      g_assert_nonnull (source[s]);
      g_hash_table_add (handled, (gpointer) ids[s]);
      content_add (items, source[s], row->action);

      /* the states are what their names say */
      switch ((State) s)
        {
        case ST_ABSENT:
          g_assert_null (target);
          break;
        case ST_SAME:
          sbt_assert_json_equal (source[s], target);
          break;
        case ST_SOURCE_NEWER:
          g_assert_cmpstr (sbt_json_get_string (source[s], "version"), !=, sbt_json_get_string (target, "version"));
          g_assert_cmpstr (sbt_json_get_string (source[s], "dateModified"), >, sbt_json_get_string (target, "dateModified"));
          g_assert_cmpstr (sbt_object_parent_id (source[s]), ==, move_to);
          break;
        case ST_TARGET_NEWER:
          g_assert_cmpstr (sbt_json_get_string (source[s], "version"), !=, sbt_json_get_string (target, "version"));
          g_assert_cmpstr (sbt_json_get_string (source[s], "dateModified"), <, sbt_json_get_string (target, "dateModified"));
          break;
        case ST_EQUAL_TIME:
        case N_STATES:
        default:
          g_assert_cmpstr (sbt_json_get_string (source[s], "version"), !=, sbt_json_get_string (target, "version"));
          g_assert_cmpstr (sbt_json_get_string (source[s], "dateModified"), ==, sbt_json_get_string (target, "dateModified"));
          break;
        }
    }

  before = ferry_sandbox_dup_objects (e.pair.prod, P);
  settings = settings_new ("use_existing", "replace", "keep_acl_as_source_object", NULL);
  content = array_node (items);
  body = sbt_migration_body (e.src_url, e.tgt_url, "object_migration", "project", P, settings, content);
  record = sbt_migration_run (e.src, e.tgt, P, body, &migration_id);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
  after = ferry_sandbox_dup_objects (e.pair.prod, P);
  index_before = sbt_objects_index (before);
  index_after = sbt_objects_index (after);

  for (guint s = 0; s < N_STATES; s++)
    {
      Outcome outcome = expected_outcome (row, s);
      JsonNode *old = g_hash_table_lookup (index_before, ids[s]);
      JsonNode *now_obj = g_hash_table_lookup (index_after, ids[s]);

      g_test_message ("%s, %s: outcome %d", row->action, state_names[s], outcome);
      switch (outcome)
        {
        case OUT_CREATE:
        case OUT_REPLACE:
          sbt_assert_object_migrated (source[s], now_obj);
          g_assert_true (sbt_member_equal (source[s], now_obj, "acl"));
          break;
        case OUT_SKIP:
        case OUT_KEEP:
          sbt_assert_json_equal (old, now_obj);
          break;
        case OUT_DELETE:
          g_assert_nonnull (old);
          g_assert_null (now_obj);
          break;
        case OUT_DUPLICATE:
          {
            g_autofree char *name = g_strdup_printf ("%s (1)", sbt_json_get_string (source[s], "name"));
            JsonNode *copy = find_new_object (before, after, name);

            sbt_assert_json_equal (old, now_obj);
            g_assert_nonnull (copy);
            g_assert_true (sbt_is_hex32 (sbt_json_get_string (copy, "id")));
            g_assert_cmpstr (sbt_json_get_string (copy, "id"), !=, ids[s]);
            g_assert_null (g_hash_table_lookup (e.dev, sbt_json_get_string (copy, "id")));
            g_assert_cmpint (sbt_json_get_int (copy, "type"), ==, sbt_json_get_int (source[s], "type"));
            g_assert_true (sbt_member_equal (copy, source[s], "definition"));
            g_assert_cmpstr (sbt_object_parent_id (copy), ==, sbt_object_parent_id (source[s]));
            g_hash_table_add (handled, (gpointer) sbt_json_get_string (copy, "id"));
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* nothing else changed, nothing else appeared */
  {
    GHashTableIter iter;
    gpointer key, value;

    g_hash_table_iter_init (&iter, index_before);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_hash_table_contains (handled, key))
        sbt_assert_json_equal (value, g_hash_table_lookup (index_after, key));
    g_hash_table_iter_init (&iter, index_after);
    while (g_hash_table_iter_next (&iter, &key, &value))
      if (!g_hash_table_contains (handled, key))
        g_assert_true (g_hash_table_contains (index_before, key));
  }

  if (g_str_equal (row->action, "keep_both"))
    {
      /* no undo package: undoStorage stays {}, an undo is refused */
      g_assert_true (undo_storage_empty (record));
      assert_undo_refused (e.tgt, migration_id);
    }
  else
    {
      /* undo brings back replaced and deleted objects and removes created ones */
      assert_undo_restores (&e, migration_id, record, before);
    }

  for (guint s = 0; s < N_STATES; s++)
    json_node_unref (source[s]);
  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* Which rule applies in a project merge                                      */
/* ------------------------------------------------------------------------ */

static gboolean
is_below (GHashTable *index,
          JsonNode   *object,
          const char *folder_id)
{
  JsonNode *ancestors = sbt_json_get (object, "ancestors");

  for (guint i = 0; ancestors && i < json_array_get_length (json_node_get_array (ancestors)); i++)
    if (g_strcmp0 (sbt_json_get_string (json_array_get_element (json_node_get_array (ancestors), i), "id"),
                   folder_id) == 0)
      return TRUE;
  return FALSE;
}

typedef struct
{
  const char *f1;             /* folder rule replace */
  const char *f2;             /* its subfolder, folder rule use_existing */
  JsonNode   *o_object;       /* in F2, object rule replace */
  JsonNode   *o_near;         /* in F2, type T2: nearest folder rule wins */
  JsonNode   *o_far;          /* in F1, not in F2 */
  JsonNode   *o_type_sub;     /* outside F1: type T1 + subtype S1 rule */
  JsonNode   *o_type_other;   /* outside F1: type T1, another subtype (may be NULL) */
  JsonNode   *o_type_any;     /* outside F1: type T2, rule without subtype */
  JsonNode   *o_default;      /* outside F1: no rule */
} Layout;

static gboolean
find_layout (Env    *e,
             Layout *l)
{
  JsonArray *array = json_node_get_array (e->dev_objects);
  guint n = json_array_get_length (array);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *f2 = json_array_get_element (array, i);
      const char *f2_id = sbt_json_get_string (f2, "id");
      const char *f1_id = sbt_object_parent_id (f2);
      JsonNode *f1 = f1_id ? g_hash_table_lookup (e->dev, f1_id) : NULL;
      g_autoptr(GPtrArray) in_f2 = g_ptr_array_new ();
      g_autoptr(GPtrArray) in_f1 = g_ptr_array_new ();
      g_autoptr(GPtrArray) outside = g_ptr_array_new ();

      if (!is_folder (f2) || !identical (e, f2_id) || f1 == NULL ||
          sbt_object_parent_id (f1) == NULL || !identical (e, f1_id))
        continue;

      for (guint k = 0; k < n; k++)
        {
          JsonNode *o = json_array_get_element (array, k);
          const char *id = sbt_json_get_string (o, "id");

          if (is_folder (o) || !identical (e, id) || sbt_object_parent_id (o) == NULL)
            continue;
          if (is_below (e->dev, o, f2_id))
            g_ptr_array_add (in_f2, o);
          else if (is_below (e->dev, o, f1_id))
            g_ptr_array_add (in_f1, o);
          else
            g_ptr_array_add (outside, o);
        }
      if (in_f2->len < 2 || in_f1->len < 1)
        continue;

      memset (l, 0, sizeof *l);
      for (guint a = 0; a < in_f2->len && l->o_near == NULL; a++)
        {
          gint64 t2 = sbt_json_get_int (g_ptr_array_index (in_f2, a), "type");

          for (guint k = 0; k < outside->len; k++)
            if (sbt_json_get_int (g_ptr_array_index (outside, k), "type") == t2)
              {
                l->o_near = g_ptr_array_index (in_f2, a);
                l->o_type_any = g_ptr_array_index (outside, k);
                break;
              }
        }
      if (l->o_near == NULL)
        continue;
      l->o_object = g_ptr_array_index (in_f2, l->o_near == g_ptr_array_index (in_f2, 0) ? 1 : 0);
      l->o_far = g_ptr_array_index (in_f1, 0);
      for (guint k = 0; k < outside->len; k++)
        {
          JsonNode *o = g_ptr_array_index (outside, k);
          gint64 t = sbt_json_get_int (o, "type");

          if (t == sbt_json_get_int (l->o_near, "type"))
            continue;
          if (l->o_type_sub == NULL)
            l->o_type_sub = o;
          else if (t == sbt_json_get_int (l->o_type_sub, "type") && l->o_type_other == NULL &&
                   sbt_json_get_int (o, "subtype") != sbt_json_get_int (l->o_type_sub, "subtype"))
            l->o_type_other = o;
          else if (t != sbt_json_get_int (l->o_type_sub, "type") && l->o_default == NULL)
            l->o_default = o;
        }
      if (l->o_type_sub == NULL || l->o_default == NULL)
        continue;
      l->f1 = f1_id;
      l->f2 = f2_id;
      return TRUE;
    }
  return FALSE;
}

static void
test_precedence (void)
{
  Env e;
  Layout l;
  gint64 now = now_ms ();
  g_autofree char *extra = NULL;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autofree char *migration_id = NULL;
  JsonNode *replaced[6] = { NULL, };
  JsonNode *kept[6] = { NULL, };
  guint n_replaced = 0, n_kept = 0;

  env_init (&e);
  g_assert_true (find_layout (&e, &l));

  /* object rule > folder rule */
  replaced[n_replaced++] = l.o_object;
  /* nearest folder rule > farther folder rule, and > object-type rule */
  kept[n_kept++] = l.o_near;
  /* a folder rule covers everything below it */
  replaced[n_replaced++] = l.o_far;
  /* object-type rule with subtype > default */
  replaced[n_replaced++] = l.o_type_sub;
  /* ... and it does not cover another subtype */
  if (l.o_type_other != NULL)
    kept[n_kept++] = l.o_type_other;
  /* object-type rule without subtype covers every subtype */
  replaced[n_replaced++] = l.o_type_any;
  /* default */
  kept[n_kept++] = l.o_default;

  /* every one of them is newer in the source */
  for (guint i = 0; i < n_replaced; i++)
    modify (e.pair.dev, sbt_json_get_string (replaced[i], "id"), NULL, now);
  for (guint i = 0; i < n_kept; i++)
    modify (e.pair.dev, sbt_json_get_string (kept[i], "id"), NULL, now);
  /* a folder rule covers the folder itself */
  modify (e.pair.dev, l.f1, NULL, now);
  modify (e.pair.dev, l.f2, NULL, now);

  extra = g_strdup_printf ("\"validateDependencies\":false,"
                           "\"folderActions\":[{\"id\":\"%s\",\"action\":\"replace\"},"
                           "{\"id\":\"%s\",\"action\":\"use_existing\"}],"
                           "\"objectTypeActions\":[{\"type\":%" G_GINT64_FORMAT ",\"subtype\":%" G_GINT64_FORMAT ",\"action\":\"replace\"},"
                           "{\"type\":%" G_GINT64_FORMAT ",\"action\":\"replace\"}],"
                           "\"objectActions\":[{\"id\":\"%s\",\"action\":\"replace\"}],"
                           "\"translationAction\":\"existing\"",
                           l.f1, l.f2,
                           sbt_json_get_int (l.o_type_sub, "type"), sbt_json_get_int (l.o_type_sub, "subtype"),
                           sbt_json_get_int (l.o_type_any, "type"),
                           sbt_json_get_string (l.o_object, "id"));
  settings = settings_new ("use_existing", "use_existing", "keep_acl_as_source_object", extra);
  body = sbt_migration_body (e.src_url, e.tgt_url, "project_merge", "project", P, settings, NULL);
  before = ferry_sandbox_dup_objects (e.pair.prod, P);
  record = sbt_migration_run (e.src, e.tgt, P, body, &migration_id);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");

  for (guint i = 0; i < n_replaced; i++)
    {
      const char *id = sbt_json_get_string (replaced[i], "id");
      g_autoptr(JsonNode) src = ferry_sandbox_dup_object (e.pair.dev, P, id);
      g_autoptr(JsonNode) tgt = ferry_sandbox_dup_object (e.pair.prod, P, id);

      g_test_message ("replaced: %s", sbt_json_get_string (src, "name"));
      sbt_assert_object_migrated (src, tgt);
    }
  for (guint i = 0; i < n_kept; i++)
    {
      const char *id = sbt_json_get_string (kept[i], "id");
      g_autoptr(JsonNode) tgt = ferry_sandbox_dup_object (e.pair.prod, P, id);

      g_test_message ("kept: %s", sbt_json_get_string (kept[i], "name"));
      sbt_assert_json_equal (g_hash_table_lookup (e.prod, id), tgt);
    }
  {
    g_autoptr(JsonNode) f1_src = ferry_sandbox_dup_object (e.pair.dev, P, l.f1);
    g_autoptr(JsonNode) f1_tgt = ferry_sandbox_dup_object (e.pair.prod, P, l.f1);
    g_autoptr(JsonNode) f2_tgt = ferry_sandbox_dup_object (e.pair.prod, P, l.f2);

    g_assert_cmpstr (sbt_json_get_string (f1_tgt, "version"), ==, sbt_json_get_string (f1_src, "version"));
    g_assert_true (sbt_member_equal (f1_tgt, f1_src, "definition"));
    g_assert_cmpstr (sbt_json_get_string (f2_tgt, "version"), ==,
                     sbt_json_get_string (g_hash_table_lookup (e.prod, l.f2), "version"));
  }

  assert_undo_restores (&e, migration_id, record, before);
  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* ACL options                                                                */
/* ------------------------------------------------------------------------ */

static JsonNode *
migrate_one (Env        *e,
             const char *id,
             const char *action,
             const char *acl_replacing,
             const char *acl_new,
             char      **migration_id)
{
  g_autoptr(JsonNode) object = ferry_sandbox_dup_object (e->pair.dev, P, id);
  g_autoptr(JsonNode) settings = settings_new ("use_existing", acl_replacing, acl_new, NULL);
  g_autoptr(JsonNode) content = array_node (json_array_new ());
  g_autoptr(JsonNode) body = NULL;
  JsonNode *record;

  content_add (json_node_get_array (content), object, action);
  body = sbt_migration_body (e->src_url, e->tgt_url, "object_migration", "project", P, settings, content);
  record = sbt_migration_run (e->src, e->tgt, P, body, migration_id);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
  return record;
}

static void
test_acl (void)
{
  Env e;
  g_autoptr(GPtrArray) leaves = NULL;
  const char *x, *y;
  JsonNode *folder_acl;

  env_init (&e);
  leaves = leaf_candidates (&e);
  g_assert_cmpuint (leaves->len, >=, 2);
  x = g_ptr_array_index (leaves, 0);
  y = g_ptr_array_index (leaves, 1);
  folder_acl = sbt_json_get (g_hash_table_lookup (e.prod, sbt_object_parent_id (g_hash_table_lookup (e.prod, x))),
                             "acl");
  g_assert_nonnull (folder_acl);
  /* the premise: an object's ACL is not its folder's */
  g_assert_false (json_node_equal (folder_acl, sbt_json_get (g_hash_table_lookup (e.dev, x), "acl")));

  remove_object (e.pair.prod, x);
  remove_object (e.pair.prod, y);

  /* aclOnNewObjects inherit_acl_as_dest_folder: the target folder's ACL */
  {
    g_autoptr(JsonNode) r = migrate_one (&e, x, "replace", "use_existing", "inherit_acl_as_dest_folder", NULL);
    g_autoptr(JsonNode) created = ferry_sandbox_dup_object (e.pair.prod, P, x);

    sbt_assert_object_migrated (g_hash_table_lookup (e.dev, x), created);
    sbt_assert_json_equal (folder_acl, sbt_json_get (created, "acl"));
  }
  /* aclOnNewObjects keep_acl_as_source_object: the source object's ACL */
  {
    g_autoptr(JsonNode) r = migrate_one (&e, y, "replace", "use_existing", "keep_acl_as_source_object", NULL);
    g_autoptr(JsonNode) created = ferry_sandbox_dup_object (e.pair.prod, P, y);

    sbt_assert_object_migrated (g_hash_table_lookup (e.dev, y), created);
    sbt_assert_json_equal (sbt_json_get (g_hash_table_lookup (e.dev, y), "acl"), sbt_json_get (created, "acl"));
  }
  /* aclOnReplacingObjects use_existing: replaced, the target copy's ACL stays */
  modify (e.pair.dev, x, NULL, now_ms ());
  {
    g_autoptr(JsonNode) r = migrate_one (&e, x, "replace", "use_existing", "keep_acl_as_source_object", NULL);
    g_autoptr(JsonNode) src = ferry_sandbox_dup_object (e.pair.dev, P, x);
    g_autoptr(JsonNode) replaced = ferry_sandbox_dup_object (e.pair.prod, P, x);

    sbt_assert_object_migrated (src, replaced);
    sbt_assert_json_equal (folder_acl, sbt_json_get (replaced, "acl"));
  }
  /* aclOnReplacingObjects replace: the source's ACL; undo brings the old one back */
  modify (e.pair.dev, x, NULL, now_ms () + 1000);
  {
    g_autoptr(JsonNode) before = ferry_sandbox_dup_objects (e.pair.prod, P);
    g_autofree char *migration_id = NULL;
    g_autoptr(JsonNode) r = migrate_one (&e, x, "replace", "replace", "keep_acl_as_source_object", &migration_id);
    g_autoptr(JsonNode) src = ferry_sandbox_dup_object (e.pair.dev, P, x);
    g_autoptr(JsonNode) replaced = ferry_sandbox_dup_object (e.pair.prod, P, x);

    sbt_assert_object_migrated (src, replaced);
    sbt_assert_json_equal (sbt_json_get (src, "acl"), sbt_json_get (replaced, "acl"));
    assert_undo_restores (&e, migration_id, r, before);
    {
      g_autoptr(JsonNode) undone = ferry_sandbox_dup_object (e.pair.prod, P, x);
      sbt_assert_json_equal (folder_acl, sbt_json_get (undone, "acl"));
    }
  }
  env_clear (&e);
}

/* ------------------------------------------------------------------------ */
/* Failing imports change nothing                                             */
/* ------------------------------------------------------------------------ */

static void
assert_failed_import_changed_nothing (Env        *e,
                                      JsonNode   *record,
                                      JsonNode   *before)
{
  g_autoptr(JsonNode) after = ferry_sandbox_dup_objects (e->pair.prod, P);

  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "import_failed");
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.message"), !=, "");
  g_assert_nonnull (sbt_json_get_string (record, "importInfo.message"));
  sbt_assert_json_equal (before, after);
}

/* O uses D; D is used by nothing else. Both are removed from the target;
 * a merge brings O back but (object rule "delete" on an absent D = skip)
 * not D: with validateDependencies the import fails as a whole; the same
 * merge without the "delete" rule brings both and succeeds. */
static void
test_validate_dependencies (void)
{
  Env e;
  JsonArray *array;
  const char *o_id = NULL, *d_id = NULL;
  g_autoptr(JsonNode) before = NULL;

  env_init (&e);
  array = json_node_get_array (e.dev_objects);
  for (guint i = 0; i < json_array_get_length (array) && o_id == NULL; i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      JsonNode *uses = sbt_json_get (o, "uses");
      const char *id = sbt_json_get_string (o, "id");

      if (is_folder (o) || !identical (&e, id) || g_hash_table_contains (e.used, id) || uses == NULL)
        continue;
      for (guint k = 0; k < json_array_get_length (json_node_get_array (uses)); k++)
        {
          const char *d = json_array_get_string_element (json_node_get_array (uses), k);
          guint users = 0;

          if (!identical (&e, d) || is_folder (g_hash_table_lookup (e.dev, d)))
            continue;
          /* D must be used by O alone, in both seeds */
          for (guint m = 0; m < json_array_get_length (array); m++)
            {
              JsonNode *u = sbt_json_get (json_array_get_element (array, m), "uses");
              for (guint q = 0; u && q < json_array_get_length (json_node_get_array (u)); q++)
                if (g_strcmp0 (json_array_get_string_element (json_node_get_array (u), q), d) == 0)
                  users++;
            }
          {
            JsonArray *prod_array = json_node_get_array (e.prod_objects);
            for (guint m = 0; m < json_array_get_length (prod_array); m++)
              {
                JsonNode *u = sbt_json_get (json_array_get_element (prod_array, m), "uses");
                for (guint q = 0; u && q < json_array_get_length (json_node_get_array (u)); q++)
                  if (g_strcmp0 (json_array_get_string_element (json_node_get_array (u), q), d) == 0)
                    users++;
              }
          }
          if (users == 2)
            {
              o_id = id;
              d_id = d;
              break;
            }
        }
    }
  g_assert_nonnull (o_id);

  remove_object (e.pair.prod, o_id);
  remove_object (e.pair.prod, d_id);
  before = ferry_sandbox_dup_objects (e.pair.prod, P);

  {
    g_autofree char *extra = g_strdup_printf ("\"validateDependencies\":true,"
                                              "\"objectActions\":[{\"id\":\"%s\",\"action\":\"delete\"}]",
                                              d_id);
    g_autoptr(JsonNode) settings = settings_new ("use_existing", "use_existing", "keep_acl_as_source_object", extra);
    g_autoptr(JsonNode) body = sbt_migration_body (e.src_url, e.tgt_url, "project_merge", "project", P,
                                                   settings, NULL);
    g_autoptr(JsonNode) record = sbt_migration_run (e.src, e.tgt, P, body, NULL);

    assert_failed_import_changed_nothing (&e, record, before);
  }

  /* the same check passes once the merge also brings D: it was D that failed it */
  {
    g_autoptr(JsonNode) settings = settings_new ("use_existing", "use_existing", "keep_acl_as_source_object",
                                                 "\"validateDependencies\":true");
    g_autoptr(JsonNode) body = sbt_migration_body (e.src_url, e.tgt_url, "project_merge", "project", P,
                                                   settings, NULL);
    g_autoptr(JsonNode) record = sbt_migration_run (e.src, e.tgt, P, body, NULL);
    g_autoptr(JsonNode) o = ferry_sandbox_dup_object (e.pair.prod, P, o_id);
    g_autoptr(JsonNode) d = ferry_sandbox_dup_object (e.pair.prod, P, d_id);

    g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
    sbt_assert_object_migrated (g_hash_table_lookup (e.dev, o_id), o);
    sbt_assert_object_migrated (g_hash_table_lookup (e.dev, d_id), d);
  }
  env_clear (&e);
}

/* delete of an object that a target object (not removed by the same
 * import) uses: the import fails, nothing changes. */
static void
test_delete_blocked (void)
{
  Env e;
  JsonArray *array;
  const char *d_id = NULL;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) other_before = NULL;
  g_autoptr(GPtrArray) leaves = NULL;

  env_init (&e);
  array = json_node_get_array (e.prod_objects);
  for (guint i = 0; i < json_array_get_length (array) && d_id == NULL; i++)
    {
      JsonNode *o = json_array_get_element (array, i);
      const char *id = sbt_json_get_string (o, "id");

      if (!is_folder (o) && identical (&e, id) && g_hash_table_contains (e.used, id))
        d_id = id;
    }
  g_assert_nonnull (d_id);
  leaves = leaf_candidates (&e);
  g_assert_cmpuint (leaves->len, >=, 1);

  /* another object in the same import that would be replaced */
  modify (e.pair.dev, g_ptr_array_index (leaves, 0), NULL, now_ms ());
  before = ferry_sandbox_dup_objects (e.pair.prod, P);
  {
    g_autoptr(JsonNode) settings = settings_new ("use_existing", "replace", "keep_acl_as_source_object", NULL);
    g_autoptr(JsonNode) content = array_node (json_array_new ());
    g_autoptr(JsonNode) body = NULL;
    g_autoptr(JsonNode) record = NULL;

    content_add (json_node_get_array (content), g_hash_table_lookup (e.dev, g_ptr_array_index (leaves, 0)), "replace");
    content_add (json_node_get_array (content), g_hash_table_lookup (e.dev, d_id), "delete");
    body = sbt_migration_body (e.src_url, e.tgt_url, "object_migration", "project", P, settings, content);
    record = sbt_migration_run (e.src, e.tgt, P, body, NULL);
    assert_failed_import_changed_nothing (&e, record, before);
  }
  env_clear (&e);
}

/* keep_both in any rule of a merge: imported, no undo package */
static void
test_keep_both_merge (void)
{
  Env e;
  g_autoptr(JsonNode) settings = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) record = NULL;
  g_autofree char *migration_id = NULL;

  env_init (&e);
  /* keep_both only in an object-type rule for a type nothing differs in */
  settings = settings_new ("use_existing", "use_existing", "keep_acl_as_source_object",
                           "\"objectTypeActions\":[{\"type\":58,\"action\":\"keep_both\"}]");
  body = sbt_migration_body (e.src_url, e.tgt_url, "project_merge", "project", P, settings, NULL);
  record = sbt_migration_run (e.src, e.tgt, P, body, &migration_id);
  g_assert_cmpstr (sbt_json_get_string (record, "importInfo.status"), ==, "imported");
  g_assert_true (undo_storage_empty (record));
  assert_undo_refused (e.tgt, migration_id);
  env_clear (&e);
}

int
main (int   argc,
      char *argv[])
{
  sbt_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sandbox/conflicts/table/%s", table[i].action);
      g_test_add_data_func (path, &table[i], test_action);
    }
  g_test_add_func ("/sandbox/conflicts/precedence", test_precedence);
  g_test_add_func ("/sandbox/conflicts/acl", test_acl);
  g_test_add_func ("/sandbox/conflicts/validate-dependencies", test_validate_dependencies);
  g_test_add_func ("/sandbox/conflicts/delete-blocked", test_delete_blocked);
  g_test_add_func ("/sandbox/conflicts/keep-both-merge", test_keep_both_merge);

  return g_test_run ();
}
