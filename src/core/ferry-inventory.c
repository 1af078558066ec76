/* ferry-inventory.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Layout: one GStringChunk holds every string (ids, names and versions
 * copied once each; parent ids, paths and owners interned, since thousands
 * of objects share a handful of them), one array holds the items, and an
 * open-addressing table of 32-bit slots (item index + 1, 0 = empty, linear
 * probing, at most half full) finds an item by id. For 100 000 search
 * results that is 7 MB of items, 1 MB of slots and 7 MB of strings
 * (bench-compare measures 15 MB per inventory).
 */

#define G_LOG_DOMAIN "ferry-inventory"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ferry-inventory.h"

#include "ferry-json.h"
#include "ferry-search-parse.h"

#define ID_LEN 32

struct _FerryInventory
{
  FerryInventoryItem *items;
  guint               n_items;
  guint32            *slots;
  guint32             mask;    /* number of slots - 1 (a power of two - 1) */
  GStringChunk       *strings;
};

struct _FerryInventoryBuilder
{
  FerryInventoryItem *items;
  guint               n_items;
  guint               capacity;
  guint32            *slots;
  guint32             mask;
  GStringChunk       *strings;
};

G_DEFINE_QUARK (ferry-inventory-error-quark, ferry_inventory_error)

G_DEFINE_BOXED_TYPE (FerryInventory, ferry_inventory, ferry_inventory_ref, ferry_inventory_unref)

/* ------------------------------------------------------------------------ */
/* Ids and the index                                                          */
/* ------------------------------------------------------------------------ */

/* Copies ID in upper case into OUT (ID_LEN + 1 bytes). FALSE unless ID is
 * exactly 32 hex digits. */
static gboolean
normalize_id (const char *id,
              char       *out)
{
  guint i;

  if (id == NULL)
    return FALSE;
  for (i = 0; i < ID_LEN; i++)
    {
      if (!g_ascii_isxdigit (id[i]))
        return FALSE;
      out[i] = g_ascii_toupper (id[i]);
    }
  if (id[ID_LEN] != '\0')
    return FALSE;
  out[ID_LEN] = '\0';
  return TRUE;
}

/* FNV-1a over the 32 characters, then a final avalanche so that ids that
 * differ only in their last digits (generated ids) spread over the table. */
