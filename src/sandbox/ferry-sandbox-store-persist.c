/* ferry-sandbox-store-persist.c: the store on disk: snapshot, journal,
 * recovery
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The design is at the top of ferry-sandbox-store.c.
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-store.h"
#include "ferry-sandbox-writer.h"
#include "ferry-sandbox-json-scan.h"
#include "ferry-sandbox-journal.h"

#define STATE_FORMAT 1
#define JOURNAL_NAME "journal"

static char *
project_file (const char *state_dir,
              const char *project_id)
{
  g_autofree char *name = g_strdup_printf ("project-%s.json", project_id);
  return g_build_filename (state_dir, name, NULL);
}

static JsonNode *
project_meta_to_json (SbProject *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = sb_format_time (p->created);
  g_autofree char *modified = sb_format_time (p->modified);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, p->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->name);
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, p->description ? p->description : "");
  json_builder_set_member_name (b, "alias");
  json_builder_add_string_value (b, p->alias ? p->alias : "");
  json_builder_set_member_name (b, "isConfiguration");
  json_builder_add_boolean_value (b, p->is_configuration);
  if (p->root_folder_id)
    {
      json_builder_set_member_name (b, "rootFolderId");
      json_builder_add_string_value (b, p->root_folder_id);
    }
  json_builder_set_member_name (b, "dateCreated");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "dateModified");
  json_builder_add_string_value (b, modified);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static int
obj_id_cmp (gconstpointer pa,
            gconstpointer pb)
{
  const SbObject *a = *(SbObject * const *) pa;
  const SbObject *b = *(SbObject * const *) pb;
  return strcmp (a->id, b->id);
}


/* ------------------------------------------------------------------------ */
/* JSON forms                                                                 */
/* ------------------------------------------------------------------------ */

static JsonObject *
store_meta_to_json (SbStore *store)
{
  JsonObject *obj = json_object_new ();
  JsonArray *projects = json_array_new ();
  JsonArray *accounts = json_array_new ();

  json_object_set_int_member (obj, "format", STATE_FORMAT);
  json_object_set_string_member (obj, "name", store->name);
  json_object_set_string_member (obj, "serverVersion", store->server_version);

  json_array_add_string_element (projects, SB_CONFIGURATION_ID);
  for (guint i = 0; i < store->project_order->len; i++)
    json_array_add_string_element (projects, g_ptr_array_index (store->project_order, i));
  json_object_set_array_member (obj, "projects", projects);

  for (guint i = 0; i < store->accounts->len; i++)
    {
      SbAccount *a = g_ptr_array_index (store->accounts, i);
      JsonObject *ao = json_object_new ();

      /* The sandbox keeps its test accounts' passwords in its own state, as
       * a real server keeps them in its metadata; nothing here is a secret
       * of a user of Ferry. */
      json_object_set_string_member (ao, "login", a->login);
      json_object_set_string_member (ao, "password", a->password);
      json_object_set_int_member (ao, "loginModes", a->login_modes);
      json_object_set_string_member (ao, "userId", a->user_id);
      json_object_set_string_member (ao, "fullName", a->full_name ? a->full_name : "");
      json_object_set_int_member (ao, "privileges", a->privileges);
      json_array_add_object_element (accounts, ao);
    }
  json_object_set_array_member (obj, "accounts", accounts);
  return obj;
}

static void
apply_accounts (SbStore    *store,
                JsonObject *obj)
{
  JsonArray *accounts = sb_json_get_array (obj, "accounts");

  if (accounts == NULL)
    return;
  g_ptr_array_set_size (store->accounts, 0);
  for (guint i = 0; i < json_array_get_length (accounts); i++)
    {
      JsonObject *a = json_array_get_object_element (accounts, i);
      if (a == NULL)
        continue;
      sb_store_add_account (store, sb_json_get_string (a, "login"),
                            sb_json_get_string (a, "password"),
                            (guint) json_object_get_int_member_with_default (a, "loginModes", SB_LOGIN_STANDARD),
                            sb_json_get_string (a, "userId"),
                            sb_json_get_string (a, "fullName"),
                            (guint) json_object_get_int_member_with_default (a, "privileges", 0));
    }
}

static JsonObject *
links_to_json (SbProject *project)
{
  JsonObject *links = json_object_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, project->security_links);
  while (g_hash_table_iter_next (&iter, &key, &value))
    json_object_set_array_member (links, key, sb_json_array_dup (value));
  return links;
}

