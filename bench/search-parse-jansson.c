/* search-parse-jansson.c: bench-search-parse's jansson reader
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * jansson's json_loadb() and a walk of its tree into FerrySearchItem
 * records, checked and added by ferry_inventory_builder_add_search_items():
 * the same work as the client's simdjson path, with jansson. Its own file:
 * jansson.h and json-glib.h declare the same names.
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <jansson.h>

#include "ferry-search-parse.h"

typedef struct _FerryInventory FerryInventory;
FerryInventoryBuilder *ferry_inventory_builder_new (void);
FerryInventory        *ferry_inventory_builder_end (FerryInventoryBuilder *self);
void                   ferry_inventory_builder_free (FerryInventoryBuilder *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryInventoryBuilder, ferry_inventory_builder_free)

static const char *
jstring (json_t     *object,
         const char *member)
{
  return json_string_value (json_object_get (object, member));   /* NULL unless a string */
}

static guint8
jint32 (json_t     *object,
        const char *member,
        gint32     *out)
{
  json_t *value = json_object_get (object, member);

  if (value == NULL || json_is_null (value))
    return FERRY_SEARCH_ABSENT;
  if (!json_is_integer (value) || json_integer_value (value) < G_MININT32 ||
      json_integer_value (value) > G_MAXINT32)
    return FERRY_SEARCH_WRONG;
  *out = (gint32) json_integer_value (value);
  return FERRY_SEARCH_OK;
}

FerryInventory *bench_parse_jansson (GPtrArray *pages, GError **error);

FerryInventory *
bench_parse_jansson (GPtrArray  *pages,
               GError    **error)
{
  g_autoptr(FerryInventoryBuilder) builder = ferry_inventory_builder_new ();
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (FerrySearchItem));
  g_autoptr(GArray) ancestors = g_array_new (FALSE, TRUE, sizeof (FerrySearchAncestor));

  for (guint p = 0; p < pages->len; p++)
    {
      gsize len;
      const char *data = g_bytes_get_data (g_ptr_array_index (pages, p), &len);
      json_error_t jerror;
      json_t *root = json_loadb (data, len, 0, &jerror);
      json_t *result;
      gboolean ok;

      if (root == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "jansson: %s", jerror.text);
          return NULL;
        }
      result = json_object_get (root, "result");
      g_array_set_size (items, json_array_size (result));
      g_array_set_size (ancestors, 0);
      /* Ancestors first, so that the array no longer moves. */
      for (size_t i = 0; i < json_array_size (result); i++)
        {
          json_t *a = json_object_get (json_array_get (result, i), "ancestors");

          for (size_t j = 0; j < json_array_size (a); j++)
            {
              json_t *e = json_array_get (a, j);
              FerrySearchAncestor anc = { 0 };

              anc.is_object = json_is_object (e);
              anc.name = jstring (e, "name");
              anc.id = jstring (e, "id");
              anc.level_state = jint32 (e, "level", &anc.level);
              g_array_append_val (ancestors, anc);
            }
        }
      for (size_t i = 0, next = 0; i < json_array_size (result); i++)
        {
          json_t *e = json_array_get (result, i);
          FerrySearchItem *item = &g_array_index (items, FerrySearchItem, i);
          json_t *owner = json_object_get (e, "owner");
          json_t *a = json_object_get (e, "ancestors");

          memset (item, 0, sizeof *item);
          item->is_object = json_is_object (e);
          item->id = jstring (e, "id");
          item->name = jstring (e, "name");
          item->version = jstring (e, "version");
          item->date_modified = jstring (e, "dateModified");
          item->type_state = jint32 (e, "type", &item->type);
          item->subtype_state = jint32 (e, "subtype", &item->subtype);
          if (json_is_object (owner))
            {
              item->owner_state = FERRY_SEARCH_OK;
              item->owner = jstring (owner, "name");
            }
          else if (owner != NULL && !json_is_null (owner))
            item->owner_state = FERRY_SEARCH_WRONG;
          if (json_is_array (a))
            {
              item->ancestors_state = FERRY_SEARCH_OK;
              item->n_ancestors = json_array_size (a);
              item->ancestors = &g_array_index (ancestors, FerrySearchAncestor, next);
              next += item->n_ancestors;
            }
          else if (a != NULL && !json_is_null (a))
            item->ancestors_state = FERRY_SEARCH_WRONG;
        }
      ok = ferry_inventory_builder_add_search_items (builder, (FerrySearchItem *) items->data, items->len, error);
      json_decref (root);
      if (!ok)
        return NULL;
    }
  return ferry_inventory_builder_end (builder);
}

