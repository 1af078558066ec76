/* ferry-sandbox-package-file.c: the package file format: items, undo entries,
 * writing and reading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "ferry-sandbox-package-file.h"

#define SB_PACKAGE_MAGIC          "\x01\x80" "FERRY-MMP\n"
#define SB_PACKAGE_MAGIC_LEN      12

/* ------------------------------------------------------------------------ */
/* Allowed values                                                             */
/* ------------------------------------------------------------------------ */

const char * const sb_valid_package_types[] = {
  "project", "configuration", "project_security", NULL
};
const char * const sb_valid_actions[] = {
  "use_existing", "replace", "keep_both", "use_newer", "use_older",
  "force_replace", "delete", NULL
};

gboolean
sb_package_type_is_configuration (const char *type)
{
  return g_strcmp0 (type, "configuration") == 0 ||
         g_strcmp0 (type, "project_security") == 0;
}

/* ------------------------------------------------------------------------ */
/* Helpers                                                                    */
/* ------------------------------------------------------------------------ */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  if (table == NULL)
    return keys;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);

  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

GHashTable *
sb_links_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_array_unref);
}

GHashTable *
sb_undo_links_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_node_unref);
}

/* ------------------------------------------------------------------------ */
/* Package files                                                              */
/* ------------------------------------------------------------------------ */

static void
package_item_free (SbPackageItem *item)
{
  if (item == NULL)
    return;

  g_clear_pointer (&item->object, sb_object_free);
  g_free (item->action);
  g_free (item->folder_path);
  g_clear_pointer (&item->folder_chain, g_ptr_array_unref);
  g_free (item);
}

SbPackageItem *
sb_package_item_new (void)
{
  SbPackageItem *item = g_new0 (SbPackageItem, 1);

  item->folder_chain = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_object_free);
  return item;
}

void
sb_undo_entry_free (SbUndoEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_clear_pointer (&entry->prior, sb_object_free);
  g_free (entry);
}

SbUndoEntry *
sb_undo_entry_new (const char *id,
                SbObject   *prior)
{
  SbUndoEntry *entry = g_new0 (SbUndoEntry, 1);

  entry->id = g_strdup (id);
  entry->prior = prior;
  return entry;
}

SbPackageFile *
sb_package_file_new (const char *kind)
{
  SbPackageFile *pkg = g_new0 (SbPackageFile, 1);

  pkg->kind = g_strdup (kind);
  pkg->format_version = SB_PACKAGE_FORMAT_VERSION;
  pkg->items = g_ptr_array_new_with_free_func ((GDestroyNotify) package_item_free);
  pkg->undo_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_undo_entry_free);
  return pkg;
}

void
sb_package_file_free (SbPackageFile *pkg)
{
  if (pkg == NULL)
    return;

  g_free (pkg->kind);
  g_free (pkg->server_version);
  g_free (pkg->type);
  g_free (pkg->purpose);
  g_free (pkg->project_id);
  g_free (pkg->project_name);
  g_clear_pointer (&pkg->settings, json_object_unref);
  g_clear_pointer (&pkg->content, json_array_unref);
  g_clear_pointer (&pkg->items, g_ptr_array_unref);
  g_clear_pointer (&pkg->security_links, g_hash_table_unref);
  g_clear_pointer (&pkg->undo_entries, g_ptr_array_unref);
  g_clear_pointer (&pkg->undo_security_links, g_hash_table_unref);
  g_free (pkg);
}

/* Writing ------------------------------------------------------------------
 *
 * The file is written directly as compact JSON text (much faster than
 * building a JsonNode tree for 100 000 objects). Objects are stored in the
 * engine's own form: dates as milliseconds, and the ACL as an index into a
 * table of distinct ACLs ("acls"), since most objects share theirs. */

typedef struct
{
  GString    *out;
  GString    *scratch;
  GString    *acls;        /* the table's JSON text, elements only */
  guint       n_acls;
  GHashTable *acl_by_text; /* ACL JSON text (owned) → index + 1 */
  GHashTable *acl_by_ptr;  /* JsonArray* → index + 1 */
} Writer;