/* The project (found or created) that META describes. */
static SbProject *
apply_project_meta (SbStore    *store,
                    const char *id,
                    JsonObject *meta)
{
  SbProject *p;

  if (json_object_get_boolean_member_with_default (meta, "isConfiguration", FALSE))
    p = store->configuration;
  else
    {
      p = g_hash_table_lookup (store->projects, id);
      if (p == NULL)
        p = sb_store_add_project (store, id, sb_json_get_string (meta, "name"),
                                  sb_json_get_string (meta, "description"));
    }
  g_free (p->alias);
  p->alias = g_strdup (sb_json_get_string (meta, "alias") ? sb_json_get_string (meta, "alias") : "");
  g_free (p->root_folder_id);
  p->root_folder_id = g_strdup (sb_json_get_string (meta, "rootFolderId"));
  sb_parse_time (sb_json_get_string (meta, "dateCreated"), &p->created);
  sb_parse_time (sb_json_get_string (meta, "dateModified"), &p->modified);
  return p;
}

static void
apply_links (SbProject  *p,
             JsonObject *links)
{
  g_autoptr(GList) members = NULL;

  if (links == NULL)
    return;
  g_hash_table_remove_all (p->security_links);
  members = json_object_get_members (links);
  for (GList *l = members; l; l = l->next)
    {
      JsonArray *a = sb_json_get_array (links, l->data);
      if (a)
        g_hash_table_replace (p->security_links, g_strdup (l->data), sb_json_array_dup (a));
    }
}

/* Adds the object JSON to P; ACLS (may be NULL) shares equal ACLs. */
static gboolean
add_object (SbProject  *p,
            JsonObject *json,
            GHashTable *acls,
            GError    **error)
{
  JsonNode *acl_node;
  SbObject *o = sb_object_from_json (json, error);

  if (o == NULL)
    return FALSE;
  acl_node = json_object_get_member (json, "acl");
  if (acls != NULL && acl_node != NULL && JSON_NODE_HOLDS_ARRAY (acl_node))
    {
      char *key = json_to_string (acl_node, FALSE);
      JsonArray *shared = g_hash_table_lookup (acls, key);

      if (shared == NULL)
        {
          shared = json_array_ref (o->acl);
          json_array_seal (shared);
          g_hash_table_insert (acls, key, shared);
        }
      else
        {
          g_free (key);
          json_array_unref (o->acl);
          o->acl = json_array_ref (shared);
        }
    }
  sb_project_add_object (p, o);
  return TRUE;
}

