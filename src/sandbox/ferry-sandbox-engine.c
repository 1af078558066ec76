/* ferry-sandbox-engine.c: package files, content collection, settings
 * validation, and the import engine (conflict rules) with undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The semantics are those of ../../../shared/api.md, "Sandbox semantics":
 * an import first computes every outcome against the target plus a scratch
 * map of changes, checks the result (blocked deletes, validateDependencies)
 * and only then mutates the target, so a failure leaves it untouched.
 */

#include <math.h>
#include <string.h>

#include "ferry-sandbox-private.h"

G_DEFINE_QUARK (sb-error-quark, sb_error)

#define SB_PACKAGE_MAGIC          "\x01\x80" "FERRY-MMP\n"
#define SB_PACKAGE_MAGIC_LEN      12
#define SB_PACKAGE_FORMAT_VERSION 1
#define SB_MAX_FOLDER_DEPTH       512

/* Local aliases so g_autoptr works without touching the shared header. */
typedef SbPackageFile EnginePackageFile;
typedef SbObject EngineObject;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EnginePackageFile, sb_package_file_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EngineObject, sb_object_free)

/* ------------------------------------------------------------------------ */
/* Allowed values                                                             */
/* ------------------------------------------------------------------------ */

static const char * const valid_types[] = {
  "project", "configuration", "project_security", NULL
};
static const char * const valid_actions[] = {
  "use_existing", "replace", "keep_both", "use_newer", "use_older",
  "force_replace", "delete", NULL
};
static const char * const valid_acl_replacing[] = {
  "use_existing", "replace", "keep_both", NULL
};
static const char * const valid_acl_new[] = {
  "keep_acl_as_source_object", "inherit_acl_as_dest_folder", NULL
};
static const char * const valid_update_schema[] = {
  "recal_table_logical_size", "recal_table_keys_fact_entry_level",
  "update_schema_logical_info", NULL
};
static const char * const valid_translation[] = {
  "existing", "not_merged", "use_existing", "replace", "force_replace", NULL
};

static gboolean
str_in (const char         *value,
        const char * const *list)
{
  if (value == NULL)
    return FALSE;

  for (guint i = 0; list[i] != NULL; i++)
    if (strcmp (value, list[i]) == 0)
      return TRUE;

  return FALSE;
}

static char *
join_list (const char * const *list)
{
  return g_strjoinv (", ", (char **) list);
}

static gboolean
is_hex_id_any_case (const char *text)
{
  if (text == NULL || strlen (text) != 32)
    return FALSE;

  for (guint i = 0; i < 32; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;

  return TRUE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
node_is_bool (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
node_is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* 'text' for a string, the JSON text otherwise. */
static char *
describe_node (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("(missing)");
  if (node_is_string (node))
    return g_strdup_printf ("'%s'", json_node_get_string (node));

  return json_to_string (node, FALSE);
}

/* ------------------------------------------------------------------------ */
/* JSON helpers                                                               */
/* ------------------------------------------------------------------------ */

static JsonNode *json_dup (JsonNode *node);

static JsonObject *
json_object_dup (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, json_dup (member));

  return copy;
}

static JsonArray *
json_array_dup (JsonArray *array)
{
  guint n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, json_dup (json_array_get_element (array, i)));

  return copy;
}

static JsonNode *
json_dup (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, json_object_dup (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      copy = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (copy, json_array_dup (json_node_get_array (node)));
      return copy;

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

/* A copy for packages, imports and undo. The definition is copied deeply
 * (ferry_sandbox_modify_object() edits definitions in place, and a
 * package's copy, an undo prior or the source must not change with it).
 * The ACL array is shared: nothing edits an ACL in place, ACLs are only
 * ever replaced, and objects sharing one keeps 100 000-object merges fast. */
static SbObject *
object_dup (const SbObject *object)
{
  SbObject *copy = g_new0 (SbObject, 1);

  copy->id = g_strdup (object->id);
  copy->name = g_strdup (object->name);
  copy->description = g_strdup (object->description);
  copy->type = object->type;
  copy->subtype = object->subtype;
  copy->version = g_strdup (object->version);
  copy->created = object->created;
  copy->modified = object->modified;
  copy->owner_id = g_strdup (object->owner_id);
  copy->owner_name = g_strdup (object->owner_name);
  copy->parent_id = g_strdup (object->parent_id);
  copy->acl = object->acl != NULL ? json_array_ref (object->acl) : json_array_new ();
  copy->definition = object->definition != NULL
                     ? json_object_dup (object->definition) : json_object_new ();
  copy->uses = g_ptr_array_new_full (object->uses != NULL ? object->uses->len : 0, g_free);
  for (guint i = 0; object->uses != NULL && i < object->uses->len; i++)
    g_ptr_array_add (copy->uses, g_strdup (g_ptr_array_index (object->uses, i)));

  return copy;
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

/* A string member, or NULL when absent, null or not a string. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;

  node = json_object_get_member (object, member);
  return node_is_string (node) ? json_node_get_string (node) : NULL;
}

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

static GHashTable *
links_table_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                (GDestroyNotify) json_array_unref);
}

static GHashTable *
undo_links_table_new (void)
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

static SbPackageItem *
package_item_new (void)
{
  SbPackageItem *item = g_new0 (SbPackageItem, 1);

  item->folder_chain = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_object_free);
  return item;
}

static void
undo_entry_free (SbUndoEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_clear_pointer (&entry->prior, sb_object_free);
  g_free (entry);
}

static SbUndoEntry *
undo_entry_new (const char *id,
                SbObject   *prior)
{
  SbUndoEntry *entry = g_new0 (SbUndoEntry, 1);

  entry->id = g_strdup (id);
  entry->prior = prior;
  return entry;
}

static SbPackageFile *
package_file_new (const char *kind)
{
  SbPackageFile *pkg = g_new0 (SbPackageFile, 1);

  pkg->kind = g_strdup (kind);
  pkg->format_version = SB_PACKAGE_FORMAT_VERSION;
  pkg->items = g_ptr_array_new_with_free_func ((GDestroyNotify) package_item_free);
  pkg->undo_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);
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
  if (pkg->security_links != NULL)
    {
      g_autoptr(GPtrArray) keys = sorted_keys (pkg->security_links);

      g_string_append_c (out, '{');
      for (guint i = 0; i < keys->len; i++)
        {
          const char *id = g_ptr_array_index (keys, i);

          if (i > 0)
            g_string_append_c (out, ',');
          write_string (out, id);
          g_string_append_c (out, ':');
          write_array_node (out, g_hash_table_lookup (pkg->security_links, id));
        }
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");

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
  if (pkg->undo_security_links != NULL)
    {
      g_autoptr(GPtrArray) keys = sorted_keys (pkg->undo_security_links);

      g_string_append_c (out, '{');
      for (guint i = 0; i < keys->len; i++)
        {
          const char *id = g_ptr_array_index (keys, i);

          if (i > 0)
            g_string_append_c (out, ',');
          write_string (out, id);
          g_string_append_c (out, ':');
          write_node (out, g_hash_table_lookup (pkg->undo_security_links, id));
        }
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");

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
  if (node_is_null (node))
    return TRUE;
  if (!node_is_string (node))
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
  if (node_is_null (node))
    return TRUE;
  if (!node_is_bool (node))
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
  if (node_is_null (node))
    return TRUE;
  if (!node_is_int (node))
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
  g_autoptr(EngineObject) object = NULL;
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
  if (node_is_int (member))
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

          if (node_is_string (used))
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
  item = package_item_new ();
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
  if (!node_is_null (chain_node))
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
  g_autoptr(EnginePackageFile) pkg = NULL;
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

  pkg = package_file_new (kind);

  node = json_object_get_member (root, "acls");
  if (!node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the ACL table is not a list");
          return NULL;
        }
      acls = json_node_get_array (node);
    }

  node = json_object_get_member (root, "formatVersion");
  if (!node_is_int (node))
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
  if (!str_in (pkg->type, valid_types))
    {
      corrupt (error, "the package type is missing or unknown");
      return NULL;
    }

  node = json_object_get_member (root, "created");
  if (node_is_int (node))
    pkg->created = json_node_get_int (node);
  else if (!node_is_null (node))
    {
      corrupt (error, "'created' is not a number");
      return NULL;
    }

  node = json_object_get_member (root, "settings");
  if (!node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the settings are not an object");
          return NULL;
        }
      pkg->settings = json_object_ref (json_node_get_object (node));
    }

  node = json_object_get_member (root, "content");
  if (!node_is_null (node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          corrupt (error, "the content is not a list");
          return NULL;
        }
      pkg->content = json_array_ref (json_node_get_array (node));
    }

  node = json_object_get_member (root, "items");
  if (!node_is_null (node))
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
  if (!node_is_null (node))
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the security links are not an object");
          return NULL;
        }
      pkg->security_links = links_table_new ();
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
  if (!node_is_null (node))
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
          id = get_string (je, "id");
          if (id == NULL)
            {
              corrupt (error, "an undo entry has no id");
              return NULL;
            }
          prior_node = json_object_get_member (je, "prior");
          if (!node_is_null (prior_node))
            {
              g_autofree char *what = g_strdup_printf ("undo entry %u", i);

              prior = read_object (prior_node, acls, what, error);
              if (prior == NULL)
                return NULL;
            }
          g_ptr_array_add (pkg->undo_entries, undo_entry_new (id, prior));
        }
    }

  node = json_object_get_member (root, "undoSecurityLinks");
  if (!node_is_null (node))
    {
      JsonObjectIter iter;
      const char *id;
      JsonNode *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          corrupt (error, "the prior security links are not an object");
          return NULL;
        }
      pkg->undo_security_links = undo_links_table_new ();
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

/* ------------------------------------------------------------------------ */
/* Conflict rules: which action applies                                       */
/* ------------------------------------------------------------------------ */

typedef struct
{
  gboolean    merge;           /* project merge: rule lists apply */
  const char *default_action;  /* borrowed from the settings */
  GHashTable *object_rules;    /* upper-case id (owned) → action (borrowed) */
  GHashTable *folder_rules;    /* upper-case id (owned) → action (borrowed) */
  GHashTable *type_rules;      /* GINT_TO_POINTER (type) → action */
  GHashTable *subtype_rules;   /* gint64* ((type << 32) | subtype) (owned) → action */
} Rules;

static void
rules_add_id_rules (GHashTable *table,
                    JsonArray  *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);
      const char *id;
      const char *action;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      id = get_string (json_node_get_object (node), "id");
      action = get_string (json_node_get_object (node), "action");
      if (id == NULL || action == NULL)
        continue;

      {
        char *key = g_ascii_strup (id, -1);

        /* The first rule for an id wins. */
        if (g_hash_table_contains (table, key))
          g_free (key);
        else
          g_hash_table_insert (table, key, (gpointer) action);
      }
    }
}

static gint64
type_key (int type,
          int subtype)
{
  return (gint64) (((guint64) (guint32) type << 32) | (guint32) subtype);
}

static void
rules_init (Rules      *rules,
            JsonObject *settings,
            gboolean    merge)
{
  memset (rules, 0, sizeof *rules);
  rules->merge = merge;
  rules->default_action = get_string (settings, "defaultAction");
  if (rules->default_action == NULL)
    rules->default_action = "use_existing";

  rules->object_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rules->folder_rules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  rules->type_rules = g_hash_table_new (g_direct_hash, g_direct_equal);
  rules->subtype_rules = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  if (!merge || settings == NULL)
    return;

  rules_add_id_rules (rules->object_rules, sb_json_get_array (settings, "objectActions"));
  rules_add_id_rules (rules->folder_rules, sb_json_get_array (settings, "folderActions"));

  {
    JsonArray *list = sb_json_get_array (settings, "objectTypeActions");

    for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
      {
        JsonNode *node = json_array_get_element (list, i);
        JsonObject *rule;
        JsonNode *type_node;
        JsonNode *subtype_node;
        const char *action;
        int type;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;
        rule = json_node_get_object (node);
        type_node = json_object_get_member (rule, "type");
        subtype_node = json_object_get_member (rule, "subtype");
        action = get_string (rule, "action");
        if (!node_is_int (type_node) || action == NULL)
          continue;
        type = (int) json_node_get_int (type_node);

        if (node_is_int (subtype_node))
          {
            gint64 key = type_key (type, (int) json_node_get_int (subtype_node));

            if (!g_hash_table_contains (rules->subtype_rules, &key))
              g_hash_table_insert (rules->subtype_rules, g_memdup2 (&key, sizeof key),
                                   (gpointer) action);
          }
        else if (!g_hash_table_contains (rules->type_rules, GINT_TO_POINTER (type)))
          g_hash_table_insert (rules->type_rules, GINT_TO_POINTER (type), (gpointer) action);
      }
  }
}

static void
rules_clear (Rules *rules)
{
  g_clear_pointer (&rules->object_rules, g_hash_table_unref);
  g_clear_pointer (&rules->folder_rules, g_hash_table_unref);
  g_clear_pointer (&rules->type_rules, g_hash_table_unref);
  g_clear_pointer (&rules->subtype_rules, g_hash_table_unref);
}

/* The action for OBJECT in a project merge. SOURCE_FOLDERS maps the source's
 * folder ids to folder objects, to walk up the object's folder path. */
static const char *
rules_resolve_merge (Rules          *rules,
                     const SbObject *object,
                     GHashTable     *source_folders,
                     const char    **rule_out)
{
  const char *action;

  action = g_hash_table_lookup (rules->object_rules, object->id);
  if (action != NULL)
    {
      *rule_out = "object";
      return action;
    }

  if (g_hash_table_size (rules->folder_rules) > 0)
    {
      /* A folder rule covers the folder itself, then everything below it. */
      const char *folder_id = object->type == SB_TYPE_FOLDER ? object->id : object->parent_id;

      for (guint depth = 0; folder_id != NULL && depth < SB_MAX_FOLDER_DEPTH; depth++)
        {
          const SbObject *folder;

          action = g_hash_table_lookup (rules->folder_rules, folder_id);
          if (action != NULL)
            {
              *rule_out = "folder";
              return action;
            }
          folder = g_hash_table_lookup (source_folders, folder_id);
          folder_id = folder != NULL ? folder->parent_id : NULL;
        }
    }

  if (g_hash_table_size (rules->subtype_rules) > 0)
    {
      gint64 key = type_key (object->type, object->subtype);

      action = g_hash_table_lookup (rules->subtype_rules, &key);
      if (action != NULL)
        {
          *rule_out = "objectType";
          return action;
        }
    }

  action = g_hash_table_lookup (rules->type_rules, GINT_TO_POINTER (object->type));
  if (action != NULL)
    {
      *rule_out = "objectType";
      return action;
    }

  *rule_out = "default";
  return rules->default_action;
}

static const char *
rules_resolve (Rules               *rules,
               const SbPackageItem *item,
               GHashTable          *source_folders,
               const char         **rule_out)
{
  if (rules->merge)
    return rules_resolve_merge (rules, item->object, source_folders, rule_out);

  if (item->action != NULL)
    {
      *rule_out = "content";
      return item->action;
    }

  *rule_out = "default";
  return rules->default_action;
}

/* Every folder the package knows of (folder items and the folder chains),
 * id → SbObject (borrowed from PKG). */
static GHashTable *
source_folders_new (const SbPackageFile *pkg)
{
  GHashTable *folders = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      for (guint j = 0; item->folder_chain != NULL && j < item->folder_chain->len; j++)
        {
          SbObject *folder = g_ptr_array_index (item->folder_chain, j);

          g_hash_table_insert (folders, folder->id, folder);
        }
    }

  /* Folder items win over chain copies (same objects in practice). */
  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER)
        g_hash_table_insert (folders, item->object->id, item->object);
    }

  return folders;
}

