/* test-editor-close.c: an editor with changes asks before closing, and its
 * draft is kept on disk until it closes normally
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (suite ui). Two in-process sandboxes (Development →
 * Production), connected as migrator; the drafts go to a state folder of
 * this test's own.
 *
 *   - an editor without changes closes at once, and leaves no draft;
 *   - with a changed name: the draft is written (debounced) and read back
 *     equal; closing asks "Save the Migration Plan?" (window.close and
 *     Escape), Cancel keeps the editor, Discard closes it and removes the
 *     draft;
 *   - Save Plan… in the question saves through the file chooser, then
 *     closes, and the draft goes.
 *
 * Screenshot: screenshots/editor-close-question.png.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ferry-migration-editor.h"
#include "ui-test-util.h"

typedef struct
{
  UtuPair           pair;
  FerryEnvironment *dev;
  FerryEnvironment *prod;
} Env;

static void
env_start (Env *e)
{
  memset (e, 0, sizeof *e);
  utu_pair_start (&e->pair);
  e->dev = utu_environment_connect (e->pair.dev, "Development", UTU_MIGRATOR, UTU_PASSWORD);
  e->prod = utu_environment_connect (e->pair.prod, "Production", UTU_MIGRATOR, UTU_PASSWORD);
}

static void
env_stop (Env *e)
{
  g_clear_object (&e->dev);
  g_clear_object (&e->prod);
  utu_pair_stop (&e->pair);
}

static gboolean
editor_settled (gpointer data)
{
  FerryMigrationEditor *editor = data;
  FerryMigrationDraft *draft = ferry_migration_editor_get_draft (editor);

  return ferry_migration_editor_get_target_project_id (editor) != NULL &&
         !ferry_migration_draft_get_projects_loading (draft) &&
         !ferry_migration_draft_get_resolving (draft);
}

static FerryMigrationEditor *
editor_new (Env *e)
{
  FerryMigrationEditor *editor;

  editor = ferry_migration_editor_new (NULL, e->dev, UTU_TUTORIAL_ID, "MicroStrategy Tutorial",
                                       e->prod, UTU_TUTORIAL_ID, "MicroStrategy Tutorial", NULL);
  gtk_window_set_default_size (GTK_WINDOW (editor), 1100, 720);
  utu_present (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (editor_settled, editor, 20000));
  utu_wait_ms (100);
  return editor;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
draft_written (gpointer data)
{
  FerryDraftFile *file = ferry_migration_editor_get_draft_file (data);

  return file != NULL && !ferry_draft_file_get_busy (file) &&
         g_file_query_exists (ferry_draft_file_get_file (file), NULL);
}

static gboolean
file_gone (gpointer data)
{
  return !g_file_query_exists (data, NULL);
}

static gboolean
file_there (gpointer data)
{
  return g_file_query_exists (data, NULL);
}

static guint
count_drafts (void)
{
  g_autofree char *path = ferry_draft_file_dup_directory ();
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

static AdwMessageDialog *
asked (FerryMigrationEditor *editor)
{
  AdwMessageDialog *dialog;

  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  g_assert_true (GTK_WIDGET (dialog) == ferry_migration_editor_get_close_dialog (editor));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save the Migration Plan?");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "Quarter-end fixes"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "save");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "save"), ==, ADW_RESPONSE_SUGGESTED);
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "save"), ==, "_Save Plan…");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "discard"), ==, "_Discard");
  return dialog;
}

static gboolean
no_dialog (gpointer data)
{
  return utu_find_dialog () == NULL;
}

/* As a click on a response's button: the response, and the dialog closes. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (utu_spin_until (no_dialog, NULL, 5000));
}

static void
test_untouched (void)
{
  Env e;
  FerryMigrationEditor *editor;

  env_start (&e);
  editor = editor_new (&e);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  g_assert_false (ferry_migration_editor_get_modified (editor));
  g_assert_null (ferry_migration_editor_get_draft_file (editor));

  gtk_window_close (GTK_WINDOW (editor));
  g_assert_true (utu_spin_until (is_null, &editor, 5000));
  g_assert_null (utu_find_dialog ());
  g_assert_cmpuint (count_drafts (), ==, 0);
  env_stop (&e);
}

static void
test_changed_discard (void)
{
  Env e;
  FerryMigrationEditor *editor;
  AdwMessageDialog *dialog;
  g_autoptr(GFile) file = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(FerryPlan) kept = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  env_start (&e);
  editor = editor_new (&e);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ferry_migration_editor_set_name (editor, "Quarter-end fixes");
  g_assert_true (ferry_migration_editor_get_modified (editor));

  /* Kept on disk, as the editor's plan. */
  g_assert_true (utu_spin_until (draft_written, editor, 5000));
  file = g_object_ref (ferry_draft_file_get_file (ferry_migration_editor_get_draft_file (editor)));
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  kept = ferry_plan_new_from_data (contents, -1, &error);
  g_assert_no_error (error);
  plan = ferry_migration_editor_dup_plan (editor);
  expected = ferry_plan_to_data (plan, NULL);
  text = ferry_plan_to_data (kept, NULL);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (kept->name, ==, "Quarter-end fixes");

  /* The close button asks; Cancel keeps the editor and its draft. */
  gtk_window_close (GTK_WINDOW (editor));
  dialog = asked (editor);
  utu_screenshot (GTK_WIDGET (dialog), "editor-close-question.png");
  answer (dialog, "cancel");
  g_assert_nonnull (editor);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));
  g_assert_true (g_file_query_exists (file, NULL));

  /* Escape (window.close) asks too; Discard closes and removes the draft. */
  gtk_widget_activate_action (GTK_WIDGET (editor), "window.close", NULL);
  dialog = asked (editor);
  answer (dialog, "discard");
  g_assert_true (utu_spin_until (is_null, &editor, 5000));
  g_assert_true (utu_spin_until (file_gone, file, 5000));
  g_assert_cmpuint (count_drafts (), ==, 0);
  env_stop (&e);
}

