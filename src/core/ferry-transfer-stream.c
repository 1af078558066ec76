/* ferry-transfer-stream.c: an input stream made of other streams, counted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The asynchronous read is the parts' own (libsoup's body stream answers
 * in the main loop; a file stream reads in a worker and answers in the
 * caller's context): a part that ends moves the read on to the next one.
 */

#define G_LOG_DOMAIN "ferry-transfer"

#include "config.h"

#include "ferry-transfer-stream.h"

struct _FerryTransferStream
{
  GInputStream           parent_instance;

  GPtrArray             *parts;     /* of GInputStream */
  guint                  current;
  goffset                done;
  goffset                total;

  FerryTransferProgress  progress;
  gpointer               progress_data;
  GDestroyNotify         progress_destroy;
};

G_DEFINE_FINAL_TYPE (FerryTransferStream, ferry_transfer_stream, G_TYPE_INPUT_STREAM)

static void
count (FerryTransferStream *self,
       gssize               n,
       gboolean             report)
{
  if (n <= 0)
    return;
  self->done += n;
  if (report && self->progress != NULL)
    self->progress (self->done, self->total, self->progress_data);
}

static gssize
transfer_read (GInputStream  *stream,
               void          *buffer,
               gsize          count_wanted,
               GCancellable  *cancellable,
               GError       **error)
{
  FerryTransferStream *self = FERRY_TRANSFER_STREAM (stream);

  while (self->current < self->parts->len)
    {
      GInputStream *part = g_ptr_array_index (self->parts, self->current);
      gssize n = g_input_stream_read (part, buffer, count_wanted, cancellable, error);

      if (n != 0)
        {
          /* Maybe in a worker thread: counted, reported by the async path. */
          count (self, n, FALSE);
          return n;
        }
      self->current++;
    }
  return 0;
}

typedef struct
{
  void  *buffer;
  gsize  count;
} ReadData;

static void read_next_part (GTask *task);

static void
part_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FerryTransferStream *self = g_task_get_source_object (task);
  GError *error = NULL;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (n < 0)
    {
      g_task_return_error (task, error);
      return;
    }
  if (n == 0)
    {
      self->current++;
      read_next_part (g_steal_pointer (&task));
      return;
    }
  count (self, n, TRUE);
  g_task_return_int (task, n);
}

/* Takes TASK. */
static void
read_next_part (GTask *task)
{
  FerryTransferStream *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);

  if (self->current >= self->parts->len)
    {
      g_task_return_int (task, 0);
      g_object_unref (task);
      return;
    }
  g_input_stream_read_async (g_ptr_array_index (self->parts, self->current), data->buffer, data->count,
                             g_task_get_priority (task), g_task_get_cancellable (task),
                             part_read_cb, task);
}

static void
transfer_read_async (GInputStream        *stream,
                     void                *buffer,
                     gsize                count_wanted,
                     int                  io_priority,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task = g_task_new (stream, cancellable, callback, user_data);
  ReadData *data = g_new0 (ReadData, 1);

  g_task_set_source_tag (task, transfer_read_async);
  g_task_set_priority (task, io_priority);
  data->buffer = buffer;
  data->count = count_wanted;
  g_task_set_task_data (task, data, g_free);
  read_next_part (task);
}

static gssize
transfer_read_finish (GInputStream  *stream,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, stream), -1);
  return g_task_propagate_int (G_TASK (result), error);
}

static gboolean
transfer_close (GInputStream  *stream,
                GCancellable  *cancellable,
                GError       **error)
{
  FerryTransferStream *self = FERRY_TRANSFER_STREAM (stream);
  gboolean ok = TRUE;

  for (guint i = 0; i < self->parts->len; i++)
    {
      GError *local = NULL;

      if (!g_input_stream_close (g_ptr_array_index (self->parts, i), cancellable, &local))
        {
          if (ok)
            g_propagate_error (error, local);
          else
            g_error_free (local);
          ok = FALSE;
        }
    }
  return ok;
}

static void
ferry_transfer_stream_finalize (GObject *object)
{
  FerryTransferStream *self = FERRY_TRANSFER_STREAM (object);

  g_clear_pointer (&self->parts, g_ptr_array_unref);
  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);

  G_OBJECT_CLASS (ferry_transfer_stream_parent_class)->finalize (object);
}

static void
ferry_transfer_stream_class_init (FerryTransferStreamClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  object_class->finalize = ferry_transfer_stream_finalize;
  stream_class->read_fn = transfer_read;
  stream_class->read_async = transfer_read_async;
  stream_class->read_finish = transfer_read_finish;
  stream_class->close_fn = transfer_close;
}

static void
ferry_transfer_stream_init (FerryTransferStream *self)
{
  self->total = -1;
}

FerryTransferStream *
ferry_transfer_stream_new (GPtrArray *parts,
                           goffset    total)
{
  FerryTransferStream *self;

  g_return_val_if_fail (parts != NULL, NULL);

  self = g_object_new (FERRY_TYPE_TRANSFER_STREAM, NULL);
  self->parts = g_ptr_array_ref (parts);
  self->total = total;
  return self;
}

void
ferry_transfer_stream_set_progress (FerryTransferStream   *self,
                                    FerryTransferProgress  progress,
                                    gpointer               data,
                                    GDestroyNotify         destroy)
{
  g_return_if_fail (FERRY_IS_TRANSFER_STREAM (self));

  if (self->progress_destroy != NULL)
    self->progress_destroy (self->progress_data);
  self->progress = progress;
  self->progress_data = data;
  self->progress_destroy = destroy;
}

goffset
ferry_transfer_stream_get_done (FerryTransferStream *self)
{
  g_return_val_if_fail (FERRY_IS_TRANSFER_STREAM (self), 0);
  return self->done;
}