static gboolean
is_configuration_type (const char *type)
{
  return g_strcmp0 (type, "configuration") == 0 ||
         g_strcmp0 (type, "project_security") == 0;
}

static JsonObject *
object_content_json (const SbObject *object,
                     const char     *action,
                     gboolean        include_dependents,
                     gboolean        explicit_included,
                     const char     *level)
{
  JsonObject *jo = json_object_new ();
  JsonObject *owner = json_object_new ();
  g_autofree char *created = sb_format_time (object->created);
  g_autofree char *modified = sb_format_time (object->modified);

  json_object_set_string_member (jo, "id", object->id);
  set_string_or_null (jo, "name", object->name);
  set_string_or_null (jo, "version", object->version);
  json_object_set_int_member (jo, "type", object->type);
  set_string_or_null (owner, "id", object->owner_id);
  json_object_set_object_member (jo, "owner", owner);
  json_object_set_string_member (jo, "dateCreated", created);
  json_object_set_string_member (jo, "dateModified", modified);
  json_object_set_string_member (jo, "action", action);
  json_object_set_boolean_member (jo, "includeDependents", include_dependents);
  json_object_set_boolean_member (jo, "explicitIncluded", explicit_included);
  json_object_set_string_member (jo, "level", level);
  return jo;
}

JsonArray *
sb_package_file_content_json (const SbPackageFile *pkg)
{
  JsonArray *array = json_array_new ();
  const char *level = is_configuration_type (pkg->type) ? "configuration_object" : "project_object";
  gboolean merge = g_strcmp0 (pkg->purpose, "project_merge") == 0;
  g_autoptr(GHashTable) source_folders = NULL;
  Rules rules;

  rules_init (&rules, pkg->settings, merge);
  if (merge)
    source_folders = source_folders_new (pkg);

  for (guint i = 0; pkg->items != NULL && i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      const char *rule = NULL;
      const char *action = rules_resolve (&rules, item, source_folders, &rule);

      json_array_add_object_element (array,
                                     object_content_json (item->object, action,
                                                          item->include_dependents,
                                                          item->explicit_included,
                                                          level));
    }

  /* An undo package lists what undoing it restores or removes. */
  for (guint i = 0; pkg->undo_entries != NULL && i < pkg->undo_entries->len; i++)
    {
      SbUndoEntry *entry = g_ptr_array_index (pkg->undo_entries, i);

      if (entry->prior != NULL)
        json_array_add_object_element (array,
                                       object_content_json (entry->prior, "force_replace",
                                                            FALSE, TRUE, level));
      else
        {
          JsonObject *jo = json_object_new ();

          json_object_set_string_member (jo, "id", entry->id);
          json_object_set_string_member (jo, "action", "delete");
          json_object_set_boolean_member (jo, "includeDependents", FALSE);
          json_object_set_boolean_member (jo, "explicitIncluded", TRUE);
          json_object_set_string_member (jo, "level", level);
          json_array_add_object_element (array, jo);
        }
    }

  rules_clear (&rules);
  return array;
}

