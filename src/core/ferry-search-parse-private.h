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
  char   *arena;       /* the strings kept, NUL-terminated */
  gsize   arena_size;
  gsize   arena_used;
  gint64  total;
};

typedef enum
{
  FERRY_SEARCH_READ_OK,
  FERRY_SEARCH_READ_NOT_JSON,    /* MESSAGE says why */
  FERRY_SEARCH_READ_TOO_DEEP,
  FERRY_SEARCH_READ_NO_LIST,     /* JSON, but no list of objects */
} FerrySearchReadResult;

/* Fills PAGE (empty, its arena at least LEN + 1 bytes) from DATA. While
 * reading, an item's ancestors pointer holds the index of its first
 * ancestor in PAGE->ancestors (the array may move); the caller turns it
 * into a pointer. *MESSAGE: a static English text for NOT_JSON. */
FerrySearchReadResult _ferry_search_page_read (FerrySearchPage  *page,
                                               const char       *data,
                                               gsize             len,
                                               guint             max_depth,
                                               const char      **message);

G_END_DECLS
