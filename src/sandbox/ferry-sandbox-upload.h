/* ferry-sandbox-upload.h: a multipart/form-data request body received as
 * it arrives, its file part written to a temporary file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP layer feeds each chunk of the body as it is read from the
 * connection (the body does not accumulate in memory); the parser keeps
 * only what may still be a delimiter or a part's headers (bounded). The
 * part named "file" (or the only part of the body) goes to a temporary
 * file in DIR while its size and sha256 are counted; the handler then
 * moves that file into place. Freed without being taken, the temporary
 * file is deleted (a truncated or refused upload leaves nothing behind).
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef enum
{
  SB_UPLOAD_OK,
  SB_UPLOAD_MALFORMED,   /* not multipart, no file part, or cut short */
  SB_UPLOAD_TOO_LARGE,   /* more bytes than the limit */
  SB_UPLOAD_IO,          /* the temporary file cannot be written */
} SbUploadStatus;

typedef struct _SbUpload SbUpload;

/* BOUNDARY: the boundary parameter of the request's Content-Type (NULL:
 * the body is not multipart, and is refused at the end). LIMIT: the most
 * bytes of body accepted. */
SbUpload       *sb_upload_new           (const char  *dir,
                                         const char  *boundary,
                                         guint64      limit);
void            sb_upload_free          (SbUpload    *upload);

void            sb_upload_feed          (SbUpload    *upload,
                                         const guint8 *data,
                                         gsize        length);
/* At the end of the body: SB_UPLOAD_OK when the file part arrived whole
 * (closes the temporary file), else why not (*MESSAGE says it). */
SbUploadStatus  sb_upload_finish        (SbUpload    *upload,
                                         const char **message);
/* The file part's length and sha256 (lowercase hex); after finish. */
goffset         sb_upload_get_size      (SbUpload    *upload);
const char     *sb_upload_get_sha256    (SbUpload    *upload);
/* Moves the file part to PATH (its folder created). */
gboolean        sb_upload_take_file     (SbUpload    *upload,
                                         const char  *path,
                                         GError     **error);

/* MSG owns UPLOAD from now on (freed with it, or by sb_upload_detach). */
void            sb_upload_attach        (SbUpload          *upload,
                                         SoupServerMessage *msg);
/* The upload attached to MSG, or NULL (its body was buffered as usual). */
SbUpload       *sb_upload_from_message  (SoupServerMessage *msg);
/* Frees MSG's upload now (its temporary file unless taken). */
void            sb_upload_detach        (SoupServerMessage *msg);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbUpload, sb_upload_free)

G_END_DECLS
