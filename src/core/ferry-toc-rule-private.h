/* ferry-toc-rule-private.h: JSON reading shared by the rules and the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For FerryTocRule, its subclasses and FerryTocSettings only. Every failure
 * sets a FERRY_TOC_SETTINGS_ERROR that names the field (PATH).
 */

#pragma once

#include "ferry-toc-rule.h"

G_BEGIN_DECLS

/* Index of TEXT in TABLE[first..] (NULL-terminated), or -1. */
int         _ferry_toc_table_find          (const char * const  *table,
                                            guint                first,
                                            const char          *text);
gboolean    _ferry_toc_json_is_string      (JsonNode            *node);
/* Sets "PATH: expected EXPECTED, got …"; returns FALSE. */
gboolean    _ferry_toc_json_fail_type      (GError             **error,
                                            const char          *path,
                                            const char          *expected,
                                            JsonNode            *node);
/* A string spelled as in TABLE[first..]: its index. */
gboolean    _ferry_toc_json_read_enum      (JsonNode            *node,
                                            const char          *path,
                                            const char * const  *table,
                                            guint                first,
                                            int                 *out,
                                            GError             **error);
/* A conflict action ("use_existing"…). */
gboolean    _ferry_toc_json_read_action    (JsonNode            *node,
                                            const char          *path,
                                            FerryConflictAction *out,
                                            GError             **error);
/* A whole number (JSON integer, or a double without a fraction). */
gboolean    _ferry_toc_json_read_int       (JsonNode            *node,
                                            const char          *path,
                                            int                 *out,
                                            GError             **error);
/* The members of ITEM that KNOWN does not name, or NULL when there are none. */
JsonObject *_ferry_toc_json_extra_members  (JsonObject          *item,
                                            const char * const  *known);
/* Copies every member of EXTRA (may be NULL) into OUT. */
void        _ferry_toc_json_add_members    (JsonObject          *out,
                                            JsonObject          *extra);

G_END_DECLS
