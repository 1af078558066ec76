/* test-first-use.c: the first use, from launch to an undone merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The core path a newcomer takes (issue 11): launch with no environment
 * → Try the Demo → Compare → New Migration (a project merge when nothing
 * is selected) → Next → Run → watch the editor's live page → Undo →
 * confirm. Run twice, each in a fresh process:
 *
 *   /first-use/mouse     widgets activated the way a click does, found
 *                        by the words the user reads; at most 7.
 *   /first-use/keyboard  real key presses sent to the X server (XTEST,
 *                        through xdotool), nothing else; at most 20.
 *
 * Each screen is asserted on what it shows: no stale or contradictory
 * text, the default rule bringing over what is newer, Production's
 * objects newer in the source updated by the merge (those newer in
 * Production kept) and every object back as it was after the undo
 * (through the sandbox). Screenshots of every step go to
 * G_TEST_BUILDDIR/screenshots/first-use-<variant>-<step>.png. --dark,
 * --narrow (400 px) and --gl run the mouse path in dark mode, in a narrow
 * window or with the GL renderer (tests/meson.build runs all five).
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"
#include "sb-test-util.h"
#include "ui-test-util.h"

#define TUTORIAL_ID UTU_TUTORIAL_ID

static GtkApplication *app;
static FerrySandbox   *development;
static FerrySandbox   *production;
static JsonNode       *manifest;        /* tests/data/seed-differences.json */
static const char     *mode;            /* "mouse" or "keyboard" */
static const char     *variant;         /* in screenshot names */
static guint           steps;           /* activations, or key presses */
static guint           shots;

/* --- finding what the user sees ------------------------------------------ */

/* A label's text as read: without mnemonic underscores. */
static char *
plain (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      if (*p == '_' && p[1] == '_')
        g_string_append_c (out, *p++);
      else if (*p != '_')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The words a button shows: its label, or the labels inside it. With
 * HIDDEN, also those a narrow window hides (leaving the icon that stands
 * for them). */
static char *
button_words_full (GtkWidget *button,
                   gboolean   hidden)
{
  g_autoptr(GString) words = g_string_new (NULL);
  GPtrArray *stack = g_ptr_array_new ();

  g_ptr_array_add (stack, button);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_LABEL (w) && (hidden || gtk_widget_get_visible (w)))
        {
          g_autofree char *text = plain (gtk_label_get_label (GTK_LABEL (w)));

          g_string_append_printf (words, "%s%s", words->len > 0 ? " " : "", text);
        }
      for (GtkWidget *c = gtk_widget_get_last_child (w); c != NULL; c = gtk_widget_get_prev_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  return g_strdup (words->str);
}

static char *
button_words (GtkWidget *button)
{
  return button_words_full (button, FALSE);
}

/* The mapped, sensitive button reading WORDS under ROOT, or NULL. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *words)
{
  if (root == NULL || !gtk_widget_get_mapped (root))
    return NULL;

  if (GTK_IS_BUTTON (root) && gtk_widget_is_sensitive (root))
    {
      g_autofree char *shown = button_words (root);
      g_autofree char *meant = button_words_full (root, TRUE);

      if (g_strcmp0 (shown, words) == 0 || (shown[0] == '\0' && g_strcmp0 (meant, words) == 0))
        return root;

      /* An icon alone (a narrow window's): its tooltip names it. */
      if (shown[0] == '\0' && gtk_widget_get_tooltip_text (root) != NULL)
        {
          g_autofree char *name = g_strdup (words);

          if (g_str_has_suffix (name, "…"))
            name[strlen (name) - strlen ("…")] = '\0';
          if (g_str_has_prefix (gtk_widget_get_tooltip_text (root), name))
            return root;
        }
    }

  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, words);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Every mapped label's text under ROOT, one per line. */
static void
collect_text (GtkWidget *root,
              GString   *text)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_LABEL (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect_text (c, text);
}