/* Adds the objects of ARRAY to P; ACLS (may be NULL) shares equal ACLs. */
static gboolean
add_objects (SbProject  *p,
             JsonArray  *objects,
             GHashTable *acls,
             GError    **error)
{
  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonNode *n = json_array_get_element (objects, i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        continue;
      if (!add_object (p, json_node_get_object (n), acls, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Snapshot                                                                   */
/* ------------------------------------------------------------------------ */

/* Written straight into one buffer (ferry-sandbox-writer.h), the bytes
 * json-glib would generate: a JsonNode tree of 100,000 objects would cost
 * ten times the file, and GLib 2.74's slice allocator keeps that memory
 * for the process's life once it is freed. */
gboolean
sb_store_save_project (SbStore    *store,
                       SbProject  *project,
                       const char *state_dir,
                       GError    **error)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) meta = project_meta_to_json (project);
  g_autoptr(JsonObject) links = links_to_json (project);
  g_autofree char *path = project_file (state_dir, project->id);
  GString *out = g_string_sized_new (1024 + (gsize) g_hash_table_size (project->objects) * 1024);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, obj_id_cmp);

  g_string_append (out, "{\"format\":");
  sb_write_int (out, STATE_FORMAT);
  g_string_append (out, ",\"project\":");
  sb_write_node (out, meta);
  g_string_append (out, ",\"objects\":[");
  for (guint i = 0; i < sorted->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      sb_write_object_storage (out, g_ptr_array_index (sorted, i));
    }
  g_string_append (out, "],\"securityLinks\":");
  sb_write_object (out, links);
  g_string_append_c (out, '}');

  bytes = g_string_free_to_bytes (out);
  return sb_write_file_atomic (path, bytes, error);
}

gboolean
sb_store_save_meta (SbStore    *store,
                    const char *state_dir,
                    GError    **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = g_build_filename (state_dir, "store.json", NULL);
  JsonObject *obj = store_meta_to_json (store);
  GString *out = g_string_sized_new (4096 + (gsize) store->migration_order->len * 2048);
  gboolean first = TRUE;

  /* The meta object with "migrations" as its last member, written straight
   * from the records (most kept as text): no tree of every record. */
  sb_write_object (out, obj);
  json_object_unref (obj);
  g_string_truncate (out, out->len - 1);
  if (out->len > 1)
    g_string_append_c (out, ',');
  sb_write_member (out, "migrations");
  g_string_append_c (out, '[');
  for (guint i = 0; i < store->migration_order->len; i++)
    {
      SbMigration *m = g_hash_table_lookup (store->migrations,
                                            g_ptr_array_index (store->migration_order, i));
      if (m == NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      sb_migration_write_storage (out, m);
    }
  g_string_append (out, "]}");
  bytes = g_string_free_to_bytes (out);
  return sb_write_file_atomic (path, bytes, error);
}

static void
clean_marks (SbStore *store)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_remove_all (store->dirty_migrations);
  store->dirty_meta = FALSE;
  g_hash_table_iter_init (&iter, store->projects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbProject *p = value;

      p->dirty = FALSE;
      p->dirty_all = FALSE;
      g_hash_table_remove_all (p->dirty_objects);
    }
}

gboolean
sb_store_save_all (SbStore    *store,
                   const char *state_dir,
                   GError    **error)
{
  g_autofree char *journal = g_build_filename (state_dir, JOURNAL_NAME, NULL);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (store->journal == NULL, FALSE);

  if (g_mkdir_with_parents (state_dir, 0755) != 0)
    {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create %s: %s", state_dir, g_strerror (saved));
      return FALSE;
    }
  g_hash_table_iter_init (&iter, store->projects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (!sb_store_save_project (store, value, state_dir, error))
      return FALSE;
  sb_crash_point ("compact");
  if (!sb_store_save_meta (store, state_dir, error))
    return FALSE;
  /* Everything the journal held is in the snapshot now. */
  if (!sb_journal_truncate (journal, error))
    return FALSE;
  clean_marks (store);
  return TRUE;
}

static JsonNode *
load_json_file (const char *path,
                GError    **error)
{
  /* A mutable tree, used as is: no second copy of a large state file;
   * depth-checked before json-glib (issue 13). */
  return sb_json_load_file (path, error);
}

/* Project files and store.json are read one element of their large array
 * ("objects", "migrations") at a time: json-glib parsing the whole file
 * would build a tree ten times its size (GLib 2.74's slice allocator then
 * keeps that memory for the process's life). A byte scan finds the
 * top-level array and its elements; the rest of the file (with the array
 * as []) and each element are parsed alone. */
typedef struct
{
  GMappedFile *mapped;   /* NULL: the file was parsed whole */
  gsize        start;    /* the array's bytes in it */
  gsize        end;
} Streamed;

static void
streamed_clear (Streamed *s)
{
  g_clear_pointer (&s->mapped, g_mapped_file_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Streamed, streamed_clear)

/* PATH's root with its array MEMBER read later (streamed_each()); a file
 * not in the form the sandbox writes is parsed whole, with its error. */
static JsonNode *
load_streamed (const char *path,
               const char *member,
               Streamed   *s,
               GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *d;
  gsize n;

  s->mapped = g_mapped_file_new (path, FALSE, NULL);
  if (s->mapped != NULL)
    {
      d = g_mapped_file_get_contents (s->mapped);
      n = g_mapped_file_get_length (s->mapped);
      if (n > 0 && sb_json_check_depth (d, n, SB_JSON_MAX_DEPTH) &&
          sb_scan_find (d, n, member, &s->start, &s->end) && d[s->start] == '[')
        {
          g_autoptr(GString) rest = g_string_sized_new (s->start + (n - s->end) + 2);

          g_string_append_len (rest, d, (gssize) s->start);
          g_string_append (rest, "[]");
          g_string_append_len (rest, d + s->end, (gssize) (n - s->end));
          if (json_parser_load_from_data (parser, rest->str, (gssize) rest->len, NULL))
            return json_node_ref (json_parser_get_root (parser));
        }
    }
  streamed_clear (s);
  return load_json_file (path, error);
}

typedef gboolean (*ElementFunc) (JsonObject *element,
                                 gpointer    data,
                                 GError    **error);

/* FUNC for each object of the array MEMBER: parsed one at a time from S,
 * or from ROOT when the file was parsed whole. WHAT names the file in the
 * error of an element that does not parse. */
static gboolean
streamed_each (Streamed    *s,
               JsonObject  *root,
               const char  *member,
               const char  *path,
               const char  *what,
               ElementFunc  func,
               gpointer     data,
               GError     **error)
{
  g_autoptr(JsonParser) element_parser = NULL;
  const char *d;
  gsize i;

  if (s->mapped == NULL)
    {
      JsonArray *array = sb_json_get_array (root, member);

      for (guint k = 0; array != NULL && k < json_array_get_length (array); k++)
        {
          JsonNode *element = json_array_get_element (array, k);

          if (JSON_NODE_HOLDS_OBJECT (element) && !func (json_node_get_object (element), data, error))
            return FALSE;
        }
      return TRUE;
    }

  element_parser = json_parser_new ();
  d = g_mapped_file_get_contents (s->mapped);
  i = sb_scan_ws (d, s->start + 1, s->end);
  while (i < s->end && d[i] != ']')
    {
      gsize element_end = sb_scan_value (d, i, s->end);
      JsonNode *element;

      if (element_end == 0 ||
          !json_parser_load_from_data (element_parser, d + i, (gssize) (element_end - i), error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "%s is not a sandbox %s", path, what);
          return FALSE;
        }
      element = json_parser_get_root (element_parser);
      if (element != NULL && JSON_NODE_HOLDS_OBJECT (element) &&
          !func (json_node_get_object (element), data, error))
        return FALSE;
      i = sb_scan_ws (d, element_end, s->end);
      if (i < s->end && d[i] == ',')
        i = sb_scan_ws (d, i + 1, s->end);
    }
  return TRUE;
}

typedef struct
{
  SbProject  *project;
  GHashTable *acls;
} ObjectsData;

static gboolean
add_object_cb (JsonObject *element,
               gpointer    data,
               GError    **error)
{
  ObjectsData *objects = data;

  return add_object (objects->project, element, objects->acls, error);
}

static gboolean
load_project (SbStore    *store,
              const char *state_dir,
              const char *id,
              GError    **error)
{
  g_autofree char *path = project_file (state_dir, id);
  g_auto(Streamed) streamed = { 0 };
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GHashTable) acls = NULL;
  JsonObject *obj, *meta;
  ObjectsData objects;
  SbProject *p;

  root = load_streamed (path, "objects", &streamed, error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      (meta = sb_json_get_object ((obj = json_node_get_object (root)), "project")) == NULL ||
      sb_json_get_array (obj, "objects") == NULL)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "%s is not a sandbox project file", path);
      return FALSE;
    }

  p = apply_project_meta (store, id, meta);
  /* Most objects of a project share one of a few ACLs: keep one copy of
   * each (the store never edits an ACL in place; changes swap arrays). */
  acls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_array_unref);
  objects.project = p;
  objects.acls = acls;
  if (!streamed_each (&streamed, obj, "objects", path, "project file", add_object_cb, &objects, error))
    return FALSE;
  apply_links (p, sb_json_get_object (obj, "securityLinks"));
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* Journal entries                                                            */
/* ------------------------------------------------------------------------ */