static inline guint32
hash_id (const char *id)
{
  guint32 h = 2166136261u;

  for (guint i = 0; i < ID_LEN; i++)
    {
      h ^= (guchar) id[i];
      h *= 16777619u;
    }
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

/* The slot holding NORMALIZED (an upper-case id), or the empty slot where
 * it would go. */
static inline guint32
probe (const FerryInventoryItem *items,
       const guint32            *slots,
       guint32                   mask,
       const char               *normalized)
{
  guint32 pos = hash_id (normalized) & mask;

  for (;;)
    {
      guint32 s = slots[pos];

      if (s == 0 || memcmp (items[s - 1].id, normalized, ID_LEN) == 0)
        return pos;
      pos = (pos + 1) & mask;
    }
}

/* ------------------------------------------------------------------------ */
/* Builder                                                                    */
/* ------------------------------------------------------------------------ */

FerryInventoryBuilder *
ferry_inventory_builder_new (void)
{
  FerryInventoryBuilder *self = g_new0 (FerryInventoryBuilder, 1);

  self->strings = g_string_chunk_new (64 * 1024);
  self->mask = 63;
  self->slots = g_new0 (guint32, self->mask + 1);
  return self;
}

void
ferry_inventory_builder_free (FerryInventoryBuilder *self)
{
  if (self == NULL)
    return;
  g_free (self->items);
  g_free (self->slots);
  if (self->strings != NULL)
    g_string_chunk_free (self->strings);
  g_free (self);
}

/* Rehashes into a table of NEW_MASK + 1 slots. */
static void
builder_resize_slots (FerryInventoryBuilder *self,
                      guint32                new_mask)
{
  guint32 *slots = g_new0 (guint32, (gsize) new_mask + 1);

  for (guint i = 0; i < self->n_items; i++)
    slots[probe (self->items, slots, new_mask, self->items[i].id)] = i + 1;
  g_free (self->slots);
  self->slots = slots;
  self->mask = new_mask;
}

/* Room for N items without growing (a hint: more may still be added). */
static void
builder_reserve (FerryInventoryBuilder *self,
                 guint                  n)
{
  if (n > self->capacity)
    {
      self->capacity = n;
      self->items = g_renew (FerryInventoryItem, self->items, self->capacity);
    }
  if ((gsize) n * 2 > (gsize) self->mask + 1)
    {
      guint32 new_mask = self->mask;

      while ((gsize) n * 2 > (gsize) new_mask + 1)
        new_mask = (new_mask << 1) | 1;
      builder_resize_slots (self, new_mask);
    }
}

static const char *
intern_or_null (GStringChunk *chunk,
                const char   *text)
{
  return text ? g_string_chunk_insert_const (chunk, text) : NULL;
}

/* ID is already normalized (upper-case, 32 hex). */
static void
builder_add_normalized (FerryInventoryBuilder *self,
                        const char            *id,
                        const char            *name,
                        gint32                 type,
                        gint32                 subtype,
                        const char            *version,
                        gint64                 modified_ms,
                        const char            *parent_id,
                        const char            *path,
                        const char            *owner)
{
  FerryInventoryItem *item;
  guint32 pos;

  /* Keep the table at most half full. */
  if ((self->n_items + 1) * 2 > self->mask + 1)
    builder_resize_slots (self, (self->mask << 1) | 1);

  pos = probe (self->items, self->slots, self->mask, id);
  if (self->slots[pos] != 0)
    {
      /* Last wins, in the first one's place. The replaced strings stay in
       * the arena: duplicates are rare and the waste is small. */
      item = &self->items[self->slots[pos] - 1];
    }
  else
    {
      if (self->n_items == self->capacity)
        {
          self->capacity = MAX (64, self->capacity * 2);
          self->items = g_renew (FerryInventoryItem, self->items, self->capacity);
        }
      item = &self->items[self->n_items++];
      item->id = g_string_chunk_insert_len (self->strings, id, ID_LEN);
      self->slots[pos] = self->n_items;
    }

  item->name = g_string_chunk_insert (self->strings, name);
  item->version = g_string_chunk_insert (self->strings, version);
  item->parent_id = intern_or_null (self->strings, parent_id);
  item->path = intern_or_null (self->strings, path);
  item->owner = intern_or_null (self->strings, owner);
  item->modified_ms = modified_ms;
  item->type = type;
  item->subtype = subtype;
}

void
ferry_inventory_builder_add (FerryInventoryBuilder *self,
                             const char            *id,
                             const char            *name,
                             gint32                 type,
                             gint32                 subtype,
                             const char            *version,
                             gint64                 modified_ms,
                             const char            *parent_id,
                             const char            *path,
                             const char            *owner)
{
  char norm_id[ID_LEN + 1];
  char norm_parent[ID_LEN + 1];

  gboolean id_ok, parent_ok;

  /* (No side effects inside g_return_if_fail: G_DISABLE_CHECKS drops it.) */
  id_ok = normalize_id (id, norm_id);
  parent_ok = parent_id == NULL || normalize_id (parent_id, norm_parent);
  g_return_if_fail (self != NULL);
  g_return_if_fail (id_ok);
  g_return_if_fail (name != NULL);
  g_return_if_fail (version != NULL);
  g_return_if_fail (parent_ok);

  builder_add_normalized (self, norm_id, name, type, subtype, version, modified_ms,
                          parent_id ? norm_parent : NULL, path, owner);
}

static void
builder_reset (FerryInventoryBuilder *self)
{
  self->items = NULL;
  self->n_items = 0;
  self->capacity = 0;
  self->strings = g_string_chunk_new (64 * 1024);
  self->mask = 63;
  self->slots = g_new0 (guint32, self->mask + 1);
}

FerryInventory *
ferry_inventory_builder_end (FerryInventoryBuilder *self)
{
  FerryInventory *inventory;

  g_return_val_if_fail (self != NULL, NULL);

  inventory = g_atomic_rc_box_new0 (FerryInventory);
  inventory->n_items = self->n_items;
  /* Give back the unused tail of the doubling array. */
  inventory->items = g_renew (FerryInventoryItem, self->items, self->n_items);
  inventory->slots = self->slots;
  inventory->mask = self->mask;
  inventory->strings = self->strings;

  builder_reset (self);
  return inventory;
}

/* ------------------------------------------------------------------------ */
/* The inventory                                                              */
/* ------------------------------------------------------------------------ */

FerryInventory *
ferry_inventory_ref (FerryInventory *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

static void
inventory_clear (gpointer data)
{
  FerryInventory *self = data;

  g_free (self->items);
  g_free (self->slots);
  g_string_chunk_free (self->strings);
}

void
ferry_inventory_unref (FerryInventory *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, inventory_clear);
}

guint
ferry_inventory_get_n_items (FerryInventory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_items;
}

const FerryInventoryItem *
ferry_inventory_get_item (FerryInventory *self,
                          guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_items, NULL);

  return &self->items[index];
}