/* ------------------------------------------------------------------------ */
/* Settings                                                                   */
/* ------------------------------------------------------------------------ */

gboolean
sb_engine_is_valid_action (const char *action)
{
  return str_in (action, valid_actions);
}

static gboolean
invalid_value (GError            **error,
               const char         *field,
               JsonNode           *node,
               const char * const *allowed)
{
  g_autofree char *shown = describe_node (node);
  g_autofree char *list = join_list (allowed);

  g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
               "Invalid value %s for %s: expected one of %s", shown, field, list);
  return FALSE;
}

/* A scalar member: absent or null is fine; else one of ALLOWED. */
static gboolean
check_enum (JsonObject         *object,
            const char         *member,
            const char         *field,
            const char * const *allowed,
            GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node_is_null (node))
    return TRUE;
  if (!node_is_string (node) || !str_in (json_node_get_string (node), allowed))
    return invalid_value (error, field, node, allowed);

  return TRUE;
}

/* An array member: absent or null is fine; else an array of ALLOWED. */
static gboolean
check_enum_array (JsonObject         *object,
                  const char         *member,
                  const char         *field,
                  const char * const *allowed,
                  GError            **error)
{
  JsonNode *node = json_object_get_member (object, member);
  JsonArray *array;

  if (node_is_null (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *shown = describe_node (node);
      g_autofree char *list = join_list (allowed);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for %s: expected an array of %s", shown, field, list);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!node_is_string (element) || !str_in (json_node_get_string (element), allowed))
        {
          g_autofree char *element_field = g_strdup_printf ("%s[%u]", field, i);
          return invalid_value (error, element_field, element, allowed);
        }
    }

  return TRUE;
}

typedef enum
{
  RULE_LIST_FOLDER,
  RULE_LIST_OBJECT,
  RULE_LIST_TYPE,
} RuleListKind;

static gboolean
check_rule_list (JsonObject  *settings,
                 const char  *member,
                 RuleListKind kind,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (settings, member);
  JsonArray *array;

  if (node_is_null (node))
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *shown = describe_node (node);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for settings.%s: expected an array of rules", shown, member);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("settings.%s[%u]", member, i);
      g_autofree char *action_field = g_strdup_printf ("%s.action", field);
      JsonObject *rule;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_autofree char *shown = describe_node (element);

          g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                       kind == RULE_LIST_TYPE
                       ? "Invalid value %s for %s: expected an object {type, subtype, action}"
                       : "Invalid value %s for %s: expected an object {id, action}",
                       shown, field);
          return FALSE;
        }
      rule = json_node_get_object (element);

      if (kind == RULE_LIST_TYPE)
        {
          JsonNode *type_node = json_object_get_member (rule, "type");
          JsonNode *subtype_node = json_object_get_member (rule, "subtype");

          if (!node_is_int (type_node))
            {
              g_autofree char *shown = describe_node (type_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for %s.type: expected an integer object type",
                           shown, field);
              return FALSE;
            }
          if (!node_is_null (subtype_node) && !node_is_int (subtype_node))
            {
              g_autofree char *shown = describe_node (subtype_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for %s.subtype: expected an integer object subtype",
                           shown, field);
              return FALSE;
            }
        }
      else
        {
          JsonNode *id_node = json_object_get_member (rule, "id");
          gboolean ok;

          if (kind == RULE_LIST_FOLDER)
            ok = node_is_string (id_node) && is_hex_id_any_case (json_node_get_string (id_node));
          else
            ok = node_is_string (id_node) && *json_node_get_string (id_node) != '\0';

          if (!ok)
            {
              g_autofree char *shown = describe_node (id_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           kind == RULE_LIST_FOLDER
                           ? "Invalid value %s for %s.id: expected a folder id of 32 hexadecimal digits"
                           : "Invalid value %s for %s.id: expected an object id",
                           shown, field);
              return FALSE;
            }
        }

      {
        JsonNode *action_node = json_object_get_member (rule, "action");

        if (!node_is_string (action_node) ||
            !str_in (json_node_get_string (action_node), valid_actions))
          return invalid_value (error, action_field, action_node, valid_actions);
      }
    }

  return TRUE;
}

gboolean
sb_engine_validate_settings (const char  *type,
                             JsonObject  *settings,
                             gboolean     project_merge,
                             GError     **error)
{
  JsonNode *node;

  if (!str_in (type, valid_types))
    {
      g_autofree char *list = join_list (valid_types);

      if (type == NULL)
        g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                     "The package type is missing: expected one of %s", list);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                     "Invalid value '%s' for type: expected one of %s", type, list);
      return FALSE;
    }

  if (settings == NULL)
    return TRUE;

  if (!check_enum (settings, "defaultAction", "settings.defaultAction", valid_actions, error))
    return FALSE;

  node = json_object_get_member (settings, "updateSchema");
  if (!check_enum_array (settings, "updateSchema", "settings.updateSchema",
                         valid_update_schema, error))
    return FALSE;
  if (!node_is_null (node) && json_array_get_length (json_node_get_array (node)) > 0 &&
      g_strcmp0 (type, "project") != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "settings.updateSchema is only supported for project packages");
      return FALSE;
    }

  if (!check_enum (settings, "aclOnReplacingObjects", "settings.aclOnReplacingObjects",
                   valid_acl_replacing, error))
    return FALSE;
  node = json_object_get_member (settings, "aclOnReplacingObjects");
  if (!node_is_null (node) && g_strcmp0 (type, "project_security") == 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "settings.aclOnReplacingObjects is not supported for project security packages");
      return FALSE;
    }

  if (!check_enum_array (settings, "aclOnNewObjects", "settings.aclOnNewObjects",
                         valid_acl_new, error))
    return FALSE;

  if (!project_merge)
    return TRUE;

  if (!check_enum (settings, "translationAction", "settings.translationAction",
                   valid_translation, error))
    return FALSE;

  node = json_object_get_member (settings, "validateDependencies");
  if (!node_is_null (node) && !node_is_bool (node))
    {
      g_autofree char *shown = describe_node (node);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value %s for settings.validateDependencies: expected true or false",
                   shown);
      return FALSE;
    }

  return check_rule_list (settings, "folderActions", RULE_LIST_FOLDER, error) &&
         check_rule_list (settings, "objectTypeActions", RULE_LIST_TYPE, error) &&
         check_rule_list (settings, "objectActions", RULE_LIST_OBJECT, error);
}

static gboolean
list_uses_keep_both (JsonArray *list)
{
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *node = json_array_get_element (list, i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (get_string (json_node_get_object (node), "action"), "keep_both") == 0)
        return TRUE;
    }

  return FALSE;
}

gboolean
sb_engine_uses_keep_both (JsonObject *settings,
                          JsonArray  *content)
{
  if (settings != NULL)
    {
      if (g_strcmp0 (get_string (settings, "defaultAction"), "keep_both") == 0 ||
          list_uses_keep_both (sb_json_get_array (settings, "folderActions")) ||
          list_uses_keep_both (sb_json_get_array (settings, "objectTypeActions")) ||
          list_uses_keep_both (sb_json_get_array (settings, "objectActions")))
        return TRUE;
    }

  return list_uses_keep_both (content);
}

/* ------------------------------------------------------------------------ */
/* Collecting a package on the source                                         */
/* ------------------------------------------------------------------------ */

typedef struct
{
  SbStore       *store;
  SbProject     *space;       /* where the objects come from */
  gboolean       with_chain;  /* copy the folders above each item */
  SbPackageFile *pkg;
  GHashTable    *included;    /* id (borrowed from the item) → SbPackageItem* */
  GHashTable    *path_memo;   /* parent id (owned) → folder path (owned) */
} CollectCtx;

static SbPackageItem *
collect_add (CollectCtx     *ctx,
             const SbObject *object,
             const char     *action,
             gboolean        explicit_included,
             gboolean        include_dependents)
{
  SbPackageItem *item = package_item_new ();

  item->object = object_dup (object);
  item->action = g_strdup (action);
  item->explicit_included = explicit_included;
  item->include_dependents = include_dependents;

  if (!ctx->space->is_configuration && object->parent_id != NULL)
    {
      const char *path = g_hash_table_lookup (ctx->path_memo, object->parent_id);

      if (path == NULL)
        {
          char *computed = sb_project_folder_path (ctx->space, object);

          g_hash_table_insert (ctx->path_memo, g_strdup (object->parent_id), computed);
          path = computed;
        }
      item->folder_path = g_strdup (path);
    }

  if (ctx->with_chain && object->parent_id != NULL)
    {
      g_autoptr(GPtrArray) above = g_ptr_array_new ();
      const char *folder_id = object->parent_id;

      for (guint depth = 0; folder_id != NULL && depth < SB_MAX_FOLDER_DEPTH; depth++)
        {
          SbObject *folder = sb_project_get_object (ctx->space, folder_id);

          if (folder == NULL)
            break;
          g_ptr_array_add (above, folder);
          folder_id = folder->parent_id;
        }

      for (guint i = above->len; i > 0; i--)
        g_ptr_array_add (item->folder_chain, object_dup (g_ptr_array_index (above, i - 1)));
    }

  g_ptr_array_add (ctx->pkg->items, item);
  g_hash_table_insert (ctx->included, item->object->id, item);
  return item;
}

