/* ferry-search-parse-simdjson.cpp: a page of quick search through simdjson
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only C++ of Ferry, and the only file that sees simdjson: it fills a
 * FerrySearchPage (ferry-search-parse-private.h) from simdjson's DOM (a
 * tape that each thread's parser reuses from page to page, never a tree of
 * allocated nodes). Members are read as ferry-json.c reads them from
 * json-glib: the last of repeated members counts, a member of another type
 * is absent, integers are 64-bit JSON integers (a fraction or an exponent
 * makes a double), strings end at their first NUL as json-glib's C strings
 * do. No exception is thrown or caught: simdjson's error codes only.
 */

#include "config.h"

#include <string.h>

#include <simdjson.h>

#include "ferry-search-parse-private.h"
#include "ferry-simdjson-parser.hpp"

using simdjson::SUCCESS;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

/* One per thread, kept between pages (ferry-simdjson-parser.hpp). */
thread_local ferry::ThreadParser tls_reader;

struct Reader
{
  FerrySearchPage *page;

  /* A copy of E's text in the page's strings, or NULL when E is no string. */
  const char *
  string (const element &e)
  {
    const char *text;

    if (e.get_c_str ().get (text) != SUCCESS)
      return nullptr;
    /* json-glib's strings end at a NUL too */
    return g_string_chunk_insert_len (page->strings, text, (gssize) strlen (text));
  }

  /* An integer member as get_int32() in ferry-inventory.c reads it. */
  static guint8
  int32 (const element *e,
         gint32        *out)
  {
    int64_t value;

    if (e == nullptr || e->type () == element_type::NULL_VALUE)
      return FERRY_SEARCH_ABSENT;
    if (e->type () != element_type::INT64 || e->get_int64 ().get (value) != SUCCESS)
      return FERRY_SEARCH_WRONG;
    if (value < G_MININT32 || value > G_MAXINT32)
      return FERRY_SEARCH_WRONG;
    *out = (gint32) value;
    return FERRY_SEARCH_OK;
  }

  /* ferry_json_get_int(): an integer, a double (truncated) or a decimal
   * string. */
  static bool
  int64 (const element *e,
         gint64        *out)
  {
    int64_t i;
    double d;
    const char *text;

    if (e == nullptr)
      return false;
    switch (e->type ())
      {
      case element_type::INT64:
        if (e->get_int64 ().get (i) != SUCCESS)
          return false;
        *out = i;
        return true;
      case element_type::UINT64:   /* beyond gint64: json-glib reads a double */
      case element_type::DOUBLE:
        if (e->get_double ().get (d) != SUCCESS || !(d >= -9.2e18 && d <= 9.2e18))
          return false;
        *out = (gint64) d;
        return true;
      case element_type::STRING:
        if (e->get_c_str ().get (text) != SUCCESS)
          return false;
        return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, out, NULL);
      default:
        return false;
      }
  }

  void
  ancestor (const element &e)
  {
    FerrySearchAncestor a = {};
    simdjson::dom::object object;

    if (e.get_object ().get (object) == SUCCESS)
      {
        a.is_object = TRUE;
        for (auto field : object)
          {
            if (field.key == "name")
              a.name = string (field.value);
            else if (field.key == "id")
              a.id = string (field.value);
            else if (field.key == "level")
              a.level_state = int32 (&field.value, &a.level);
          }
      }
    g_array_append_val (page->ancestors, a);
  }

  void
  item (const element &e)
  {
    FerrySearchItem item = {};
    simdjson::dom::object object;

    if (e.get_object ().get (object) == SUCCESS)
      {
        item.is_object = TRUE;
        /* Every member in order: a repeated one is read again, the last
         * one counts (json-glib keeps the last). */
        for (auto field : object)
          {
            const std::string_view key = field.key;
            const element &value = field.value;

            if (key == "id")
              item.id = string (value);
            else if (key == "name")
              item.name = string (value);
            else if (key == "type")
              item.type_state = int32 (&value, &item.type);
            else if (key == "subtype")
              item.subtype_state = int32 (&value, &item.subtype);
            else if (key == "version")
              item.version = string (value);
            else if (key == "dateModified")
              item.date_modified = string (value);
            else if (key == "owner")
              {
                simdjson::dom::object owner;

                item.owner = nullptr;
                if (value.get_object ().get (owner) == SUCCESS)
                  {
                    item.owner_state = FERRY_SEARCH_OK;
                    for (auto o : owner)
                      if (o.key == "name")
                        item.owner = string (o.value);
                  }
                else
                  item.owner_state = value.is_null () ? FERRY_SEARCH_ABSENT : FERRY_SEARCH_WRONG;
              }
            else if (key == "ancestors")
              {
                simdjson::dom::array ancestors;

                item.n_ancestors = 0;
                if (value.get_array ().get (ancestors) == SUCCESS)
                  {
                    item.ancestors_state = FERRY_SEARCH_OK;
                    item.ancestors = (const FerrySearchAncestor *) GSIZE_TO_POINTER (page->ancestors->len);
                    for (element a : ancestors)
                      {
                        ancestor (a);
                        item.n_ancestors++;
                      }
                  }
                else
                  item.ancestors_state = value.is_null () ? FERRY_SEARCH_ABSENT : FERRY_SEARCH_WRONG;
              }
          }
      }
    g_array_append_val (page->items, item);
  }
};

} /* namespace */

extern "C" FerrySearchReadResult
_ferry_search_page_read (FerrySearchPage  *page,
                         const char       *data,
                         gsize             len,
                         guint             max_depth,
                         const char      **message)
{
  element root;
  simdjson::error_code error;
  Reader reader = { page };
  /* The listing's members; the last of each name counts. */
  element members[5];
  bool have[5] = { false, false, false, false, false };
  static const char *const names[5] = { "result", "data", "objects", "totalItems", "total" };
  element list;
  bool have_list = false;

  error = tls_reader.parse (data, len, max_depth).get (root);
  if (error == simdjson::DEPTH_ERROR)
    return FERRY_SEARCH_READ_TOO_DEEP;
  if (error != SUCCESS)
    {
      *message = simdjson::error_message (error);
      return FERRY_SEARCH_READ_NOT_JSON;
    }

  if (root.is_array ())
    {
      list = root;
      have_list = true;
    }
  else if (root.is_object ())
    {
      simdjson::dom::object object = root.get_object ().value_unsafe ();
      gint64 total = -1;

      for (auto field : object)
        for (guint i = 0; i < G_N_ELEMENTS (names); i++)
          if (field.key == names[i])
            {
              members[i] = field.value;
              have[i] = true;
            }
      if (!Reader::int64 (have[3] ? &members[3] : nullptr, &total) &&
          !Reader::int64 (have[4] ? &members[4] : nullptr, &total))
        total = -1;
      page->total = total;
      for (guint i = 0; i < 3 && !have_list; i++)
        if (have[i] && members[i].is_array ())
          {
            list = members[i];
            have_list = true;
          }
      /* A search that found nothing may leave out the array. */
      if (!have_list && total == 0)
        return FERRY_SEARCH_READ_OK;
    }
  if (!have_list)
    return FERRY_SEARCH_READ_NO_LIST;

  {
    simdjson::dom::array items = list.get_array ().value_unsafe ();

    g_array_set_size (page->items, 0);
    for (element e : items)
      reader.item (e);
  }
  return FERRY_SEARCH_READ_OK;
}
