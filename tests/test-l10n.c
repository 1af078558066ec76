/* test-l10n.c: the window in German, from the demo to the About window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Ferry under LANGUAGE=de with a German locale (de_DE.UTF-8, generated
 * with localedef into G_TEST_BUILDDIR/locale when the system has none) and
 * the ferry.mo built from po/de.po: try the demo, compare, a new project
 * merge in the editor, its preview, the run, the Migrations list with the
 * migration's details, and the About window. At each step every text the
 * user can see (labels, tooltips) is checked against the English messages
 * of po/de.po: a text that is an English message and not also a German one
 * fails the test. Screenshots: G_TEST_BUILDDIR/screenshots/l10n-de-*.png.
 *
 * Under CI=true a missing German locale fails; elsewhere the test runs
 * with C.UTF-8 and LANGUAGE=de (messages in German, month names not).
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "ferry-application.h"
#include "ferry-compare-view.h"
#include "ferry-environment-pane.h"
#include "ferry-migration-editor.h"
#include "ferry-migrations-view.h"
#include "ferry-window.h"
#include "ui-test-util.h"

static GtkApplication *app;
static GHashTable     *english;   /* msgids of de.po (mnemonics removed) that are not also a msgstr */
static guint           shots;
static gboolean        german_locale;

/* --- the English messages ---------------------------------------------------- */

/* The text of a one-line PO string ("…" with C escapes), or NULL. */
static char *
po_string (const char *line,
           const char *keyword)
{
  const char *start;
  g_autofree char *quoted = NULL;

  if (!g_str_has_prefix (line, keyword))
    return NULL;
  start = line + strlen (keyword);
  if (*start != '"' || strlen (start) < 2 || start[strlen (start) - 1] != '"')
    return NULL;
  quoted = g_strndup (start + 1, strlen (start) - 2);
  return g_strcompress (quoted);
}

/* TEXT without mnemonic underscores, as a label shows it. */
static char *
without_mnemonic (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    if (*p != '_')
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/* The English messages of PATH (po/de.po) that a German window must not
 * show: one-line msgids without a format directive, minus those the German
 * translation shares ("Ferry", "Details", "Status", "Name"…). */
static GHashTable *
load_english (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) german = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GHashTableIter iter;
  gpointer key;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *id = po_string (lines[i], "msgid ");
      g_autofree char *str = po_string (lines[i], "msgstr ");
      g_autofree char *str0 = po_string (lines[i], "msgstr[0] ");
      g_autofree char *str1 = po_string (lines[i], "msgstr[1] ");

      if (id != NULL && *id != '\0' && strchr (id, '%') == NULL)
        g_hash_table_add (ids, without_mnemonic (id));
      if (str != NULL)
        g_hash_table_add (german, without_mnemonic (str));
      if (str0 != NULL)
        g_hash_table_add (german, without_mnemonic (str0));
      if (str1 != NULL)
        g_hash_table_add (german, without_mnemonic (str1));
    }

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (g_hash_table_contains (german, key))
      g_hash_table_iter_remove (&iter);
  g_assert_cmpuint (g_hash_table_size (ids), >, 500);
  return ids;
}

/* --- what the user sees ---------------------------------------------------- */

static void
collect (GtkWidget *widget,
         GPtrArray *texts)
{
  if (!gtk_widget_get_mapped (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (gtk_widget_get_tooltip_text (widget) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_widget_get_tooltip_text (widget)));
  if (GTK_IS_EDITABLE (widget) && GTK_IS_TEXT (widget) && gtk_text_get_placeholder_text (GTK_TEXT (widget)) != NULL)
    g_ptr_array_add (texts, g_strdup (gtk_text_get_placeholder_text (GTK_TEXT (widget))));
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    collect (c, texts);
}

static GPtrArray *
shown_texts (gpointer widget)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect (GTK_WIDGET (widget), texts);
  return texts;
}

static char *
joined (GPtrArray *texts)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < texts->len; i++)
    g_string_append_printf (out, "#   %s\n", (const char *) g_ptr_array_index (texts, i));
  return g_string_free (out, FALSE);
}

/* No text under WIDGET is one of Ferry's English messages, nor one of
 * libadwaita's or GTK's that a German window translates. */
