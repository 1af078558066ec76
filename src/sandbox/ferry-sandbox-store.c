/* ferry-sandbox-store.c: objects, projects, accounts, migration records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Persistence (ferry-sandbox-store-persist.c, ferry-sandbox-journal.c): one
 * atomic commit per state change, in the manner of a database's WAL.
 *
 * - The state on disk is a snapshot plus a journal. The snapshot is
 *   store.json (environment, accounts, project list, every migration
 *   record) and project-<id>.json per project; the journal is an
 *   append-only file of commits.
 * - A change (a handler, a job's end) marks what it touched: records
 *   (added, removed, looked up to be edited: sb_store_touch_migration()),
 *   objects (sb_project_add_object/steal_object name their id; an in-place
 *   edit with sb_project_touch() marks the whole project). sb_store_commit()
 *   turns the marks into ONE journal entry (the changed records in full,
 *   the changed objects of every project, removed ids) and queues it: an
 *   import's objects and its "imported" record are one entry, so a kill
 *   finds both or neither. Its cost is the size of the change, not of the
 *   state: a PATCH writes one record whatever the number of records.
 * - The entry is serialised under the state lock (memory only); the
 *   journal's writer thread writes it and fdatasyncs outside the lock
 *   (several queued commits share one sync). The HTTP layer holds each
 *   answer until the commits it may have seen are durable, so no client is
 *   told about a change a kill could still lose.
 * - At start: leftover temporary files are removed, the snapshot is read,
 *   the journal is replayed (entries are idempotent: records and objects
 *   in full, keyed by id; a torn last entry is cut off), jobs that were in
 *   flight become failures (their effect was never committed, so the
 *   target is as before), and a new snapshot is written (each file atomic;
 *   a kill halfway replays the same journal again) before the journal is
 *   emptied.
 *
 * Test hook: FERRY_SANDBOX_CRASH_AT (sb_crash_point(),
 * ferry-sandbox-journal.h) kills the process at a named point.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

#include "ferry-sandbox-store.h"
#include "ferry-sandbox-json-scan.h"
#include "ferry-sandbox-writer.h"



/* ------------------------------------------------------------------------ */
/* Objects                                                                    */
/* ------------------------------------------------------------------------ */

SbObject *
sb_object_new (void)
{
  SbObject *o = g_new0 (SbObject, 1);

  o->acl = json_array_new ();
  o->definition = json_object_new ();
  o->uses = g_ptr_array_new_with_free_func (g_free);
  return o;
}

void
sb_object_free (SbObject *o)
{
  if (o == NULL)
    return;
  g_free (o->id);
  g_free (o->name);
  g_free (o->description);
  g_free (o->version);
  g_free (o->owner_id);
  g_free (o->owner_name);
  g_free (o->parent_id);
  g_clear_pointer (&o->acl, json_array_unref);
  g_clear_pointer (&o->definition, json_object_unref);
  g_clear_pointer (&o->uses, g_ptr_array_unref);
  g_free (o);
}

static SbObject *
object_copy (const SbObject *src,
             gboolean        share_acl)
{
  SbObject *o = g_new0 (SbObject, 1);

  o->id = g_strdup (src->id);
  o->name = g_strdup (src->name);
  o->description = g_strdup (src->description);
  o->type = src->type;
  o->subtype = src->subtype;
  o->version = g_strdup (src->version);
  o->created = src->created;
  o->modified = src->modified;
  o->owner_id = g_strdup (src->owner_id);
  o->owner_name = g_strdup (src->owner_name);
  o->parent_id = g_strdup (src->parent_id);
  if (src->acl == NULL)
    o->acl = json_array_new ();
  else
    o->acl = share_acl ? json_array_ref (src->acl) : sb_json_array_dup (src->acl);
  o->definition = src->definition ? sb_json_object_dup (src->definition) : json_object_new ();
  o->uses = g_ptr_array_new_full (src->uses ? src->uses->len : 0, g_free);
  for (guint i = 0; src->uses && i < src->uses->len; i++)
    g_ptr_array_add (o->uses, g_strdup (g_ptr_array_index (src->uses, i)));
  return o;
}

SbObject *
sb_object_copy (const SbObject *src)
{
  return object_copy (src, FALSE);
}

/* The definition is copied deeply (ferry_sandbox_modify_object() edits
 * definitions in place, and a package's copy, an undo prior or the source
 * must not change with it). */
SbObject *
sb_object_copy_sharing_acl (const SbObject *src)
{
  return object_copy (src, TRUE);
}

static gboolean
json_equal_array (JsonArray *a,
                  JsonArray *b)
{
  g_autoptr(JsonNode) na = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) nb = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (na, a);
  json_node_set_array (nb, b);
  return json_node_equal (na, nb);
}

static gboolean
json_equal_object (JsonObject *a,
                   JsonObject *b)
{
  g_autoptr(JsonNode) na = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) nb = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (na, a);
  json_node_set_object (nb, b);
  return json_node_equal (na, nb);
}

