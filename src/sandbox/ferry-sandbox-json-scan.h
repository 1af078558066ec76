/* ferry-sandbox-json-scan.h: finding members in compact JSON text without
 * building a tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For text the sandbox wrote itself (or checked for depth): spans of
 * values and members, found by a byte scan. Used to read a large state
 * file one element at a time and to serve records kept as text.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

gsize    sb_scan_ws     (const char *d, gsize i, gsize n);
/* The end of the string (opening quote at I) or value starting at I, or 0. */
gsize    sb_scan_string (const char *d, gsize i, gsize n);
gsize    sb_scan_value  (const char *d, gsize i, gsize n);

/* Iterates the members of the object whose '{' is at *I: returns FALSE at
 * its end (or on a malformed text); otherwise KEY_START, VALUE_START and
 * VALUE_END give the member ("key": at KEY_START, quotes included). Start
 * with *I at the '{'. */
gboolean sb_scan_member (const char *d, gsize n, gsize *i,
                         gsize *key_start, gsize *value_start, gsize *value_end);
/* Whether the key at KEY_START is NAME (compared as written: NAME must need
 * no escape). */
gboolean sb_scan_key_is (const char *d, gsize key_start, gsize n, const char *name);
/* The span of the top-level member NAME of the object in D, or FALSE. */
gboolean sb_scan_find   (const char *d, gsize n, const char *name,
                         gsize *value_start, gsize *value_end);

G_END_DECLS
