/* ferry-migration-read-simdjson.cpp: a page of GET /api/migrations through
 * simdjson
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The listing's half of Ferry's C++ (the other: ferry-search-parse-
 * simdjson.cpp). simdjson's DOM checks the whole page and gives the values
 * FerryMigration reads (ferry-migration-private.h: one per field path);
 * its On-Demand reader gives each record's own JSON text, kept so that a
 * json-glib tree of the record is made only if something asks for it.
 * Members are read as json-glib's trees give them: the last of repeated
 * members counts, integers are 64-bit JSON integers (larger ones and
 * those with a fraction or an exponent are doubles), strings end at their
 * first NUL. No exception is thrown or caught: simdjson's error codes only.
 */

#include "config.h"

#include <string.h>

#include <algorithm>
#include <string>
#include <vector>

#include <simdjson.h>

#include "ferry-migration-read-private.h"
#include "ferry-simdjson-parser.hpp"

using simdjson::SUCCESS;
using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

/* One of each per thread, kept between pages: their buffers grow to the
 * largest page read and are then reused (ferry-simdjson-parser.hpp). */
thread_local ferry::ThreadParser tls_reader;
thread_local simdjson::ondemand::parser tls_ondemand;

/* The last member KEY of OBJECT (json-glib keeps the last of repeated
 * members), or false. */
bool
member (const simdjson::dom::object &object,
        std::string_view             key,
        element                     *out)
{
  bool found = false;

  for (auto field : object)
    if (field.key == key)
      {
        *out = field.value;
        found = true;
      }
  return found;
}

struct Value
{
  guint8           kind;
  guint8           boolean;
  gint64           integer;
  double           number;
  std::string_view string;
};

/* A field's path, its names measured once a page (comparing a member's
 * name with a C string measured that string every time: a tenth of the
 * reading's time in perf). TOP: the index of its first name in Paths::tops. */
struct Path
{
  std::vector<std::string_view> parts;
  guint                         first = 0;
  size_t                        top = 0;
};

/* Every field's path, and the distinct first names: a record's top level
 * is walked once for all of them (Record). */
struct Paths
{
  std::vector<Path>             fields;
  std::vector<std::string_view> tops;

  explicit Paths (const FerryMigrationFields *given)
  {
    fields.resize (given->n_fields);
    for (guint f = 0; f < given->n_fields; f++)
      {
        const char * const *parts = given->paths[f];
        Path &path = fields[f];

        if (parts == nullptr || parts[0] == nullptr)
          continue;
        for (guint k = 0; parts[k] != nullptr; k++)
          path.parts.emplace_back (parts[k]);
        path.first = given->firsts[f];
        for (path.top = 0; path.top < tops.size () && tops[path.top] != path.parts[0]; path.top++)
          ;
        if (path.top == tops.size ())
          tops.push_back (path.parts[0]);
      }
  }
};

/* The members of a record's top level that fields start from: the last
 * of each name, as member() finds it. One for a page, read() again for
 * each record. */
struct Record
{
  const Paths          &paths;
  std::vector<element> values;
  std::vector<bool>    found;

  explicit Record (const Paths &given)
    : paths (given), values (given.tops.size ()), found (given.tops.size ())
  {
  }

  void
  read (const simdjson::dom::object &record)
  {
    std::fill (found.begin (), found.end (), false);
    for (auto field : record)
      for (size_t t = 0; t < paths.tops.size (); t++)
        if (field.key == paths.tops[t])
          {
            values[t] = field.value;
            found[t] = true;
          }
  }
};

/* FIELD's value in RECORD, as value_from_object() in ferry-migration.c
 * reads it from a json-glib tree. */