/* One project's part of a journal entry, written straight into OUT (a
 * 10,000-object import is one entry: no json-glib tree per object). */
static void
write_project_entry (GString   *out,
                     SbProject *p)
{
  g_autoptr(JsonNode) meta = project_meta_to_json (p);
  JsonObject *links = links_to_json (p);
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  sb_write_member (out, "id");
  sb_write_string (out, p->id);
  g_string_append_c (out, ',');
  sb_write_member (out, "project");
  sb_write_node (out, meta);
  g_string_append_c (out, ',');
  sb_write_member (out, "securityLinks");
  sb_write_object (out, links);
  json_object_unref (links);
  g_string_append_c (out, ',');
  sb_write_member (out, "full");
  g_string_append (out, p->dirty_all ? "true" : "false");
  g_string_append_c (out, ',');
  sb_write_member (out, "objects");
  g_string_append_c (out, '[');
  if (p->dirty_all)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, p->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          sb_write_object_storage (out, value);
        }
    }
  else
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, p->dirty_objects);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          SbObject *o = g_hash_table_lookup (p->objects, key);

          if (o == NULL)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          sb_write_object_storage (out, o);
        }
    }
  g_string_append (out, "],");
  sb_write_member (out, "removedObjects");
  g_string_append_c (out, '[');
  first = TRUE;
  if (!p->dirty_all)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, p->dirty_objects);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (g_hash_table_lookup (p->objects, key) == NULL)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            sb_write_string (out, key);
          }
    }
  g_string_append (out, "]}");
}