static char *
shown_text (gpointer widget)
{
  GString *text = g_string_new (NULL);

  collect_text (GTK_WIDGET (widget), text);
  return g_string_free (text, FALSE);
}

typedef struct
{
  GtkWidget  *root;
  const char *words;
} TextWait;

static gboolean
text_shown (gpointer data)
{
  TextWait *wait = data;
  g_autofree char *text = wait->root != NULL ? shown_text (wait->root) : NULL;

  return text != NULL && strstr (text, wait->words) != NULL;
}

static void
assert_shows (gpointer    widget,
              const char *words,
              guint       timeout_ms)
{
  TextWait wait = { GTK_WIDGET (widget), words };

  if (!utu_spin_until (text_shown, &wait, timeout_ms))
    {
      g_autofree char *text = shown_text (widget);

      g_error ("“%s” is not shown; the window shows:\n%s", words, text);
    }
}

/* Nothing that contradicts a finished run, nor raw tokens. */
static void
assert_nothing_stale (gpointer widget)
{
  static const char *never[] = { "out of date", "Not set", "use_existing", "use_newer", "Refresh Pre", NULL };
  g_autofree char *text = shown_text (widget);

  for (guint i = 0; never[i] != NULL; i++)
    if (strstr (text, never[i]) != NULL)
      g_error ("“%s” is shown:\n%s", never[i], text);
}

static FerryMigrationEditor *
find_editor (void)
{
  GtkWindow *window = utu_find_toplevel (FERRY_TYPE_MIGRATION_EDITOR);

  return window != NULL ? FERRY_MIGRATION_EDITOR (window) : NULL;
}

static gboolean
editor_shown (gpointer data)
{
  FerryMigrationEditor *editor = find_editor ();

  return editor != NULL && gtk_widget_get_mapped (GTK_WIDGET (editor));
}

static void
screenshot (gpointer    widget,
            const char *step)
{
  g_autofree char *name = g_strdup_printf ("first-use-%s-%02u-%s.png", variant, ++shots, step);

  utu_wait_ms (200);
  utu_screenshot (GTK_WIDGET (widget), name);
}

/* --- acting as the user ---------------------------------------------------- */

typedef struct
{
  GtkWidget  *root;
  const char *words;
} ButtonWait;

static gboolean
button_shown (gpointer data)
{
  ButtonWait *wait = data;

  return find_button (wait->root, wait->words) != NULL;
}

/* Mouse: the button reading WORDS in ROOT, clicked. */
static void
click (gpointer    root,
       const char *words)
{
  ButtonWait wait = { GTK_WIDGET (root), words };
  GtkWidget *button;

  if (!utu_spin_until (button_shown, &wait, 30000))
    {
      g_autofree char *text = shown_text (root);

      g_error ("no button “%s” to click; shown:\n%s", words, text);
    }
  button = find_button (GTK_WIDGET (root), words);
  steps++;
  g_test_message ("click %u: %s", steps, words);
  gtk_widget_activate (button);
}

/* Keyboard: KEYS (an xdotool key name, "ctrl+r") pressed once, through the
 * X server, to the window that has the focus. */
static void
press (const char *keys)
{
  const char *argv[] = { "xdotool", "key", "--clearmodifiers", keys, NULL };
  g_autoptr(GError) error = NULL;
  int status = 0;

  steps++;
  g_test_message ("key %u: %s", steps, keys);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  utu_wait_ms (50);
}

static gboolean
is_keyboard (void)
{
  return g_strcmp0 (mode, "keyboard") == 0;
}

/* The focus widget of WINDOW has visible focus (a ring), after keys. */
static void
assert_focus_on (gpointer    window,
                 const char *words)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));
  g_autofree char *shown = NULL;

  g_assert_nonnull (focus);
  while (focus != NULL && !GTK_IS_BUTTON (focus))
    focus = gtk_widget_get_parent (focus);
  g_assert_nonnull (focus);
  shown = button_words (focus);
  g_assert_cmpstr (shown, ==, words);
}

