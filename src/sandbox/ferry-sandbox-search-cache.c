/* ferry-sandbox-search-cache.c: the recent quick-search answers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ferry-sandbox-search-cache.h"

/* Quick search answers, sorted, for the searches asked last. A client reads
 * a big answer page by page (offset + limit); without this every page
 * would search and sort the whole space again.
 *
 * An entry is the key of a search (space generation, root, name, pattern,
 * types) and the matching objects in answer order, borrowed from the space.
 * The space's generation changes with every object added, replaced,
 * removed or edited (sb_project_touch()), and generations are never reused,
 * so an entry whose generation is the space's current one holds pointers
 * to live objects that still match and sort the same; other entries are
 * never dereferenced, only dropped. Everything here runs with the sandbox
 * lock held, as every change to the store does. */
#define SEARCH_CACHE_SIZE 4

typedef struct
{
  char      *space_id;
  guint64    generation;   /* of the space when FOUND was made */
  char      *root;         /* NULL: the whole space */
  char      *needle;       /* case-folded name; NULL: any name */
  gint64     pattern;      /* -1 when NEEDLE is NULL (it does not matter) */
  GArray    *types;        /* gint64, as asked */
  GPtrArray *found;        /* SbObject* (borrowed), by_name order */
} SearchCacheEntry;

/* The index of a space: every object a search can find (the root folder
 * of a project excepted), in answer order (sb_object_cmp_by_name), made
 * once per generation. A search filters it in order and never sorts. */
typedef struct
{
  guint64     generation;
  GPtrArray  *by_name;     /* SbObject* (borrowed) */
  GHashTable *ancestors;   /* folder id → its ancestors as written (sb_write_object_api_cached) */
} SpaceIndex;

struct _SbSearchCache
{
  GQueue      entries;     /* SearchCacheEntry*, most recently used first */
  GHashTable *indexes;     /* space id (owned) → SpaceIndex* (owned) */
};

static void
space_index_free (SpaceIndex *index)
{
  g_ptr_array_unref (index->by_name);
  g_hash_table_unref (index->ancestors);
  g_free (index);
}

static void
search_cache_entry_free (SearchCacheEntry *entry)
{
  g_free (entry->space_id);
  g_free (entry->root);
  g_free (entry->needle);
  g_array_unref (entry->types);
  g_ptr_array_unref (entry->found);
  g_free (entry);
}

SbSearchCache *
sb_search_cache_new (void)
{
  SbSearchCache *cache = g_new0 (SbSearchCache, 1);

  g_queue_init (&cache->entries);
  cache->indexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) space_index_free);
  return cache;
}

void
sb_search_cache_clear (SbSearchCache *cache)
{
  g_queue_clear_full (&cache->entries, (GDestroyNotify) search_cache_entry_free);
  g_hash_table_remove_all (cache->indexes);
}

void
sb_search_cache_free (SbSearchCache *cache)
{
  sb_search_cache_clear (cache);
  g_hash_table_unref (cache->indexes);
  g_free (cache);
}

static gboolean
same_types (GArray *a,
            GArray *b)
{
  return a->len == b->len &&
         (a->len == 0 || memcmp (a->data, b->data, a->len * sizeof (gint64)) == 0);
}

/* The cached answer (borrowed, valid while the lock is held and the space
 * does not change) or NULL. Drops the entries of older generations of
 * PROJECT on the way: they can never be used again. */
GPtrArray *
sb_search_cache_lookup (SbSearchCache *cache,
                        SbProject     *project,
                        const char    *root,
                        const char    *needle,
                        gint64         pattern,
                        GArray        *types)
{
  GList *l = cache->entries.head;

  while (l != NULL)
    {
      SearchCacheEntry *entry = l->data;
      GList *next = l->next;

      if (entry->generation != project->generation)
        {
          if (strcmp (entry->space_id, project->id) == 0)
            {
              g_queue_delete_link (&cache->entries, l);
              search_cache_entry_free (entry);
            }
          l = next;
          continue;
        }
      if (g_strcmp0 (entry->root, root) == 0 &&
          g_strcmp0 (entry->needle, needle) == 0 &&
          entry->pattern == pattern &&
          same_types (entry->types, types))
        {
          g_queue_unlink (&cache->entries, l);
          g_queue_push_head_link (&cache->entries, l);
          return entry->found;
        }
      l = next;
    }
  return NULL;
}

