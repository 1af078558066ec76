/* ferry-object-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Inventories of 100 000 objects are built from these, in a worker thread:
 * construction sets the fields directly (no GValue round trips) and reads
 * the server's timestamps with a small parser of their one format.
 */

#define G_LOG_DOMAIN "ferry-object-info"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ferry-object-info.h"

#include <string.h>

#include "ferry-error.h"
#include "ferry-json.h"

struct _FerryObjectInfo
{
  GObject    parent_instance;

  char      *id;
  char      *name;
  int        type;
  int        subtype;
  char      *version;
  GDateTime *date_created;
  GDateTime *date_modified;
  char      *owner_id;
  char      *owner_name;
  char      *parent_id;
  char      *path;
  char      *description;
  JsonNode  *acl;
};

G_DEFINE_FINAL_TYPE (FerryObjectInfo, ferry_object_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_TYPE,
  PROP_SUBTYPE,
  PROP_VERSION,
  PROP_DATE_CREATED,
  PROP_DATE_MODIFIED,
  PROP_OWNER_ID,
  PROP_OWNER_NAME,
  PROP_PARENT_ID,
  PROP_PATH,
  PROP_DESCRIPTION,
  PROP_ACL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ferry_object_info_finalize (GObject *object)
{
  FerryObjectInfo *self = FERRY_OBJECT_INFO (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->version);
  g_clear_pointer (&self->date_created, g_date_time_unref);
  g_clear_pointer (&self->date_modified, g_date_time_unref);
  g_free (self->owner_id);
  g_free (self->owner_name);
  g_free (self->parent_id);
  g_free (self->path);
  g_free (self->description);
  g_clear_pointer (&self->acl, json_node_unref);

  G_OBJECT_CLASS (ferry_object_info_parent_class)->finalize (object);
}

static void
ferry_object_info_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  FerryObjectInfo *self = FERRY_OBJECT_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TYPE:
      g_value_set_int (value, self->type);
      break;
    case PROP_SUBTYPE:
      g_value_set_int (value, self->subtype);
      break;
    case PROP_VERSION:
      g_value_set_string (value, self->version);
      break;
    case PROP_DATE_CREATED:
      g_value_set_boxed (value, self->date_created);
      break;
    case PROP_DATE_MODIFIED:
      g_value_set_boxed (value, self->date_modified);
      break;
    case PROP_OWNER_ID:
      g_value_set_string (value, self->owner_id);
      break;
    case PROP_OWNER_NAME:
      g_value_set_string (value, self->owner_name);
      break;
    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_ACL:
      g_value_set_boxed (value, self->acl);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_object_info_class_init (FerryObjectInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = ferry_object_info_finalize;
  object_class->get_property = ferry_object_info_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_TYPE] = g_param_spec_int ("type", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_SUBTYPE] = g_param_spec_int ("subtype", NULL, NULL, G_MININT, G_MAXINT, 0, flags);
  properties[PROP_VERSION] = g_param_spec_string ("version", NULL, NULL, NULL, flags);
  properties[PROP_DATE_CREATED] = g_param_spec_boxed ("date-created", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_DATE_MODIFIED] = g_param_spec_boxed ("date-modified", NULL, NULL, G_TYPE_DATE_TIME, flags);
  properties[PROP_OWNER_ID] = g_param_spec_string ("owner-id", NULL, NULL, NULL, flags);
  properties[PROP_OWNER_NAME] = g_param_spec_string ("owner-name", NULL, NULL, NULL, flags);
  properties[PROP_PARENT_ID] = g_param_spec_string ("parent-id", NULL, NULL, NULL, flags);
  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_ACL] = g_param_spec_boxed ("acl", NULL, NULL, JSON_TYPE_NODE, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ferry_object_info_init (FerryObjectInfo *self)
{
}

/* ------------------------------------------------------------------------ */
/* Reading JSON                                                               */
/* ------------------------------------------------------------------------ */

/* The integers of an object (type, subtype, level) fit in an int. */
static gboolean
get_int (JsonObject *object,
         const char *name,
         gint64     *out)
{
  return ferry_json_get_int_range (object, name, G_MININT32, G_MAXINT32, out);
}

static gboolean
digits (const char *p,
        guint       n,
        int        *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      v = v * 10 + (p[i] - '0');
    }
  *out = v;
  return TRUE;
}

