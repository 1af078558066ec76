/* ferry-search-parse.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page and its errors; the reading itself is in
 * ferry-search-parse-simdjson.cpp.
 */

#define G_LOG_DOMAIN "ferry-search-parse"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ferry-search-parse-private.h"

#include "ferry-error.h"
#include "ferry-json.h"

static GError *
page_error (guint       http_status,
            const char *message)
{
  return ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, http_status, NULL, NULL, message);
}

FerrySearchPage *
ferry_search_page_parse (const char  *data,
                         gsize        len,
                         guint        http_status,
                         GError     **error)
{
  g_autoptr(FerrySearchPage) page = NULL;
  const char *message = NULL;
  FerrySearchReadResult result;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len == 0)
    {
      /* As an empty answer reads with json-glib: no listing at all. */
      g_autofree char *what = g_strdup_printf (_("The server’s answer is not what a Library server sends: %s"),
                                               _("a listing without a list of objects"));

      g_propagate_error (error, page_error (http_status, what));
      return NULL;
    }
  if (len > FERRY_JSON_MAX_ANSWER_BYTES)
    {
      g_autofree char *what = g_strdup_printf (_("The server's answer is larger than %u MB; Ferry does not read it"),
                                               (guint) (FERRY_JSON_MAX_ANSWER_BYTES / (1024 * 1024)));

      g_propagate_error (error, page_error (http_status, what));
      return NULL;
    }

  page = g_new0 (FerrySearchPage, 1);
  page->items = g_array_new (FALSE, FALSE, sizeof (FerrySearchItem));
  page->ancestors = g_array_new (FALSE, FALSE, sizeof (FerrySearchAncestor));
  page->strings = g_string_chunk_new (64 * 1024);
  page->total = -1;

  result = _ferry_search_page_read (page, data, len, FERRY_JSON_MAX_DEPTH, &message);
  switch (result)
    {
    case FERRY_SEARCH_READ_OK:
      break;
    case FERRY_SEARCH_READ_TOO_DEEP:
      {
        g_autofree char *what = g_strdup_printf (_("The server's answer is nested too deeply (over %u levels)"),
                                                 FERRY_JSON_MAX_DEPTH);

        g_propagate_error (error, page_error (http_status, what));
        return NULL;
      }
    case FERRY_SEARCH_READ_NOT_JSON:
      {
        g_autofree char *phrase = g_strdup_printf ("%u %s", http_status, soup_status_get_phrase (http_status));
        g_autofree char *what = g_strdup_printf (_("The server answered %s with JSON it could not read: %s"),
                                                 phrase, message != NULL ? message : "");

        g_propagate_error (error, page_error (http_status, what));
        return NULL;
      }
    case FERRY_SEARCH_READ_NO_LIST:
    default:
      {
        g_autofree char *what = g_strdup_printf (_("The server’s answer is not what a Library server sends: %s"),
                                                 _("a listing without a list of objects"));

        g_propagate_error (error, page_error (http_status, what));
        return NULL;
      }
    }

  /* The ancestors array no longer moves: indexes become pointers. */
  for (guint i = 0; i < page->items->len; i++)
    {
      FerrySearchItem *item = &g_array_index (page->items, FerrySearchItem, i);

      if (item->n_ancestors > 0)
        item->ancestors = &g_array_index (page->ancestors, FerrySearchAncestor,
                                          GPOINTER_TO_SIZE (item->ancestors));
      else
        item->ancestors = NULL;
    }
  return g_steal_pointer (&page);
}

void
ferry_search_page_free (FerrySearchPage *page)
{
  if (page == NULL)
    return;
  g_array_unref (page->items);
  g_array_unref (page->ancestors);
  g_string_chunk_free (page->strings);
  g_free (page);
}

guint
ferry_search_page_get_n_items (FerrySearchPage *page)
{
  g_return_val_if_fail (page != NULL, 0);

  return page->items->len;
}

gint64
ferry_search_page_get_total (FerrySearchPage *page)
{
  g_return_val_if_fail (page != NULL, -1);

  return page->total;
}

const FerrySearchItem *
ferry_search_page_get_items (FerrySearchPage *page)
{
  g_return_val_if_fail (page != NULL, NULL);

  return (const FerrySearchItem *) page->items->data;
}
