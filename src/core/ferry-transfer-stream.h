/* ferry-transfer-stream.h: an input stream made of other streams, counted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads its parts one after the other (a multipart head, a file, the tail)
 * and counts the bytes read, so that a package is sent or received in
 * chunks with its progress known and never held in memory. The progress
 * callback runs in the thread-default main context of the asynchronous
 * reads (libsoup's and g_output_stream_splice_async()'s), never in a
 * worker thread.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* DONE bytes of TOTAL (-1 when unknown) have gone through. */
typedef void (*FerryTransferProgress) (goffset  done,
                                       goffset  total,
                                       gpointer user_data);

#define FERRY_TYPE_TRANSFER_STREAM (ferry_transfer_stream_get_type ())
G_DECLARE_FINAL_TYPE (FerryTransferStream, ferry_transfer_stream, FERRY, TRANSFER_STREAM, GInputStream)

/* PARTS: (element-type GInputStream): read in order; the array is kept.
 * TOTAL: the expected length, or -1. */
FerryTransferStream *ferry_transfer_stream_new          (GPtrArray             *parts,
                                                         goffset                total);
/* PROGRESS is called after each chunk; DESTROY frees DATA with the stream. */
void                 ferry_transfer_stream_set_progress (FerryTransferStream   *self,
                                                         FerryTransferProgress  progress,
                                                         gpointer               data,
                                                         GDestroyNotify         destroy);
goffset              ferry_transfer_stream_get_done     (FerryTransferStream   *self);

G_END_DECLS