static int
compare_items_by_id (gconstpointer a,
                     gconstpointer b)
{
  const SbPackageItem *ia = *(const SbPackageItem * const *) a;
  const SbPackageItem *ib = *(const SbPackageItem * const *) b;

  return strcmp (ia->object->id, ib->object->id);
}

/* Finds a content item's object in the space the package type allows, or
 * says why not. */
static SbObject *
collect_find (CollectCtx  *ctx,
              SbProject   *project,
              const char  *type,
              const char  *id,
              gboolean     has_type,
              gint64       object_type,
              GError     **error)
{
  SbStore *store = ctx->store;
  SbObject *object = sb_project_get_object (ctx->space, id);
  gboolean is_project = g_strcmp0 (type, "project") == 0;
  gboolean is_security = g_strcmp0 (type, "project_security") == 0;

  if (object == NULL)
    {
      SbObject *elsewhere = NULL;
      const char *level = NULL;

      if (is_project)
        {
          elsewhere = sb_project_get_object (store->configuration, id);
          level = "a configuration object";
        }
      else
        {
          GHashTableIter iter;
          gpointer value;

          if (project != NULL)
            elsewhere = sb_project_get_object (project, id);
          g_hash_table_iter_init (&iter, store->projects);
          while (elsewhere == NULL && g_hash_table_iter_next (&iter, NULL, &value))
            {
              SbProject *other = value;

              if (!other->is_configuration)
                elsewhere = sb_project_get_object (other, id);
            }
          level = "a project object";
        }

      if (elsewhere != NULL)
        {
          g_set_error (error, SB_ERROR, SB_ERROR_WRONG_LEVEL,
                       "'%s' (%s) is %s: a %s takes only %s",
                       elsewhere->name, elsewhere->id, level,
                       is_project ? "project package"
                       : is_security ? "project security package" : "configuration package",
                       is_project ? "project objects"
                       : is_security ? "users and user groups" : "configuration objects");
          return NULL;
        }
    }
  else if (has_type && object->type != object_type)
    object = NULL;

  if (object == NULL)
    {
      const char *where = is_project ? ctx->space->name : "the configuration";

      if (has_type)
        g_set_error (error, SB_ERROR, SB_ERROR_NOT_FOUND,
                     "Object '%s' (type %" G_GINT64_FORMAT ") was not found in %s",
                     id, object_type, where);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_NOT_FOUND,
                     "Object '%s' was not found in %s", id, where);
      return NULL;
    }

  if (is_security && object->type != SB_TYPE_USER)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_WRONG_LEVEL,
                   "'%s' (%s) is not a user or user group: a project security package "
                   "takes only users and user groups",
                   object->name, object->id);
      return NULL;
    }

  return object;
}

static SbPackageFile *
collect_fail (GQueue *queue)
{
  g_queue_clear (queue);
  return NULL;
}

SbPackageFile *
sb_engine_collect (SbStore     *store,
                   SbProject   *project,
                   const char  *type,
                   const char  *purpose,
                   JsonObject  *settings,
                   JsonArray   *content,
                   GError     **error)
{
  g_autoptr(EnginePackageFile) pkg = NULL;
  g_autoptr(GHashTable) included = NULL;
  g_autoptr(GHashTable) path_memo = NULL;
  gboolean is_config = g_strcmp0 (type, "configuration") == 0;
  gboolean is_security = g_strcmp0 (type, "project_security") == 0;
  gboolean is_project = g_strcmp0 (type, "project") == 0;
  CollectCtx ctx;

  g_return_val_if_fail (store != NULL, NULL);

  if (!is_config && !is_security && !is_project)
    {
      g_autofree char *list = join_list (valid_types);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid value '%s' for type: expected one of %s",
                   type ? type : "(missing)", list);
      return NULL;
    }

  if (!is_config && (project == NULL || project->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A %s package needs a project (X-MSTR-ProjectID)",
                   is_project ? "project" : "project security");
      return NULL;
    }

  pkg = package_file_new ("package");
  pkg->server_version = g_strdup (store->server_version);
  pkg->type = g_strdup (type);
  pkg->purpose = g_strdup (purpose ? purpose : "package");
  if (!is_config)
    {
      pkg->project_id = g_strdup (project->id);
      pkg->project_name = g_strdup (project->name);
    }
  pkg->created = sb_now_ms ();
  pkg->settings = settings ? json_object_dup (settings) : NULL;
  pkg->content = content ? json_array_dup (content) : NULL;

  included = g_hash_table_new (g_str_hash, g_str_equal);
  path_memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  ctx.store = store;
  ctx.space = is_project ? project : store->configuration;
  ctx.with_chain = content != NULL && is_project;
  ctx.pkg = pkg;
  ctx.included = included;
  ctx.path_memo = path_memo;

  if (content == NULL)
    {
      /* A project merge: the whole space. Every folder is an item itself,
       * so the items need no folder chains. */
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, ctx.space->objects);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *object = value;

          if (is_security && object->type != SB_TYPE_USER)
            continue;
          collect_add (&ctx, object, NULL, TRUE, FALSE);
        }
      g_ptr_array_sort (pkg->items, compare_items_by_id);
    }
  else
    {
      g_autoptr(GHashTable) visited = g_hash_table_new (g_str_hash, g_str_equal);
      GQueue queue = G_QUEUE_INIT;
      g_autofree char *actions = join_list (valid_actions);

      for (guint i = 0; i < json_array_get_length (content); i++)
        {
          JsonNode *node = json_array_get_element (content, i);
          JsonObject *entry;
          JsonNode *id_node;
          JsonNode *type_node;
          JsonNode *action_node;
          JsonNode *deps_node;
          g_autofree char *id = NULL;
          gboolean include_dependents = FALSE;
          SbObject *object;
          SbPackageItem *item;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u] must be an object {id, type, action, includeDependents}", i);
              return collect_fail (&queue);
            }
          entry = json_node_get_object (node);

          id_node = json_object_get_member (entry, "id");
          if (!node_is_string (id_node) || *json_node_get_string (id_node) == '\0')
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u].id is missing", i);
              return collect_fail (&queue);
            }
          id = g_ascii_strup (json_node_get_string (id_node), -1);

          type_node = json_object_get_member (entry, "type");
          if (!node_is_null (type_node) && !node_is_int (type_node))
            {
              g_autofree char *shown = describe_node (type_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for content[%u].type: expected an integer object type",
                           shown, i);
              return collect_fail (&queue);
            }

          action_node = json_object_get_member (entry, "action");
          if (node_is_null (action_node))
            {
              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "content[%u].action is missing: expected one of %s", i, actions);
              return collect_fail (&queue);
            }
          if (!node_is_string (action_node) ||
              !str_in (json_node_get_string (action_node), valid_actions))
            {
              g_autofree char *field = g_strdup_printf ("content[%u].action", i);

              invalid_value (error, field, action_node, valid_actions);
              return collect_fail (&queue);
            }

          deps_node = json_object_get_member (entry, "includeDependents");
          if (node_is_bool (deps_node))
            include_dependents = json_node_get_boolean (deps_node);
          else if (!node_is_null (deps_node))
            {
              g_autofree char *shown = describe_node (deps_node);

              g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                           "Invalid value %s for content[%u].includeDependents: expected true or false",
                           shown, i);
              return collect_fail (&queue);
            }

          object = collect_find (&ctx, project, type, id,
                                 node_is_int (type_node),
                                 node_is_int (type_node) ? json_node_get_int (type_node) : 0,
                                 error);
          if (object == NULL)
            return collect_fail (&queue);

          /* The first mention of an id wins. */
          if (g_hash_table_contains (included, object->id))
            continue;

          item = collect_add (&ctx, object, json_node_get_string (action_node),
                              TRUE, include_dependents);
          if (include_dependents)
            {
              g_hash_table_add (visited, item->object->id);
              g_queue_push_tail (&queue, item->object);
            }
        }

      /* Dependents: what the items use, transitively, in the same space. */
      while (!g_queue_is_empty (&queue))
        {
          SbObject *object = g_queue_pop_head (&queue);

          for (guint i = 0; object->uses != NULL && i < object->uses->len; i++)
            {
              const char *used_id = g_ptr_array_index (object->uses, i);
              SbPackageItem *item;
              SbObject *used;

              if (g_hash_table_contains (visited, used_id))
                continue;

              item = g_hash_table_lookup (included, used_id);
              if (item == NULL)
                {
                  used = sb_project_get_object (ctx.space, used_id);
                  if (used == NULL || (is_security && used->type != SB_TYPE_USER))
                    continue;
                  item = collect_add (&ctx, used, NULL, FALSE, FALSE);
                }

              g_hash_table_add (visited, item->object->id);
              g_queue_push_tail (&queue, item->object);
            }
        }
    }

  if (is_security)
    {
      pkg->security_links = links_table_new ();
      for (guint i = 0; project->security_links != NULL && i < pkg->items->len; i++)
        {
          SbPackageItem *item = g_ptr_array_index (pkg->items, i);
          JsonArray *links = g_hash_table_lookup (project->security_links, item->object->id);

          if (links != NULL)
            g_hash_table_insert (pkg->security_links, g_strdup (item->object->id),
                                 json_array_dup (links));
        }
    }

  return g_steal_pointer (&pkg);
}