gboolean
ferry_inventory_lookup (FerryInventory *self,
                        const char     *id,
                        guint          *index_out)
{
  char norm[ID_LEN + 1];
  guint32 slot;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!normalize_id (id, norm))
    return FALSE;
  slot = self->slots[probe (self->items, self->slots, self->mask, norm)];
  if (slot == 0)
    return FALSE;
  if (index_out != NULL)
    *index_out = slot - 1;
  return TRUE;
}

const FerryInventoryItem *
ferry_inventory_find (FerryInventory *self,
                      const char     *id)
{
  guint index;

  g_return_val_if_fail (self != NULL, NULL);

  return ferry_inventory_lookup (self, id, &index) ? &self->items[index] : NULL;
}

/* ------------------------------------------------------------------------ */
/* Time                                                                       */
/* ------------------------------------------------------------------------ */

static gboolean
read_digits (const char **p,
             guint        n,
             int         *out)
{
  int v = 0;

  for (guint i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit ((*p)[i]))
        return FALSE;
      v = v * 10 + ((*p)[i] - '0');
    }
  *p += n;
  *out = v;
  return TRUE;
}

/* Days from 1970-01-01 to Y-M-D in the proleptic Gregorian calendar: count
 * years from March so that the leap day ends a year, then whole 400-year
 * eras (146 097 days each). */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era, yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static int
days_in_month (int y,
               int m)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
    return 29;
  return days[m - 1];
}

gboolean
ferry_inventory_parse_time (const char *text,
                            gint64     *ms_out)
{
  const char *p = text;
  int year, month, day, hour, minute, second, ms = 0;
  int off_h = 0, off_m = 0, sign = 1;
  gint64 total;

  if (text == NULL)
    return FALSE;
  if (!read_digits (&p, 4, &year) || *p++ != '-' ||
      !read_digits (&p, 2, &month) || *p++ != '-' ||
      !read_digits (&p, 2, &day) || (*p != 'T' && *p != 't'))
    return FALSE;
  p++;
  if (!read_digits (&p, 2, &hour) || *p++ != ':' ||
      !read_digits (&p, 2, &minute) || *p++ != ':' ||
      !read_digits (&p, 2, &second))
    return FALSE;
  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month) ||
      hour > 23 || minute > 59 || second > 59)
    return FALSE;

  if (*p == '.' || *p == ',')
    {
      guint n = 0;

      p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      for (; g_ascii_isdigit (*p); p++, n++)
        if (n < 3)
          ms = ms * 10 + (*p - '0');
      for (; n < 3; n++)
        ms *= 10;
    }

  if (*p == 'Z' || *p == 'z')
    {
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      sign = *p++ == '-' ? -1 : 1;
      if (!read_digits (&p, 2, &off_h))
        return FALSE;
      if (*p == ':')
        {
          p++;
          if (!read_digits (&p, 2, &off_m))
            return FALSE;
        }
      else if (g_ascii_isdigit (*p) && !read_digits (&p, 2, &off_m))
        {
          return FALSE;
        }
      if (off_h > 23 || off_m > 59)
        return FALSE;
    }
  else
    {
      return FALSE; /* no offset: local time of an unknown place */
    }
  if (*p != '\0')
    return FALSE;

  total = days_from_civil (year, month, day) * 86400
          + hour * 3600 + minute * 60 + second
          - sign * (off_h * 3600 + off_m * 60);
  if (ms_out != NULL)
    *ms_out = total * 1000 + ms;
  return TRUE;
}