gboolean
sb_object_equal (const SbObject *a,
                 const SbObject *b)
{
  if (a->type != b->type || a->subtype != b->subtype ||
      a->created != b->created || a->modified != b->modified)
    return FALSE;
  if (g_strcmp0 (a->id, b->id) || g_strcmp0 (a->name, b->name) ||
      g_strcmp0 (a->description, b->description) || g_strcmp0 (a->version, b->version) ||
      g_strcmp0 (a->owner_id, b->owner_id) || g_strcmp0 (a->owner_name, b->owner_name) ||
      g_strcmp0 (a->parent_id, b->parent_id))
    return FALSE;
  if (!json_equal_array (a->acl, b->acl) || !json_equal_object (a->definition, b->definition))
    return FALSE;
  if (a->uses->len != b->uses->len)
    return FALSE;
  for (guint i = 0; i < a->uses->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a->uses, i), g_ptr_array_index (b->uses, i)))
      return FALSE;
  return TRUE;
}

void
sb_object_new_version (SbObject *o)
{
  g_free (o->version);
  o->version = sb_new_hex_id ();
}

JsonNode *
sb_object_to_json (const SbObject *o)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = sb_format_time (o->created);
  g_autofree char *modified = sb_format_time (o->modified);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, o->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, o->name);
  if (o->description)
    {
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, o->description);
    }
  json_builder_set_member_name (b, "type");
  json_builder_add_int_value (b, o->type);
  json_builder_set_member_name (b, "subtype");
  json_builder_add_int_value (b, o->subtype);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, o->version);
  json_builder_set_member_name (b, "dateCreated");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "dateModified");
  json_builder_add_string_value (b, modified);
  json_builder_set_member_name (b, "owner");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, o->owner_id ? o->owner_id : "");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, o->owner_name ? o->owner_name : "");
  json_builder_end_object (b);
  if (o->parent_id)
    {
      json_builder_set_member_name (b, "parentId");
      json_builder_add_string_value (b, o->parent_id);
    }
  json_builder_set_member_name (b, "acl");
  {
    JsonNode *n = json_node_new (JSON_NODE_ARRAY);
    json_node_set_array (n, o->acl);
    json_builder_add_value (b, sb_json_deep_copy (n));
    json_node_unref (n);
  }
  json_builder_set_member_name (b, "definition");
  {
    JsonNode *n = json_node_new (JSON_NODE_OBJECT);
    json_node_set_object (n, o->definition);
    json_builder_add_value (b, sb_json_deep_copy (n));
    json_node_unref (n);
  }
  json_builder_set_member_name (b, "uses");
  json_builder_begin_array (b);
  for (guint i = 0; i < o->uses->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (o->uses, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

SbObject *
sb_object_from_json (JsonObject *json,
                     GError    **error)
{
  g_autoptr(GPtrArray) holder = NULL;
  SbObject *o;
  const char *id = sb_json_get_string (json, "id");
  const char *name = sb_json_get_string (json, "name");
  const char *version = sb_json_get_string (json, "version");
  JsonObject *owner = sb_json_get_object (json, "owner");
  JsonArray *acl = sb_json_get_array (json, "acl");
  JsonObject *definition = sb_json_get_object (json, "definition");
  JsonArray *uses = sb_json_get_array (json, "uses");

  if (id == NULL || name == NULL || version == NULL ||
      !json_object_has_member (json, "type"))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT,
                   "Object %s lacks id, name, type or version", id ? id : "(no id)");
      return NULL;
    }

  o = g_new0 (SbObject, 1);
  o->id = g_strdup (id);
  o->name = g_strdup (name);
  o->description = g_strdup (sb_json_get_string (json, "description"));
  o->type = (int) json_object_get_int_member_with_default (json, "type", 0);
  o->subtype = (int) json_object_get_int_member_with_default (json, "subtype", 0);
  o->version = g_strdup (version);
  if (!sb_parse_time (sb_json_get_string (json, "dateCreated"), &o->created))
    o->created = 0;
  if (!sb_parse_time (sb_json_get_string (json, "dateModified"), &o->modified))
    o->modified = o->created;
  o->owner_id = g_strdup (sb_json_get_string (owner, "id"));
  o->owner_name = g_strdup (sb_json_get_string (owner, "name"));
  o->parent_id = g_strdup (sb_json_get_string (json, "parentId"));
  o->acl = acl ? sb_json_array_dup (acl) : json_array_new ();
  o->definition = definition ? sb_json_object_dup (definition) : json_object_new ();
  o->uses = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; uses && i < json_array_get_length (uses); i++)
    {
      const char *u = json_array_get_string_element (uses, i);
      if (u)
        g_ptr_array_add (o->uses, g_strdup (u));
    }
  return o;
}

/* ------------------------------------------------------------------------ */
/* Projects                                                                   */
/* ------------------------------------------------------------------------ */

/* Generations are unique in the process (several sandboxes, each on its
 * own thread, may take them at once): a project never gets back a value it
 * or another project had, so a cached answer can never match a project that
 * has changed or that replaced a freed one at the same address. */
static atomic_uint_fast64_t last_generation;

static guint64
new_generation (void)
{
  return (guint64) atomic_fetch_add (&last_generation, 1) + 1;
}

void
sb_project_touch (SbProject *project)
{
  project->generation = new_generation ();
  project->dirty = TRUE;
  project->dirty_all = TRUE;
}

