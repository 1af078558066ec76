/* ferry-sandbox-writer.c: JSON written straight into a GString
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "ferry-sandbox-writer.h"

/* Bytes json-glib 1.6 escapes: " \\ and the control characters below
 * 0x1f (not 0x1f itself), and DEL. */
static gboolean
needs_escape (guchar c)
{
  return c == '"' || c == '\\' || c < 0x1f || c == 0x7f;
}

void
sb_write_string (GString    *out,
                 const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *run;
  const char *p;

  g_string_append_c (out, '"');
  if (text == NULL)
    {
      g_string_append_c (out, '"');
      return;
    }
  run = text;
  for (p = text; *p; p++)
    {
      guchar c = (guchar) *p;
      const char *named = NULL;

      if (G_LIKELY (!needs_escape (c)))
        continue;
      switch (c)
        {
        case '"': named = "\\\""; break;
        case '\\': named = "\\\\"; break;
        case '\b': named = "\\b"; break;
        case '\f': named = "\\f"; break;
        case '\n': named = "\\n"; break;
        case '\r': named = "\\r"; break;
        case '\t': named = "\\t"; break;
        default: break;
        }
      g_string_append_len (out, run, p - run);
      if (named != NULL)
        g_string_append (out, named);
      else
        {
          char u[6] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15] };
          g_string_append_len (out, u, 6);
        }
      run = p + 1;
    }
  g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

void
sb_write_member (GString    *out,
                 const char *name)
{
  sb_write_string (out, name);
  g_string_append_c (out, ':');
}

void
sb_write_int (GString *out,
              gint64   value)
{
  char buf[24];
  guint64 v = value < 0 ? (guint64) 0 - (guint64) value : (guint64) value;
  guint at = sizeof buf;

  do
    {
      buf[--at] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (value < 0)
    buf[--at] = '-';
  g_string_append_len (out, buf + at, sizeof buf - at);
}

static void
put_digits (char *at,
            guint value,
            guint width)
{
  for (guint i = width; i > 0; i--)
    {
      at[i - 1] = (char) ('0' + value % 10);
      value /= 10;
    }
}

void
sb_write_time (GString *out,
               gint64   ms)
{
  /* Whole seconds as sb_format_time() takes them (truncated toward zero),
   * GDateTime's range (years 1 to 9999) or its fallback. */
  gint64 secs = ms / 1000;
  gint64 days, sod, z, era, doe, yoe, doy, mp, y, m, d;
  char buf[30] = "0000-00-00T00:00:00.000+0000";

  if (secs < G_GINT64_CONSTANT (-62135596800) || secs > G_GINT64_CONSTANT (253402300799))
    {
      g_string_append (out, "\"1970-01-01T00:00:00.000+0000\"");
      return;
    }
  days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  sod = secs - days * 86400;
  /* Civil date from days since 1970-01-01 (proleptic Gregorian). */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);

  put_digits (buf, (guint) y, 4);
  put_digits (buf + 5, (guint) m, 2);
  put_digits (buf + 8, (guint) d, 2);
  put_digits (buf + 11, (guint) (sod / 3600), 2);
  put_digits (buf + 14, (guint) (sod / 60 % 60), 2);
  put_digits (buf + 17, (guint) (sod % 60), 2);
  put_digits (buf + 20, (guint) (((ms % 1000) + 1000) % 1000), 3);
  g_string_append_c (out, '"');
  g_string_append_len (out, buf, 28);
  g_string_append_c (out, '"');
}

void
sb_write_array (GString   *out,
                JsonArray *array)
{
  guint n = json_array_get_length (array);

  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      sb_write_node (out, json_array_get_element (array, i));
    }
  g_string_append_c (out, ']');
}

void
sb_write_object (GString    *out,
                 JsonObject *object)
{
  GList *members = json_object_get_members (object);   /* in insertion order */

  g_string_append_c (out, '{');
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (l != members)
        g_string_append_c (out, ',');
      sb_write_member (out, l->data);
      sb_write_node (out, json_object_get_member (object, l->data));
    }
  g_list_free (members);
  g_string_append_c (out, '}');
}

void
sb_write_node (GString  *out,
               JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      sb_write_object (out, json_node_get_object (node));
      return;
    case JSON_NODE_ARRAY:
      sb_write_array (out, json_node_get_array (node));
      return;
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      return;
    case JSON_NODE_VALUE:
      break;
    }
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      sb_write_string (out, json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      sb_write_int (out, json_node_get_int (node));
      break;
    case G_TYPE_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      {
        /* Doubles: json-glib's own formatting. */
        g_autofree char *text = json_to_string (node, FALSE);
        g_string_append (out, text);
      }
      break;
    }
}

/* [{name,id,level}…] of the folders from the root down to PARENT (as
 * sb_project_ancestors(): at most 256, stopping at a missing one). */