/* ------------------------------------------------------------------------ */
/* From JSON                                                                  */
/* ------------------------------------------------------------------------ */

/* Reused across the items of one array. */
typedef struct
{
  GString    *path;
  GPtrArray  *by_level;   /* FerrySearchAncestor*, index = level - 1 */
  GArray     *ancestors;  /* FerrySearchAncestor, the json-glib reader's */
} Scratch;

static char *
describe_item (guint       index,
               const char *id,
               const char *name)
{
  if (id != NULL && name != NULL)
    return g_strdup_printf (_("Object “%s” (%s, item %u)"), name, id, index);
  if (id != NULL)
    return g_strdup_printf (_("Object %s (item %u)"), id, index);
  if (name != NULL)
    return g_strdup_printf (_("Object “%s” (item %u)"), name, index);
  return g_strdup_printf (_("Item %u"), index);
}

static void G_GNUC_PRINTF (5, 6)
set_item_error (GError    **error,
                guint       index,
                const char *id,
                const char *name,
                const char *format,
                ...)
{
  g_autofree char *who = describe_item (index, id, name);
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, FERRY_INVENTORY_ERROR, FERRY_INVENTORY_ERROR_INVALID,
               /* Translators: "Object “Sales” (item 3)" and "has no name" */
               _("%s %s"), who, what);
}

/* Parent id and path from "ancestors" (level 1 = the parent folder, the
 * highest level = the project's root folder, not named in paths). */
static gboolean
read_ancestors (const FerrySearchAncestor *ancestors,
                guint                      n,
                Scratch                   *scratch,
                char                      *parent_out,
                const char               **path_out)
{
  *path_out = NULL;
  if (n == 0)
    return TRUE;

  g_ptr_array_set_size (scratch->by_level, 0);
  g_ptr_array_set_size (scratch->by_level, n);
  for (guint i = 0; i < n; i++)
    {
      const FerrySearchAncestor *a = &ancestors[i];

      if (!a->is_object || a->name == NULL || a->level_state != FERRY_SEARCH_OK ||
          a->level < 1 || (guint) a->level > n ||
          g_ptr_array_index (scratch->by_level, a->level - 1) != NULL)
        return FALSE;
      g_ptr_array_index (scratch->by_level, a->level - 1) = (gpointer) a;
    }

  if (!normalize_id (((const FerrySearchAncestor *) g_ptr_array_index (scratch->by_level, 0))->id, parent_out))
    return FALSE;

  g_string_truncate (scratch->path, 0);
  for (guint level = n - 1; level >= 1; level--)
    {
      g_string_append_c (scratch->path, '\\');
      g_string_append (scratch->path,
                       ((const FerrySearchAncestor *) g_ptr_array_index (scratch->by_level, level - 1))->name);
    }
  if (scratch->path->len == 0)
    g_string_append_c (scratch->path, '\\');
  *path_out = scratch->path->str;
  return TRUE;
}