/* Takes FOUND; returns it (borrowed from the cache now). */
GPtrArray *
sb_search_cache_add (SbSearchCache *cache,
                     SbProject     *project,
                     const char    *root,
                     const char    *needle,
                     gint64         pattern,
                     GArray        *types,
                     GPtrArray     *found)
{
  SearchCacheEntry *entry = g_new0 (SearchCacheEntry, 1);

  entry->space_id = g_strdup (project->id);
  entry->generation = project->generation;
  entry->root = g_strdup (root);
  entry->needle = g_strdup (needle);
  entry->pattern = pattern;
  entry->types = g_array_ref (types);
  entry->found = found;
  g_queue_push_head (&cache->entries, entry);
  while (cache->entries.length > SEARCH_CACHE_SIZE)
    search_cache_entry_free (g_queue_pop_tail (&cache->entries));
  return found;
}

/* Sorting 100,000 objects by name chases two pointers per comparison
 * (object, then name) and is bound by cache misses; the sort runs on these
 * instead: the first bytes of the name, ASCII lower-cased and padded with
 * NULs, which compared as unsigned bytes order as g_ascii_strcasecmp()
 * does (it compares lower-cased unsigned chars, the end below all), and
 * the full comparison only for equal keys. */
#define SORT_KEY_LEN 24

typedef struct
{
  guchar    key[SORT_KEY_LEN];
  SbObject *object;
} SortItem;

static void
sort_key (guchar     *key,
          const char *name)
{
  guint i = 0;

  for (; i < SORT_KEY_LEN && name[i] != '\0'; i++)
    key[i] = (guchar) g_ascii_tolower (name[i]);
  for (; i < SORT_KEY_LEN; i++)
    key[i] = 0;
}

static int
sort_item_cmp (const void *pa,
               const void *pb)
{
  const SortItem *a = pa, *b = pb;
  int r = memcmp (a->key, b->key, SORT_KEY_LEN);

  return r != 0 ? r : sb_object_cmp_by_name (&a->object, &b->object);
}

GPtrArray *
sb_search_cache_index (SbSearchCache *cache,
                       SbProject     *project)
{
  SpaceIndex *index = g_hash_table_lookup (cache->indexes, project->id);
  g_autofree SortItem *items = NULL;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  if (index != NULL && index->generation == project->generation)
    return index->by_name;
  if (index == NULL)
    {
      index = g_new0 (SpaceIndex, 1);
      g_hash_table_insert (cache->indexes, g_strdup (project->id), index);
    }
  else
    {
      g_ptr_array_unref (index->by_name);
      g_hash_table_unref (index->ancestors);
    }
  index->generation = project->generation;
  index->ancestors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  items = g_new (SortItem, g_hash_table_size (project->objects));
  g_hash_table_iter_init (&iter, project->objects);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SbObject *o = value;
      if (o->parent_id == NULL && !project->is_configuration)
        continue; /* the root folder itself is not a search result */
      sort_key (items[n].key, o->name);
      items[n++].object = o;
    }
  qsort (items, n, sizeof (SortItem), sort_item_cmp);
  index->by_name = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (index->by_name, items[i].object);
  return index->by_name;
}

GHashTable *
sb_search_cache_ancestors (SbSearchCache *cache,
                           SbProject     *project)
{
  SpaceIndex *index;

  sb_search_cache_index (cache, project);
  index = g_hash_table_lookup (cache->indexes, project->id);
  return index->ancestors;
}
