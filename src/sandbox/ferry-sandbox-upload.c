/* ferry-sandbox-upload.c: a multipart/form-data body parsed as it arrives
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The parser sees the body as "\r\n" + body, so that every delimiter,
 * the first included, is "\r\n--BOUNDARY". In DATA it hands on all but
 * the last (delimiter length - 1) bytes it holds, which may be the start
 * of a delimiter; part headers are kept until their blank line, at most
 * MAX_PART_HEADERS bytes.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include "ferry-sandbox-upload.h"

#define MAX_PART_HEADERS  (16 * 1024)
#define MAX_PADDING       1024
#define MESSAGE_KEY       "sb-upload"

typedef enum
{
  STATE_PREAMBLE,      /* before the first delimiter */
  STATE_AFTER_DELIM,   /* after a delimiter: "--" (the end) or padding + CRLF */
  STATE_HEADERS,       /* a part's headers, up to the blank line */
  STATE_DATA,          /* a part's content, up to the next delimiter */
  STATE_END,           /* after the close delimiter: the epilogue is ignored */
  STATE_FAILED,
} State;

struct _SbUpload
{
  char          *temp_path;
  int            fd;              /* -1 when closed */
  GChecksum     *checksum;
  char          *sha256;
  goffset        size;            /* bytes of the file part written */
  guint64        received;        /* bytes of body fed */
  guint64        limit;

  char          *delimiter;       /* "\r\n--BOUNDARY" */
  gsize          delimiter_len;
  GByteArray    *pending;
  State          state;

  guint          n_parts;
  gboolean       writing;         /* this part goes to the file */
  gboolean       named_file;      /* a part named "file" has begun */
  gboolean       file_done;       /* the file part ended with a delimiter */

  SbUploadStatus status;
  char          *message;
  gboolean       taken;
};

static void
fail (SbUpload       *upload,
      SbUploadStatus  status,
      const char     *message)
{
  if (upload->status != SB_UPLOAD_OK)
    return;
  upload->status = status;
  upload->message = g_strdup (message);
  upload->state = STATE_FAILED;
  g_byte_array_set_size (upload->pending, 0);
}

SbUpload *
sb_upload_new (const char *dir,
               const char *boundary,
               guint64     limit)
{
  SbUpload *upload = g_new0 (SbUpload, 1);
  int saved;

  upload->fd = -1;
  upload->limit = limit;
  upload->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  upload->pending = g_byte_array_new ();
  upload->state = STATE_PREAMBLE;
  g_byte_array_append (upload->pending, (const guint8 *) "\r\n", 2);

  if (boundary == NULL || *boundary == '\0' || strlen (boundary) > 70)
    {
      fail (upload, SB_UPLOAD_MALFORMED, "Expected a multipart/form-data body with a 'file' field");
      return upload;
    }
  upload->delimiter = g_strconcat ("\r\n--", boundary, NULL);
  upload->delimiter_len = strlen (upload->delimiter);

  if (g_mkdir_with_parents (dir, 0755) == 0)
    {
      upload->temp_path = g_build_filename (dir, ".upload-XXXXXX", NULL);
      upload->fd = g_mkstemp_full (upload->temp_path, O_RDWR | O_CLOEXEC, 0644);
    }
  if (upload->fd < 0)
    {
      g_autofree char *message = NULL;

      saved = errno;
      message = g_strdup_printf ("Cannot create a temporary file in '%s': %s", dir, g_strerror (saved));
      g_clear_pointer (&upload->temp_path, g_free);
      fail (upload, SB_UPLOAD_IO, message);
    }
  return upload;
}

void
sb_upload_free (SbUpload *upload)
{
  if (upload == NULL)
    return;
  if (upload->fd >= 0)
    close (upload->fd);
  if (upload->temp_path != NULL && !upload->taken)
    g_unlink (upload->temp_path);
  g_free (upload->temp_path);
  g_checksum_free (upload->checksum);
  g_free (upload->sha256);
  g_free (upload->delimiter);
  g_byte_array_unref (upload->pending);
  g_free (upload->message);
  g_free (upload);
}