/* ------------------------------------------------------------------------ */
/* Import                                                                     */
/* ------------------------------------------------------------------------ */

const char *
sb_outcome_to_string (SbOutcome outcome)
{
  switch (outcome)
    {
    case SB_OUTCOME_CREATE:
      return "create";
    case SB_OUTCOME_REPLACE:
      return "replace";
    case SB_OUTCOME_KEEP_EXISTING:
      return "keep_existing";
    case SB_OUTCOME_DUPLICATE:
      return "duplicate";
    case SB_OUTCOME_SKIP:
      return "skip";
    case SB_OUTCOME_DELETE:
      return "delete";
    default:
      return "unknown";
    }
}

void
sb_plan_item_free (SbPlanItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->name);
  g_free (item->action);
  g_free (item->rule);
  g_free (item->new_id);
  g_free (item);
}

static SbPlanItem *
plan_item_new (const char *id,
               const char *name,
               int         type,
               int         subtype,
               const char *action,
               const char *rule,
               SbOutcome   outcome)
{
  SbPlanItem *item = g_new0 (SbPlanItem, 1);

  item->id = g_strdup (id);
  item->name = g_strdup (name);
  item->type = type;
  item->subtype = subtype;
  item->action = g_strdup (action);
  item->rule = g_strdup (rule);
  item->outcome = outcome;
  return item;
}

static SbPlanItem *
plan_item_for (const SbObject *object,
               const char     *action,
               const char     *rule,
               SbOutcome       outcome)
{
  return plan_item_new (object->id, object->name, object->type, object->subtype,
                        action, rule, outcome);
}

static GPtrArray *
plan_new (guint size)
{
  GPtrArray *plan = g_ptr_array_new_full (size, (GDestroyNotify) sb_plan_item_free);

  g_ptr_array_set_size (plan, size);
  return plan;
}

/* The conflict table of api.md, "Conflict actions". */
static SbOutcome
decide_outcome (const char     *action,
                const SbObject *source,
                const SbObject *target_copy)
{
  gboolean source_newer;

  if (target_copy == NULL)
    return strcmp (action, "delete") == 0 ? SB_OUTCOME_SKIP : SB_OUTCOME_CREATE;

  if (strcmp (action, "delete") == 0)
    return SB_OUTCOME_DELETE;

  if (g_strcmp0 (source->version, target_copy->version) == 0)
    return strcmp (action, "force_replace") == 0 ? SB_OUTCOME_REPLACE : SB_OUTCOME_SKIP;

  source_newer = source->modified > target_copy->modified;

  if (strcmp (action, "replace") == 0 || strcmp (action, "force_replace") == 0)
    return SB_OUTCOME_REPLACE;
  if (strcmp (action, "keep_both") == 0)
    return SB_OUTCOME_DUPLICATE;
  if (strcmp (action, "use_newer") == 0)
    return source_newer ? SB_OUTCOME_REPLACE : SB_OUTCOME_KEEP_EXISTING;
  if (strcmp (action, "use_older") == 0)
    return source_newer ? SB_OUTCOME_KEEP_EXISTING : SB_OUTCOME_REPLACE;

  return SB_OUTCOME_KEEP_EXISTING;   /* use_existing */
}

static JsonArray *
acl_copy (JsonArray *acl)
{
  return acl != NULL ? json_array_dup (acl) : json_array_new ();
}

static char *
ace_key (JsonNode *ace)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (ace))
    return json_to_string (ace, FALSE);

  object = json_node_get_object (ace);
  return g_strdup_printf ("%s|%d",
                          get_string (object, "trusteeId") ? get_string (object, "trusteeId") : "",
                          json_object_get_boolean_member_with_default (object, "deny", FALSE));
}

/* The target's entries, then the source's that are not there yet
 * (by trusteeId and deny). */
static JsonArray *
acl_union (JsonArray *target_acl,
           JsonArray *source_acl)
{
  JsonArray *result = acl_copy (target_acl);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < json_array_get_length (result); i++)
    g_hash_table_add (seen, ace_key (json_array_get_element (result, i)));

  for (guint i = 0; source_acl != NULL && i < json_array_get_length (source_acl); i++)
    {
      JsonNode *ace = json_array_get_element (source_acl, i);
      char *key = ace_key (ace);

      if (g_hash_table_contains (seen, key))
        g_free (key);
      else
        {
          g_hash_table_add (seen, key);
          json_array_add_element (result, json_dup (ace));
        }
    }

  return result;
}

typedef enum
{
  OP_CREATE,
  OP_REPLACE,
  OP_DELETE,
} OpKind;

typedef struct
{
  OpKind    kind;
  char     *id;
  SbObject *object;   /* the new state, owned until applied; NULL for OP_DELETE */
} Op;

static void
op_free (Op *op)
{
  g_free (op->id);
  g_clear_pointer (&op->object, sb_object_free);
  g_free (op);
}

typedef enum
{
  FOLDER_OK,
  FOLDER_DELETED,
  FOLDER_UNKNOWN,
} FolderState;

typedef struct
{
  SbStore             *store;
  SbProject           *space;            /* the target project or the configuration */
  const SbPackageFile *pkg;
  Rules                rules;
  gboolean             acl_inherit;      /* aclOnNewObjects: inherit_acl_as_dest_folder */
  const char          *acl_replacing;    /* use_existing | replace | keep_both */
  GHashTable          *source_folders;   /* id → SbObject* (borrowed from PKG) */
  GHashTable          *folder_items;     /* id → GUINT_TO_POINTER (item index + 1) */
  const char          *source_root_id;   /* source root mapped onto the target root */
  gboolean            *processed;        /* per item */
  GHashTable          *final;            /* id (borrowed from the op) → Op* */
  GPtrArray           *ops;              /* Op* (owned), in apply order */
  GArray              *duplicates;       /* guint item indexes */
  gboolean             any_delete;
  GPtrArray           *plan;             /* SbPlanItem* per item index */
} ImportCtx;

static void
import_ctx_clear (ImportCtx *ctx)
{
  rules_clear (&ctx->rules);
  g_clear_pointer (&ctx->source_folders, g_hash_table_unref);
  g_clear_pointer (&ctx->folder_items, g_hash_table_unref);
  g_clear_pointer (&ctx->processed, g_free);
  g_clear_pointer (&ctx->final, g_hash_table_unref);
  g_clear_pointer (&ctx->ops, g_ptr_array_unref);
  g_clear_pointer (&ctx->duplicates, g_array_unref);
  g_clear_pointer (&ctx->plan, g_ptr_array_unref);
}

/* The object as the target would hold it after the import. */
static SbObject *
final_get (ImportCtx  *ctx,
           const char *id,
           gboolean   *deleted)
{
  Op *op = g_hash_table_lookup (ctx->final, id);

  if (deleted != NULL)
    *deleted = op != NULL && op->kind == OP_DELETE;

  if (op != NULL)
    return op->object;

  return sb_project_get_object (ctx->space, id);
}

static void
add_op (ImportCtx  *ctx,
        OpKind      kind,
        const char *id,
        SbObject   *object)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->id = g_strdup (id);
  op->object = object;
  g_ptr_array_add (ctx->ops, op);
  g_hash_table_insert (ctx->final, op->id, op);
  if (kind == OP_DELETE)
    ctx->any_delete = TRUE;
}

static SbObject *build_created (ImportCtx      *ctx,
                                const SbObject *source,
                                const char     *new_id,
                                guint           depth);

/* Makes sure FOLDER_ID exists after the import, creating it (and the
 * folders above it) from the package's folder copies when absent. */
static FolderState
ensure_folder (ImportCtx  *ctx,
               const char *folder_id,
               guint       depth)
{
  gboolean deleted = FALSE;
  SbObject *source;
  SbObject *folder;

  if (final_get (ctx, folder_id, &deleted) != NULL)
    return FOLDER_OK;
  if (deleted)
    return FOLDER_DELETED;
  if (depth > SB_MAX_FOLDER_DEPTH)
    return FOLDER_UNKNOWN;

  source = g_hash_table_lookup (ctx->source_folders, folder_id);
  if (source == NULL)
    return FOLDER_UNKNOWN;

  folder = build_created (ctx, source, NULL, depth + 1);
  add_op (ctx, OP_CREATE, folder->id, folder);
  return FOLDER_OK;
}

/* Points OBJECT's parent at the target's copy of the source folder,
 * creating missing folders on the way. */
static void
place_in_folder (ImportCtx *ctx,
                 SbObject  *object,
                 guint      depth)
{
  if (object->parent_id == NULL)
    return;

  if (ctx->source_root_id != NULL && strcmp (object->parent_id, ctx->source_root_id) == 0)
    {
      g_free (object->parent_id);
      object->parent_id = g_strdup (ctx->space->root_folder_id);
    }

  switch (ensure_folder (ctx, object->parent_id, depth))
    {
    case FOLDER_OK:
    case FOLDER_DELETED:   /* the checks before applying fail the import */
      return;

    case FOLDER_UNKNOWN:
    default:
      /* The package does not know the folder: the target's root takes it. */
      if (ctx->space->root_folder_id != NULL &&
          strcmp (ctx->space->root_folder_id, object->id) != 0 &&
          final_get (ctx, ctx->space->root_folder_id, NULL) != NULL)
        {
          g_free (object->parent_id);
          object->parent_id = g_strdup (ctx->space->root_folder_id);
        }
      return;
    }
}