/* The one check of an item, whichever reader found its members. */
static gboolean
add_search_item (FerryInventoryBuilder *builder,
                 const FerrySearchItem *item,
                 guint                  index,
                 Scratch               *scratch,
                 GError               **error)
{
  const char *name = item->name, *path = NULL;
  char id[ID_LEN + 1];
  char parent[ID_LEN + 1];
  gboolean has_parent = FALSE;
  gint64 modified_ms;

  if (!item->is_object)
    {
      set_item_error (error, index, NULL, NULL, _("is not a JSON object"));
      return FALSE;
    }
  if (!normalize_id (item->id, id))
    {
      if (item->id != NULL)
        set_item_error (error, index, NULL, name,
                        _("has an invalid id “%s”: expected 32 hexadecimal digits"), item->id);
      else
        set_item_error (error, index, NULL, name, _("has no id"));
      return FALSE;
    }
  if (name == NULL)
    {
      set_item_error (error, index, id, NULL, _("has no name"));
      return FALSE;
    }
  if (item->type_state != FERRY_SEARCH_OK)
    {
      set_item_error (error, index, id, name, _("has no valid type: expected an integer"));
      return FALSE;
    }
  if (item->subtype_state == FERRY_SEARCH_WRONG)
    {
      set_item_error (error, index, id, name, _("has an invalid subtype: expected an integer"));
      return FALSE;
    }
  if (item->version == NULL)
    {
      set_item_error (error, index, id, name, _("has no version"));
      return FALSE;
    }
  if (item->date_modified == NULL)
    {
      set_item_error (error, index, id, name, _("has no dateModified"));
      return FALSE;
    }
  if (!ferry_inventory_parse_time (item->date_modified, &modified_ms))
    {
      set_item_error (error, index, id, name,
                      _("has an invalid dateModified “%s”: expected an ISO 8601 date and time "
                      "with an offset, such as 2022-03-16T07:38:40.125+0000"), item->date_modified);
      return FALSE;
    }
  if (item->owner_state == FERRY_SEARCH_WRONG)
    {
      set_item_error (error, index, id, name, _("has an invalid owner: expected an object"));
      return FALSE;
    }
  if (item->ancestors_state == FERRY_SEARCH_OK)
    {
      if (!read_ancestors (item->ancestors, item->n_ancestors, scratch, parent, &path))
        {
          set_item_error (error, index, id, name,
                          _("has invalid ancestors: expected objects with a name, an id and "
                          "the levels 1 to %u once each"), item->n_ancestors);
          return FALSE;
        }
      has_parent = path != NULL;
    }
  else if (item->ancestors_state == FERRY_SEARCH_WRONG)
    {
      set_item_error (error, index, id, name, _("has invalid ancestors: expected an array"));
      return FALSE;
    }

  builder_add_normalized (builder, id, name, item->type,
                          item->subtype_state == FERRY_SEARCH_OK ? item->subtype : 0,
                          item->version, modified_ms, has_parent ? parent : NULL, path,
                          item->owner_state == FERRY_SEARCH_OK ? item->owner : NULL);
  return TRUE;
}

/* An integer member as the inventory reads it: absent or null, an integer
 * that fits in 32 bits, or wrong. */
static guint8
json_int32 (JsonObject *obj,
            const char *member,
            gint32     *out)
{
  JsonNode *node = json_object_get_member (obj, member);
  gint64 v;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FERRY_SEARCH_ABSENT;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FERRY_SEARCH_WRONG;
  v = json_node_get_int (node);
  if (v < G_MININT32 || v > G_MAXINT32)
    return FERRY_SEARCH_WRONG;
  *out = (gint32) v;
  return FERRY_SEARCH_OK;
}

/* The members of NODE the inventory reads, borrowed from the tree
 * (ancestors in SCRATCH). */