/* The offset of NEEDLE in HAYSTACK, or -1. */
static gssize
find (const guint8 *haystack,
      gsize         length,
      const char   *needle,
      gsize         needle_len)
{
  const guint8 *p = haystack;
  const guint8 *end = haystack + length;

  while (needle_len <= (gsize) (end - p))
    {
      p = memchr (p, needle[0], (gsize) (end - p) - needle_len + 1);
      if (p == NULL)
        return -1;
      if (memcmp (p, needle, needle_len) == 0)
        return p - haystack;
      p++;
    }
  return -1;
}

/* Content of the current part: to the file, or dropped. */
static void
emit (SbUpload     *upload,
      const guint8 *data,
      gsize         length)
{
  if (!upload->writing || length == 0)
    return;
  g_checksum_update (upload->checksum, data, length);
  upload->size += length;
  while (length > 0)
    {
      gssize n = write (upload->fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_autofree char *message = g_strdup_printf ("Cannot write the upload: %s", g_strerror (saved));

          fail (upload, SB_UPLOAD_IO, message);
          return;
        }
      data += n;
      length -= (gsize) n;
    }
}

/* A part begins with the headers in TEXT (from the CRLF that ends its
 * delimiter line to its blank line). */
static void
begin_part (SbUpload   *upload,
            const char *text,
            gsize       length)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autofree char *disposition = NULL;
  g_autoptr(GHashTable) params = NULL;
  const char *name = NULL;

  upload->n_parts++;
  if (!soup_headers_parse (text, (int) length, headers))
    {
      fail (upload, SB_UPLOAD_MALFORMED, "A part of the multipart body has invalid headers");
      return;
    }
  if (soup_message_headers_get_content_disposition (headers, &disposition, &params))
    name = g_hash_table_lookup (params, "name");

  if (g_strcmp0 (name, "file") == 0 && !upload->named_file)
    {
      /* The named file part replaces a part taken for it so far. */
      upload->named_file = TRUE;
      upload->writing = TRUE;
      upload->file_done = FALSE;
      upload->size = 0;
      g_checksum_reset (upload->checksum);
      if (ftruncate (upload->fd, 0) != 0 || lseek (upload->fd, 0, SEEK_SET) != 0)
        fail (upload, SB_UPLOAD_IO, "Cannot rewind the upload");
    }
  else
    /* Any first part is kept in case it is the only one. */
    upload->writing = !upload->named_file && upload->n_parts == 1;
}

/* Consumes what it can of the pending bytes; FALSE when more are needed. */
static gboolean
step (SbUpload *upload)
{
  GByteArray *pending = upload->pending;
  gssize at;

  switch (upload->state)
    {
    case STATE_PREAMBLE:
    case STATE_DATA:
      at = find (pending->data, pending->len, upload->delimiter, upload->delimiter_len);
      if (at < 0)
        {
          gsize keep = MIN (pending->len, upload->delimiter_len - 1);
          gsize out = pending->len - keep;

          if (upload->state == STATE_DATA)
            emit (upload, pending->data, out);
          if (upload->state == STATE_FAILED)
            return FALSE;
          g_byte_array_remove_range (pending, 0, (guint) out);
          return FALSE;
        }
      if (upload->state == STATE_DATA)
        {
          emit (upload, pending->data, (gsize) at);
          if (upload->state == STATE_FAILED)
            return FALSE;
          if (upload->writing)
            upload->file_done = TRUE;
        }
      g_byte_array_remove_range (pending, 0, (guint) (at + upload->delimiter_len));
      upload->state = STATE_AFTER_DELIM;
      return TRUE;

    case STATE_AFTER_DELIM:
      if (pending->len < 2)
        return FALSE;
      if (pending->data[0] == '-' && pending->data[1] == '-')
        {
          upload->state = STATE_END;
          g_byte_array_set_size (pending, 0);
          return FALSE;
        }
      at = find (pending->data, pending->len, "\r\n", 2);
      if (at < 0)
        {
          if (pending->len > MAX_PADDING)
            fail (upload, SB_UPLOAD_MALFORMED, "A delimiter line of the multipart body is too long");
          return FALSE;
        }
      /* Keep the CRLF: the headers are parsed from it on. */
      g_byte_array_remove_range (pending, 0, (guint) at);
      upload->state = STATE_HEADERS;
      return TRUE;

    case STATE_HEADERS:
      at = find (pending->data, pending->len, "\r\n\r\n", 4);
      if (at < 0)
        {
          if (pending->len > MAX_PART_HEADERS)
            fail (upload, SB_UPLOAD_MALFORMED, "The headers of a part of the multipart body are too long");
          return FALSE;
        }
      begin_part (upload, (const char *) pending->data, (gsize) at + 4);
      if (upload->state == STATE_FAILED)
        return FALSE;
      g_byte_array_remove_range (pending, 0, (guint) (at + 4));
      upload->state = STATE_DATA;
      return TRUE;

    case STATE_END:
      g_byte_array_set_size (pending, 0);
      return FALSE;

    case STATE_FAILED:
    default:
      return FALSE;
    }
}