void
sb_project_touch_object (SbProject  *project,
                         const char *id)
{
  project->generation = new_generation ();
  project->dirty = TRUE;
  if (!project->dirty_all)
    g_hash_table_add (project->dirty_objects, g_strdup (id));
}

static void
project_free (SbProject *p)
{
  g_free (p->id);
  g_free (p->name);
  g_free (p->description);
  g_free (p->alias);
  g_free (p->root_folder_id);
  g_free (p->owner_id);
  g_free (p->owner_name);
  g_hash_table_unref (p->objects);
  g_hash_table_unref (p->security_links);
  g_hash_table_unref (p->dirty_objects);
  g_free (p);
}

static SbProject *
project_new (const char *id,
             const char *name,
             const char *description)
{
  SbProject *p = g_new0 (SbProject, 1);

  p->id = g_strdup (id);
  p->name = g_strdup (name);
  p->description = g_strdup (description ? description : "");
  p->alias = g_strdup ("");
  p->objects = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sb_object_free);
  p->security_links = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_array_unref);
  p->created = p->modified = sb_now_ms ();
  p->owner_id = g_strdup (SB_ADMINISTRATOR_ID);
  p->owner_name = g_strdup ("Administrator");
  p->generation = new_generation ();
  p->dirty_objects = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return p;
}

void
sb_project_add_object (SbProject *project,
                       SbObject  *object)
{
  /* The key is the object's own id string, so replace (not insert) to keep
   * key and value from the same object. */
  g_hash_table_replace (project->objects, object->id, object);
  sb_project_touch_object (project, object->id);
}

SbObject *
sb_project_get_object (SbProject  *project,
                       const char *id)
{
  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (project->objects, id);
}

SbObject *
sb_project_steal_object (SbProject  *project,
                         const char *id)
{
  SbObject *o = sb_project_get_object (project, id);

  if (o != NULL)
    {
      g_hash_table_steal (project->objects, id);
      sb_project_touch_object (project, o->id);
    }
  return o;
}

int
sb_object_cmp_by_name (gconstpointer pa,
                       gconstpointer pb)
{
  const SbObject *a = *(SbObject * const *) pa;
  const SbObject *b = *(SbObject * const *) pb;
  int r = g_ascii_strcasecmp (a->name, b->name);

  return r != 0 ? r : strcmp (a->id, b->id);
}

static int
children_cmp (gconstpointer pa,
              gconstpointer pb)
{
  const SbObject *a = *(SbObject * const *) pa;
  const SbObject *b = *(SbObject * const *) pb;
  gboolean fa = a->type == SB_TYPE_FOLDER, fb = b->type == SB_TYPE_FOLDER;

  if (fa != fb)
    return fa ? -1 : 1;
  return sb_object_cmp_by_name (pa, pb);
}

GPtrArray *
sb_project_children (SbProject  *project,
                     const char *folder_id)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbObject *o = value;
      if (o->parent_id != NULL && folder_id != NULL && strcmp (o->parent_id, folder_id) == 0)
        g_ptr_array_add (out, o);
    }
  g_ptr_array_sort (out, children_cmp);
  return out;
}

GPtrArray *
sb_project_ancestors (SbProject      *project,
                      const SbObject *object)
{
  GPtrArray *out = g_ptr_array_new ();
  const char *parent = object->parent_id;
  guint guard = 0;

  while (parent != NULL && guard++ < 256)
    {
      SbObject *f = sb_project_get_object (project, parent);
      if (f == NULL)
        break;
      g_ptr_array_insert (out, 0, f);
      parent = f->parent_id;
    }
  return out;
}

char *
sb_project_folder_path (SbProject      *project,
                        const SbObject *object)
{
  g_autoptr(GPtrArray) chain = sb_project_ancestors (project, object);
  GString *s = g_string_new (NULL);

  /* chain[0] is the root folder, which is not named in paths. */
  for (guint i = 1; i < chain->len; i++)
    {
      SbObject *f = g_ptr_array_index (chain, i);
      g_string_append_c (s, '\\');
      g_string_append (s, f->name);
    }
  if (s->len == 0)
    g_string_append_c (s, '\\');
  return g_string_free (s, FALSE);
}