/* --- the sandbox's side ------------------------------------------------------- */

static JsonNode *
object_of (JsonNode   *objects,
           const char *id)
{
  JsonArray *array = json_node_get_array (objects);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *o = json_array_get_element (array, i);

      if (g_ascii_strcasecmp (sbt_json_get_string (o, "id"), id) == 0)
        return o;
    }
  return NULL;
}

/* After a merge with the default rule: what is newer in Development is
 * in Production now; what is newer in Production stayed. */
static void
assert_newer_brought_over (JsonNode *before,
                           JsonNode *after)
{
  g_autoptr(JsonNode) source = ferry_sandbox_dup_objects (development, TUTORIAL_ID);
  JsonArray *objects = json_object_get_array_member (json_node_get_object (manifest), "objects");
  guint updated = 0;
  guint kept = 0;

  for (guint i = 0; i < json_array_get_length (objects); i++)
    {
      JsonNode *planted = json_array_get_element (objects, i);
      const char *id = sbt_json_get_string (planted, "id");
      const char *state = sbt_json_get_string (planted, "state");
      JsonNode *now = object_of (after, id);

      if (g_str_has_prefix (state, "newer_in_source") || g_str_has_prefix (state, "moved_and_newer"))
        {
          g_assert_nonnull (now);
          if (!sbt_member_equal (now, object_of (source, id), "version"))
            g_error ("%s (%s) is not updated by the merge", id, sbt_json_get_string (planted, "name"));
          updated++;
        }
      else if (g_str_equal (state, "newer_in_target"))
        {
          if (!sbt_member_equal (now, object_of (before, id), "version"))
            g_error ("%s (%s), newer in Production, was replaced", id, sbt_json_get_string (planted, "name"));
          kept++;
        }
      else if (g_str_equal (state, "only_in_source"))
        g_assert_nonnull (now);
    }
  g_assert_cmpuint (updated, >, 0);
  g_assert_cmpuint (kept, >, 0);
}

/* --- the path ------------------------------------------------------------------- */

static gboolean
panes_ready (gpointer data)
{
  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = utu_pane (i);
      FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

      if (environment == NULL ||
          ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED ||
          g_strcmp0 (ferry_environment_pane_get_project_id (pane), TUTORIAL_ID) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
compared (gpointer data)
{
  return ferry_compare_view_get_status (utu_compare_view ()) == FERRY_COMPARE_STATUS_DONE;
}

static gboolean
first_difference_shown (gpointer data)
{
  return ferry_environment_pane_get_shown_difference (utu_pane (FERRY_PANE_SIDE_SOURCE)) != NULL;
}

static gboolean
focus_in_source_pane (gpointer window)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (utu_pane (FERRY_PANE_SIDE_SOURCE)));
}

static gboolean
dialog_gone (gpointer data)
{
  return utu_find_dialog () == NULL;
}

