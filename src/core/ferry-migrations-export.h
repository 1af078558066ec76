/* ferry-migrations-export.h: the migrations list as CSV and JSON
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over a GListModel of FerryMigration (the rows a
 * FerryMigrationsView shows after its filter, in their order): no widget,
 * no display, so tests call them directly.
 *
 * Every format has the same fields, in this order: id, name, purpose,
 * package_type, source_environment, target_environment, source_project,
 * target_project, package_status, import_status, import_request_status,
 * undo_request_status, creator, created, last_updated, package_message,
 * import_message. Statuses are the server's words in lower case
 * ("imported"), dates ISO 8601 in UTC ("2026-11-22T00:24:42.125Z", empty
 * when unknown), environments by the name people know them by (see
 * ferry_migrations_environment_name()).
 *
 * CSV follows RFC 4180 (comma separated, CRLF line ends, a header line,
 * fields quoted when they hold a comma, a quote or a line break, quotes
 * doubled), in UTF-8. A text field that a spreadsheet would read as a
 * formula (it starts with =, +, -, @, a tab or a carriage return) gets a
 * leading apostrophe, so opening the file never runs what a migration's
 * name says.
 *
 * JSON is an array with one object per row; every field is a string, or
 * null when unknown.
 *
 * The environment helpers are shared with the view: NAMES maps an
 * environment key (ferry_migrations_environment_key() of a saved
 * environment's base URL) to its name.
 */

#pragma once

#include <gio/gio.h>

/* not ferry-core.h, which includes this header */
#include "ferry-error.h"
#include "ferry-json.h"
#include "ferry-connection.h"
#include "ferry-object-info.h"
#include "ferry-discovery.h"
#include "ferry-inventory.h"
#include "ferry-compare.h"
#include "ferry-toc-settings.h"
#include "ferry-rules.h"
#include "ferry-library-api.h"
#include "ferry-migration.h"
#include "ferry-migration-list.h"
#include "ferry-job.h"
#include "ferry-environment.h"

G_BEGIN_DECLS

typedef enum
{
  FERRY_EXPORT_FORMAT_CSV,
  FERRY_EXPORT_FORMAT_JSON,
} FerryExportFormat;

/* The field names, in order (NULL-terminated, static). */
const char * const *ferry_migrations_export_get_fields   (void);

/* The file name extension ("csv", "json") and the content type. */
const char         *ferry_export_format_get_extension    (FerryExportFormat  format);
const char         *ferry_export_format_get_content_type (FerryExportFormat  format);

/* The whole export of MIGRATIONS (FerryMigration items) in FORMAT. */
GBytes             *ferry_migrations_export_to_bytes     (GListModel        *migrations,
                                                          FerryExportFormat  format,
                                                          GHashTable        *names) G_GNUC_WARN_UNUSED_RESULT;
/* The same, written to STREAM (not closed). */
gboolean            ferry_migrations_export_to_stream    (GListModel        *migrations,
                                                          FerryExportFormat  format,
                                                          GHashTable        *names,
                                                          GOutputStream     *stream,
                                                          GCancellable      *cancellable,
                                                          GError           **error);
/* The same into FILE (replaced): the rows are read at once (they are
 * GObjects of the main thread), the writing is asynchronous. */
void                ferry_migrations_export_to_file_async (GListModel       *migrations,
                                                           FerryExportFormat format,
                                                           GHashTable       *names,
                                                           GFile            *file,
                                                           GCancellable     *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer          user_data);
/* The number of rows written, or -1 with ERROR set. */
gssize              ferry_migrations_export_to_file_finish (GAsyncResult    *result,
                                                            GError         **error);

/* One field of one row as the export writes it (before CSV quoting), or
 * NULL when unknown. FIELD is one of ferry_migrations_export_get_fields(). */
char               *ferry_migrations_export_dup_field    (FerryMigration    *migration,
                                                          const char        *field,
                                                          GHashTable        *names) G_GNUC_WARN_UNUSED_RESULT;

/* --- Environments ------------------------------------------------------------ */

/* The key of an environment id or base URL ("http://Host:8080/MicroStrategyLibrary/",
 * a trailing slash or "/api" tolerated): the normalised base URL in lower
 * case, or NULL when it is no URL. */
char               *ferry_migrations_environment_key     (const char        *environment_id) G_GNUC_WARN_UNUSED_RESULT;
/* The name people know ENVIRONMENT_ID by: the saved environment's (from
 * NAMES, nullable), else RECORD_NAME (the name the record carries) unless
 * that is empty or only the URL again, else the URL's host, else the id;
 * NULL when there is nothing at all. */
char               *ferry_migrations_environment_name    (GHashTable        *names,
                                                          const char        *environment_id,
                                                          const char        *record_name) G_GNUC_WARN_UNUSED_RESULT;

/* The later of the package's and the import's last update, or NULL
 * (borrowed). */
GDateTime          *ferry_migrations_last_updated        (FerryMigration    *migration);

G_END_DECLS