JsonNode *
sb_project_object_to_api (SbProject      *project,
                          const SbObject *o,
                          gboolean        with_ancestors,
                          gboolean        with_acl)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = sb_format_time (o->created);
  g_autofree char *modified = sb_format_time (o->modified);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, o->name);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, o->id);
  json_builder_set_member_name (b, "type");
  json_builder_add_int_value (b, o->type);
  json_builder_set_member_name (b, "subtype");
  json_builder_add_int_value (b, o->subtype);
  if (o->description && *o->description)
    {
      json_builder_set_member_name (b, "description");
      json_builder_add_string_value (b, o->description);
    }
  json_builder_set_member_name (b, "dateCreated");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "dateModified");
  json_builder_add_string_value (b, modified);
  json_builder_set_member_name (b, "version");
  json_builder_add_string_value (b, o->version);
  json_builder_set_member_name (b, "acg");
  json_builder_add_int_value (b, 255);
  json_builder_set_member_name (b, "owner");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, o->owner_name ? o->owner_name : "");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, o->owner_id ? o->owner_id : "");
  json_builder_end_object (b);

  if (with_ancestors && !project->is_configuration)
    {
      g_autoptr(GPtrArray) chain = sb_project_ancestors (project, o);

      json_builder_set_member_name (b, "ancestors");
      json_builder_begin_array (b);
      for (guint i = 0; i < chain->len; i++)
        {
          SbObject *f = g_ptr_array_index (chain, i);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "name");
          json_builder_add_string_value (b, f->name);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, f->id);
          json_builder_set_member_name (b, "level");
          json_builder_add_int_value (b, (gint64) (chain->len - i));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
    }

  if (with_acl)
    {
      JsonNode *n = json_node_new (JSON_NODE_ARRAY);

      json_node_set_array (n, o->acl);
      json_builder_set_member_name (b, "acl");
      json_builder_add_value (b, sb_json_deep_copy (n));
      json_node_unref (n);
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
sb_project_to_api (SbProject *p)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *created = sb_format_time (p->created);
  g_autofree char *modified = sb_format_time (p->modified);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, p->id);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->name);
  json_builder_set_member_name (b, "alias");
  json_builder_add_string_value (b, p->alias ? p->alias : "");
  json_builder_set_member_name (b, "description");
  json_builder_add_string_value (b, p->description ? p->description : "");
  json_builder_set_member_name (b, "status");
  json_builder_add_int_value (b, 0);
  json_builder_set_member_name (b, "dateCreated");
  json_builder_add_string_value (b, created);
  json_builder_set_member_name (b, "dateModified");
  json_builder_add_string_value (b, modified);
  json_builder_set_member_name (b, "owner");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, p->owner_id ? p->owner_id : "");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, p->owner_name ? p->owner_name : "");
  json_builder_end_object (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

/* ------------------------------------------------------------------------ */
/* Store                                                                      */
/* ------------------------------------------------------------------------ */

static void
account_free (SbAccount *a)
{
  g_free (a->login);
  g_free (a->password);
  g_free (a->user_id);
  g_free (a->full_name);
  g_free (a);
}

SbStore *
sb_store_new (const char *name,
              const char *server_version)
{
  SbStore *s = g_new0 (SbStore, 1);
  SbProject *conf;

  s->name = g_strdup (name ? name : "Library");
  s->server_version = g_strdup (server_version ? server_version : "11.4.1000");
  s->projects = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) project_free);
  s->project_order = g_ptr_array_new_with_free_func (g_free);
  s->accounts = g_ptr_array_new_with_free_func ((GDestroyNotify) account_free);
  s->migrations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sb_migration_free);
  s->migration_order = g_ptr_array_new_with_free_func (g_free);
  s->dirty_migrations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s->inflated = g_ptr_array_new ();

  conf = project_new (SB_CONFIGURATION_ID, SB_CONFIGURATION_NAME, "Configuration objects");
  conf->is_configuration = TRUE;
  g_hash_table_replace (s->projects, conf->id, conf);
  s->configuration = conf;
  return s;
}

void
sb_store_free (SbStore *s)
{
  if (s == NULL)
    return;
  sb_store_close_journal (s);
  if (s->listing_cache != NULL)
    s->listing_cache_free (s->listing_cache);
  g_hash_table_unref (s->dirty_migrations);
  g_ptr_array_unref (s->inflated);
  g_hash_table_unref (s->migrations);
  g_ptr_array_unref (s->migration_order);
  g_hash_table_unref (s->projects);
  g_ptr_array_unref (s->project_order);
  g_ptr_array_unref (s->accounts);
  g_free (s->name);
  g_free (s->server_version);
  g_free (s);
}

SbProject *
sb_store_add_project (SbStore    *store,
                      const char *id,
                      const char *name,
                      const char *description)
{
  SbProject *p = project_new (id, name, description);

  g_hash_table_replace (store->projects, p->id, p);
  g_ptr_array_add (store->project_order, g_strdup (id));
  p->dirty = TRUE;
  p->dirty_all = TRUE;
  store->dirty_meta = TRUE;
  return p;
}

SbProject *
sb_store_get_space (SbStore    *store,
                    const char *project_id_or_null)
{
  if (project_id_or_null == NULL)
    return store->configuration;
  return g_hash_table_lookup (store->projects, project_id_or_null);
}

SbProject *
sb_store_get_project (SbStore    *store,
                      const char *project_id)
{
  SbProject *p;

  if (project_id == NULL)
    return NULL;
  p = g_hash_table_lookup (store->projects, project_id);
  if (p == NULL || p->is_configuration)
    return NULL;
  return p;
}

SbAccount *
sb_store_add_account (SbStore    *store,
                      const char *login,
                      const char *password,
                      guint       login_modes,
                      const char *user_id,
                      const char *full_name,
                      guint       privileges)
{
  SbAccount *a = g_new0 (SbAccount, 1);

  a->login = g_strdup (login);
  a->password = g_strdup (password ? password : "");
  a->login_modes = login_modes;
  a->user_id = g_strdup (user_id);
  a->full_name = g_strdup (full_name);
  a->privileges = privileges;
  g_ptr_array_add (store->accounts, a);
  store->dirty_meta = TRUE;
  return a;
}

