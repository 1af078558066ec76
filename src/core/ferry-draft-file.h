/* ferry-draft-file.h: an unfinished migration plan kept on disk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * So that a migration being defined survives a crash or a quit, the editor
 * hands every change of its draft (as a FerryPlan, the plan file format) to
 * a FerryDraftFile: the plan is written a moment later (debounced, "delay"
 * in milliseconds, 1 s by default), atomically (a new file renamed over the
 * old one: a crash leaves the old plan or the new one, never half of one),
 * in a thread. When the editor closes normally (Discard, Run, Save Plan,
 * Done) the file is removed; a write still under way is removed when it
 * ends. The object keeps itself alive until its last write has ended.
 *
 * Drafts live in g_get_user_state_dir()/ferry/drafts/, one file per editor
 * ("<random>.ferry-plan"). ferry_draft_file_find_recovered_async() finds
 * the newest one left behind by an earlier run.
 */

#pragma once

#include <gio/gio.h>

#include "ferry-plan.h"

G_BEGIN_DECLS

#define FERRY_TYPE_DRAFT_FILE (ferry_draft_file_get_type ())
G_DECLARE_FINAL_TYPE (FerryDraftFile, ferry_draft_file, FERRY, DRAFT_FILE, GObject)

/* g_get_user_state_dir()/ferry/drafts (newly allocated). */
char           *ferry_draft_file_dup_directory   (void);

/* A new file in the drafts folder. */
FerryDraftFile *ferry_draft_file_new             (void);
/* FILE (e.g. a recovered draft's, to go on writing to it). */
FerryDraftFile *ferry_draft_file_new_for_file    (GFile          *file);
GFile          *ferry_draft_file_get_file        (FerryDraftFile *self);

guint           ferry_draft_file_get_delay       (FerryDraftFile *self);
void            ferry_draft_file_set_delay       (FerryDraftFile *self,
                                                  guint           delay_ms);

/* Writes PLAN after the delay (a later call replaces it). */
void            ferry_draft_file_queue           (FerryDraftFile  *self,
                                                  const FerryPlan *plan);
/* Writes what is queued now. */
void            ferry_draft_file_flush           (FerryDraftFile *self);
/* Nothing more is written; the file goes (after a write under way). */
void            ferry_draft_file_remove          (FerryDraftFile *self);
/* Whether a write is queued or under way ("busy" notifies). */
gboolean        ferry_draft_file_get_busy        (FerryDraftFile *self);

/* Writes PLAN to FILE at once, atomically (creating the folder), in the
 * calling thread. For tests and the thread of the queue. */
gboolean        ferry_draft_file_write_sync      (GFile           *file,
                                                  const FerryPlan *plan,
                                                  GError         **error);

/* The newest draft left in the drafts folder, read in a thread: the plan
 * and its file, or NULL plan (no error) when there is none. Drafts that
 * cannot be read are skipped, and so are those a FerryDraftFile of this
 * process keeps (an editor of this run has them open). */
void            ferry_draft_file_find_recovered_async  (GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
FerryPlan      *ferry_draft_file_find_recovered_finish (GAsyncResult        *result,
                                                        GFile              **out_file,
                                                        GError             **error);

G_END_DECLS