static GtkWindow *
find_chooser (void)
{
  return utu_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
}

static gboolean
chooser_shown (gpointer data)
{
  return find_chooser () != NULL;
}

static gboolean
chooser_names (gpointer data)
{
  g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (data));

  return chosen != NULL && g_file_equal (chosen, g_object_get_data (G_OBJECT (data), "expected"));
}

static void
test_changed_save (void)
{
  Env e;
  FerryMigrationEditor *editor;
  AdwMessageDialog *dialog;
  GtkWindow *chooser;
  g_autoptr(GFile) draft = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ferry-close-save-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autofree char *cwd = g_get_current_dir ();
  g_autoptr(GFile) saved = g_file_get_child (folder, "Quarter-end fixes.json");
  g_autofree char *contents = NULL;
  g_autoptr(FerryPlan) plan = NULL;
  g_autoptr(GError) error = NULL;

  env_start (&e);
  editor = editor_new (&e);
  g_object_add_weak_pointer (G_OBJECT (editor), (gpointer *) &editor);
  ferry_migration_editor_set_name (editor, "Quarter-end fixes");
  g_assert_true (utu_spin_until (draft_written, editor, 5000));
  draft = g_object_ref (ferry_draft_file_get_file (ferry_migration_editor_get_draft_file (editor)));

  gtk_window_close (GTK_WINDOW (editor));
  dialog = asked (editor);
  /* The chooser opens in the current folder: the test's. */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  answer (dialog, "save");
  /* The file chooser of Save Plan…: saved there, the editor closes. */
  g_assert_true (utu_spin_until (chooser_shown, NULL, 5000));
  chooser = find_chooser ();
  g_assert_cmpstr (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)), ==, "Quarter-end fixes.json");
  /* Once it has read the folder, it names the file there. */
  g_object_set_data (G_OBJECT (chooser), "expected", saved);
  g_assert_true (utu_spin_until (chooser_names, chooser, 5000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  g_assert_true (utu_spin_until (file_there, saved, 5000));
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_true (utu_spin_until (is_null, &editor, 5000));
  g_assert_true (utu_spin_until (file_gone, draft, 5000));

  g_assert_true (g_file_load_contents (saved, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  plan = ferry_plan_new_from_data (contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (plan->name, ==, "Quarter-end fixes");
  g_assert_cmpint (plan->purpose, ==, FERRY_MIGRATION_PURPOSE_PROJECT_MERGE);
  g_file_delete (saved, NULL, NULL);
  g_rmdir (dir);
  env_stop (&e);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = g_dir_make_tmp ("ferry-close-state-XXXXXX", NULL);
  int ret;

  /* Drafts of this test only (before anything reads the state folder). */
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  if (utu_init (&argc, &argv) == NULL)
    return 0;

  g_test_add_func ("/editor-close/untouched", test_untouched);
  g_test_add_func ("/editor-close/changed-discard", test_changed_discard);
  g_test_add_func ("/editor-close/changed-save", test_changed_save);
  ret = g_test_run ();
  {
    g_autofree char *drafts = g_build_filename (state, "ferry", "drafts", NULL);

    g_rmdir (drafts);
    g_free (g_steal_pointer (&drafts));
    drafts = g_build_filename (state, "ferry", NULL);
    g_rmdir (drafts);
    g_rmdir (state);
  }
  return ret;
}