static void
item_from_json (JsonNode        *node,
                Scratch         *scratch,
                FerrySearchItem *item)
{
  JsonObject *obj;
  JsonNode *member;

  memset (item, 0, sizeof *item);
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return;
  obj = json_node_get_object (node);
  item->is_object = TRUE;
  item->id = ferry_json_get_string (obj, "id");
  item->name = ferry_json_get_string (obj, "name");
  item->type_state = json_int32 (obj, "type", &item->type);
  item->subtype_state = json_int32 (obj, "subtype", &item->subtype);
  item->version = ferry_json_get_string (obj, "version");
  item->date_modified = ferry_json_get_string (obj, "dateModified");

  member = json_object_get_member (obj, "owner");
  if (member != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      item->owner_state = FERRY_SEARCH_OK;
      item->owner = ferry_json_get_string (json_node_get_object (member), "name");
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    item->owner_state = FERRY_SEARCH_WRONG;

  member = json_object_get_member (obj, "ancestors");
  if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
    {
      JsonArray *ancestors = json_node_get_array (member);

      item->ancestors_state = FERRY_SEARCH_OK;
      item->n_ancestors = json_array_get_length (ancestors);
      g_array_set_size (scratch->ancestors, item->n_ancestors);
      for (guint i = 0; i < item->n_ancestors; i++)
        {
          JsonNode *element = json_array_get_element (ancestors, i);
          FerrySearchAncestor *a = &g_array_index (scratch->ancestors, FerrySearchAncestor, i);

          memset (a, 0, sizeof *a);
          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          a->is_object = TRUE;
          a->name = ferry_json_get_string (json_node_get_object (element), "name");
          a->id = ferry_json_get_string (json_node_get_object (element), "id");
          a->level_state = json_int32 (json_node_get_object (element), "level", &a->level);
        }
      item->ancestors = (const FerrySearchAncestor *) scratch->ancestors->data;
    }
  else if (member != NULL && !JSON_NODE_HOLDS_NULL (member))
    item->ancestors_state = FERRY_SEARCH_WRONG;
}

static void
scratch_init (Scratch *scratch)
{
  scratch->path = g_string_new (NULL);
  scratch->by_level = g_ptr_array_new ();
  scratch->ancestors = g_array_new (FALSE, FALSE, sizeof (FerrySearchAncestor));
}

static void
scratch_clear (Scratch *scratch)
{
  g_string_free (scratch->path, TRUE);
  g_ptr_array_unref (scratch->by_level);
  g_array_unref (scratch->ancestors);
}

gboolean
ferry_inventory_builder_add_json_array (FerryInventoryBuilder  *self,
                                        JsonArray              *items,
                                        GError                **error)
{
  Scratch scratch;
  gboolean ok = TRUE;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scratch_init (&scratch);
  n = json_array_get_length (items);
  builder_reserve (self, self->n_items + n);
  for (guint i = 0; i < n && ok; i++)
    {
      FerrySearchItem item;

      item_from_json (json_array_get_element (items, i), &scratch, &item);
      ok = add_search_item (self, &item, i, &scratch, error);
    }
  scratch_clear (&scratch);
  return ok;
}

gboolean
ferry_inventory_builder_add_search_items (FerryInventoryBuilder  *self,
                                          const FerrySearchItem  *items,
                                          guint                   n_items,
                                          GError                **error)
{
  Scratch scratch;
  gboolean ok = TRUE;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (items != NULL || n_items == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  scratch_init (&scratch);
  builder_reserve (self, self->n_items + n_items);
  for (guint i = 0; i < n_items && ok; i++)
    ok = add_search_item (self, &items[i], i, &scratch, error);
  scratch_clear (&scratch);
  return ok;
}

FerryInventory *
ferry_inventory_new_from_json_array (JsonArray  *items,
                                     GError    **error)
{
  g_autoptr(FerryInventoryBuilder) builder = NULL;

  g_return_val_if_fail (items != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  builder = ferry_inventory_builder_new ();
  if (!ferry_inventory_builder_add_json_array (builder, items, error))
    return NULL;
  return ferry_inventory_builder_end (builder);
}