void
sb_upload_feed (SbUpload     *upload,
                const guint8 *data,
                gsize         length)
{
  upload->received += length;
  if (upload->received > upload->limit)
    {
      fail (upload, SB_UPLOAD_TOO_LARGE, "The request body is too large");
      return;
    }
  if (upload->state == STATE_FAILED || upload->state == STATE_END)
    return;
  g_byte_array_append (upload->pending, data, (guint) length);
  while (step (upload))
    ;
}

SbUploadStatus
sb_upload_finish (SbUpload    *upload,
                  const char **message)
{
  if (upload->status == SB_UPLOAD_OK &&
      (upload->state != STATE_END || !upload->file_done || (!upload->named_file && upload->n_parts != 1)))
    fail (upload, SB_UPLOAD_MALFORMED, "Expected a multipart/form-data body with a 'file' field");

  if (upload->fd >= 0)
    {
      if (close (upload->fd) != 0 && upload->status == SB_UPLOAD_OK)
        {
          int saved = errno;
          g_autofree char *text = g_strdup_printf ("Cannot write the upload: %s", g_strerror (saved));

          upload->fd = -1;
          fail (upload, SB_UPLOAD_IO, text);
        }
      upload->fd = -1;
    }
  if (upload->sha256 == NULL)
    upload->sha256 = g_strdup (g_checksum_get_string (upload->checksum));
  if (message != NULL)
    *message = upload->message;
  return upload->status;
}

goffset
sb_upload_get_size (SbUpload *upload)
{
  return upload->size;
}

const char *
sb_upload_get_sha256 (SbUpload *upload)
{
  return upload->sha256;
}

gboolean
sb_upload_take_file (SbUpload    *upload,
                     const char  *path,
                     GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int saved;

  g_return_val_if_fail (upload->status == SB_UPLOAD_OK && upload->fd < 0, FALSE);

  if (g_mkdir_with_parents (dir, 0755) != 0 || g_rename (upload->temp_path, path) != 0)
    {
      saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "The shared file cannot be stored: %s", g_strerror (saved));
      return FALSE;
    }
  upload->taken = TRUE;
  return TRUE;
}

void
sb_upload_attach (SbUpload          *upload,
                  SoupServerMessage *msg)
{
  g_object_set_data_full (G_OBJECT (msg), MESSAGE_KEY, upload, (GDestroyNotify) sb_upload_free);
}

SbUpload *
sb_upload_from_message (SoupServerMessage *msg)
{
  return g_object_get_data (G_OBJECT (msg), MESSAGE_KEY);
}

void
sb_upload_detach (SoupServerMessage *msg)
{
  g_object_set_data (G_OBJECT (msg), MESSAGE_KEY, NULL);
}