Value
read_field (const Record &record,
            const Path   &path)
{
  Value v = {};
  simdjson::dom::object object;
  bool have_object = true;
  element node;

  v.kind = FERRY_RECORD_VALUE_ABSENT;
  if (path.parts.empty ())
    return v;
  for (guint k = 0; k < path.parts.size (); k++)
    {
      bool found;
      guint first = path.first;

      if (!have_object)
        return v;
      if (k == 0)
        {
          found = record.found[path.top];
          if (found)
            node = record.values[path.top];
        }
      else
        found = member (object, path.parts[k], &node);
      if (k < first)
        {
          have_object = found && node.get_object ().get (object) == SUCCESS;
          continue;
        }
      if (!found || node.is_null ())
        return v;
      if (k == first)
        v.kind = FERRY_RECORD_VALUE_MISSING;
      have_object = node.get_object ().get (object) == SUCCESS;
    }

  switch (node.type ())
    {
    case element_type::STRING:
      {
        const char *text;

        if (node.get_c_str ().get (text) == SUCCESS)
          {
            v.kind = FERRY_RECORD_VALUE_STRING;
            v.string = std::string_view (text, strlen (text));   /* to its first NUL */
          }
      }
      break;
    case element_type::INT64:
      if (node.get_int64 ().get (v.integer) == SUCCESS)
        v.kind = FERRY_RECORD_VALUE_INT;
      break;
    case element_type::UINT64:
      {
        uint64_t u;

        /* Past gint64: json-glib 1.6 reads the unsigned value into its
         * gint64, which wraps. */
        if (node.get_uint64 ().get (u) == SUCCESS)
          {
            v.kind = FERRY_RECORD_VALUE_INT;
            v.integer = (gint64) u;
          }
      }
      break;
    case element_type::DOUBLE:
      if (node.get_double ().get (v.number) == SUCCESS)
        v.kind = FERRY_RECORD_VALUE_DOUBLE;
      break;
    case element_type::BOOL:
      {
        bool b;

        if (node.get_bool ().get (b) == SUCCESS)
          {
            v.kind = FERRY_RECORD_VALUE_BOOLEAN;
            v.boolean = b;
          }
      }
      break;
    default:
      break;
    }
  return v;
}

/* The JSON text of every element of the page's last "data" member (empty
 * for an element that is no object), in order; false if the page cannot
 * be walked (the DOM read it: it can). */
bool
raw_records (simdjson::padded_string_view      padded,
             std::vector<std::string_view> *out)
{
  simdjson::ondemand::document doc;
  simdjson::ondemand::object root;

  if (tls_ondemand.iterate (padded).get (doc) != SUCCESS || doc.get_object ().get (root) != SUCCESS)
    return false;
  for (auto field : root)
    {
      std::string_view key;
      simdjson::ondemand::value value;
      simdjson::ondemand::json_type type;
      simdjson::ondemand::array array;

      if (field.unescaped_key ().get (key) != SUCCESS)
        return false;
      if (key != "data")
        continue;
      out->clear ();
      if (field.value ().get (value) != SUCCESS || value.type ().get (type) != SUCCESS)
        return false;
      if (type != simdjson::ondemand::json_type::array)
        continue;
      if (value.get_array ().get (array) != SUCCESS)
        return false;
      for (auto item : array)
        {
          simdjson::ondemand::json_type item_type;
          simdjson::ondemand::object object;
          std::string_view raw;

          if (item.type ().get (item_type) != SUCCESS)
            return false;
          if (item_type != simdjson::ondemand::json_type::object)
            {
              out->push_back (std::string_view ());
              continue;
            }
          if (item.get_object ().get (object) != SUCCESS || object.raw_json ().get (raw) != SUCCESS)
            return false;
          out->push_back (raw);
        }
    }
  return true;
}

} /* namespace */