/* "2022-03-16T07:38:40.125+0000" (the server's form) without building a
 * GTimeZone per value; anything else goes to the ISO 8601 parser. */
static GDateTime *
parse_time (const char *text)
{
  int year, month, day, hour, minute, second, offset_h = 0, offset_m = 0, sign = 1;
  double fraction = 0;
  const char *p = text;
  g_autoptr(GDateTime) local = NULL;

  if (text == NULL || *text == '\0')
    return NULL;

  if (strlen (text) >= 19 &&
      digits (p, 4, &year) && p[4] == '-' && digits (p + 5, 2, &month) && p[7] == '-' &&
      digits (p + 8, 2, &day) && p[10] == 'T' && digits (p + 11, 2, &hour) && p[13] == ':' &&
      digits (p + 14, 2, &minute) && p[16] == ':' && digits (p + 17, 2, &second))
    {
      gboolean ok = TRUE;

      p += 19;
      if (*p == '.')
        {
          double scale = 0.1;

          p++;
          if (!g_ascii_isdigit (*p))
            ok = FALSE;
          while (g_ascii_isdigit (*p))
            {
              fraction += (*p - '0') * scale;
              scale /= 10;
              p++;
            }
        }
      if (ok && (*p == 'Z' || *p == 'z') && p[1] == '\0')
        p++;
      else if (ok && (*p == '+' || *p == '-') && digits (p + 1, 2, &offset_h))
        {
          sign = *p == '-' ? -1 : 1;
          p += 3;
          if (*p == ':')
            p++;
          if (*p != '\0' && !digits (p, 2, &offset_m))
            ok = FALSE;
          else if (*p != '\0')
            p += 2;
        }
      if (ok && *p == '\0' && offset_h < 24 && offset_m < 60)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_utc (year, month, day, hour, minute, second + fraction);

          if (utc != NULL)
            return g_date_time_add_minutes (utc, -sign * (offset_h * 60 + offset_m));
        }
    }

  local = g_date_time_new_from_iso8601 (text, NULL);
  return local ? g_date_time_to_utc (local) : NULL;
}

static int
by_level_descending (gconstpointer a,
                     gconstpointer b)
{
  JsonObject *x = *(JsonObject * const *) a;
  JsonObject *y = *(JsonObject * const *) b;
  gint64 lx = 0, ly = 0;

  get_int (x, "level", &lx);
  get_int (y, "level", &ly);
  return lx < ly ? 1 : lx > ly ? -1 : 0;
}

/* From "ancestors" ([{name, id, level}], the root folder has the highest
 * level): the nearest folder's id and the path without the root. */
static gboolean
read_ancestors (JsonObject *object,
                char      **parent_id,
                char      **path)
{
  JsonArray *array = ferry_json_get_array (object, "ancestors");
  g_autoptr(GPtrArray) chain = NULL;
  g_autoptr(GString) s = NULL;
  gboolean with_levels = TRUE;

  if (array == NULL || json_array_get_length (array) == 0)
    return FALSE;

  chain = g_ptr_array_sized_new (json_array_get_length (array));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 level;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      if (!get_int (json_node_get_object (element), "level", &level))
        with_levels = FALSE;
      g_ptr_array_add (chain, json_node_get_object (element));
    }
  if (chain->len == 0)
    return FALSE;
  /* Root first; without levels the answer's order (root first) is kept. */
  if (with_levels)
    g_ptr_array_sort (chain, by_level_descending);

  s = g_string_new (NULL);
  for (guint i = 1; i < chain->len; i++)
    {
      const char *name = ferry_json_get_string (g_ptr_array_index (chain, i), "name");

      g_string_append_c (s, '\\');
      g_string_append (s, name ? name : "");
    }
  if (s->len == 0)
    g_string_append_c (s, '\\');

  *parent_id = ferry_json_dup_string (g_ptr_array_index (chain, chain->len - 1), "id");
  *path = g_string_free (g_steal_pointer (&s), FALSE);
  return TRUE;
}

