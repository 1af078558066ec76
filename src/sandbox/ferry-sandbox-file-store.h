/* ferry-sandbox-file-store.h: the shared file store of the Storage Service
 * (/api/mstrServices/library/storage/sharedFileStore/files…) and migrations
 * that import an uploaded package (purpose migration_from_shared_file_store)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A file id is the base64 of "migrations.packages:<32hex>"; the file lives
 * at mstr/shared/migrations/packages/<yyyy-MM-dd>/<32hex>.mmp in the
 * shared storage, its metadata next to the other files of the store
 * (mstr/shared/migrations/sharedFileStore/<32hex>.json), so every server
 * of the shared storage sees the same files.
 */

#pragma once

#include "ferry-sandbox-context.h"

G_BEGIN_DECLS

/* POST …/sharedFileStore/files: the metadata (200, existing false). */
void        sb_handle_shared_file_create    (SbContext  *ctx);
/* GET …/sharedFileStore/files?type=migrations.packages */
void        sb_handle_shared_file_list      (SbContext  *ctx);
/* PUT …/sharedFileStore/files/{id}/binary (multipart field "file"). */
void        sb_handle_shared_file_upload    (SbContext  *ctx);
/* GET …/sharedFileStore/files/{id}/binary, streamed from the file. */
void        sb_handle_shared_file_download  (SbContext  *ctx);
/* GET /api/migrations/imports/{importId}/binary: the undo package of a
 * migration imported here (target), streamed; 404 ERR006 otherwise. */
void        sb_handle_migration_undo_download (SbContext *ctx);
/* Answers 200 with the content of FILE, streamed in chunks (never held in
 * memory), as an attachment named FILENAME (".mmp" added when missing).
 * FALSE (nothing answered) when FILE cannot be read. */
gboolean    sb_file_store_reply_file        (SbContext  *ctx,
                                             const char *file,
                                             const char *filename);
/* DELETE …/sharedFileStore/files/{id}: 204. */
void        sb_handle_shared_file_delete    (SbContext  *ctx);

/* POST /api/migrations with packageInfo.purpose
 * "migration_from_shared_file_store": BODY is the parsed create body. The
 * migration is created locked and approved, and its import starts at once. */
void        sb_file_store_create_migration  (SbContext  *ctx,
                                             JsonObject *body);

G_END_DECLS
