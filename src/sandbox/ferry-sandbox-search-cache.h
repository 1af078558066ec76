/* ferry-sandbox-search-cache.h: the recent quick-search answers, kept so
 * that reading one page after another does not search again
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Guarded by the sandbox lock like the rest of the state.
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

typedef struct _SbSearchCache SbSearchCache;

SbSearchCache *sb_search_cache_new      (void);
void        sb_search_cache_clear       (SbSearchCache *cache);
void        sb_search_cache_free        (SbSearchCache *cache);
/* The cached answer for the search (borrowed, valid while the lock is held
 * and PROJECT does not change) or NULL. NEEDLE is the case-folded name or
 * NULL; PATTERN -1 when NEEDLE is NULL; TYPES as asked (gint64). */
GPtrArray  *sb_search_cache_lookup      (SbSearchCache *cache,
                                         SbProject     *project,
                                         const char    *root,
                                         const char    *needle,
                                         gint64         pattern,
                                         GArray        *types);
/* Takes FOUND (SbObject*, borrowed from PROJECT, in answer order); returns
 * it (borrowed from the cache now). */
GPtrArray  *sb_search_cache_add         (SbSearchCache *cache,
                                         SbProject     *project,
                                         const char    *root,
                                         const char    *needle,
                                         gint64         pattern,
                                         GArray        *types,
                                         GPtrArray     *found);
/* Every object of PROJECT a search can find (not a project's root folder),
 * in answer order (sb_object_cmp_by_name); borrowed, valid while the lock
 * is held and PROJECT does not change. Made once per generation. */
GPtrArray  *sb_search_cache_index       (SbSearchCache *cache,
                                         SbProject     *project);
/* The ancestors cache of PROJECT's current generation, for
 * sb_write_object_api_cached() (borrowed, same validity). */
GHashTable *sb_search_cache_ancestors   (SbSearchCache *cache,
                                         SbProject     *project);

G_END_DECLS