static void
write_ancestors (GString    *out,
                 SbProject  *project,
                 const char *parent)
{
  const SbObject *chain[256];
  guint n = 0;

  while (parent != NULL && n < G_N_ELEMENTS (chain))
    {
      SbObject *f = sb_project_get_object (project, parent);
      if (f == NULL)
        break;
      chain[n++] = f;
      parent = f->parent_id;
    }
  g_string_append_c (out, '[');
  for (guint i = 0; i < n; i++)
    {
      const SbObject *f = chain[n - 1 - i];

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"name\":");
      sb_write_string (out, f->name);
      g_string_append (out, ",\"id\":");
      sb_write_string (out, f->id);
      g_string_append (out, ",\"level\":");
      sb_write_int (out, (gint64) (n - i));
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

void
sb_write_object_api (GString        *out,
                     SbProject      *project,
                     const SbObject *o,
                     gboolean        with_ancestors,
                     gboolean        with_acl)
{
  sb_write_object_api_cached (out, project, o, with_ancestors, with_acl, NULL);
}

void
sb_write_object_api_cached (GString        *out,
                            SbProject      *project,
                            const SbObject *o,
                            gboolean        with_ancestors,
                            gboolean        with_acl,
                            GHashTable     *ancestors_cache)
{
  g_string_append (out, "{\"name\":");
  sb_write_string (out, o->name);
  g_string_append (out, ",\"id\":");
  sb_write_string (out, o->id);
  g_string_append (out, ",\"type\":");
  sb_write_int (out, o->type);
  g_string_append (out, ",\"subtype\":");
  sb_write_int (out, o->subtype);
  if (o->description && *o->description)
    {
      g_string_append (out, ",\"description\":");
      sb_write_string (out, o->description);
    }
  g_string_append (out, ",\"dateCreated\":");
  sb_write_time (out, o->created);
  g_string_append (out, ",\"dateModified\":");
  sb_write_time (out, o->modified);
  g_string_append (out, ",\"version\":");
  sb_write_string (out, o->version);
  g_string_append (out, ",\"acg\":255,\"owner\":{\"name\":");
  sb_write_string (out, o->owner_name ? o->owner_name : "");
  g_string_append (out, ",\"id\":");
  sb_write_string (out, o->owner_id ? o->owner_id : "");
  g_string_append_c (out, '}');

  if (with_ancestors && !project->is_configuration)
    {
      const char *fragment = NULL;

      g_string_append (out, ",\"ancestors\":");
      if (ancestors_cache != NULL && o->parent_id != NULL)
        {
          fragment = g_hash_table_lookup (ancestors_cache, o->parent_id);
          if (fragment == NULL)
            {
              GString *built = g_string_new (NULL);

              write_ancestors (built, project, o->parent_id);
              fragment = built->str;
              g_hash_table_insert (ancestors_cache, g_strdup (o->parent_id),
                                   g_string_free (built, FALSE));
            }
          g_string_append (out, fragment);
        }
      else
        write_ancestors (out, project, o->parent_id);
    }

  if (with_acl)
    {
      g_string_append (out, ",\"acl\":");
      sb_write_array (out, o->acl);
    }
  g_string_append_c (out, '}');
}

void
sb_write_object_storage (GString        *out,
                         const SbObject *o)
{
  g_string_append (out, "{\"id\":");
  sb_write_string (out, o->id);
  g_string_append (out, ",\"name\":");
  sb_write_string (out, o->name);
  if (o->description)
    {
      g_string_append (out, ",\"description\":");
      sb_write_string (out, o->description);
    }
  g_string_append (out, ",\"type\":");
  sb_write_int (out, o->type);
  g_string_append (out, ",\"subtype\":");
  sb_write_int (out, o->subtype);
  g_string_append (out, ",\"version\":");
  sb_write_string (out, o->version);
  g_string_append (out, ",\"dateCreated\":");
  sb_write_time (out, o->created);
  g_string_append (out, ",\"dateModified\":");
  sb_write_time (out, o->modified);
  g_string_append (out, ",\"owner\":{\"id\":");
  sb_write_string (out, o->owner_id ? o->owner_id : "");
  g_string_append (out, ",\"name\":");
  sb_write_string (out, o->owner_name ? o->owner_name : "");
  g_string_append_c (out, '}');
  if (o->parent_id)
    {
      g_string_append (out, ",\"parentId\":");
      sb_write_string (out, o->parent_id);
    }
  g_string_append (out, ",\"acl\":");
  if (o->acl != NULL)
    sb_write_array (out, o->acl);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"definition\":");
  if (o->definition != NULL)
    sb_write_object (out, o->definition);
  else
    g_string_append (out, "null");
  g_string_append (out, ",\"uses\":[");
  for (guint i = 0; i < o->uses->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      sb_write_string (out, g_ptr_array_index (o->uses, i));
    }
  g_string_append (out, "]}");
}