static void
write_string (GString    *out,
              const char *text)
{
  const char *run;
  const char *p;

  if (text == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append_c (out, '"');
  run = text;
  for (p = text; *p != '\0'; p++)
    {
      guchar c = (guchar) *p;
      const char *escape = NULL;
      char buffer[8];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        default:
          g_snprintf (buffer, sizeof buffer, "\\u%04x", c);
          escape = buffer;
          break;
        }

      g_string_append_len (out, run, p - run);
      g_string_append (out, escape);
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

static void
write_int (GString *out,
           gint64   value)
{
  char buffer[32];

  g_snprintf (buffer, sizeof buffer, "%" G_GINT64_FORMAT, value);
  g_string_append (out, buffer);
}

static void
write_node (GString  *out,
            JsonNode *node)
{
  if (node == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            write_string (out, name);
            g_string_append_c (out, ':');
            write_node (out, member);
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          write_int (out, json_node_get_int (node));
          break;

        case G_TYPE_DOUBLE:
          {
            double value = json_node_get_double (node);
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            if (!isfinite (value))
              {
                g_string_append (out, "null");
                break;
              }
            g_ascii_dtostr (buffer, sizeof buffer, value);
            g_string_append (out, buffer);
            /* Keep it a double when read back. */
            if (strpbrk (buffer, ".eE") == NULL)
              g_string_append (out, ".0");
          }
          break;

        case G_TYPE_BOOLEAN:
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
          break;

        case G_TYPE_STRING:
          write_string (out, json_node_get_string (node));
          break;

        default:
          g_string_append (out, "null");
          break;
        }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

static void
write_object_node (GString    *out,
                   JsonObject *object)
{
  g_autoptr(JsonNode) node = NULL;

  if (object == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  write_node (out, node);
}

static void
write_array_node (GString   *out,
                  JsonArray *array)
{
  g_autoptr(JsonNode) node = NULL;

  if (array == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  write_node (out, node);
}

static guint
writer_acl_index (Writer    *w,
                  JsonArray *acl)
{
  gpointer found;
  guint index;

  if (acl == NULL)
    return G_MAXUINT;

  found = g_hash_table_lookup (w->acl_by_ptr, acl);
  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  g_string_truncate (w->scratch, 0);
  write_array_node (w->scratch, acl);
  found = g_hash_table_lookup (w->acl_by_text, w->scratch->str);
  if (found != NULL)
    index = GPOINTER_TO_UINT (found) - 1;
  else
    {
      index = w->n_acls++;
      if (index > 0)
        g_string_append_c (w->acls, ',');
      g_string_append_len (w->acls, w->scratch->str, w->scratch->len);
      g_hash_table_insert (w->acl_by_text, g_strdup (w->scratch->str),
                           GUINT_TO_POINTER (index + 1));
    }

  g_hash_table_insert (w->acl_by_ptr, acl, GUINT_TO_POINTER (index + 1));
  return index;
}

static void
write_sb_object (Writer         *w,
                 const SbObject *object)
{
  GString *out = w->out;
  guint acl = writer_acl_index (w, object->acl);

  g_string_append (out, "{\"id\":");
  write_string (out, object->id);
  g_string_append (out, ",\"name\":");
  write_string (out, object->name);
  if (object->description != NULL)
    {
      g_string_append (out, ",\"description\":");
      write_string (out, object->description);
    }
  g_string_append (out, ",\"type\":");
  write_int (out, object->type);
  g_string_append (out, ",\"subtype\":");
  write_int (out, object->subtype);
  g_string_append (out, ",\"version\":");
  write_string (out, object->version);
  g_string_append (out, ",\"created\":");
  write_int (out, object->created);
  g_string_append (out, ",\"modified\":");
  write_int (out, object->modified);
  g_string_append (out, ",\"ownerId\":");
  write_string (out, object->owner_id);
  g_string_append (out, ",\"ownerName\":");
  write_string (out, object->owner_name);
  if (object->parent_id != NULL)
    {
      g_string_append (out, ",\"parentId\":");
      write_string (out, object->parent_id);
    }
  g_string_append (out, ",\"acl\":");
  if (acl == G_MAXUINT)
    g_string_append (out, "null");
  else
    write_int (out, acl);
  g_string_append (out, ",\"definition\":");
  write_object_node (out, object->definition);
  g_string_append (out, ",\"uses\":[");
  for (guint i = 0; object->uses != NULL && i < object->uses->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_string (out, g_ptr_array_index (object->uses, i));
    }
  g_string_append (out, "]}");
}

static void
write_member (GString    *out,
              const char *name)
{
  g_string_append_c (out, ',');
  write_string (out, name);
  g_string_append_c (out, ':');
}

/* A links table (id → JsonArray, or id → JsonNode when NODES) as an
 * object with sorted keys, or null. */
static void
write_links (GString    *out,
             GHashTable *links,
             gboolean    nodes)
{
  g_autoptr(GPtrArray) keys = NULL;

  if (links == NULL)
    {
      g_string_append (out, "null");
      return;
    }

  keys = sorted_keys (links);
  g_string_append_c (out, '{');
  for (guint i = 0; i < keys->len; i++)
    {
      const char *id = g_ptr_array_index (keys, i);

      if (i > 0)
        g_string_append_c (out, ',');
      write_string (out, id);
      g_string_append_c (out, ':');
      if (nodes)
        write_node (out, g_hash_table_lookup (links, id));
      else
        write_array_node (out, g_hash_table_lookup (links, id));
    }
  g_string_append_c (out, '}');
}

GBytes *
sb_package_file_serialize (const SbPackageFile *pkg)
{
  Writer w;
  GString *out;

  g_return_val_if_fail (pkg != NULL, NULL);

  out = g_string_sized_new (4096 + (pkg->items ? pkg->items->len : 0) * 512);
  w.out = out;
  w.scratch = g_string_new (NULL);
  w.acls = g_string_new (NULL);
  w.n_acls = 0;
  w.acl_by_text = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  w.acl_by_ptr = g_hash_table_new (g_direct_hash, g_direct_equal);

  g_string_append_len (out, SB_PACKAGE_MAGIC, SB_PACKAGE_MAGIC_LEN);
  g_string_append (out, "{\"kind\":");
  write_string (out, pkg->kind ? pkg->kind : "package");
  write_member (out, "formatVersion");
  write_int (out, pkg->format_version > 0 ? pkg->format_version : SB_PACKAGE_FORMAT_VERSION);
  write_member (out, "serverVersion");
  write_string (out, pkg->server_version);
  write_member (out, "type");
  write_string (out, pkg->type);
  write_member (out, "purpose");
  write_string (out, pkg->purpose);
  write_member (out, "projectId");
  write_string (out, pkg->project_id);
  write_member (out, "projectName");
  write_string (out, pkg->project_name);
  write_member (out, "created");
  write_int (out, pkg->created);
  write_member (out, "settings");
  write_object_node (out, pkg->settings);
  write_member (out, "content");
  write_array_node (out, pkg->content);

  write_member (out, "items");
  g_string_append_c (out, '[');
  for (guint i = 0; pkg->items != NULL && i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (i > 0)
        g_string_append_c (out, ',');
      /* Members holding their default (null, false, []) are left out:
       * fewer nodes to parse in a 100 000-object merge. */
      g_string_append (out, "{\"object\":");
      write_sb_object (&w, item->object);
      if (item->action != NULL)
        {
          write_member (out, "action");
          write_string (out, item->action);
        }
      if (item->explicit_included)
        g_string_append (out, ",\"explicitIncluded\":true");
      if (item->include_dependents)
        g_string_append (out, ",\"includeDependents\":true");
      if (item->folder_path != NULL)
        {
          write_member (out, "folderPath");
          write_string (out, item->folder_path);
        }
      if (item->folder_chain != NULL && item->folder_chain->len > 0)
        {
          write_member (out, "folderChain");
          g_string_append_c (out, '[');
          for (guint j = 0; j < item->folder_chain->len; j++)
            {
              if (j > 0)
                g_string_append_c (out, ',');
              write_sb_object (&w, g_ptr_array_index (item->folder_chain, j));
            }
          g_string_append_c (out, ']');
        }
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  write_member (out, "securityLinks");
  write_links (out, pkg->security_links, FALSE);

  write_member (out, "undoEntries");
  g_string_append_c (out, '[');
  for (guint i = 0; pkg->undo_entries != NULL && i < pkg->undo_entries->len; i++)
    {
      SbUndoEntry *entry = g_ptr_array_index (pkg->undo_entries, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      write_string (out, entry->id);
      write_member (out, "prior");
      if (entry->prior != NULL)
        write_sb_object (&w, entry->prior);
      else
        g_string_append (out, "null");
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');

  write_member (out, "undoSecurityLinks");
  write_links (out, pkg->undo_security_links, TRUE);

  /* Last, once every object has been seen. */
  write_member (out, "acls");
  g_string_append_c (out, '[');
  g_string_append_len (out, w.acls->str, w.acls->len);
  g_string_append (out, "]}");

  g_string_free (w.scratch, TRUE);
  g_string_free (w.acls, TRUE);
  g_hash_table_unref (w.acl_by_text);
  g_hash_table_unref (w.acl_by_ptr);

  return g_string_free_to_bytes (out);
}

/* Parsing ------------------------------------------------------------------ */

static gboolean
corrupt (GError    **error,
         const char *what)
{
  g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT,
               "The package file is damaged: %s", what);
  return FALSE;
}

/* Optional string member: absent or null → NULL. */
static gboolean
read_opt_string (JsonObject  *object,
                 const char  *member,
                 char       **out,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (sb_json_node_is_null (node))
    return TRUE;
  if (!sb_json_node_is_string (node))
    {
      g_autofree char *what = g_strdup_printf ("'%s' is not a string", member);
      return corrupt (error, what);
    }

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_bool (JsonObject *object,
           const char *member,
           gboolean   *out,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (sb_json_node_is_null (node))
    return TRUE;
  if (!sb_json_node_is_bool (node))
    {
      g_autofree char *what = g_strdup_printf ("'%s' is not a boolean", member);
      return corrupt (error, what);
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* An optional integer member: absent or null → DEFAULT_VALUE. */
static gboolean
read_int (JsonObject *object,
          const char *member,
          gint64      default_value,
          gint64     *out,
          GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = default_value;
  if (sb_json_node_is_null (node))
    return TRUE;
  if (!sb_json_node_is_int (node))
    {
      g_autofree char *what = g_strdup_printf ("'%s' is not an integer", member);
      return corrupt (error, what);
    }

  *out = json_node_get_int (node);
  return TRUE;
}

/* An object in the engine's form (see write_sb_object()); ACLS is the
 * file's table of ACLs. */
static SbObject *
read_object (JsonNode   *node,
             JsonArray  *acls,
             const char *what,
             GError    **error)
{
  g_autoptr(SbObject) object = NULL;
  JsonObject *jo;
  JsonNode *member;
  gint64 number;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf ("%s is not an object", what);
      corrupt (error, message);
      return NULL;
    }
  jo = json_node_get_object (node);

  object = g_new0 (SbObject, 1);
  object->uses = g_ptr_array_new_with_free_func (g_free);

  if (!read_opt_string (jo, "id", &object->id, error) ||
      !read_opt_string (jo, "name", &object->name, error) ||
      !read_opt_string (jo, "description", &object->description, error) ||
      !read_opt_string (jo, "version", &object->version, error) ||
      !read_opt_string (jo, "ownerId", &object->owner_id, error) ||
      !read_opt_string (jo, "ownerName", &object->owner_name, error) ||
      !read_opt_string (jo, "parentId", &object->parent_id, error) ||
      !read_int (jo, "created", 0, &object->created, error) ||
      !read_int (jo, "modified", 0, &object->modified, error))
    return NULL;

  if (object->id == NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s has no id", what);
      corrupt (error, message);
      return NULL;
    }

  if (!read_int (jo, "type", 0, &number, error))
    return NULL;
  object->type = (int) number;
  if (!read_int (jo, "subtype", 0, &number, error))
    return NULL;
  object->subtype = (int) number;

  member = json_object_get_member (jo, "acl");
  if (sb_json_node_is_int (member))
    {
      gint64 index = json_node_get_int (member);

      if (acls == NULL || index < 0 || index >= json_array_get_length (acls) ||
          !JSON_NODE_HOLDS_ARRAY (json_array_get_element (acls, (guint) index)))
        {
          g_autofree char *message = g_strdup_printf ("%s refers to an unknown ACL", what);
          corrupt (error, message);
          return NULL;
        }
      /* Shared between the objects that have the same ACL. */
      object->acl = json_array_ref (json_array_get_array_element (acls, (guint) index));
    }
  else if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    object->acl = json_array_ref (json_node_get_array (member));
  else
    object->acl = json_array_new ();

  member = json_object_get_member (jo, "definition");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    object->definition = json_object_ref (json_node_get_object (member));
  else
    object->definition = json_object_new ();

  member = json_object_get_member (jo, "uses");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *uses = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (uses); i++)
        {
          JsonNode *used = json_array_get_element (uses, i);

          if (sb_json_node_is_string (used))
            g_ptr_array_add (object->uses, g_strdup (json_node_get_string (used)));
        }
    }

  return g_steal_pointer (&object);
}

static SbPackageItem *
read_item (JsonNode  *node,
           JsonArray *acls,
           guint      index,
           GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *what = g_strdup_printf ("item %u", index);
  SbPackageItem *item;
  JsonObject *ji;
  JsonNode *chain_node;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *message = g_strdup_printf ("%s is not an object", what);
      corrupt (error, message);
      return NULL;
    }

  ji = json_node_get_object (node);
  item = sb_package_item_new ();
  item->object = read_object (json_object_get_member (ji, "object"), acls, what, error);
  if (item->object == NULL ||
      !read_opt_string (ji, "action", &item->action, error) ||
      !read_bool (ji, "explicitIncluded", &item->explicit_included, error) ||
      !read_bool (ji, "includeDependents", &item->include_dependents, error) ||
      !read_opt_string (ji, "folderPath", &item->folder_path, error))
    {
      package_item_free (item);
      return NULL;
    }

  chain_node = json_object_get_member (ji, "folderChain");
  if (!sb_json_node_is_null (chain_node))
    {
      JsonArray *chain;

      if (!JSON_NODE_HOLDS_ARRAY (chain_node))
        {
          g_autofree char *message = g_strdup_printf ("the folder chain of %s is not a list", what);
          corrupt (error, message);
          package_item_free (item);
          return NULL;
        }

      chain = json_node_get_array (chain_node);
      for (guint j = 0; j < json_array_get_length (chain); j++)
        {
          g_autofree char *folder_what = g_strdup_printf ("folder %u of %s", j, what);
          SbObject *folder = read_object (json_array_get_element (chain, j), acls,
                                          folder_what, error);

          if (folder == NULL)
            {
              package_item_free (item);
              return NULL;
            }
          g_ptr_array_add (item->folder_chain, folder);
        }
    }

  return item;
}

SbPackageFile *
sb_package_file_parse (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SbPackageFile) pkg = NULL;
  const guint8 *data;
  gsize size = 0;
  JsonNode *root_node;
  JsonObject *root;
  JsonNode *node;
  g_autofree char *kind = NULL;
  JsonArray *acls = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL || size < SB_PACKAGE_MAGIC_LEN ||
      memcmp (data, SB_PACKAGE_MAGIC, SB_PACKAGE_MAGIC_LEN) != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT,
                   "The file is not a migration package: it does not start "
                   "with the package signature");
      return NULL;
    }

  if (!sb_json_check_depth ((const char *) data + SB_PACKAGE_MAGIC_LEN, size - SB_PACKAGE_MAGIC_LEN,
                            SB_JSON_MAX_DEPTH))
    {
      corrupt (error, "the contents are nested too deeply");
      return NULL;
    }
  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser,
                                   (const char *) data + SB_PACKAGE_MAGIC_LEN,
                                   (gssize) (size - SB_PACKAGE_MAGIC_LEN),
                                   &local_error))
    {
      corrupt (error, local_error->message);
      return NULL;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      corrupt (error, "the contents are not a JSON object");
      return NULL;
    }
  root = json_node_get_object (root_node);

  if (!read_opt_string (root, "kind", &kind, error))
    return NULL;
  if (g_strcmp0 (kind, "package") != 0 && g_strcmp0 (kind, "undo") != 0)
    {
      corrupt (error, "unknown kind of package");
      return NULL;
    }

  pkg = sb_package_file_new (kind);

  node = json_object_get_member (root, "acls");
  if (!sb_json_node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the ACL table is not a list");
          return NULL;
        }
      acls = json_node_get_array (node);
    }

  node = json_object_get_member (root, "formatVersion");
  if (!sb_json_node_is_int (node))
    {
      corrupt (error, "the format version is missing");
      return NULL;
    }
  if (json_node_get_int (node) < 1 || json_node_get_int (node) > SB_PACKAGE_FORMAT_VERSION)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_CORRUPT,
                   "The package file uses format version %" G_GINT64_FORMAT
                   ", which this server cannot read",
                   json_node_get_int (node));
      return NULL;
    }
  pkg->format_version = (int) json_node_get_int (node);

  if (!read_opt_string (root, "serverVersion", &pkg->server_version, error) ||
      !read_opt_string (root, "type", &pkg->type, error) ||
      !read_opt_string (root, "purpose", &pkg->purpose, error) ||
      !read_opt_string (root, "projectId", &pkg->project_id, error) ||
      !read_opt_string (root, "projectName", &pkg->project_name, error))
    return NULL;

  if (pkg->server_version == NULL)
    {
      corrupt (error, "the server version is missing");
      return NULL;
    }
  if (!sb_str_in (pkg->type, sb_valid_package_types))
    {
      corrupt (error, "the package type is missing or unknown");
      return NULL;
    }

  node = json_object_get_member (root, "created");
  if (sb_json_node_is_int (node))
    pkg->created = json_node_get_int (node);
  else if (!sb_json_node_is_null (node))
    {
      corrupt (error, "'created' is not a number");
      return NULL;
    }

  node = json_object_get_member (root, "settings");
  if (!sb_json_node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the settings are not an object");
          return NULL;
        }
      pkg->settings = json_object_ref (json_node_get_object (node));
    }

  node = json_object_get_member (root, "content");
  if (!sb_json_node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the content is not a list");
          return NULL;
        }
      pkg->content = json_array_ref (json_node_get_array (node));
    }

  node = json_object_get_member (root, "items");
  if (!sb_json_node_is_null (node))
    {
      JsonArray *items;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the items are not a list");
          return NULL;
        }
      items = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (items); i++)
        {
          SbPackageItem *item = read_item (json_array_get_element (items, i), acls, i, error);

          if (item == NULL)
            return NULL;
          g_ptr_array_add (pkg->items, item);
        }
    }

  node = json_object_get_member (root, "securityLinks");
  if (!sb_json_node_is_null (node))
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the security links are not an object");
          return NULL;
        }
      pkg->security_links = sb_links_table_new ();
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &id, &value))
        {
          if (!JSON_NODE_HOLDS_ARRAY (value))
            {
              corrupt (error, "a security link list is not a list");
              return NULL;
            }
          g_hash_table_replace (pkg->security_links, g_strdup (id),
                                json_array_ref (json_node_get_array (value)));
        }
    }

  node = json_object_get_member (root, "undoEntries");
  if (!sb_json_node_is_null (node))
    {
      JsonArray *entries;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the undo entries are not a list");
          return NULL;
        }
      entries = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonNode *entry_node = json_array_get_element (entries, i);
          JsonObject *je;
          const char *id;
          JsonNode *prior_node;
          SbObject *prior = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (entry_node))
            {
              corrupt (error, "an undo entry is not an object");
              return NULL;
            }
          je = json_node_get_object (entry_node);
          id = sb_json_get_string (je, "id");
          if (id == NULL)
            {
              corrupt (error, "an undo entry has no id");
              return NULL;
            }
          prior_node = json_object_get_member (je, "prior");
          if (!sb_json_node_is_null (prior_node))
            {
              g_autofree char *what = g_strdup_printf ("undo entry %u", i);

              prior = read_object (prior_node, acls, what, error);
              if (prior == NULL)
                return NULL;
            }
          g_ptr_array_add (pkg->undo_entries, sb_undo_entry_new (id, prior));
        }
    }

  node = json_object_get_member (root, "undoSecurityLinks");
  if (!sb_json_node_is_null (node))
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the prior security links are not an object");
          return NULL;
        }
      pkg->undo_security_links = sb_undo_links_table_new ();
      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &id, &value))
        {
          if (!JSON_NODE_HOLDS_ARRAY (value) && !JSON_NODE_HOLDS_NULL (value))
            {
              corrupt (error, "a prior security link list is not a list");
              return NULL;
            }
          g_hash_table_replace (pkg->undo_security_links, g_strdup (id),
                                json_node_copy (value));
        }
    }

  return g_steal_pointer (&pkg);
}