static void
assert_no_english (gpointer    widget,
                   const char *where)
{
  static const char *toolkit[] = {
    "Credits", "Legal", "Website", "Report an Issue", "Troubleshooting", "What’s New",
    "Acknowledgements", "Main Menu", "Cancel", "Close", NULL
  };
  g_autoptr(GPtrArray) texts = shown_texts (widget);

  g_assert_cmpuint (texts->len, >, 0);
  for (guint i = 0; i < texts->len; i++)
    {
      const char *text = g_ptr_array_index (texts, i);

      if (g_hash_table_contains (english, text) || g_strv_contains (toolkit, text))
        {
          g_autofree char *all = joined (texts);

          g_error ("%s shows the English “%s”; all its texts:\n%s", where, text, all);
        }
    }
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
  g_autoptr(GPtrArray) texts = shown_texts (wait->root);

  for (guint i = 0; i < texts->len; i++)
    if (strstr (g_ptr_array_index (texts, i), wait->words) != NULL)
      return TRUE;
  return FALSE;
}

static void
assert_shows (gpointer    widget,
              const char *words,
              guint       timeout_ms)
{
  TextWait wait = { GTK_WIDGET (widget), words };

  if (!utu_spin_until (text_shown, &wait, timeout_ms))
    {
      g_autoptr(GPtrArray) texts = shown_texts (widget);
      g_autofree char *all = joined (texts);

      g_error ("“%s” is not shown; shown:\n%s", words, all);
    }
}

static void
screenshot (gpointer    widget,
            const char *step)
{
  g_autofree char *name = g_strdup_printf ("l10n-de-%02u-%s.png", ++shots, step);

  utu_wait_ms (200);
  utu_screenshot (GTK_WIDGET (widget), name);
  assert_no_english (widget, step);
}

/* The mapped, sensitive button whose labels read WORDS under ROOT. */
static GtkWidget *
find_button (GtkWidget  *root,
             const char *words)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_BUTTON (root) && gtk_widget_is_sensitive (root))
    {
      g_autoptr(GPtrArray) texts = shown_texts (root);

      for (guint i = 0; i < texts->len; i++)
        if (g_strcmp0 (g_ptr_array_index (texts, i), words) == 0)
          return root;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, words);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
button_shown (gpointer data)
{
  TextWait *wait = data;

  return find_button (wait->root, wait->words) != NULL;
}

static void
click (gpointer    root,
       const char *words)
{
  TextWait wait = { GTK_WIDGET (root), words };

  if (!utu_spin_until (button_shown, &wait, 60000))
    {
      g_autoptr(GPtrArray) texts = shown_texts (root);
      g_autofree char *all = joined (texts);

      g_error ("no button “%s”; shown:\n%s", words, all);
    }
  gtk_widget_activate (find_button (GTK_WIDGET (root), words));
}

/* --- the path ------------------------------------------------------------- */