SbAccount *
sb_store_find_account (SbStore    *store,
                       const char *login)
{
  if (login == NULL)
    return NULL;
  for (guint i = 0; i < store->accounts->len; i++)
    {
      SbAccount *a = g_ptr_array_index (store->accounts, i);
      if (g_ascii_strcasecmp (a->login, login) == 0)
        return a;
    }
  return NULL;
}

SbAccount *
sb_store_find_account_by_user (SbStore    *store,
                               const char *user_id)
{
  for (guint i = 0; user_id && i < store->accounts->len; i++)
    {
      SbAccount *a = g_ptr_array_index (store->accounts, i);
      if (g_strcmp0 (a->user_id, user_id) == 0)
        return a;
    }
  return NULL;
}

/* What every record the sandbox serves carries, even one written before
 * these members existed: importInfo.environment ({} until known) and
 * packageInfo.certification (uncertified by the creator until changed).
 * Only adds members: no JsonObject of the record held goes stale. */
static void
migration_fill_defaults (SbMigration *migration)
{
  JsonObject *p = sb_migration_package_info (migration);
  JsonObject *i = sb_migration_import_info (migration);

  if (i != NULL && sb_json_get_object (i, "environment") == NULL)
    json_object_set_object_member (i, "environment", json_object_new ());

  if (p != NULL && sb_json_get_object (p, "certification") == NULL)
    {
      JsonObject *creator = sb_json_get_object (p, "creator");
      JsonObject *c = json_object_new ();
      JsonObject *operator = json_object_new ();
      const char *name = sb_json_get_string_or (creator, "name", "");
      const char *date = sb_json_get_string (p, "creationDate");
      g_autofree char *now = date == NULL ? sb_format_time (sb_now_ms ()) : NULL;

      json_object_set_string_member (c, "status", "uncertified");
      json_object_set_string_member (operator, "id", sb_json_get_string_or (creator, "id", ""));
      json_object_set_string_member (operator, "name", name);
      json_object_set_string_member (operator, "fullName", sb_json_get_string_or (creator, "fullName", name));
      json_object_set_object_member (c, "operator", operator);
      json_object_set_string_member (c, "lastUpdatedDate", date != NULL ? date : now);
      json_object_set_object_member (p, "certification", c);
    }
}

void
sb_store_add_migration (SbStore     *store,
                        SbMigration *migration)
{
  SbMigration *old = g_hash_table_lookup (store->migrations, migration->id);

  g_return_if_fail (old != migration);
  if (old != NULL && old->inflated)
    g_ptr_array_remove_fast (store->inflated, old);
  migration->store = store;
  if (migration->record != NULL && !migration->inflated)
    {
      g_ptr_array_add (store->inflated, migration);
      migration->inflated = TRUE;
    }
  migration_fill_defaults (migration);
  store->migration_changes++;
  g_hash_table_add (store->dirty_migrations, g_strdup (migration->id));
  if (!g_hash_table_contains (store->migrations, migration->id))
    g_ptr_array_add (store->migration_order, g_strdup (migration->id));
  g_hash_table_replace (store->migrations, migration->id, migration);
}

void
sb_store_remove_migration (SbStore    *store,
                           const char *id)
{
  for (guint i = 0; i < store->migration_order->len; i++)
    if (g_strcmp0 (g_ptr_array_index (store->migration_order, i), id) == 0)
      {
        g_ptr_array_remove_index (store->migration_order, i);
        break;
      }
  SbMigration *m = g_hash_table_lookup (store->migrations, id);

  if (m != NULL && m->inflated)
    g_ptr_array_remove_fast (store->inflated, m);
  store->migration_changes++;
  g_hash_table_add (store->dirty_migrations, g_strdup (id));
  g_hash_table_remove (store->migrations, id);
}

/* ------------------------------------------------------------------------ */
/* Migration records                                                          */
/* ------------------------------------------------------------------------ */

#define RESTART_MESSAGE "The server was restarted while the work was in progress"

JsonObject *
sb_migration_package_info (SbMigration *m)
{
  return sb_json_get_object (sb_migration_record (m), "packageInfo");
}

JsonObject *
sb_migration_import_info (SbMigration *m)
{
  return sb_json_get_object (sb_migration_record (m), "importInfo");
}

static JsonNode *
progress_node (JsonObject *section)
{
  JsonNode *node = section != NULL ? json_object_get_member (section, "progress") : NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    return sb_json_deep_copy (node);
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, 0);
  return node;
}

/* {id, packageInfo{id,status,progress}, importInfo{id,status,
 *  importRequestStatus,undoRequestStatus,progress}, validation?{status,progress}} */
