/* test-draft-recovery.c: an unfinished migration comes back after a crash
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A hermetic XDG_STATE_HOME per test process (other ui tests leave drafts
 * in the suite's shared home).
 *
 * - /draft-recovery/sigkill: a process that keeps writing a draft (this
 *   program run with --write-drafts, a FerryDraftFile queueing plans as an
 *   editor does) is killed with SIGKILL; the file is whole and the core
 *   finds it. A draft that a FerryDraftFile of this process keeps is never
 *   found (an editor of this run has it open).
 * - /draft-recovery/offer: the application starts with a draft an earlier
 *   run left: once the window shows, the bar offers it by name; Open (once
 *   the demo's environments are connected) gives an editor with the same
 *   kind, name and objects, modified (closing asks) and writing to the same
 *   file; Discard in that question removes it. Another draft, offered
 *   again, is discarded from the bar: the file goes.
 *
 * Screenshots (G_TEST_BUILDDIR/screenshots): draft-recovery-offer.png,
 * draft-recovery-editor.png.
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-migration-editor.h"
#include "ui-test-util.h"

#define YEAR_ID UTU_YEAR_ID

/* From utu_application_init(), which owns it. */
static GtkApplication *app;

/* --- helpers ------------------------------------------------------------ */

/* An object migration of Year from Development to Production (an earlier
 * run's demo: another port). */
