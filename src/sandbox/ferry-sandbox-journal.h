/* ferry-sandbox-journal.h: the sandbox's write-ahead log
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An append-only file of commits. Each commit is one entry,
 *
 *   "FJ1 <length> <sha-256 of the payload>\n" <payload> "\n"
 *
 * written by a writer thread and made durable with one fdatasync (several
 * queued commits share it). An entry is there whole or not at all: a torn
 * last entry (a kill during its write) fails its length or checksum and is
 * cut off at the next start. Knows nothing of what the payload means (the
 * store's commits: ferry-sandbox-store.c). Depends on GLib only.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SbJournal SbJournal;

/* Opens PATH for appending (created when missing) and starts its writer. */
SbJournal  *sb_journal_open         (const char   *path,
                                     GError      **error);
/* Writes everything queued, makes it durable, stops the writer, closes.
 * Waiters still registered are called. */
void        sb_journal_close        (SbJournal    *journal);

/* Queues PAYLOAD as one entry; returns its sequence number (1, 2, …). */
guint64     sb_journal_append       (SbJournal    *journal,
                                     GBytes       *payload);
/* The sequence number of the last entry queued (0: none yet). */
guint64     sb_journal_last_seq     (SbJournal    *journal);
/* TRUE when the entry SEQ (and all before it) is on disk. */
gboolean    sb_journal_is_durable   (SbJournal    *journal,
                                     guint64       seq);
/* Blocks until SEQ is durable. */
void        sb_journal_wait         (SbJournal    *journal,
                                     guint64       seq);
/* Calls FUNC (DATA) in CONTEXT once SEQ is durable (at once, through
 * CONTEXT, when it already is). */
void        sb_journal_when_durable (SbJournal    *journal,
                                     guint64       seq,
                                     GMainContext *context,
                                     GSourceFunc   func,
                                     gpointer      data);
/* Bytes in the file (written so far). */
guint64     sb_journal_get_size     (SbJournal    *journal);

/* Reads the entries of PATH in order, calling FUNC with each payload; a
 * torn or corrupt tail is cut off (the file is truncated after the last
 * whole entry). A missing file holds no entries. FALSE when FUNC fails. */
typedef gboolean (*SbJournalReplayFunc) (GBytes   *payload,
                                         gpointer  data,
                                         GError  **error);
gboolean    sb_journal_replay       (const char          *path,
                                     SbJournalReplayFunc  func,
                                     gpointer             data,
                                     GError             **error);
/* Empties PATH durably (after a compaction). */
gboolean    sb_journal_truncate     (const char   *path,
                                     GError      **error);

/* Test hook: when $FERRY_SANDBOX_CRASH_AT is "NAME" or "NAME:N", the N-th
 * (default first) call with NAME kills the process with SIGKILL, as a
 * kill -9 at that point would. Points: "commit" (state changed in memory,
 * not queued), "journal-torn" (half an entry written), "journal-written"
 * (written, not synced), "journal-synced" (synced, nobody answered yet),
 * "compact" (during the compaction at start, after the project files),
 * "undo-written" (the undo package is in the storage, the import not
 * committed). */
void        sb_crash_point          (const char   *name);

G_END_DECLS