JsonNode *
sb_migration_short_form (SbMigration *m)
{
  JsonObject *p = sb_migration_package_info (m);
  JsonObject *i = sb_migration_import_info (m);
  JsonObject *object = json_object_new ();
  JsonObject *po = json_object_new ();
  JsonObject *io = json_object_new ();

  json_object_set_string_member (object, "id", m->id);

  json_object_set_string_member (po, "id", sb_json_get_string_or (p, "id", ""));
  json_object_set_string_member (po, "status", sb_json_get_string_or (p, "status", "unknown"));
  json_object_set_member (po, "progress", progress_node (p));
  json_object_set_object_member (object, "packageInfo", po);

  json_object_set_string_member (io, "id", sb_json_get_string_or (i, "id", ""));
  json_object_set_string_member (io, "status", sb_json_get_string_or (i, "status", "pending"));
  json_object_set_string_member (io, "importRequestStatus",
                                 sb_json_get_string_or (i, "importRequestStatus", "pending"));
  json_object_set_string_member (io, "undoRequestStatus",
                                 sb_json_get_string_or (i, "undoRequestStatus", "pending"));
  json_object_set_member (io, "progress", progress_node (i));
  json_object_set_object_member (object, "importInfo", io);

  if (sb_json_get_object (sb_migration_record (m), "validation") != NULL)
    {
      JsonObject *v = sb_json_get_object (m->record, "validation");
      JsonObject *vo = json_object_new ();

      json_object_set_string_member (vo, "status", sb_json_get_string_or (v, "status", "validating"));
      json_object_set_member (vo, "progress", progress_node (v));
      json_object_set_object_member (object, "validation", vo);
    }

  return sb_json_node_take_object (object);
}

const char *
sb_migration_package_id (SbMigration *m)
{
  if (m->record == NULL && m->text != NULL)
    return m->package_id != NULL ? m->package_id : "";
  return sb_json_get_string_or (sb_migration_package_info (m), "id", "");
}

const char *
sb_migration_import_id (SbMigration *m)
{
  if (m->record == NULL && m->text != NULL)
    return m->import_id != NULL ? m->import_id : "";
  return sb_json_get_string_or (sb_migration_import_info (m), "id", "");
}

const char *
sb_migration_storage_path (JsonObject *section,
                           const char *member)
{
  JsonObject *storage = section != NULL ? sb_json_get_object (section, member) : NULL;

  return storage != NULL ? sb_json_get_string (storage, "path") : NULL;
}

/* Member orders of the reference page's GET sample; members it does not
 * name follow in their own order. */
static const char *const record_order[] = {
  "id", "packageInfo", "importInfo", "validation", "version", NULL
};
static const char *const package_info_order[] = {
  "id", "replicated", "type", "purpose", "name", "creator", "creationDate",
  "lastUpdatedDate", "environment", "storage", "project", "status", "message",
  "progress", "deleted", "existing", "warnings", "certification", "groupId",
  "tocView", "treeView", NULL
};
static const char *const import_info_order[] = {
  "id", "creator", "creationDate", "lastUpdatedDate", "environment", "status",
  "importRequestStatus", "undoRequestStatus", "progress", "message",
  "undoStorage", "project", "deleted", NULL
};

/* A deep copy of OBJECT with the members named in ORDER first, in that
 * order, then the others in their own order; members named in SKIP are
 * left out. packageInfo and importInfo are ordered as well. */
static JsonObject *
ordered_copy (JsonObject        *object,
              const char *const *order,
              const char *const *skip)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint k = 0; order[k] != NULL; k++)
    if (json_object_has_member (object, order[k]))
      g_ptr_array_add (names, (gpointer) order[k]);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (order, l->data) && (skip == NULL || !g_strv_contains (skip, l->data)))
      g_ptr_array_add (names, l->data);

  for (guint k = 0; k < names->len; k++)
    {
      const char *name = g_ptr_array_index (names, k);
      JsonNode *node = json_object_get_member (object, name);

      if (order == record_order && JSON_NODE_HOLDS_OBJECT (node) &&
          (g_str_equal (name, "packageInfo") || g_str_equal (name, "importInfo")))
        json_object_set_object_member (copy, name,
                                       ordered_copy (json_node_get_object (node),
                                                     g_str_equal (name, "packageInfo")
                                                     ? package_info_order : import_info_order,
                                                     NULL));
      else
        json_object_set_member (copy, name, sb_json_deep_copy (node));
    }
  return copy;
}

void
sb_migration_normalize (SbMigration *m)
{
  JsonObject *record = ordered_copy (sb_migration_record (m), record_order, NULL);

  json_object_unref (m->record);
  m->record = record;
}

void
sb_migration_free (SbMigration *migration)
{
  if (migration == NULL)
    return;
  g_free (migration->id);
  g_clear_pointer (&migration->record, json_object_unref);
  g_free (migration->text);
  g_free (migration->package_id);
  g_free (migration->import_id);
  g_free (migration);
}

JsonNode *
sb_migration_to_json (SbMigration *migration)
{
  JsonObject *object = sb_json_object_dup (sb_migration_record (migration));

  json_object_set_boolean_member (object, "sourceRole", migration->source_role);
  json_object_set_boolean_member (object, "targetRole", migration->target_role);
  return sb_json_node_take_object (object);
}

SbMigration *
sb_migration_from_json (JsonObject  *json,
                        GError     **error)
{
  const char *id = sb_json_get_string (json, "id");
  static const char *const role_members[] = { "sourceRole", "targetRole", NULL };
  SbMigration *migration;
  JsonObject *record;

  if (id == NULL || *id == '\0' ||
      sb_json_get_object (json, "packageInfo") == NULL ||
      sb_json_get_object (json, "importInfo") == NULL)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid migration record: it needs id, packageInfo and importInfo");
      return NULL;
    }

  record = ordered_copy (json, record_order, role_members);

  migration = g_new0 (SbMigration, 1);
  migration->id = g_strdup (id);
  migration->record = record;
  migration->source_role = json_object_get_boolean_member_with_default (json, "sourceRole", FALSE);
  migration->target_role = json_object_get_boolean_member_with_default (json, "targetRole", FALSE);
  return migration;
}

