/* ferry-memory.h: large blocks on huge pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fresh memory costs a page fault for each 4 KB page first written, and on
 * a virtual machine a fault is slow: the records of a listing of 100,000
 * migrations take 300 MB, 75,000 faults in the threads that read them. A
 * block made here is its own mapping, aligned to 2 MB and advised for
 * transparent huge pages: one fault for each 2 MB where the system gives
 * them (its last, partial 2 MB stays in small pages, so nothing is
 * wasted).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SIZE bytes, or NULL below 2 MB, where mmap() fails or is not there (the
 * caller then uses g_malloc()). */
gpointer _ferry_large_alloc (gsize    size);
/* MEMORY from _ferry_large_alloc (SIZE). */
void     _ferry_large_free  (gpointer memory,
                             gsize    size);

G_END_DECLS