static void
test_path (void)
{
  FerryWindow *window = utu_main_window ();
  FerryMigrationEditor *editor;
  AdwMessageDialog *dialog;
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) merged = NULL;
  g_autoptr(JsonNode) undone = NULL;
  g_autofree char *path = g_strdup (g_getenv ("FERRY_SEED_DIFFERENCES"));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint limit = is_keyboard () ? 20 : 7;
  GListModel *servers;

  g_assert_nonnull (path);
  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  manifest = json_parser_steal_root (parser);

  /* 1. Launch. By keyboard: a first launch with no environment yet,
   *    Enter on Try the Demo. By mouse: `ferry --demo`, which starts the
   *    demo through the same action at launch. */
  if (g_str_equal (variant, "gl"))
    g_assert_cmpstr (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))), ==, "GskGLRenderer");
  assert_shows (window, "No Environments Yet", 5000);
  screenshot (window, "launch");
  if (is_keyboard ())
    {
      assert_focus_on (window, "Try the Demo");
      press ("Return");
    }
  else
    g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (panes_ready, NULL, 60000));

  servers = ferry_demo_get_servers (ferry_application_get_demo (FERRY_APPLICATION (app)));
  development = g_list_model_get_item (servers, 0);
  production = g_list_model_get_item (servers, 1);
  g_object_unref (development);
  g_object_unref (production);
  before = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  /* The header says it is the demo. */
  {
    GtkWidget *demo_label = GTK_WIDGET (utu_child (window, FERRY_TYPE_WINDOW, "demo_label"));

    g_assert_true (utu_spin_until (utu_is_mapped, demo_label, 5000));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (demo_label)), ==, "Demo");
  }
  screenshot (window, "demo");

  /* 2. Compare (Enter: the button has the focus once both panes are
   *    ready). The tree opens to the first difference; folders that hold
   *    differences say so; Differences Only is offered. */
  if (is_keyboard ())
    {
      assert_focus_on (window, "Compare");
      press ("Return");
    }
  else
    click (window, "Compare");
  g_assert_true (utu_spin_until (compared, NULL, 60000));
  g_assert_true (utu_spin_until (first_difference_shown, NULL, 10000));
  /* By keyboard, the focus (with its ring) is on that first difference. */
  if (is_keyboard ())
    {
      if (!utu_spin_until (focus_in_source_pane, window, 5000))
        {
          GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

          g_error ("the focus is on a %s, not in the source pane", focus != NULL ? G_OBJECT_TYPE_NAME (focus) : "(nothing)");
        }
      g_assert_true (gtk_window_get_focus_visible (GTK_WINDOW (window)));
    }
  /* Public Objects, on the way to it, holds 19 of the differences. */
  assert_shows (window, "19 differ", 5000);
  {
    ButtonWait wait = { GTK_WIDGET (window), "Differences Only" };

    g_assert_true (utu_spin_until (button_shown, &wait, 5000));
  }
  screenshot (window, "compared");

  /* 3. New Migration, nothing selected: a project merge whose default
   *    rule brings over what is newer, and says so. */
  if (is_keyboard ())
    press ("ctrl+n");
  else
    click (window, "New Migration…");
  g_assert_true (utu_spin_until (editor_shown, NULL, 10000));
  editor = find_editor ();
  if (g_str_equal (variant, "narrow"))
    gtk_window_set_default_size (GTK_WINDOW (editor), 400, 720);
  g_assert_true (ferry_migration_editor_get_project_merge (editor));
  assert_shows (editor, "Project merge", 10000);
  assert_nothing_stale (editor);
  screenshot (editor, "editor");

  /* 4. Next (the rules: the default explained), Next: the preview,
   *    its counts the confirmation. */
  for (guint page = 0; page < 2; page++)
    {
      if (is_keyboard ())
        {
          assert_focus_on (editor, "Next");
          press ("Return");
        }
      else
        click (editor, "Next");
      if (page == 0)
        {
          assert_shows (editor, "what is newer in the source comes over", 10000);
          screenshot (editor, "rules");
        }
    }
  {
    ButtonWait wait = { GTK_WIDGET (editor), "Run" };

    g_assert_true (utu_spin_until (button_shown, &wait, 60000));
  }
  screenshot (editor, "preview");
  assert_shows (editor, "Keep existing", 60000);
  assert_shows (editor, "Undo will be possible", 5000);
  assert_nothing_stale (editor);

  /* 5. Run: the editor becomes the migration's live page. */
  g_object_set (production, "work-delay-ms", 5, NULL);
  if (is_keyboard ())
    {
      assert_focus_on (editor, "Run");
      press ("Return");
    }
  else
    click (editor, "Run");
  g_assert_null (utu_find_dialog ());      /* an undoable merge: no question */
  assert_shows (editor, "Importing into Production", 30000);
  screenshot (editor, "running");
  assert_shows (editor, "Imported into Production", 120000);
  g_object_set (production, "work-delay-ms", 0, NULL);
  assert_nothing_stale (editor);
  {
    ButtonWait undo = { GTK_WIDGET (editor), "Undo" };
    ButtonWait show = { GTK_WIDGET (editor), "Show in Migrations" };

    g_assert_true (utu_spin_until (button_shown, &undo, 5000));
    g_assert_true (button_shown (&show));
  }
  screenshot (editor, "imported");
  merged = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  assert_newer_brought_over (before, merged);

  /* 6. Undo, asked once: the default answer is the undo. */
  if (is_keyboard ())
    press ("ctrl+z");
  else
    click (editor, "Undo");
  g_assert_true (utu_spin_until (utu_dialog_shown, NULL, 5000));
  dialog = utu_find_dialog ();
  screenshot (dialog, "undo-question");
  if (is_keyboard ())
    {
      assert_focus_on (dialog, "Undo");
      press ("Return");
    }
  else
    click (dialog, "Undo");
  g_assert_true (utu_spin_until (dialog_gone, NULL, 5000));

  /* 7. Watched to the end: Production as it was. */
  assert_shows (editor, "Undone: Production is back as it was", 120000);
  assert_nothing_stale (editor);
  screenshot (editor, "undone");
  undone = ferry_sandbox_dup_objects (production, TUTORIAL_ID);
  sbt_assert_same_objects (before, undone);

  g_test_message ("%s path: %u %s", mode, steps, is_keyboard () ? "key presses" : "activations");
  g_assert_cmpuint (steps, <=, limit);

  g_clear_pointer (&manifest, json_node_unref);
}