extern "C" FerryMigrationReadResult
_ferry_migration_page_read (FerryMigrationPage          *page,
                            const char                  *data,
                            gsize                        len,
                            guint                        max_depth,
                            const FerryMigrationFields  *fields,
                            const char                 **message)
{
  element root;
  simdjson::error_code error;
  simdjson::dom::object object;
  element list;
  element total_element;
  simdjson::dom::array items;
  std::vector<std::string_view> raws;
  guint n_fields = fields->n_fields;
  std::vector<Value> values (n_fields);

  error = tls_reader.parse (data, len, max_depth).get (root);
  if (error == simdjson::DEPTH_ERROR)
    return FERRY_MIGRATION_READ_TOO_DEEP;
  if (error != SUCCESS)
    {
      *message = simdjson::error_message (error);
      return FERRY_MIGRATION_READ_NOT_JSON;
    }
  if (root.get_object ().get (object) != SUCCESS)
    return FERRY_MIGRATION_READ_NO_LIST;

  page->total = -1;
  if (member (object, "total", &total_element))
    {
      int64_t i;
      double d;
      const char *text;

      switch (total_element.type ())
        {
        case element_type::INT64:
          if (total_element.get_int64 ().get (i) == SUCCESS)
            page->total = i;
          break;
        case element_type::UINT64:
          {
            uint64_t u;

            if (total_element.get_uint64 ().get (u) == SUCCESS)
              page->total = (gint64) u;   /* wraps, as json-glib's gint64 */
          }
          break;
        case element_type::DOUBLE:
          if (total_element.get_double ().get (d) == SUCCESS && d >= -9.2e18 && d <= 9.2e18)
            page->total = (gint64) d;
          break;
        case element_type::STRING:
          if (total_element.get_c_str ().get (text) != SUCCESS ||
              !g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &page->total, NULL))
            page->total = -1;
          break;
        default:
          break;
        }
    }

  /* No "data" array: a page without records. */
  if (!member (object, "data", &list) || list.get_array ().get (items) != SUCCESS)
    return FERRY_MIGRATION_READ_OK;

  {
    /* The parser's padded copy of DATA: no second one. */
    simdjson::padded_string_view padded = tls_reader.padded_view (len);
    Paths paths (fields);
    Record record (paths);

    if (!raw_records (padded, &raws) || raws.size () != items.size ())
      {
        *message = "the records could not be read one by one";
        return FERRY_MIGRATION_READ_NOT_JSON;
      }

    size_t index = 0;
    for (element e : items)
      {
        simdjson::dom::object object;
        std::string_view raw = raws[index++];
        FerryRecordValue out[FERRY_MIGRATION_MAX_FIELDS] = {};
        gsize arena_size = 0;
        FerryMigrationRecord *made;
        char *text;
        char *arena;
        gsize used = 0;

        if (e.get_object ().get (object) != SUCCESS)
          continue;
        g_assert (n_fields <= FERRY_MIGRATION_MAX_FIELDS);
        record.read (object);
        for (guint f = 0; f < n_fields; f++)
          {
            values[f] = read_field (record, paths.fields[f]);
            if (values[f].kind == FERRY_RECORD_VALUE_STRING)
              arena_size += values[f].string.size () + 1;
          }
        /* One piece: the record, its text, its NUL, then the strings. */
        made = fields->record_new (page, raw.size () + 1 + arena_size, &text);
        memcpy (text, raw.data (), raw.size ());
        text[raw.size ()] = '\0';
        arena = text + raw.size () + 1;
        for (guint f = 0; f < n_fields; f++)
          {
            out[f].kind = values[f].kind;
            switch (values[f].kind)
              {
              case FERRY_RECORD_VALUE_STRING:
                memcpy (arena + used, values[f].string.data (), values[f].string.size ());
                arena[used + values[f].string.size ()] = '\0';
                out[f].string = arena + used;
                used += values[f].string.size () + 1;
                break;
              case FERRY_RECORD_VALUE_INT:
                out[f].integer = values[f].integer;
                break;
              case FERRY_RECORD_VALUE_DOUBLE:
                out[f].number = values[f].number;
                break;
              case FERRY_RECORD_VALUE_BOOLEAN:
                out[f].boolean = values[f].boolean;
                break;
              default:
                break;
              }
          }
        fields->add (page, made, raw.size (), out);
      }
  }
  return FERRY_MIGRATION_READ_OK;
}
