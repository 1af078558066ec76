/* ferry-migration-read.h: pages of GET /api/migrations without a JSON tree
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Migrations page reads every record of every connected server: at
 * 100 000 migrations, 170 MB of JSON. json-glib turned each record into a
 * tree of fifteen objects (75 µs each) that was mostly never looked at
 * again. A page is read here by simdjson (behind the C++ file
 * ferry-migration-read-simdjson.cpp) in the worker thread the pager runs it
 * in: each record becomes a FerryMigrationRecord (the values FerryMigration
 * reads, and the record's JSON text for later) and a FerryMigration made
 * from it. Everything else in core reads JSON with json-glib (ferry-json.h).
 *
 * A page reads as ferry-pager.c reads one with json-glib: an object whose
 * last "data" member, when an array, holds the records (elements that are
 * not objects are left out), and whose "total" (an integer, a double or a
 * decimal string) is the count. Errors are those of the json-glib path:
 * FERRY_API_ERROR_INVALID_RESPONSE for a page that is not JSON (truncated,
 * not UTF-8, nested deeper than FERRY_JSON_MAX_DEPTH, larger than
 * FERRY_JSON_MAX_ANSWER_BYTES) or not an object.
 */

#pragma once

#include "ferry-migration.h"

G_BEGIN_DECLS

typedef struct _FerryMigrationPage FerryMigrationPage;

/* Thread-safe: each thread keeps its own parsers. */
FerryMigrationPage *ferry_migration_page_read          (const char         *data,
                                                        gsize               len,
                                                        guint               http_status,
                                                        GError            **error);
void                ferry_migration_page_free          (FerryMigrationPage *page);
gint64              ferry_migration_page_get_total     (FerryMigrationPage *page);
guint               ferry_migration_page_get_n_records (FerryMigrationPage *page);
/* Borrowed, in the page's order. */
FerryMigrationRecord *ferry_migration_page_get_record  (FerryMigrationPage *page,
                                                        guint               index);
/* FerryMigration made from record INDEX alone (NULL when it has no id),
 * taken: a second call gives NULL. */
FerryMigration     *ferry_migration_page_steal_migration (FerryMigrationPage *page,
                                                          guint               index);

/* TRUE when simdjson refused the page and json-glib read it (a number
 * past 64 bits): for tests. */
gboolean            ferry_migration_page_get_by_json_glib (FerryMigrationPage *page);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FerryMigrationPage, ferry_migration_page_free)

G_END_DECLS