guint64
sb_store_commit (SbStore   *store,
                 SbProject *also)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) removed = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gboolean empty = TRUE;
  gboolean first = TRUE;

  if (also != NULL)
    also->dirty = TRUE;
  if (store->journal == NULL)
    {
      clean_marks (store);
      return 0;
    }

  /* {"meta"?:…,"migrations":[…],"removedMigrations":[…],"projects":[…]},
   * written straight into one buffer, as the snapshot is. */
  out = g_string_sized_new (4096);
  removed = g_string_new (NULL);
  g_string_append_c (out, '{');
  if (store->dirty_meta)
    {
      JsonObject *meta = store_meta_to_json (store);

      sb_write_member (out, "meta");
      sb_write_object (out, meta);
      json_object_unref (meta);
      g_string_append_c (out, ',');
      empty = FALSE;
    }
  sb_write_member (out, "migrations");
  g_string_append_c (out, '[');
  g_hash_table_iter_init (&iter, store->dirty_migrations);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SbMigration *m = g_hash_table_lookup (store->migrations, key);

      if (m != NULL)
        {
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          sb_migration_write_storage (out, m);
        }
      else
        {
          if (removed->len > 0)
            g_string_append_c (removed, ',');
          sb_write_string (removed, key);
        }
      empty = FALSE;
    }
  g_string_append (out, "],");
  sb_write_member (out, "removedMigrations");
  g_string_append_c (out, '[');
  g_string_append_len (out, removed->str, removed->len);
  g_string_append (out, "],");
  sb_write_member (out, "projects");
  g_string_append_c (out, '[');
  first = TRUE;
  g_hash_table_iter_init (&iter, store->projects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((SbProject *) value)->dirty)
      {
        if (!first)
          g_string_append_c (out, ',');
        first = FALSE;
        write_project_entry (out, value);
        empty = FALSE;
      }
  g_string_append (out, "]}");
  clean_marks (store);
  if (empty)
    return 0;

  bytes = g_string_free_to_bytes (g_steal_pointer (&out));
  /* Changed in memory, not yet in the journal: a kill here loses the
   * change whole. */
  sb_crash_point ("commit");
  return sb_journal_append (store->journal, bytes);
}

/* A record replaces the one with its id in place (keeping its position). */
static gboolean
replay_entry (GBytes   *payload,
              gpointer  data,
              GError  **error)
{
  SbStore *store = data;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize len = 0;
  const char *text = g_bytes_get_data (payload, &len);
  JsonObject *entry, *meta;
  JsonArray *records, *removed, *projects;

  if (!json_parser_load_from_data (parser, text, (gssize) len, error))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "A journal entry is not an object");
      return FALSE;
    }
  entry = json_node_get_object (json_parser_get_root (parser));

  meta = sb_json_get_object (entry, "meta");
  if (meta != NULL)
    apply_accounts (store, meta);

  projects = sb_json_get_array (entry, "projects");
  for (guint i = 0; projects != NULL && i < json_array_get_length (projects); i++)
    {
      JsonObject *pe = json_array_get_object_element (projects, i);
      JsonObject *pmeta = pe != NULL ? sb_json_get_object (pe, "project") : NULL;
      JsonArray *objects, *gone;
      SbProject *p;

      if (pmeta == NULL || sb_json_get_string (pe, "id") == NULL)
        continue;
      p = apply_project_meta (store, sb_json_get_string (pe, "id"), pmeta);
      if (json_object_get_boolean_member_with_default (pe, "full", FALSE))
        g_hash_table_remove_all (p->objects);
      gone = sb_json_get_array (pe, "removedObjects");
      for (guint k = 0; gone != NULL && k < json_array_get_length (gone); k++)
        {
          const char *id = json_array_get_string_element (gone, k);
          if (id != NULL)
            g_hash_table_remove (p->objects, id);
        }
      objects = sb_json_get_array (pe, "objects");
      if (objects != NULL && !add_objects (p, objects, NULL, error))
        return FALSE;
      apply_links (p, sb_json_get_object (pe, "securityLinks"));
    }

  removed = sb_json_get_array (entry, "removedMigrations");
  for (guint i = 0; removed != NULL && i < json_array_get_length (removed); i++)
    {
      const char *id = json_array_get_string_element (removed, i);
      if (id != NULL)
        sb_store_remove_migration (store, id);
    }
  records = sb_json_get_array (entry, "migrations");
  for (guint i = 0; records != NULL && i < json_array_get_length (records); i++)
    {
      JsonObject *r = json_array_get_object_element (records, i);
      SbMigration *m;

      if (r == NULL)
        continue;
      m = sb_migration_from_json (r, error);
      if (m == NULL)
        return FALSE;
      sb_store_add_migration (store, m);
      sb_store_release_records (store);
    }
  return TRUE;
}