SbMigration *
sb_store_lookup_migration (SbStore    *store,
                           const char *id)
{
  SbMigration *m = g_hash_table_lookup (store->migrations, id);

  if (m == NULL)
    {
      g_autofree char *upper = g_ascii_strup (id, -1);

      m = g_hash_table_lookup (store->migrations, upper);
    }
  if (m != NULL)
    sb_store_touch_migration (store, m);
  return m;
}

void
sb_store_touch_migration (SbStore     *store,
                          SbMigration *migration)
{
  if (!g_hash_table_contains (store->dirty_migrations, migration->id))
    g_hash_table_add (store->dirty_migrations, g_strdup (migration->id));
}

void
sb_store_recover_migrations (SbStore *store)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, store->migrations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbMigration *m = value;
      JsonObject *p, *i;

      m->job_id = 0;
      /* Kept as text: only a record in one of these states needs its tree. */
      if (m->record == NULL && m->text != NULL &&
          strstr (m->text, "\"status\":\"creating\"") == NULL &&
          strstr (m->text, "\"status\":\"importing\"") == NULL &&
          strstr (m->text, "\"status\":\"undoing\"") == NULL)
        continue;
      p = sb_migration_package_info (m);
      i = sb_migration_import_info (m);
      if (p != NULL && g_strcmp0 (sb_json_get_string (p, "status"), "creating") == 0)
        {
          json_object_set_string_member (p, "status", "create_failed");
          json_object_set_string_member (p, "message", RESTART_MESSAGE);
          sb_json_set_now (p, "lastUpdatedDate");
          sb_store_touch_migration (store, m);
        }
      if (i != NULL)
        {
          const char *status = sb_json_get_string (i, "status");
          const char *next = NULL;

          if (g_strcmp0 (status, "importing") == 0)
            next = "import_failed";
          else if (g_strcmp0 (status, "undoing") == 0)
            next = "undo_failed";
          if (next != NULL)
            {
              json_object_set_string_member (i, "status", next);
              json_object_set_string_member (i, "message", RESTART_MESSAGE);
              sb_json_set_now (i, "lastUpdatedDate");
              sb_store_touch_migration (store, m);
            }
        }
    }
}

