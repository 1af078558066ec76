/* ferry-sandbox-journal.c: the sandbox's write-ahead log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The writer thread owns the file descriptor: it takes every entry queued,
 * writes them, fdatasyncs once, then wakes the waiters of the entries it
 * made durable. Nothing here runs under the sandbox's state lock except
 * sb_journal_append() (a queue push).
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ferry-sandbox-journal.h"

#define MAGIC "FJ1 "

typedef struct
{
  guint64       seq;
  GMainContext *context;
  GSourceFunc   func;
  gpointer      data;
} Waiter;

typedef struct
{
  guint64  seq;
  GBytes  *payload;   /* NULL: stop */
} Entry;

struct _SbJournal
{
  int          fd;
  GThread     *thread;
  GAsyncQueue *queue;
  guint64      appended;   /* last seq queued; callers serialise appends */

  GMutex       mutex;      /* guards the members below */
  GCond        cond;
  guint64      durable;
  guint64      size;
  GList       *waiters;    /* Waiter* */
};

/* ------------------------------------------------------------------------ */
/* Crash points (test hook)                                                   */
/* ------------------------------------------------------------------------ */

void
sb_crash_point (const char *name)
{
  static gsize init = 0;
  static char *point = NULL;
  static guint target = 1;
  static gint hits = 0;

  if (g_once_init_enter (&init))
    {
      const char *env = g_getenv ("FERRY_SANDBOX_CRASH_AT");

      if (env != NULL && *env != '\0')
        {
          const char *colon = strchr (env, ':');

          point = colon != NULL ? g_strndup (env, (gsize) (colon - env)) : g_strdup (env);
          if (colon != NULL)
            target = MAX (1, (guint) g_ascii_strtoull (colon + 1, NULL, 10));
        }
      g_once_init_leave (&init, 1);
    }
  if (point == NULL || strcmp (point, name) != 0)
    return;
  if ((guint) g_atomic_int_add (&hits, 1) + 1 == target)
    {
      /* Exactly what kill -9 does: no handler, no flush, no atexit. */
      kill (getpid (), SIGKILL);
      pause ();
    }
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                     */
/* ------------------------------------------------------------------------ */

static gboolean
write_all (int         fd,
           const void *data,
           gsize       len)
{
  const char *p = data;

  while (len > 0)
    {
      ssize_t n = write (fd, p, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

static GBytes *
frame (GBytes *payload)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (payload, &len);
  g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  GString *s = g_string_sized_new (len + 100);

  g_string_append_printf (s, MAGIC "%" G_GSIZE_FORMAT " %s\n", len, sum);
  g_string_append_len (s, (const char *) data, (gssize) len);
  g_string_append_c (s, '\n');
  return g_string_free_to_bytes (s);
}

static void
wake_waiters (SbJournal *j,
              guint64    durable)
{
  GList *ready = NULL;

  g_mutex_lock (&j->mutex);
  j->durable = MAX (j->durable, durable);
  for (GList *l = j->waiters; l != NULL;)
    {
      GList *next = l->next;
      Waiter *w = l->data;

      if (w->seq <= j->durable)
        {
          j->waiters = g_list_remove_link (j->waiters, l);
          ready = g_list_concat (ready, l);
        }
      l = next;
    }
  g_cond_broadcast (&j->cond);
  g_mutex_unlock (&j->mutex);

  for (GList *l = ready; l != NULL; l = l->next)
    {
      Waiter *w = l->data;

      g_main_context_invoke (w->context, w->func, w->data);
      g_main_context_unref (w->context);
      g_free (w);
    }
  g_list_free (ready);
}

static gpointer
writer_thread (gpointer data)
{
  SbJournal *j = data;
  gboolean stop = FALSE;

  while (!stop)
    {
      Entry *e = g_async_queue_pop (j->queue);
      guint64 last = 0;
      gboolean wrote = FALSE;

      /* Every entry already queued goes out with this one: one sync. */
      while (e != NULL)
        {
          if (e->payload == NULL)
            stop = TRUE;
          else
            {
              g_autoptr(GBytes) framed = frame (e->payload);
              gsize len = 0;
              const char *p = g_bytes_get_data (framed, &len);

              if (g_getenv ("FERRY_SANDBOX_CRASH_AT") != NULL &&
                  g_str_has_prefix (g_getenv ("FERRY_SANDBOX_CRASH_AT"), "journal-torn"))
                {
                  /* Half the entry reaches the file, then the kill. */
                  if (write_all (j->fd, p, len / 2))
                    sb_crash_point ("journal-torn");
                  if (!write_all (j->fd, p + len / 2, len - len / 2))
                    g_warning ("Cannot write the sandbox journal: %s", g_strerror (errno));
                }
              else if (!write_all (j->fd, p, len))
                g_warning ("Cannot write the sandbox journal: %s", g_strerror (errno));
              g_mutex_lock (&j->mutex);
              j->size += len;
              g_mutex_unlock (&j->mutex);
              last = e->seq;
              wrote = TRUE;
              g_bytes_unref (e->payload);
            }
          g_free (e);
          e = stop ? NULL : g_async_queue_try_pop (j->queue);
        }

      if (wrote)
        {
          sb_crash_point ("journal-written");
          if (fdatasync (j->fd) != 0)
            g_warning ("Cannot sync the sandbox journal: %s", g_strerror (errno));
          sb_crash_point ("journal-synced");
          wake_waiters (j, last);
        }
    }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* API                                                                        */
/* ------------------------------------------------------------------------ */

SbJournal *
sb_journal_open (const char *path,
                 GError    **error)
{
  SbJournal *j;
  int fd = g_open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  struct stat st;

  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot open the journal %s: %s", path, g_strerror (saved));
      return NULL;
    }
  j = g_new0 (SbJournal, 1);
  j->fd = fd;
  if (fstat (fd, &st) == 0)
    j->size = (guint64) st.st_size;
  j->queue = g_async_queue_new ();
  g_mutex_init (&j->mutex);
  g_cond_init (&j->cond);
  j->thread = g_thread_new ("ferry-sandbox-journal", writer_thread, j);
  return j;
}

void
sb_journal_close (SbJournal *j)
{
  Entry *stop;

  if (j == NULL)
    return;
  stop = g_new0 (Entry, 1);
  g_async_queue_push (j->queue, stop);
  g_thread_join (j->thread);
  /* Anything still waiting was written before the stop entry. */
  wake_waiters (j, G_MAXUINT64);
  close (j->fd);
  g_async_queue_unref (j->queue);
  g_mutex_clear (&j->mutex);
  g_cond_clear (&j->cond);
  g_free (j);
}

guint64
sb_journal_append (SbJournal *j,
                   GBytes    *payload)
{
  Entry *e = g_new0 (Entry, 1);
  guint64 seq = ++j->appended;

  e->seq = seq;
  e->payload = g_bytes_ref (payload);
  /* From here the writer thread owns (and frees) E. */
  g_async_queue_push (j->queue, e);
  return seq;
}

guint64
sb_journal_last_seq (SbJournal *j)
{
  return j->appended;
}

gboolean
sb_journal_is_durable (SbJournal *j,
                       guint64    seq)
{
  gboolean durable;

  g_mutex_lock (&j->mutex);
  durable = j->durable >= seq;
  g_mutex_unlock (&j->mutex);
  return durable;
}

void
sb_journal_wait (SbJournal *j,
                 guint64    seq)
{
  g_mutex_lock (&j->mutex);
  while (j->durable < seq)
    g_cond_wait (&j->cond, &j->mutex);
  g_mutex_unlock (&j->mutex);
}

void
sb_journal_when_durable (SbJournal    *j,
                         guint64       seq,
                         GMainContext *context,
                         GSourceFunc   func,
                         gpointer      data)
{
  Waiter *w = g_new0 (Waiter, 1);

  w->seq = seq;
  w->context = g_main_context_ref (context);
  w->func = func;
  w->data = data;
  g_mutex_lock (&j->mutex);
  j->waiters = g_list_append (j->waiters, w);
  g_mutex_unlock (&j->mutex);
  /* It may have become durable in between: wake_waiters() checks. */
  wake_waiters (j, 0);
}

guint64
sb_journal_get_size (SbJournal *j)
{
  guint64 size;

  g_mutex_lock (&j->mutex);
  size = j->size;
  g_mutex_unlock (&j->mutex);
  return size;
}

/* ------------------------------------------------------------------------ */
/* Replay                                                                     */
/* ------------------------------------------------------------------------ */

gboolean
sb_journal_replay (const char          *path,
                   SbJournalReplayFunc  func,
                   gpointer             data,
                   GError             **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local = NULL;
  const char *text;
  gsize size, pos = 0;

  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      if (g_error_matches (local, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  text = g_mapped_file_get_contents (file);
  size = g_mapped_file_get_length (file);

  while (pos < size)
    {
      const char *nl = memchr (text + pos, '\n', MIN (size - pos, 128));
      g_autofree char *header = NULL;
      g_autofree char *sum = NULL;
      g_auto(GStrv) parts = NULL;
      g_autoptr(GBytes) payload = NULL;
      guint64 len;
      gsize start;

      if (nl == NULL)
        break;
      header = g_strndup (text + pos, (gsize) (nl - (text + pos)));
      parts = g_strsplit (header, " ", 3);
      if (g_strv_length (parts) != 3 || strcmp (parts[0], "FJ1") != 0 ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT64, &len, NULL))
        break;
      start = (gsize) (nl - text) + 1;
      if (len > size - start || size - start - len < 1 || text[start + len] != '\n')
        break;
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guint8 *) text + start, len);
      if (strcmp (sum, parts[2]) != 0)
        break;
      payload = g_bytes_new (text + start, len);
      if (!func (payload, data, error))
        return FALSE;
      pos = start + len + 1;
    }

  if (pos < size)
    {
      g_message ("The sandbox journal %s ends with an incomplete entry (%" G_GSIZE_FORMAT
                 " bytes): a commit that never finished, dropped", path, size - pos);
      g_clear_pointer (&file, g_mapped_file_unref);
      if (truncate (path, (off_t) pos) != 0)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       "Cannot cut the journal %s: %s", path, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
sb_journal_truncate (const char *path,
                     GError    **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  int saved;

  if (fd >= 0 && fsync (fd) == 0 && close (fd) == 0)
    return TRUE;
  saved = errno;
  if (fd >= 0)
    close (fd);
  g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
               "Cannot empty the journal %s: %s", path, g_strerror (saved));
  return FALSE;
}