static FerryPlan *
sample_plan (const char *name)
{
  g_autoptr(FerryMigrationDraft) draft = ferry_migration_draft_new ();
  g_autoptr(FerryEnvironment) dev = ferry_environment_new ("Development", "http://127.0.0.1:1/MicroStrategyLibrary",
                                                          FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(FerryEnvironment) prod = ferry_environment_new ("Production", "http://127.0.0.1:2/MicroStrategyLibrary",
                                                           FERRY_LOGIN_MODE_STANDARD, "administrator", FALSE);
  g_autoptr(FerryContentItem) year = ferry_content_item_new (YEAR_ID, "Year", 12, 3072, "/Schema Objects/Attributes",
                                                             FERRY_CONFLICT_ACTION_REPLACE, TRUE);

  ferry_migration_draft_set_source (draft, dev, UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_target (draft, prod, UTU_TUTORIAL_ID, "MicroStrategy Tutorial");
  ferry_migration_draft_set_name (draft, name);
  g_list_store_append (ferry_migration_draft_get_content (draft), year);
  return ferry_migration_draft_to_plan (draft);
}

static GFile *
draft_path (const char *basename)
{
  g_autofree char *dir = ferry_draft_file_dup_directory ();
  g_autofree char *path = g_build_filename (dir, basename, NULL);

  return g_file_new_for_path (path);
}

static void
empty_drafts (void)
{
  g_autofree char *dir = ferry_draft_file_dup_directory ();
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The core's recovery, as the window asks it. */
static FerryPlan *
find_recovered (GFile **out_file)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  FerryPlan *plan;

  ferry_draft_file_find_recovered_async (NULL, store_result_cb, &result);
  g_assert_true (utu_spin_until (utu_is_set, &result, 10000));
  plan = ferry_draft_file_find_recovered_finish (result, out_file, &error);
  g_assert_no_error (error);
  return plan;
}

static gboolean
file_gone (gpointer file)
{
  return !g_file_query_exists (file, NULL);
}

/* --- the child: a process writing drafts until it is killed -------------- */

typedef struct
{
  FerryDraftFile *draft_file;
  guint           n;
} Writer;

static gboolean
write_tick_cb (gpointer user_data)
{
  Writer *writer = user_data;
  g_autofree char *name = g_strdup_printf ("Killed mid-edit %u", ++writer->n);
  g_autoptr(FerryPlan) plan = sample_plan (name);

  ferry_draft_file_queue (writer->draft_file, plan);
  return G_SOURCE_CONTINUE;
}

static int
write_drafts (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Writer writer = { ferry_draft_file_new (), 0 };

  /* As an editor's draft: a change every 15 ms, written 10 ms after. */
  ferry_draft_file_set_delay (writer.draft_file, 10);
  g_timeout_add (15, write_tick_cb, &writer);
  g_main_loop_run (loop);
  return 0;
}

/* --- tests ---------------------------------------------------------------- */

typedef struct
{
  GFile   *dir;
  GFile   *found;
  guint64  first_inode;
  gboolean rewritten;
} DraftWatch;

/* A draft exists in the folder and has been replaced since first seen
 * (the temporary files of its atomic writes are not drafts). */
static gboolean
draft_rewritten (gpointer data)
{
  DraftWatch *watch = data;
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (watch->dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);
  GFileInfo *info;

  while (children != NULL && (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFileInfo) owned = info;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFileInfo) node = NULL;
      guint64 inode;

      if (!g_str_has_suffix (g_file_info_get_name (info), ".ferry-plan"))
        continue;
      file = g_file_get_child (watch->dir, g_file_info_get_name (info));
      node = g_file_query_info (file, G_FILE_ATTRIBUTE_UNIX_INODE, G_FILE_QUERY_INFO_NONE, NULL, NULL);
      if (node == NULL)
        return FALSE;
      inode = g_file_info_get_attribute_uint64 (node, G_FILE_ATTRIBUTE_UNIX_INODE);
      if (watch->found == NULL)
        {
          watch->found = g_steal_pointer (&file);
          watch->first_inode = inode;
          return FALSE;
        }
      return inode != watch->first_inode;
    }
  return FALSE;
}

static void
test_sigkill (void)
{
  g_autofree char *dir_path = ferry_draft_file_dup_directory ();
  g_autoptr(GFile) dir = g_file_new_for_path (dir_path);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryPlan) found = NULL;
  g_autoptr(GFile) found_file = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  DraftWatch watch = { dir, NULL, 0, FALSE };

  empty_drafts ();
  g_assert_nonnull (self_path);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--write-drafts", NULL);
  g_assert_no_error (error);

  /* Killed in the middle of its writes: the draft was replaced at least
   * once (atomic renames) and more are on their way. */
  g_assert_true (utu_spin_until (draft_rewritten, &watch, 20000));
  g_subprocess_send_signal (writer, SIGKILL);
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  /* Whole, and found. */
  found = find_recovered (&found_file);
  g_assert_nonnull (found);
  g_assert_true (g_file_equal (found_file, watch.found));
  g_assert_true (g_str_has_prefix (found->name, "Killed mid-edit "));
  g_assert_cmpuint (found->content->len, ==, 1);
  g_assert_cmpstr (ferry_content_item_get_name (g_ptr_array_index (found->content, 0)), ==, "Year");

  /* A newer draft this process keeps (an editor of this run has it open)
   * is never offered; once let go, it is. */
  {
    g_autoptr(GFile) mine = draft_path ("this-run.ferry-plan");
    g_autoptr(FerryPlan) plan = sample_plan ("Open in this run");
    FerryDraftFile *kept = ferry_draft_file_new_for_file (mine);
    g_autoptr(FerryPlan) again = NULL;
    g_autoptr(GFile) again_file = NULL;

    /* The killed one a minute older: "mine" is the newest. */
    g_file_set_attribute_uint64 (watch.found, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                 (guint64) (g_get_real_time () / G_USEC_PER_SEC - 60),
                                 G_FILE_QUERY_INFO_NONE, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (ferry_draft_file_write_sync (mine, plan, &error));
    g_assert_no_error (error);
    again = find_recovered (&again_file);
    g_assert_true (g_file_equal (again_file, watch.found));
    g_clear_pointer (&again, ferry_plan_free);
    g_clear_object (&again_file);

    g_object_unref (kept);
    again = find_recovered (&again_file);
    g_assert_true (g_file_equal (again_file, mine));
    g_assert_cmpstr (again->name, ==, "Open in this run");
  }
  g_clear_object (&watch.found);
  empty_drafts ();
}

static gboolean
offer_shown (gpointer text)
{
  FerryWindow *window = utu_main_window ();
  GtkRevealer *revealer;
  GtkLabel *label;

  if (window == NULL || !gtk_widget_get_mapped (GTK_WIDGET (window)))
    return FALSE;
  revealer = GTK_REVEALER (utu_child (window, FERRY_TYPE_WINDOW, "recovery_revealer"));
  label = GTK_LABEL (utu_child (window, FERRY_TYPE_WINDOW, "recovery_label"));
  return gtk_revealer_get_child_revealed (revealer) && g_strcmp0 (gtk_label_get_text (label), text) == 0;
}

static gboolean
offer_hidden (gpointer data)
{
  GtkRevealer *revealer = GTK_REVEALER (utu_child (utu_main_window (), FERRY_TYPE_WINDOW, "recovery_revealer"));

  return !gtk_revealer_get_reveal_child (revealer);
}

static gboolean
pane_ready (gpointer data)
{
  FerryEnvironmentPane *pane = data;
  FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

  return environment != NULL &&
         ferry_environment_get_state (environment) == FERRY_CONNECTION_STATE_CONNECTED &&
         ferry_environment_pane_get_project_id (pane) != NULL;
}

static gboolean
editor_shown (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_MIGRATION_EDITOR) != NULL;
}

