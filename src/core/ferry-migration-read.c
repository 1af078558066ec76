/* ferry-migration-read.c: pages of GET /api/migrations without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-migration-read"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ferry-migration-read-private.h"

#include "ferry-error.h"
#include "ferry-json.h"

static GError *
page_error (guint       http_status,
            const char *message)
{
  return ferry_api_error_new_literal (FERRY_API_ERROR_INVALID_RESPONSE, http_status, NULL, NULL, message);
}

/* RECORD (taken) and the migration made of it, whichever reader read it. */
static void
page_push (FerryMigrationPage   *page,
           FerryMigrationRecord *record)
{
  g_ptr_array_add (page->records, record);
  g_ptr_array_add (page->migrations,
                   ferry_migration_new_from_record (record, ferry_migration_record_get_is_target (record)));
}

/* The reading thread's arena: records read one after another share blocks
 * across pages (freed with the thread, once its records are gone). */
static GPrivate thread_arena = G_PRIVATE_INIT ((GDestroyNotify) _ferry_record_arena_free);

static FerryMigrationRecord *
page_record_new (FerryMigrationPage  *page,
                 gsize                size,
                 char               **text)
{
  FerryRecordArena *arena = g_private_get (&thread_arena);

  if (arena == NULL)
    {
      arena = _ferry_record_arena_new ();
      g_private_set (&thread_arena, arena);
    }
  return _ferry_migration_record_new_read (arena, size, text);
}

static void
page_add (FerryMigrationPage     *page,
          FerryMigrationRecord   *record,
          gsize                   text_len,
          const FerryRecordValue *values)
{
  page_push (page, _ferry_migration_record_finish_read (record, text_len, values));
}

static const FerryMigrationFields *
fields_get (void)
{
  static FerryMigrationFields fields;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      fields.n_fields = _ferry_migration_n_fields ();
      g_assert (fields.n_fields <= FERRY_MIGRATION_MAX_FIELDS);
      for (guint f = 0; f < fields.n_fields; f++)
        fields.paths[f] = _ferry_migration_field_path (f, &fields.firsts[f]);
      fields.record_new = page_record_new;
      fields.add = page_add;
      g_once_init_leave (&initialized, 1);
    }
  return &fields;
}

/* What simdjson refused, read by json-glib (which ferry_json_parse() bounds
 * as everywhere else): a number beyond 64 bits is a double to json-glib
 * and an error to simdjson 3.0; json-glib has the last word on what is
 * JSON. FALSE with ERROR when it refuses the page too. */
static gboolean
read_with_json_glib (FerryMigrationPage  *page,
                     const char          *data,
                     gsize                len,
                     char               **message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_json_parse (data, (gssize) len, &error);
  JsonObject *object;
  JsonArray *items;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      *message = g_strdup (error != NULL ? error->message : NULL);
      return FALSE;
    }
  object = json_node_get_object (node);
  page->by_json_glib = TRUE;
  if (!ferry_json_get_int (object, "total", &page->total))
    page->total = -1;
  items = ferry_json_get_array (object, "data");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *element = json_array_get_element (items, i);

      if (JSON_NODE_HOLDS_OBJECT (element))
        page_push (page, ferry_migration_record_new (json_node_get_object (element)));
    }
  return TRUE;
}

FerryMigrationPage *
ferry_migration_page_read (const char  *data,
                           gsize        len,
                           guint        http_status,
                           GError     **error)
{
  g_autoptr(FerryMigrationPage) page = NULL;
  const char *message = NULL;
  g_autofree char *phrase = NULL;
  g_autofree char *what = NULL;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > FERRY_JSON_MAX_ANSWER_BYTES)
    {
      what = g_strdup_printf (_("The server's answer is larger than %u MB; Ferry does not read it"),
                              (guint) (FERRY_JSON_MAX_ANSWER_BYTES / (1024 * 1024)));
      g_propagate_error (error, page_error (http_status, what));
      return NULL;
    }

  page = g_new0 (FerryMigrationPage, 1);
  page->records = g_ptr_array_new_with_free_func ((GDestroyNotify) ferry_migration_record_unref);
  page->migrations = g_ptr_array_new_with_free_func (_ferry_object_unref_nullable);
  page->total = -1;

  switch (len == 0 ? FERRY_MIGRATION_READ_NO_LIST :
          _ferry_migration_page_read (page, data, len, FERRY_JSON_MAX_DEPTH, fields_get (), &message))
    {
    case FERRY_MIGRATION_READ_OK:
      return g_steal_pointer (&page);
    case FERRY_MIGRATION_READ_TOO_DEEP:
    case FERRY_MIGRATION_READ_NOT_JSON:
      {
        g_autofree char *why = NULL;

        g_debug ("simdjson did not read a listing page (%s): json-glib reads it",
                 message != NULL ? message : "nested too deeply");
        g_ptr_array_set_size (page->records, 0);
        g_ptr_array_set_size (page->migrations, 0);
        if (read_with_json_glib (page, data, len, &why))
          return g_steal_pointer (&page);
        phrase = g_strdup_printf ("%u %s", http_status, soup_status_get_phrase (http_status));
        if (why != NULL)
          what = g_strdup_printf (_("The server answered %s with JSON it could not read: %s"), phrase, why);
        else
          what = g_strdup (_("The server's list could not be understood"));
      }
      break;
    case FERRY_MIGRATION_READ_NO_LIST:
    default:
      what = g_strdup (_("The server's list could not be understood"));
      break;
    }
  g_propagate_error (error, page_error (http_status, what));
  return NULL;
}

void
ferry_migration_page_free (FerryMigrationPage *page)
{
  if (page == NULL)
    return;
  g_ptr_array_unref (page->records);
  g_ptr_array_unref (page->migrations);
  g_free (page);
}

gint64
ferry_migration_page_get_total (FerryMigrationPage *page)
{
  g_return_val_if_fail (page != NULL, -1);

  return page->total;
}

guint
ferry_migration_page_get_n_records (FerryMigrationPage *page)
{
  g_return_val_if_fail (page != NULL, 0);

  return page->records->len;
}

FerryMigrationRecord *
ferry_migration_page_get_record (FerryMigrationPage *page,
                                 guint               index)
{
  g_return_val_if_fail (page != NULL && index < page->records->len, NULL);

  return g_ptr_array_index (page->records, index);
}

FerryMigration *
ferry_migration_page_steal_migration (FerryMigrationPage *page,
                                      guint               index)
{
  g_return_val_if_fail (page != NULL && index < page->migrations->len, NULL);

  return g_steal_pointer (&g_ptr_array_index (page->migrations, index));
}

gboolean
ferry_migration_page_get_by_json_glib (FerryMigrationPage *page)
{
  g_return_val_if_fail (page != NULL, FALSE);

  return page->by_json_glib;
}