FerryObjectInfo *
ferry_object_info_new_from_json_in_folder (JsonObject *object,
                                           const char *parent_id,
                                           const char *path,
                                           GError    **error)
{
  g_autoptr(FerryObjectInfo) self = NULL;
  JsonObject *owner;
  JsonNode *acl;
  const char *id;
  gint64 n;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  id = ferry_json_get_string (object, "id");
  if (id == NULL || *id == '\0')
    {
      const char *name = ferry_json_get_string (object, "name");

      if (name != NULL)
        g_set_error (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                     _("The server described an object (“%s”) without an id"), name);
      else
        g_set_error_literal (error, FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                             _("The server described an object without an id"));
      return NULL;
    }

  self = g_object_new (FERRY_TYPE_OBJECT_INFO, NULL);
  self->id = g_strdup (id);
  self->name = g_strdup (ferry_json_get_string (object, "name"));
  if (self->name == NULL)
    self->name = g_strdup ("");
  if (get_int (object, "type", &n))
    self->type = (int) n;
  if (get_int (object, "subtype", &n))
    self->subtype = (int) n;
  self->version = ferry_json_dup_string (object, "version");
  self->date_created = parse_time (ferry_json_get_string (object, "dateCreated"));
  self->date_modified = parse_time (ferry_json_get_string (object, "dateModified"));
  self->description = ferry_json_dup_string (object, "description");

  owner = ferry_json_get_object (object, "owner");
  self->owner_id = ferry_json_dup_string (owner, "id");
  self->owner_name = ferry_json_dup_string (owner, "name");

  if (!read_ancestors (object, &self->parent_id, &self->path))
    {
      self->parent_id = g_strdup (parent_id);
      self->path = g_strdup (path);
    }

  acl = json_object_get_member (object, "acl");
  if (acl != NULL && JSON_NODE_HOLDS_ARRAY (acl))
    self->acl = ferry_json_node_copy_deep (acl);

  return g_steal_pointer (&self);
}

FerryObjectInfo *
ferry_object_info_new_from_json (JsonObject *object,
                                 GError    **error)
{
  return ferry_object_info_new_from_json_in_folder (object, NULL, NULL, error);
}

/* ------------------------------------------------------------------------ */
/* Getters                                                                    */
/* ------------------------------------------------------------------------ */

const char *
ferry_object_info_get_id (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->id;
}

const char *
ferry_object_info_get_name (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->name;
}

int
ferry_object_info_get_object_type (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), 0);
  return self->type;
}

int
ferry_object_info_get_subtype (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), 0);
  return self->subtype;
}

const char *
ferry_object_info_get_version (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->version;
}

GDateTime *
ferry_object_info_get_date_created (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->date_created;
}

GDateTime *
ferry_object_info_get_date_modified (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->date_modified;
}

const char *
ferry_object_info_get_owner_id (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->owner_id;
}

const char *
ferry_object_info_get_owner_name (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->owner_name;
}

const char *
ferry_object_info_get_parent_id (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->parent_id;
}

const char *
ferry_object_info_get_path (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->path;
}

const char *
ferry_object_info_get_description (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->description;
}

JsonNode *
ferry_object_info_get_acl (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), NULL);
  return self->acl;
}

gboolean
ferry_object_info_is_folder (FerryObjectInfo *self)
{
  g_return_val_if_fail (FERRY_IS_OBJECT_INFO (self), FALSE);
  return self->type == 8;
}
