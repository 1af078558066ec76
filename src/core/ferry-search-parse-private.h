/* ferry-search-parse-private.h: between ferry-search-parse.c and the one
 * C++ file that speaks to simdjson
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ferry-search-parse.h"

G_BEGIN_DECLS

struct _FerrySearchPage
{
  GArray *items;       /* FerrySearchItem */
  GArray *ancestors;   /* FerrySearchAncestor, every item's in a row */
  /* The strings kept, NUL-terminated. Blocks of 64 KB, not one buffer the
   * size of the page: glibc maps a buffer of megabytes afresh for every
   * page (its mmap threshold), and each page then faulted its memory in
   * anew; small blocks are reused from page to page. */
  GStringChunk *strings;
  gint64  total;
};

typedef enum
{
  FERRY_SEARCH_READ_OK,
  FERRY_SEARCH_READ_NOT_JSON,    /* MESSAGE says why */
  FERRY_SEARCH_READ_TOO_DEEP,
  FERRY_SEARCH_READ_NO_LIST,     /* JSON, but no list of objects */
} FerrySearchReadResult;

/* Fills PAGE (empty) from DATA. While
 * reading, an item's ancestors pointer holds the index of its first
 * ancestor in PAGE->ancestors (the array may move); the caller turns it
 * into a pointer. *MESSAGE: a static English text for NOT_JSON. */
FerrySearchReadResult _ferry_search_page_read (FerrySearchPage  *page,
                                               const char       *data,
                                               gsize             len,
                                               guint             max_depth,
                                               const char      **message);

G_END_DECLS