static SbObject *
build_created (ImportCtx      *ctx,
               const SbObject *source,
               const char     *new_id,
               guint           depth)
{
  SbObject *object = object_dup (source);

  if (new_id != NULL)
    {
      g_free (object->id);
      object->id = g_strdup (new_id);
    }

  place_in_folder (ctx, object, depth);

  if (ctx->acl_inherit && object->parent_id != NULL)
    {
      SbObject *folder = final_get (ctx, object->parent_id, NULL);

      if (folder != NULL)
        {
          g_clear_pointer (&object->acl, json_array_unref);
          object->acl = acl_copy (folder->acl);
        }
    }

  return object;
}

static SbObject *
build_replaced (ImportCtx      *ctx,
                const SbObject *source,
                const SbObject *target_copy)
{
  SbObject *object = object_dup (source);

  /* The owner stays the target's. */
  g_free (object->owner_id);
  g_free (object->owner_name);
  object->owner_id = g_strdup (target_copy->owner_id);
  object->owner_name = g_strdup (target_copy->owner_name);

  place_in_folder (ctx, object, 0);

  if (g_strcmp0 (ctx->acl_replacing, "replace") == 0)
    {
      if (object->acl == NULL)
        object->acl = json_array_new ();
    }
  else
    {
      JsonArray *acl;

      if (g_strcmp0 (ctx->acl_replacing, "keep_both") == 0)
        acl = acl_union (target_copy->acl, source->acl);
      else
        acl = acl_copy (target_copy->acl);

      g_clear_pointer (&object->acl, json_array_unref);
      object->acl = acl;
    }

  return object;
}

static gboolean
is_root_folder (ImportCtx      *ctx,
                const SbObject *object)
{
  return !ctx->space->is_configuration &&
         object->type == SB_TYPE_FOLDER &&
         object->parent_id == NULL;
}

static gboolean
process_item (ImportCtx *ctx,
              guint      index,
              GError   **error)
{
  SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
  const SbObject *source = item->object;
  const char *rule = NULL;
  const char *action;
  SbObject *target_copy;
  SbOutcome outcome;

  ctx->processed[index] = TRUE;

  action = rules_resolve (&ctx->rules, item, ctx->source_folders, &rule);
  if (!sb_engine_is_valid_action (action))
    {
      g_autofree char *list = join_list (valid_actions);

      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "Invalid action '%s' for '%s' (%s): expected one of %s",
                   action ? action : "(missing)", source->name, source->id, list);
      return FALSE;
    }

  target_copy = sb_project_get_object (ctx->space, source->id);

  if (g_hash_table_contains (ctx->final, source->id))
    outcome = SB_OUTCOME_SKIP;     /* the same id twice in a package */
  else
    outcome = decide_outcome (action, source, target_copy);

  /* The target project's root folder keeps its place and identity. */
  if (is_root_folder (ctx, source))
    {
      if (ctx->source_root_id != NULL && strcmp (ctx->source_root_id, source->id) == 0)
        outcome = SB_OUTCOME_SKIP;
      else if (outcome == SB_OUTCOME_DELETE)
        outcome = SB_OUTCOME_SKIP;
      else if (outcome == SB_OUTCOME_DUPLICATE)
        outcome = SB_OUTCOME_KEEP_EXISTING;
    }

  switch (outcome)
    {
    case SB_OUTCOME_CREATE:
      {
        SbObject *created = build_created (ctx, source, NULL, 0);

        add_op (ctx, OP_CREATE, created->id, created);
      }
      break;

    case SB_OUTCOME_REPLACE:
      add_op (ctx, OP_REPLACE, source->id, build_replaced (ctx, source, target_copy));
      break;

    case SB_OUTCOME_DELETE:
      add_op (ctx, OP_DELETE, source->id, NULL);
      break;

    case SB_OUTCOME_DUPLICATE:
      g_array_append_val (ctx->duplicates, index);
      break;

    case SB_OUTCOME_KEEP_EXISTING:
    case SB_OUTCOME_SKIP:
    default:
      break;
    }

  g_ptr_array_index (ctx->plan, index) = plan_item_for (source, action, rule, outcome);
  return TRUE;
}

/* Folders go parents first, so that objects find their folder. */
static gboolean
process_folder_item (ImportCtx *ctx,
                     guint      index,
                     guint      depth,
                     GError   **error)
{
  SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
  const char *parent_id = item->object->parent_id;

  if (ctx->processed[index])
    return TRUE;
  ctx->processed[index] = TRUE;

  if (parent_id != NULL && depth < SB_MAX_FOLDER_DEPTH)
    {
      guint parent = GPOINTER_TO_UINT (g_hash_table_lookup (ctx->folder_items, parent_id));

      if (parent != 0 && !process_folder_item (ctx, parent - 1, depth + 1, error))
        return FALSE;
    }

  return process_item (ctx, index, error);
}

/* Every object the target would hold after the import (borrowed). */
static GPtrArray *
final_objects (ImportCtx *ctx)
{
  GPtrArray *list = g_ptr_array_sized_new (g_hash_table_size (ctx->space->objects) +
                                           ctx->ops->len);
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  g_hash_table_iter_init (&iter, ctx->space->objects);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Op *op = g_hash_table_lookup (ctx->final, key);

      if (op == NULL)
        g_ptr_array_add (list, value);
      else if (op->kind != OP_DELETE)
        g_ptr_array_add (list, op->object);
    }

  for (guint i = 0; i < ctx->ops->len; i++)
    {
      Op *op = g_ptr_array_index (ctx->ops, i);

      if (op->kind == OP_CREATE)
        g_ptr_array_add (list, op->object);
    }

  return list;
}

static void
process_duplicates (ImportCtx *ctx)
{
  g_autoptr(GHashTable) names = NULL;   /* folder id or "" → set of names */

  if (ctx->duplicates->len == 0)
    return;

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                 (GDestroyNotify) g_hash_table_unref);

  for (guint i = 0; i < ctx->duplicates->len; i++)
    {
      guint index = g_array_index (ctx->duplicates, guint, i);
      SbPackageItem *item = g_ptr_array_index (ctx->pkg->items, index);
      SbPlanItem *plan_item = g_ptr_array_index (ctx->plan, index);
      g_autofree char *new_id = sb_new_hex_id ();
      SbObject *copy = build_created (ctx, item->object, new_id, 0);
      GHashTable *siblings;
      char *name = NULL;

      /* Built after the first copy so that folders it needed are known. */
      if (g_hash_table_size (names) == 0)
        {
          g_autoptr(GPtrArray) all = final_objects (ctx);

          for (guint j = 0; j < all->len; j++)
            {
              SbObject *object = g_ptr_array_index (all, j);
              const char *folder = object->parent_id ? object->parent_id : "";
              GHashTable *set = g_hash_table_lookup (names, folder);

              if (set == NULL)
                {
                  set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
                  g_hash_table_insert (names, g_strdup (folder), set);
                }
              if (object->name != NULL)
                g_hash_table_add (set, g_strdup (object->name));
            }
        }

      siblings = g_hash_table_lookup (names, copy->parent_id ? copy->parent_id : "");
      if (siblings == NULL)
        {
          siblings = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (names, g_strdup (copy->parent_id ? copy->parent_id : ""), siblings);
        }

      for (guint n = 1; ; n++)
        {
          name = g_strdup_printf ("%s (%u)", item->object->name ? item->object->name : "", n);
          if (!g_hash_table_contains (siblings, name))
            break;
          g_free (name);
        }

      g_hash_table_add (siblings, g_strdup (name));
      g_free (copy->name);
      copy->name = name;

      add_op (ctx, OP_CREATE, copy->id, copy);
      plan_item->new_id = g_strdup (new_id);
    }
}

static const char *
space_description (SbProject *space,
                   char     **to_free)
{
  if (space->is_configuration)
    return "the configuration";

  *to_free = g_strdup_printf ("project '%s'", space->name);
  return *to_free;
}

/* A delete is blocked when a remaining object uses the deleted one or,
 * for a folder, still sits in it. */
static gboolean
check_deletes (ImportCtx *ctx,
               GPtrArray *final_list,
               GError   **error)
{
  const SbObject *blocker = NULL;
  const char *blocked_id = NULL;
  gboolean contains = FALSE;

  if (!ctx->any_delete)
    return TRUE;

  for (guint i = 0; i < final_list->len; i++)
    {
      const SbObject *object = g_ptr_array_index (final_list, i);
      guint n_uses = object->uses != NULL ? object->uses->len : 0;

      /* Each used id, then the folder the object sits in. */
      for (guint j = 0; j <= n_uses; j++)
        {
          gboolean is_parent = j == n_uses;
          const char *id = is_parent ? object->parent_id : g_ptr_array_index (object->uses, j);
          Op *op;

          if (id == NULL)
            continue;
          op = g_hash_table_lookup (ctx->final, id);
          if (op == NULL || op->kind != OP_DELETE)
            continue;

          /* Report the smallest pair, so the message does not depend on
           * hash table order. */
          if (blocker == NULL ||
              strcmp (id, blocked_id) < 0 ||
              (strcmp (id, blocked_id) == 0 && strcmp (object->id, blocker->id) < 0))
            {
              blocker = object;
              blocked_id = id;
              contains = is_parent;
            }
        }
    }

  if (blocker != NULL)
    {
      SbObject *deleted = sb_project_get_object (ctx->space, blocked_id);
      const char *deleted_name = deleted ? deleted->name : blocked_id;

      if (contains)
        g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                     "Cannot delete folder '%s' (%s): '%s' (%s) is still in it",
                     deleted_name, blocked_id, blocker->name, blocker->id);
      else
        g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                     "Cannot delete '%s' (%s): '%s' (%s) uses it and is not deleted by this import",
                     deleted_name, blocked_id, blocker->name, blocker->id);
      return FALSE;
    }

  return TRUE;
}