static gboolean
panes_ready (gpointer data)
{
  for (guint i = 0; i < 2; i++)
    {
      FerryEnvironmentPane *pane = utu_pane (i);
      FerryEnvironment *environment = ferry_environment_pane_get_environment (pane);

      if (environment == NULL ||
          ferry_environment_get_state (environment) != FERRY_CONNECTION_STATE_CONNECTED ||
          g_strcmp0 (ferry_environment_pane_get_project_id (pane), UTU_TUTORIAL_ID) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
compared (gpointer data)
{
  return ferry_compare_view_get_status (utu_compare_view ()) == FERRY_COMPARE_STATUS_DONE;
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
  return find_editor () != NULL;
}

static gboolean
about_shown (gpointer data)
{
  return utu_find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static void
test_german (void)
{
  FerryWindow *window = utu_main_window ();
  FerryMigrationEditor *editor;
  GtkWindow *about;
  g_autofree char *today = NULL;

  /* Messages of the app, of core and of libadwaita (GLib translates a
   * library only when the application itself has a translation). */
  g_assert_cmpstr (_("Compare"), ==, "Vergleichen");
  g_assert_cmpstr (g_dgettext ("libadwaita", "Credits"), !=, "Credits");

  assert_shows (window, "Noch keine Umgebungen", 5000);
  screenshot (window, "launch");

  g_action_group_activate_action (G_ACTION_GROUP (app), "try-demo", NULL);
  g_assert_true (utu_spin_until (panes_ready, NULL, 60000));

  /* The Compare page after a compare: counts and marks in German. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  g_assert_true (utu_spin_until (compared, NULL, 60000));
  assert_shows (window, "19 unterschiedlich", 10000);
  screenshot (window, "compare");

  /* The editor: a project merge, named with today's date in German. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-migration", NULL));
  g_assert_true (utu_spin_until (editor_shown, NULL, 10000));
  editor = find_editor ();
  assert_shows (editor, "Projektzusammenführung", 10000);
  if (german_locale)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      today = g_date_time_format (now, "%-d. %b %Y");
      g_assert_true (g_str_has_suffix (ferry_migration_editor_get_name (editor), today));
    }
  screenshot (editor, "editor");

  /* The rules, then the preview. */
  click (editor, "Weiter");
  assert_shows (editor, "Was in der Quelle neuer ist", 10000);
  screenshot (editor, "rules");
  click (editor, "Weiter");
  assert_shows (editor, "Vorhandenes behalten", 60000);
  assert_shows (editor, "Rückgängig machen wird möglich sein", 10000);
  screenshot (editor, "preview");

  /* Run, watched to its end. */
  click (editor, "Ausführen");
  assert_shows (editor, "In Production importiert", 120000);
  screenshot (editor, "imported");

  /* The Migrations list, the migration selected with its details. */
  click (editor, "In Migrationen zeigen");
  assert_shows (window, "Importiert", 30000);
  utu_wait_ms (300);
  screenshot (window, "migrations");
  assert_shows (window, "Zeitverlauf", 10000);
  assert_shows (window, "Rückgängig-Paket", 10000);

  /* The About window: Ferry's words and libadwaita's. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  g_assert_true (utu_spin_until (about_shown, NULL, 5000));
  about = utu_find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  assert_shows (about, "Die Ferry-Entwickler", 5000);
  assert_shows (about, g_dgettext ("libadwaita", "Credits"), 5000);
  screenshot (about, "about");
  gtk_window_destroy (about);
}

/* de_DE.UTF-8 from the system, or made with localedef into DIR. */
static gboolean
use_german_locale (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (dir, "de_DE.UTF-8", NULL);
  const char *argv[] = { "localedef", "-i", "de_DE", "-f", "UTF-8", target, NULL };
  int status = 0;

  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  if (setlocale (LC_ALL, "") != NULL)
    return TRUE;

  /* Made before the first setlocale() with LOCPATH: glibc remembers a
   * locale it could not load, and would not look again once it exists. */
  if (!g_file_test (target, G_FILE_TEST_IS_DIR))
    {
      g_mkdir_with_parents (dir, 0755);
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL,
                         NULL, NULL, NULL, NULL, &status, &error))
        g_printerr ("# localedef: %s\n", error->message);
    }
  g_setenv ("LOCPATH", dir, TRUE);
  if (setlocale (LC_ALL, "") != NULL)
    return TRUE;

  g_unsetenv ("LOCPATH");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *locale_dir = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                                  "locale", NULL);
  int status;

  /* Before anything translates: GLib decides once whether libraries'
   * messages are translated, from the application's own domain. */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_unsetenv ("LANG");
  german_locale = use_german_locale (locale_dir);
  if (!german_locale && g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_printerr ("No German locale (install “locales” or generate de_DE.UTF-8)\n");
      return 1;
    }
  bindtextdomain (GETTEXT_PACKAGE, FERRY_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  english = load_english (FERRY_TEST_DE_PO);

  app = GTK_APPLICATION (utu_application_init (&argc, &argv));
  if (app == NULL)
    return 0;
  /* gtk_test_init() asks for en_US.UTF-8: the user's locale again. */
  setlocale (LC_ALL, "");
  utu_notification_server_start_standby ();
  g_application_activate (G_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (utu_main_window ()), 1100, 720);
  utu_present (GTK_WINDOW (utu_main_window ()));

  g_test_add_func ("/l10n/german", test_german);
  status = g_test_run ();
  utu_application_teardown ();
  g_hash_table_unref (english);
  return status;
}