int
sb_compare_server_versions (const char *a,
                            const char *b)
{
  char bufa[10] = { 0 }, bufb[10] = { 0 };
  const char *pa = bufa, *pb = bufb;

  /* Clients compare the first 9 characters ("11.4.1000"), part by part. */
  g_strlcpy (bufa, a ? a : "", sizeof bufa);
  g_strlcpy (bufb, b ? b : "", sizeof bufb);
  while (*pa || *pb)
    {
      char *enda = NULL, *endb = NULL;
      gint64 x = g_ascii_strtoll (pa, &enda, 10);
      gint64 y = g_ascii_strtoll (pb, &endb, 10);

      if (x != y)
        return x < y ? -1 : 1;
      pa = *enda == '.' ? enda + 1 : enda;
      pb = *endb == '.' ? endb + 1 : endb;
      if (pa == enda && pb == endb && *pa == '\0' && *pb == '\0')
        break;
      if ((*pa && !g_ascii_isdigit (*pa)) || (*pb && !g_ascii_isdigit (*pb)))
        break;
    }
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Records kept as text                                                       */
/* ------------------------------------------------------------------------ */

/* A finished record lives as its compact JSON (about 2 KB) instead of a
 * json-glib tree (about 20 objects and 80 nodes, ten times that, in
 * slices GLib 2.74 never gives back): the tree is built when a handler
 * asks for it (sb_migration_record()) and dropped again at the end of the
 * request (sb_store_release_records()). The text is the sandbox writer's
 * output for the tree, which is byte for byte json-glib's, so a listing
 * copies spans of it and answers stay identical. */

static void find_listing_cut (SbMigration *m);

static void
migration_deflate (SbMigration *m)
{
  GString *out = g_string_sized_new (2048);
  JsonObject *p = sb_json_get_object (m->record, "packageInfo");
  JsonObject *i = sb_json_get_object (m->record, "importInfo");
  const char *purpose = sb_json_get_string (p, "purpose");
  gsize len;

  sb_write_object (out, m->record);
  g_free (m->package_id);
  g_free (m->import_id);
  m->package_id = g_strdup (sb_json_get_string (p, "id"));
  m->import_id = g_strdup (sb_json_get_string (i, "id"));
  m->purpose = purpose != NULL ? g_intern_string (purpose) : NULL;
  m->has_validation = json_object_has_member (m->record, "validation");
  g_clear_pointer (&m->record, json_object_unref);
  g_free (m->text);
  len = out->len;
  m->text = g_realloc (g_string_free (out, FALSE), len + 1);
  m->text_len = len;
  find_listing_cut (m);
}

JsonObject *
sb_migration_record (SbMigration *m)
{
  if (m->record == NULL && m->text != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonNode *root;

      if (!json_parser_load_from_data (parser, m->text, -1, &error) ||
          (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        g_error ("A record kept as text does not parse: %s", error ? error->message : "not an object");
      m->record = json_object_ref (json_node_get_object (root));
      g_clear_pointer (&m->text, g_free);
      g_clear_pointer (&m->package_id, g_free);
      g_clear_pointer (&m->import_id, g_free);
      m->purpose = NULL;
      if (m->store != NULL && !m->inflated)
        {
          g_ptr_array_add (m->store->inflated, m);
          m->inflated = TRUE;
        }
    }
  return m->record;
}

void
sb_store_release_records (SbStore *store)
{
  for (guint k = store->inflated->len; k > 0; k--)
    {
      SbMigration *m = g_ptr_array_index (store->inflated, k - 1);

      if (m->job_id != 0)
        continue;
      if (m->record != NULL)
        migration_deflate (m);
      m->inflated = FALSE;
      g_ptr_array_remove_index_fast (store->inflated, k - 1);
    }
}

const char *
sb_migration_purpose (SbMigration *m)
{
  if (m->record == NULL && m->text != NULL)
    return m->purpose != NULL ? m->purpose : "object_migration";
  return sb_json_get_string_or (sb_migration_package_info (m), "purpose", "object_migration");
}

gboolean
sb_migration_has_validation (SbMigration *m)
{
  if (m->record != NULL || m->text == NULL)
    return m->record != NULL && json_object_has_member (m->record, "validation");
  return m->has_validation;
}

/* The listing's form of the record D (N bytes, the sandbox writer's
 * compact JSON): packageInfo without tocView and treeView. */
static void
write_listing_from_text (GString    *out,
                         const char *d,
                         gsize       n)
{
  gsize i = 0, key, vs, ve;
  gboolean first = TRUE;

  g_string_append_c (out, '{');
  while (sb_scan_member (d, n, &i, &key, &vs, &ve))
    {
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      if (sb_scan_key_is (d, key, n, "packageInfo") && d[vs] == '{')
        {
          gsize j = vs, k, s, e;
          gboolean info_first = TRUE;

          g_string_append_len (out, d + key, (gssize) (vs - key));
          g_string_append_c (out, '{');
          while (sb_scan_member (d, ve, &j, &k, &s, &e))
            {
              if (sb_scan_key_is (d, k, ve, "tocView") || sb_scan_key_is (d, k, ve, "treeView"))
                continue;
              if (!info_first)
                g_string_append_c (out, ',');
              info_first = FALSE;
              g_string_append_len (out, d + k, (gssize) (e - k));
            }
          g_string_append_c (out, '}');
        }
      else
        g_string_append_len (out, d + key, (gssize) (ve - key));
    }
  g_string_append_c (out, '}');
}

/* When the listing's form of M's text is a head and a tail of it (the
 * members it drops are neighbours, as they are in every record the
 * sandbox writes), notes their lengths: a listing then copies two spans
 * instead of scanning the record (a page of 1000 is 2 MB to scan). */
static void
find_listing_cut (SbMigration *m)
{
  g_autoptr(GString) listing = g_string_sized_new (m->text_len);
  gsize head = 0, tail = 0;

  write_listing_from_text (listing, m->text, m->text_len);
  while (head < listing->len && listing->str[head] == m->text[head])
    head++;
  while (tail < listing->len - head &&
         listing->str[listing->len - 1 - tail] == m->text[m->text_len - 1 - tail])
    tail++;
  m->listing_cut = head + tail == listing->len;
  m->listing_head = head;
  m->listing_tail = tail;
}

void
sb_migration_write_listing (GString     *out,
                            SbMigration *m)
{
  g_autoptr(GString) written = NULL;

  if (m->record == NULL && m->text != NULL && m->listing_cut)
    {
      g_string_append_len (out, m->text, (gssize) m->listing_head);
      g_string_append_len (out, m->text + m->text_len - m->listing_tail, (gssize) m->listing_tail);
      return;
    }
  if (m->record == NULL && m->text != NULL)
    {
      write_listing_from_text (out, m->text, m->text_len);
      return;
    }
  /* A record in use as a tree: its text is what migration_deflate() would
   * keep, and the listing is cut from that. */
  written = g_string_sized_new (2048);
  sb_write_object (written, m->record);
  write_listing_from_text (out, written->str, written->len);
}

void
sb_migration_write_storage (GString     *out,
                            SbMigration *m)
{
  if (m->record != NULL || m->text == NULL)
    {
      g_autoptr(JsonNode) node = sb_migration_to_json (m);

      sb_write_node (out, node);
      return;
    }
  /* The record, then the roles (what sb_migration_to_json() appends). */
  g_string_append_len (out, m->text, (gssize) m->text_len - 1);
  if (m->text[1] != '}')
    g_string_append_c (out, ',');
  sb_write_member (out, "sourceRole");
  g_string_append (out, m->source_role ? "true" : "false");
  g_string_append_c (out, ',');
  sb_write_member (out, "targetRole");
  g_string_append (out, m->target_role ? "true" : "false");
  g_string_append_c (out, '}');
}