/* validateDependencies: every id a target object uses must exist in the
 * target afterwards (configuration objects such as users always do). */
static gboolean
check_dependencies (ImportCtx *ctx,
                    GPtrArray *final_list,
                    GError   **error)
{
  const SbObject *culprit = NULL;
  const char *missing_id = NULL;

  for (guint i = 0; i < final_list->len; i++)
    {
      const SbObject *object = g_ptr_array_index (final_list, i);

      for (guint j = 0; object->uses != NULL && j < object->uses->len; j++)
        {
          const char *id = g_ptr_array_index (object->uses, j);

          if (final_get (ctx, id, NULL) != NULL ||
              sb_project_get_object (ctx->store->configuration, id) != NULL)
            continue;

          if (culprit == NULL || strcmp (object->id, culprit->id) < 0 ||
              (strcmp (object->id, culprit->id) == 0 && strcmp (id, missing_id) < 0))
            {
              culprit = object;
              missing_id = id;
            }
        }
    }

  if (culprit != NULL)
    {
      g_autofree char *to_free = NULL;

      g_set_error (error, SB_ERROR, SB_ERROR_DEPENDENCY,
                   "Dependency check failed: '%s' (%s) uses %s, which does not exist in %s",
                   culprit->name, culprit->id, missing_id,
                   space_description (ctx->space, &to_free));
      return FALSE;
    }

  return TRUE;
}

static void
maybe_set_root (SbProject      *space,
                const SbObject *object)
{
  if (!space->is_configuration && space->root_folder_id == NULL &&
      object->type == SB_TYPE_FOLDER && object->parent_id == NULL)
    space->root_folder_id = g_strdup (object->id);
}

/* Applies every change; UNDO_ENTRIES (may be NULL) receives the priors. */
static void
apply_ops (ImportCtx *ctx,
           GPtrArray *undo_entries)
{
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < ctx->ops->len; i++)
      {
        Op *op = g_ptr_array_index (ctx->ops, i);
        SbObject *prior = NULL;

        /* Creations and replacements first, deletions last. */
        if ((pass == 0) == (op->kind == OP_DELETE))
          continue;

        if (op->kind != OP_CREATE)
          prior = sb_project_steal_object (ctx->space, op->id);

        if (op->object != NULL)
          {
            SbObject *object = g_steal_pointer (&op->object);

            maybe_set_root (ctx->space, object);
            sb_project_add_object (ctx->space, object);
          }

        if (undo_entries != NULL)
          g_ptr_array_add (undo_entries, undo_entry_new (op->id, prior));
        else
          g_clear_pointer (&prior, sb_object_free);
      }
}

static SbPackageFile *
undo_package_new (SbStore             *store,
                  SbProject           *target,
                  const SbPackageFile *pkg)
{
  SbPackageFile *undo = package_file_new ("undo");

  undo->server_version = g_strdup (store->server_version);
  undo->type = g_strdup (pkg->type);
  undo->purpose = g_strdup (pkg->purpose);
  if (target != NULL && !target->is_configuration)
    {
      undo->project_id = g_strdup (target->id);
      undo->project_name = g_strdup (target->name);
    }
  undo->created = sb_now_ms ();
  undo->settings = pkg->settings ? json_object_dup (pkg->settings) : NULL;
  return undo;
}

/* Project security packages: links of users and user groups to TARGET. */
static SbOutcome
decide_security_outcome (const char     *action,
                         const SbObject *source,
                         const SbObject *user,
                         JsonArray      *source_links,
                         JsonArray      *target_links)
{
  gboolean source_newer;

  if (strcmp (action, "delete") == 0)
    return target_links != NULL ? SB_OUTCOME_DELETE : SB_OUTCOME_SKIP;
  if (user == NULL)
    return SB_OUTCOME_CREATE;
  if (target_links == NULL)
    return source_links != NULL ? SB_OUTCOME_CREATE : SB_OUTCOME_SKIP;
  if (source_links != NULL && json_array_equal (source_links, target_links))
    return strcmp (action, "force_replace") == 0 ? SB_OUTCOME_REPLACE : SB_OUTCOME_SKIP;

  source_newer = source->modified > user->modified;

  if (strcmp (action, "replace") == 0 || strcmp (action, "force_replace") == 0)
    return SB_OUTCOME_REPLACE;
  if (strcmp (action, "use_newer") == 0)
    return source_newer ? SB_OUTCOME_REPLACE : SB_OUTCOME_KEEP_EXISTING;
  if (strcmp (action, "use_older") == 0)
    return source_newer ? SB_OUTCOME_KEEP_EXISTING : SB_OUTCOME_REPLACE;

  return SB_OUTCOME_KEEP_EXISTING;   /* use_existing, keep_both */
}

static gboolean
import_security (SbStore              *store,
                 SbProject            *target,
                 const SbPackageFile  *pkg,
                 gboolean              want_undo,
                 SbPackageFile       **undo_out,
                 GPtrArray           **plan_out,
                 GError              **error)
{
  SbProject *configuration = store->configuration;
  g_autoptr(GPtrArray) plan = NULL;
  g_autoptr(EnginePackageFile) undo = NULL;
  g_autoptr(GHashTable) priors = NULL;
  Rules rules;

  if (target == NULL || target->is_configuration)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A project security package must be imported into a project");
      return FALSE;
    }

  rules_init (&rules, pkg->settings, FALSE);
  plan = plan_new (pkg->items->len);

  /* Decide everything first. */
  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      const SbObject *source = item->object;
      const char *rule = NULL;
      const char *action = rules_resolve (&rules, item, NULL, &rule);
      SbOutcome outcome = SB_OUTCOME_SKIP;

      if (!sb_engine_is_valid_action (action))
        {
          g_autofree char *list = join_list (valid_actions);

          g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                       "Invalid action '%s' for '%s' (%s): expected one of %s",
                       action ? action : "(missing)", source->name, source->id, list);
          rules_clear (&rules);
          return FALSE;
        }

      if (source->type == SB_TYPE_USER)
        outcome = decide_security_outcome (action, source,
                                           sb_project_get_object (configuration, source->id),
                                           pkg->security_links
                                           ? g_hash_table_lookup (pkg->security_links, source->id)
                                           : NULL,
                                           target->security_links
                                           ? g_hash_table_lookup (target->security_links, source->id)
                                           : NULL);

      g_ptr_array_index (plan, i) = plan_item_for (source, action, rule, outcome);
    }
  rules_clear (&rules);

  /* Then apply. */
  if (want_undo)
    undo = undo_package_new (store, target, pkg);
  priors = undo_links_table_new ();

  for (guint i = 0; i < pkg->items->len; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);
      SbPlanItem *plan_item = g_ptr_array_index (plan, i);
      const char *id = item->object->id;
      JsonArray *links;
      JsonArray *current;

      if (plan_item->outcome != SB_OUTCOME_CREATE &&
          plan_item->outcome != SB_OUTCOME_REPLACE &&
          plan_item->outcome != SB_OUTCOME_DELETE)
        continue;

      if (plan_item->outcome == SB_OUTCOME_CREATE &&
          sb_project_get_object (configuration, id) == NULL)
        {
          sb_project_add_object (configuration, object_dup (item->object));
          if (undo != NULL)
            g_ptr_array_add (undo->undo_entries, undo_entry_new (id, NULL));
        }

      if (target->security_links == NULL)
        target->security_links = links_table_new ();

      current = g_hash_table_lookup (target->security_links, id);
      if (!g_hash_table_contains (priors, id))
        {
          JsonNode *prior;

          if (current != NULL)
            {
              prior = json_node_new (JSON_NODE_ARRAY);
              json_node_take_array (prior, json_array_dup (current));
            }
          else
            prior = json_node_new (JSON_NODE_NULL);
          g_hash_table_insert (priors, g_strdup (id), prior);
        }

      links = plan_item->outcome == SB_OUTCOME_DELETE || pkg->security_links == NULL
              ? NULL : g_hash_table_lookup (pkg->security_links, id);
      if (links != NULL)
        g_hash_table_insert (target->security_links, g_strdup (id), json_array_dup (links));
      else
        g_hash_table_remove (target->security_links, id);
    }

  if (undo != NULL)
    {
      undo->undo_security_links = g_steal_pointer (&priors);
      if (undo_out != NULL)
        *undo_out = g_steal_pointer (&undo);
    }
  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&plan);

  return TRUE;
}

static SbProject *
undo_space (SbStore             *store,
            SbProject           *target,
            const SbPackageFile *pkg)
{
  if (is_configuration_type (pkg->type))
    return store->configuration;

  return target;
}