/* "store.json.AB12CD": what g_file_set_contents() leaves behind when the
 * process dies between writing its temporary file and the rename. */
static void
remove_temporary_files (const char *state_dir)
{
  g_autoptr(GDir) dir = g_dir_open (state_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      const char *dot = strrchr (name, '.');

      if (dot != NULL && strlen (dot + 1) == 6 && dot - name > 5 &&
          strncmp (dot - 5, ".json", 5) == 0)
        {
          g_autofree char *path = g_build_filename (state_dir, name, NULL);

          if (g_unlink (path) == 0)
            g_message ("Removed %s, left over from an interrupted save", path);
        }
    }
}

/* A record of store.json into STORE, kept as text at once. */
static gboolean
add_migration_cb (JsonObject *element,
                  gpointer    data,
                  GError    **error)
{
  SbStore *store = data;
  SbMigration *migration = sb_migration_from_json (element, error);

  if (migration == NULL)
    return FALSE;
  sb_store_add_migration (store, migration);
  sb_store_release_records (store);
  return TRUE;
}

SbStore *
sb_store_load (const char *state_dir,
               GError    **error)
{
  g_autofree char *path = g_build_filename (state_dir, "store.json", NULL);
  g_autofree char *journal = g_build_filename (state_dir, JOURNAL_NAME, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_auto(Streamed) streamed = { 0 };
  SbStore *store;
  JsonObject *obj;
  JsonArray *projects;

  remove_temporary_files (state_dir);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  /* Like a project file: the records one at a time (each kept as text once
   * added), the rest of the file with "migrations":[] parsed alone. */
  root = load_streamed (path, "migrations", &streamed, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT, "%s is not a sandbox state file", path);
      return NULL;
    }
  obj = json_node_get_object (root);
  store = sb_store_new (sb_json_get_string (obj, "name"), sb_json_get_string (obj, "serverVersion"));

  projects = sb_json_get_array (obj, "projects");
  for (guint i = 0; projects && i < json_array_get_length (projects); i++)
    {
      const char *id = json_array_get_string_element (projects, i);
      if (id && !load_project (store, state_dir, id, error))
        {
          sb_store_free (store);
          return NULL;
        }
    }

  apply_accounts (store, obj);

  if (!streamed_each (&streamed, obj, "migrations", path, "state file", add_migration_cb, store, error))
    {
      sb_store_free (store);
      return NULL;
    }

  if (!sb_journal_replay (journal, replay_entry, store, error))
    {
      sb_store_free (store);
      return NULL;
    }
  clean_marks (store);
  return store;
}

gboolean
sb_store_open_journal (SbStore    *store,
                       const char *state_dir,
                       GError    **error)
{
  g_autofree char *path = g_build_filename (state_dir, JOURNAL_NAME, NULL);

  g_return_val_if_fail (store->journal == NULL, FALSE);
  clean_marks (store);
  store->journal = sb_journal_open (path, error);
  return store->journal != NULL;
}

void
sb_store_close_journal (SbStore *store)
{
  g_clear_pointer (&store->journal, sb_journal_close);
}

SbJournal *
sb_store_get_journal (SbStore *store)
{
  return store->journal;
}