static gboolean
no_editor (gpointer data)
{
  return utu_find_toplevel (FERRY_TYPE_MIGRATION_EDITOR) == NULL;
}

static gboolean
projects_listed (gpointer draft)
{
  return !ferry_migration_draft_get_projects_loading (draft);
}

static gboolean
close_dialog_shown (gpointer editor)
{
  GtkWidget *dialog = ferry_migration_editor_get_close_dialog (editor);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

static void
test_offer (void)
{
  g_autoptr(GFile) earlier = draft_path ("earlier-run.ferry-plan");
  g_autoptr(GFile) other = draft_path ("another-earlier-run.ferry-plan");
  g_autoptr(FerryPlan) plan = sample_plan ("Year attribute, half done");
  g_autoptr(GError) error = NULL;
  FerryWindow *window;
  FerryMigrationEditor *editor;
  GtkWidget *dialog;

  empty_drafts ();
  g_assert_true (ferry_draft_file_write_sync (earlier, plan, &error));
  g_assert_no_error (error);

  /* The app starts: once the window shows, the draft is offered by name. */
  g_application_activate (G_APPLICATION (app));
  window = utu_main_window ();
  g_assert_nonnull (window);
  g_assert_true (utu_spin_until (offer_shown, (gpointer) "An Unfinished Migration Was Recovered — “Year attribute, half done”", 10000));
  g_assert_true (g_file_equal (ferry_window_get_recovered_draft_file (window), earlier));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, "recovery_open_button"))));
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, "recovery_discard_button"))));
  utu_screenshot (GTK_WIDGET (window), "draft-recovery-offer.png");

  /* Open, once there is a source and a target to open it with. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_SOURCE), 60000));
  g_assert_true (utu_spin_until (pane_ready, utu_pane (FERRY_PANE_SIDE_TARGET), 60000));
  g_assert_true (offer_shown ((gpointer) "An Unfinished Migration Was Recovered — “Year attribute, half done”"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-recovered-draft", NULL));
  g_assert_true (utu_spin_until (editor_shown, NULL, 10000));
  g_assert_true (utu_spin_until (offer_hidden, NULL, 5000));
  editor = FERRY_MIGRATION_EDITOR (utu_find_toplevel (FERRY_TYPE_MIGRATION_EDITOR));

  /* The same kind, name and objects; changed, and kept in the same file. */
  g_assert_cmpstr (ferry_migration_editor_get_name (editor), ==, "Year attribute, half done");
  g_assert_false (ferry_migration_editor_get_project_merge (editor));
  g_assert_cmpint (ferry_migration_editor_get_package_type (editor), ==, FERRY_PACKAGE_TYPE_PROJECT);
  {
    GListModel *content = G_LIST_MODEL (ferry_migration_editor_get_content (editor));
    g_autoptr(FerryContentItem) item = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (content), ==, 1);
    item = g_list_model_get_item (content, 0);
    g_assert_cmpstr (ferry_content_item_get_object_id (item), ==, YEAR_ID);
    g_assert_cmpint (ferry_content_item_get_action (item), ==, FERRY_CONFLICT_ACTION_REPLACE);
  }
  g_assert_cmpstr (ferry_environment_get_name (ferry_migration_editor_get_target (editor)), ==, "Production");
  g_assert_true (ferry_migration_editor_get_modified (editor));
  g_assert_nonnull (ferry_migration_editor_get_draft_file (editor));
  g_assert_true (g_file_equal (ferry_draft_file_get_file (ferry_migration_editor_get_draft_file (editor)), earlier));
  /* Still changed once the target's projects are listed (the editor's
   * automatic project pick is not the plan's). */
  g_assert_true (utu_spin_until (projects_listed, ferry_migration_editor_get_draft (editor), 10000));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (ferry_migration_editor_get_modified (editor));
  utu_screenshot (GTK_WIDGET (editor), "draft-recovery-editor.png");

  /* While the editor has it, it is not offered again. */
  {
    g_autoptr(GFile) found_file = NULL;
    g_autoptr(FerryPlan) found = find_recovered (&found_file);

    g_assert_null (found);
  }

  /* Closing asks; Discard removes the draft. */
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_true (ferry_migration_editor_get_modified (editor));
  gtk_window_close (GTK_WINDOW (editor));
  g_assert_nonnull (editor);
  g_assert_true (utu_spin_until (close_dialog_shown, editor, 5000));
  dialog = ferry_migration_editor_get_close_dialog (editor);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "discard");
  g_assert_true (utu_spin_until (no_editor, NULL, 5000));
  g_assert_true (utu_spin_until (file_gone, earlier, 5000));

  /* Another earlier draft, offered and discarded from the bar. */
  g_clear_pointer (&plan, ferry_plan_free);
  plan = sample_plan ("Left for later");
  g_assert_true (ferry_draft_file_write_sync (other, plan, &error));
  g_assert_no_error (error);
  ferry_window_find_recovered_draft (window);
  g_assert_true (utu_spin_until (offer_shown, (gpointer) "An Unfinished Migration Was Recovered — “Left for later”", 10000));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.discard-recovered-draft", NULL));
  g_assert_true (utu_spin_until (file_gone, other, 5000));
  g_assert_true (offer_hidden (NULL));
  g_assert_null (ferry_window_get_recovered_draft_file (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;
  int status;

  /* The child of /draft-recovery/sigkill (its state folder inherited). */
  if (argc > 1 && g_str_equal (argv[1], "--write-drafts"))
    return write_drafts ();

  /* Drafts of this test process only, before anything reads the folder. */
  state = g_dir_make_tmp ("ferry-draft-recovery-XXXXXX", NULL);
  g_assert_nonnull (state);
  g_setenv ("XDG_STATE_HOME", state, TRUE);

  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  utu_notification_server_start_standby ();

  g_test_add_func ("/draft-recovery/sigkill", test_sigkill);
  g_test_add_func ("/draft-recovery/offer", test_offer);

  status = g_test_run ();

  utu_application_teardown ();
  app = NULL;
  empty_drafts ();
  {
    g_autofree char *dir = ferry_draft_file_dup_directory ();
    g_autofree char *ferry_dir = g_path_get_dirname (dir);

    g_rmdir (dir);
    g_rmdir (ferry_dir);
    g_rmdir (state);
  }
  return status;
}