/* Importing an undo package (a rollback through /api/packages) undoes. */
static gboolean
import_undo_package (SbStore              *store,
                     SbProject            *target,
                     const SbPackageFile  *undo,
                     GPtrArray           **plan_out,
                     GError              **error)
{
  SbProject *space = undo_space (store, target, undo);
  g_autoptr(GPtrArray) plan = NULL;

  if (space == NULL)
    return sb_engine_undo (store, target, undo, error);

  plan = plan_new (undo->undo_entries->len);
  for (guint i = 0; i < undo->undo_entries->len; i++)
    {
      SbUndoEntry *entry = g_ptr_array_index (undo->undo_entries, i);
      SbObject *current = sb_project_get_object (space, entry->id);
      SbPlanItem *item;

      if (entry->prior == NULL)
        {
          if (current != NULL)
            item = plan_item_for (current, "delete", "content", SB_OUTCOME_DELETE);
          else
            item = plan_item_new (entry->id, NULL, 0, 0, "delete", "content", SB_OUTCOME_SKIP);
        }
      else
        item = plan_item_for (entry->prior, "force_replace", "content",
                              current != NULL ? SB_OUTCOME_REPLACE : SB_OUTCOME_CREATE);
      g_ptr_array_index (plan, i) = item;
    }

  if (!sb_engine_undo (store, target, undo, error))
    return FALSE;

  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&plan);
  return TRUE;
}

gboolean
sb_engine_import (SbStore              *store,
                  SbProject            *target,
                  const SbPackageFile  *pkg,
                  gboolean              generate_undo,
                  SbPackageFile       **undo_out,
                  GPtrArray           **plan_out,
                  GError              **error)
{
  ImportCtx ctx;
  gboolean want_undo;
  gboolean is_config;
  JsonArray *acl_new;
  g_autoptr(GPtrArray) undo_entries = NULL;
  guint n_items;

  if (undo_out != NULL)
    *undo_out = NULL;
  if (plan_out != NULL)
    *plan_out = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (pkg != NULL, FALSE);

  if (pkg->server_version != NULL && store->server_version != NULL &&
      sb_compare_server_versions (pkg->server_version, store->server_version) > 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_VERSION,
                   "A package created in a newer platform version cannot be imported "
                   "into an older one");
      return FALSE;
    }

  if (g_strcmp0 (pkg->kind, "undo") == 0)
    return import_undo_package (store, target, pkg, plan_out, error);

  want_undo = generate_undo && !sb_engine_uses_keep_both (pkg->settings, pkg->content);

  if (g_strcmp0 (pkg->type, "project_security") == 0)
    return import_security (store, target, pkg, want_undo, undo_out, plan_out, error);

  is_config = g_strcmp0 (pkg->type, "configuration") == 0;
  memset (&ctx, 0, sizeof ctx);
  ctx.store = store;
  ctx.space = is_config ? store->configuration : target;
  ctx.pkg = pkg;

  if (ctx.space == NULL || (!is_config && ctx.space->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "A project package must be imported into a project");
      return FALSE;
    }

  n_items = pkg->items->len;
  rules_init (&ctx.rules, pkg->settings, g_strcmp0 (pkg->purpose, "project_merge") == 0);
  ctx.acl_replacing = get_string (pkg->settings, "aclOnReplacingObjects");
  if (ctx.acl_replacing == NULL)
    ctx.acl_replacing = "use_existing";
  acl_new = sb_json_get_array (pkg->settings, "aclOnNewObjects");
  for (guint i = 0; acl_new != NULL && i < json_array_get_length (acl_new); i++)
    {
      JsonNode *node = json_array_get_element (acl_new, i);

      if (node_is_string (node) &&
          strcmp (json_node_get_string (node), "inherit_acl_as_dest_folder") == 0)
        ctx.acl_inherit = TRUE;
    }

  ctx.source_folders = source_folders_new (pkg);
  ctx.folder_items = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.processed = g_new0 (gboolean, n_items + 1);
  ctx.final = g_hash_table_new (g_str_hash, g_str_equal);
  ctx.ops = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);
  ctx.duplicates = g_array_new (FALSE, FALSE, sizeof (guint));
  ctx.plan = plan_new (n_items);

  /* A source root folder that is not the target's root maps onto it. */
  if (!ctx.space->is_configuration && ctx.space->root_folder_id != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, ctx.source_folders);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          SbObject *folder = value;

          if (folder->parent_id == NULL &&
              strcmp (folder->id, ctx.space->root_folder_id) != 0 &&
              sb_project_get_object (ctx.space, folder->id) == NULL)
            {
              ctx.source_root_id = folder->id;
              break;
            }
        }
    }

  for (guint i = 0; i < n_items; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER &&
          !g_hash_table_contains (ctx.folder_items, item->object->id))
        g_hash_table_insert (ctx.folder_items, item->object->id, GUINT_TO_POINTER (i + 1));
    }

  /* 1. Decide every outcome: folders parents first, then the rest. */
  for (guint i = 0; i < n_items; i++)
    {
      SbPackageItem *item = g_ptr_array_index (pkg->items, i);

      if (item->object->type == SB_TYPE_FOLDER &&
          !process_folder_item (&ctx, i, 0, error))
        goto fail;
    }

  for (guint i = 0; i < n_items; i++)
    if (!ctx.processed[i] && !process_item (&ctx, i, error))
      goto fail;

  process_duplicates (&ctx);

  /* 2. Check the would-be result. */
  if (ctx.any_delete ||
      (ctx.rules.merge && pkg->settings != NULL &&
       json_object_get_boolean_member_with_default (pkg->settings, "validateDependencies", FALSE)))
    {
      g_autoptr(GPtrArray) final_list = final_objects (&ctx);

      if (!check_deletes (&ctx, final_list, error))
        goto fail;

      if (ctx.rules.merge && pkg->settings != NULL &&
          json_object_get_boolean_member_with_default (pkg->settings,
                                                       "validateDependencies", FALSE) &&
          !check_dependencies (&ctx, final_list, error))
        goto fail;
    }

  /* 3. Apply. Nothing above has touched the target. */
  if (want_undo)
    undo_entries = g_ptr_array_new_with_free_func ((GDestroyNotify) undo_entry_free);
  apply_ops (&ctx, undo_entries);

  if (want_undo && undo_out != NULL)
    {
      SbPackageFile *undo = undo_package_new (store, ctx.space, pkg);

      g_ptr_array_extend_and_steal (undo->undo_entries, g_steal_pointer (&undo_entries));
      *undo_out = undo;
    }

  if (plan_out != NULL)
    *plan_out = g_steal_pointer (&ctx.plan);

  import_ctx_clear (&ctx);
  return TRUE;

fail:
  import_ctx_clear (&ctx);
  return FALSE;
}

/* ------------------------------------------------------------------------ */
/* Undo                                                                       */
/* ------------------------------------------------------------------------ */

gboolean
sb_engine_undo (SbStore              *store,
                SbProject            *target,
                const SbPackageFile  *undo,
                GError              **error)
{
  SbProject *space;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (undo != NULL, FALSE);

  if (g_strcmp0 (undo->kind, "undo") != 0)
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This package is not an undo package");
      return FALSE;
    }

  space = undo_space (store, target, undo);
  if (space == NULL ||
      (!is_configuration_type (undo->type) && space->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package must be applied to a project");
      return FALSE;
    }

  if (g_strcmp0 (undo->type, "configuration") != 0 && undo->project_id != NULL &&
      (target == NULL || g_strcmp0 (target->id, undo->project_id) != 0))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package belongs to project '%s' (%s), not to '%s'",
                   undo->project_name ? undo->project_name : undo->project_id,
                   undo->project_id,
                   target ? target->name : "(none)");
      return FALSE;
    }

  if (g_strcmp0 (undo->type, "project_security") == 0 &&
      (target == NULL || target->is_configuration))
    {
      g_set_error (error, SB_ERROR, SB_ERROR_INVALID,
                   "This undo package must be applied to a project");
      return FALSE;
    }

  /* Newest change first: children created after their folders go first,
   * folders deleted last come back first. */
  for (guint i = undo->undo_entries->len; i > 0; i--)
    {
      SbUndoEntry *entry = g_ptr_array_index (undo->undo_entries, i - 1);

      if (entry->prior == NULL)
        {
          SbObject *removed = sb_project_steal_object (space, entry->id);

          if (!space->is_configuration && g_strcmp0 (space->root_folder_id, entry->id) == 0)
            g_clear_pointer (&space->root_folder_id, g_free);
          g_clear_pointer (&removed, sb_object_free);
        }
      else
        sb_project_add_object (space, object_dup (entry->prior));
    }

  if (undo->undo_security_links != NULL && target != NULL)
    {
      GHashTableIter iter;
      gpointer key;
      gpointer value;

      if (target->security_links == NULL)
        target->security_links = links_table_new ();

      g_hash_table_iter_init (&iter, undo->undo_security_links);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          JsonNode *prior = value;

          if (JSON_NODE_HOLDS_ARRAY (prior))
            g_hash_table_insert (target->security_links, g_strdup (key),
                                 json_array_dup (json_node_get_array (prior)));
          else
            g_hash_table_remove (target->security_links, key);
        }
    }

  return TRUE;
}
