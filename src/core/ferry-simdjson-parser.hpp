/* ferry-simdjson-parser.hpp: the per-thread simdjson parser both page readers use
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each reader keeps one of these per thread between pages. Left to itself,
 * simdjson sizes its buffers (the padded copy of the input, its indexes,
 * the document's tape at 8 bytes a byte of input and its strings) to the
 * exact length of the page at hand, and builds them anew whenever a longer
 * page comes. The pages of one listing differ by a few bytes, so the
 * buffers were rebuilt for about every other page, and every rebuild is
 * fresh memory the kernel faults in again: a third of the time of reading
 * a 100,000-object inventory. Here all three grow with a quarter of
 * headroom and never shrink.
 */

#pragma once

#include <string.h>

#include <memory>

#include <glib.h>
#include <simdjson.h>

namespace ferry {

struct ThreadParser
{
  simdjson::dom::parser   parser;
  simdjson::dom::document document;
  std::unique_ptr<char[]> padded;
  size_t                  padded_capacity = 0;
  guint                   depth = 0;

  /* DATA (LEN bytes, no padding of its own) parsed into the document, at
   * most MAX_DEPTH deep. The element lives until the next parse. */
  simdjson::simdjson_result<simdjson::dom::element>
  parse (const char *data,
         gsize       len,
         guint       max_depth)
  {
    simdjson::error_code error;

    if (parser.capacity () < len || depth != max_depth)
      {
        error = parser.allocate (grown (parser.capacity (), len), max_depth);
        if (error != simdjson::SUCCESS)
          {
            depth = 0;
            return error;
          }
        depth = max_depth;
      }
    if (document.capacity () < len)
      {
        error = document.allocate (grown (document.capacity (), len));
        if (error != simdjson::SUCCESS)
          return error;
      }
    if (padded_capacity < len)
      {
        padded_capacity = grown (padded_capacity, len);
        padded.reset (new char[padded_capacity + simdjson::SIMDJSON_PADDING]);
      }
    memcpy (padded.get (), data, len);
    memset (padded.get () + len, 0, simdjson::SIMDJSON_PADDING);
    return parser.parse_into_document (document, (const uint8_t *) padded.get (), len, false);
  }

  /* The padded copy of the LEN bytes parse() was last given. */
  simdjson::padded_string_view
  padded_view (gsize len) const
  {
    return simdjson::padded_string_view (padded.get (), len, padded_capacity + simdjson::SIMDJSON_PADDING);
  }

private:
  /* A capacity for LEN bytes, given CAPACITY now. */
  static size_t
  grown (size_t capacity,
         gsize  len)
  {
    if (capacity >= len)
      return capacity;
    return MAX ((size_t) len + len / 4, (size_t) 64 * 1024);
  }
};

} /* namespace ferry */