/* Key presses go to the window that has the X focus: the keyboard path
 * gets an X server of its own, so that no other test's window (the ui
 * tests share one Xvfb) can take the focus from it. */
static GSubprocess *
start_own_display (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) xvfb = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *number = NULL;
  g_autofree char *display = NULL;

  xvfb = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                           "Xvfb", "-displayfd", "1", "-screen", "0", "1280x900x24", "-nolisten", "tcp", NULL);
  if (xvfb == NULL)
    g_error ("the keyboard path needs Xvfb: %s", error->message);

  /* -displayfd: the server writes its display number once it listens. */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (xvfb));
  number = g_data_input_stream_read_line (out, NULL, NULL, &error);
  if (number == NULL)
    g_error ("Xvfb did not start: %s", error != NULL ? error->message : "no display number");

  display = g_strdup_printf (":%s", g_strstrip (number));
  g_setenv ("DISPLAY", display, TRUE);
  return g_steal_pointer (&xvfb);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GSubprocess) own_display = NULL;
  int width = 1100;
  int status;

  /* One path per process: each starts at launch, with no environment. */
  mode = "mouse";
  variant = "mouse";
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keyboard"))
        mode = variant = "keyboard";
      else if (g_str_equal (argv[i], "--dark"))
        {
          variant = "dark";
          g_setenv ("ADW_DEBUG_COLOR_SCHEME", "prefer-dark", TRUE);
        }
      else if (g_str_equal (argv[i], "--gl"))
        {
          /* The default renderer of a desktop (the suite's is cairo). */
          variant = "gl";
          g_setenv ("GSK_RENDERER", "gl", TRUE);
        }
      else if (g_str_equal (argv[i], "--narrow"))
        {
          variant = "narrow";
          width = 400;
        }
    }

  if (g_str_equal (mode, "keyboard") && g_getenv ("DISPLAY") != NULL)
    own_display = start_own_display ();

  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  utu_notification_server_start_standby ();
  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), width, 720);
  utu_present (GTK_WINDOW (utu_main_window ()));

  if (g_str_equal (mode, "keyboard"))
    g_test_add_func ("/first-use/keyboard", test_path);
  else
    g_test_add_func ("/first-use/mouse", test_path);

  status = g_test_run ();
  utu_application_teardown ();
  if (own_display != NULL)
    g_subprocess_force_exit (own_display);
  return status;
}
