/* ferry-sandbox-writer.h: JSON written straight into a GString, byte for
 * byte as json-glib's generator writes it (non-pretty)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Big answers (search pages, folder listings) and snapshots are written
 * with these instead of building a JsonNode tree and generating it: no
 * tree, no copy, one pass. The output must stay identical to
 * json_generator_to_data() on the equivalent tree (test-sandbox-answers
 * pins it), including json-glib 1.6's escaping: control characters below
 * 0x1f and DEL as \u00xx (lower-case hex), \b \t \n \f \r by name, and
 * 0x1f itself as is.
 */

#pragma once

#include "ferry-sandbox-store.h"

G_BEGIN_DECLS

/* "TEXT", escaped; NULL writes "". */
void        sb_write_string             (GString        *out,
                                         const char     *text);
/* "NAME": */
void        sb_write_member             (GString        *out,
                                         const char     *name);
void        sb_write_int                (GString        *out,
                                         gint64          value);
/* "2022-03-16T07:38:40.125+0000", as sb_format_time() formats MS. */
void        sb_write_time               (GString        *out,
                                         gint64          ms);
/* Any node (objects in member order), as json-glib writes it. */
void        sb_write_node               (GString        *out,
                                         JsonNode       *node);
void        sb_write_array              (GString        *out,
                                         JsonArray      *array);
void        sb_write_object             (GString        *out,
                                         JsonObject     *object);
/* sb_project_object_to_api() written out. */
void        sb_write_object_api         (GString        *out,
                                         SbProject      *project,
                                         const SbObject *object,
                                         gboolean        with_ancestors,
                                         gboolean        with_acl);
/* The same; ANCESTORS_CACHE (may be NULL: parent id (owned) → the
 * ancestors array as written (owned), g_free for both) keeps the
 * ancestors of each folder for the objects in it; it holds only while no
 * folder of PROJECT changes (the search cache keeps one per generation). */
void        sb_write_object_api_cached  (GString        *out,
                                         SbProject      *project,
                                         const SbObject *object,
                                         gboolean        with_ancestors,
                                         gboolean        with_acl,
                                         GHashTable     *ancestors_cache);
/* sb_object_to_json() written out (the snapshot's form). */
void        sb_write_object_storage     (GString        *out,
                                         const SbObject *object);

G_END_DECLS
