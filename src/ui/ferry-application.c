/* ferry-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-application"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>

#include "ferry-application.h"
#include "ferry-preferences-window.h"
#include "ferry-sandbox.h"
#include "ferry-window.h"

struct _FerryApplication
{
  AdwApplication  parent_instance;

  /* NULL until the demo is asked for; kept until shutdown */
  FerryDemo      *demo;
  /* NULL when the schema is not installed (running uninstalled) */
  GSettings      *settings;
  /* the saved environments (and the demo's, never saved) */
  FerryEnvironmentList *environments;
  /* the migrations of the connected environments, and the work on them */
  FerryMigrationMonitor *monitor;
  gboolean        settings_looked_up;
  /* the drafts an earlier run left were looked for (once per run) */
  gboolean        drafts_looked_up;
  guint           sigint_source;
  guint           sigterm_source;
  /* FERRY_REPORT_FIRST_FRAME: the first window's frame clock, until it
   * painted once (bench/demo-start.c) */
  GdkFrameClock  *first_frame_clock;
  gulong          first_frame_id;
  gboolean        first_frame_asked;
};

G_DEFINE_FINAL_TYPE (FerryApplication, ferry_application, ADW_TYPE_APPLICATION)

/* The most recently focused main window, or a new one. */
static FerryWindow *
ensure_window (FerryApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (FERRY_IS_WINDOW (l->data))
        return FERRY_WINDOW (l->data);
    }

  return ferry_window_new (GTK_APPLICATION (self));
}

static void
for_each_window_set_demo (FerryApplication *self,
                          FerryDemo        *demo)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (FERRY_IS_WINDOW (l->data))
        ferry_window_set_demo (l->data, demo);
    }
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryApplication) self = user_data;
  FerryDemo *demo = FERRY_DEMO (object);
  g_autoptr(GError) error = NULL;
  GListModel *servers;

  if (!ferry_demo_start_finish (demo, result, &error))
    {
      FerryWindow *window = ensure_window (self);

      g_printerr ("%s: %s\n", _("Could not start the demo"), error->message);

      if (self->demo == demo)
        {
          for_each_window_set_demo (self, NULL);
          g_clear_object (&self->demo);
        }

      ferry_window_add_toast (window,
                              adw_toast_new_format (_("Could not start the demo: %s"),
                                                    error->message));
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  /* For curl and other clients: where the demo servers listen. */
  servers = ferry_demo_get_servers (demo);
  for (guint i = 0; i < g_list_model_get_n_items (servers); i++)
    {
      g_autoptr(FerrySandbox) sandbox = g_list_model_get_item (servers, i);

      g_printerr ("%s: %s\n",
                  ferry_sandbox_get_name (sandbox),
                  ferry_sandbox_get_base_url (sandbox));
    }
}

static void
demo_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryWindow *window = ensure_window (self);

  if (self->demo == NULL)
    {
      self->demo = ferry_demo_new ();
      ferry_demo_start_async (self->demo, NULL, demo_started_cb, g_object_ref (self));
    }

  for_each_window_set_demo (self, self->demo);
  gtk_window_present (GTK_WINDOW (window));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  FerryApplication *self = user_data;
  const char *developers[] = { _("The Ferry developers"), NULL };
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  AdwAboutWindow *about;

  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  adw_about_window_set_application_name (about, _("Ferry"));
  adw_about_window_set_application_icon (about, APP_ID);
  adw_about_window_set_developer_name (about, _("The Ferry developers"));
  adw_about_window_set_version (about, PACKAGE_VERSION);
  adw_about_window_set_comments (about, _("Move BI content between MicroStrategy environments"));
  adw_about_window_set_website (about, "https://github.com/ferryapp/ferry");
  adw_about_window_set_issue_url (about, "https://github.com/ferryapp/ferry/issues");
  adw_about_window_set_developers (about, developers);
  adw_about_window_set_copyright (about, _("© 2026 The Ferry developers"));
  adw_about_window_set_license_type (about, GTK_LICENSE_GPL_3_0);
  /* Translators: Replace "translator-credits" with your name, one name per line. */
  adw_about_window_set_translator_credits (about, _("translator-credits"));

  if (window != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (about), window);
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  FerryApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  GSettings *settings = ferry_application_get_settings (self);
  FerryPreferencesWindow *preferences;

  /* Uninstalled, without the schema, there is nothing to prefer. */
  if (settings == NULL)
    return;

  preferences = ferry_preferences_window_new (window, settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
help_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  FerryApplication *self = user_data;

  /* The Mallard pages of help/C, installed for Yelp. */
  gtk_show_uri (gtk_application_get_active_window (GTK_APPLICATION (self)),
                "help:ferry", GDK_CURRENT_TIME);
}

/* The desktop file's New Migration: the window's own action, once the
 * window shows (it is disabled until two projects are chosen). */
static void
new_migration_app_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-migration", NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  /* The main window focused last asks first while a migration runs. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l != NULL; l = l->next)
    if (FERRY_IS_WINDOW (l->data))
      {
        ferry_window_quit (l->data);
        return;
      }
  g_application_quit (G_APPLICATION (user_data));
}

/* --- the desktop notification of every job that ends ------------------------ */

/* app.show-migration (s: a migration id): a notification's default action.
 * The window focused last (or a new one) on its Migrations page, with
 * that migration's row selected and its details open. */
static void
show_migration_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  FerryApplication *self = user_data;
  FerryWindow *window = ensure_window (self);
  const char *id = g_variant_get_string (parameter, NULL);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-migrations", "s", id);
}

/* The name of the environment CONNECTION belongs to, or NULL. */
static const char *
environment_name_of (FerryApplication *self,
                     FerryConnection  *connection)
{
  GListModel *model = G_LIST_MODEL (ferry_application_get_environments (self));

  if (connection == NULL)
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (model, i);

      if (ferry_environment_get_connection (environment) == connection)
        return ferry_environment_get_name (environment);
    }
  return NULL;
}

/* Whether a Ferry window the user is in shows MIGRATION_ID's details. */
static gboolean
migration_is_shown (FerryApplication *self,
                    const char       *migration_id)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (FERRY_IS_WINDOW (l->data) && ferry_window_shows_migration (l->data, migration_id))
      return TRUE;
  return FALSE;
}

/* The title and body of JOB's notification; FALSE for a job that is not
 * over or was cancelled (the user knows). */
static gboolean
describe_job (FerryApplication *self,
              FerryJob         *job,
              const char      **title,
              char            **body)
{
  FerryJobState state = ferry_job_get_state (job);
  const char *id = ferry_job_get_migration_id (job);
  FerryMigration *migration = ferry_job_get_migration (job);
  const char *name = NULL;
  const char *where = environment_name_of (self, ferry_job_get_target (job));
  gboolean undo = FERRY_IS_UNDO_JOB (job);
  gboolean delete = FERRY_IS_DELETE_JOB (job);
  g_autofree char *described = NULL;

  if (state != FERRY_JOB_STATE_SUCCEEDED && state != FERRY_JOB_STATE_FAILED)
    return FALSE;
  if (migration == NULL && id != NULL && self->monitor != NULL)
    migration = ferry_migration_list_lookup (ferry_migration_monitor_get_migrations (self->monitor), id);
  if (migration != NULL)
    name = ferry_migration_get_name (migration);
  if (name == NULL || name[0] == '\0')
    name = id != NULL ? id : _("The migration");
  if (where == NULL)
    where = _("the target");

  if (FERRY_IS_VALIDATION_JOB (job))
    {
      *title = state == FERRY_JOB_STATE_SUCCEEDED ? _("Validation Finished") : _("Validation Failed");
      *body = ferry_validation_job_describe (FERRY_VALIDATION_JOB (job), name, where);
      return TRUE;
    }
  if (state == FERRY_JOB_STATE_SUCCEEDED)
    {
      *title = undo ? _("Migration Undone") : delete ? _("Migration Deleted") : _("Migration Imported");
      *body = undo ? g_strdup_printf (_("“%s” was undone in %s"), name, where)
            : delete ? g_strdup_printf (_("“%s” was deleted"), name)
            : g_strdup_printf (_("“%s” was imported into %s"), name, where);
      return TRUE;
    }
  described = ferry_job_get_error (job) != NULL ? ferry_api_error_describe (ferry_job_get_error (job))
                                               : g_strdup (_("Unknown error"));
  *title = undo ? _("Undo Failed") : delete ? _("Delete Failed") : _("Migration Failed");
  *body = undo ? g_strdup_printf (_("Could not undo “%s”: %s"), name, described)
        : delete ? g_strdup_printf (_("Could not delete “%s”: %s"), name, described)
        : g_strdup_printf (_("“%s” failed: %s"), name, described);
  return TRUE;
}

/* The monitor's "job-finished", once per job, whoever started it (an
 * editor, a Migrations page, a file import, a job resumed after a
 * restart): a desktop notification that opens the migration, unless the
 * user is looking at its details already. The id is the one the editor
 * uses for its own runs, so that they show once. Packages written by an
 * editor are the editor's to report. */
static void
monitor_job_finished_cb (FerryApplication *self,
                         FerryJob         *job)
{
  const char *id = ferry_job_get_migration_id (job);
  g_autofree char *notification_id = g_strdup_printf ("ferry-job-%p", (void *) job);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;
  const char *title = NULL;

  if (FERRY_IS_PACKAGE_CREATE_JOB (job) || FERRY_IS_PACKAGE_EDIT_JOB (job))
    return;
  if (!g_application_get_is_registered (G_APPLICATION (self)) || !describe_job (self, job, &title, &body))
    return;
  if (id != NULL && migration_is_shown (self, id))
    {
      g_application_withdraw_notification (G_APPLICATION (self), notification_id);
      return;
    }

  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  if (id != NULL)
    g_notification_set_default_action_and_target (notification, "app.show-migration", "s", id);
  g_application_send_notification (G_APPLICATION (self), notification_id, notification);
}

static const GActionEntry app_actions[] = {
  { "try-demo", demo_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "help", help_action },
  { "new-migration", new_migration_app_action },
  { "quit", quit_action },
  { "show-migration", show_migration_action, "s" },
};

/* Ctrl+C in the terminal quits properly, so the demo folder is removed. */
static gboolean
quit_on_signal_cb (gpointer user_data)
{
  g_application_quit (G_APPLICATION (user_data));

  return G_SOURCE_CONTINUE;
}

static int
ferry_application_handle_local_options (GApplication *application,
                                        GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_contains (options, "demo"))
    {
      g_autoptr(GError) error = NULL;

      /* Through the action, so that a running instance starts the demo. */
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (application), "try-demo", NULL);
    }

  if (g_variant_dict_contains (options, "new-migration"))
    {
      g_autoptr(GError) error = NULL;

      /* As --demo: a running instance opens it. */
      if (!g_application_register (application, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_action_group_activate_action (G_ACTION_GROUP (application), "new-migration", NULL);
    }

  return -1;
}

static void
ferry_application_startup (GApplication *application)
{
  FerryApplication *self = FERRY_APPLICATION (application);
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *compare_accels[] = { "<Control>r", NULL };
  static const char *reload_accels[] = { "F5", NULL };
  static const char *differences_accels[] = { "<Control>d", NULL };
  static const char *details_accels[] = { "F9", NULL };
  static const char *search_accels[] = { "<Control>f", NULL };
  static const char *new_migration_accels[] = { "<Control>n", NULL };
  static const char *add_to_migration_accels[] = { "<Control><Shift>n", NULL };
  static const char *import_file_accels[] = { "<Control>i", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *help_accels[] = { "F1", NULL };

  G_APPLICATION_CLASS (ferry_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.compare", compare_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.reload", reload_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.differences-only", differences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-details", details_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new-migration", new_migration_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.add-to-migration", add_to_migration_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.import-file", import_file_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  self->sigint_source = g_unix_signal_add (SIGINT, quit_on_signal_cb, self);
  self->sigterm_source = g_unix_signal_add (SIGTERM, quit_on_signal_cb, self);
}

/* With FERRY_REPORT_FIRST_FRAME set, the first frame a window painted is
 * printed on stdout as "FERRY-FIRST-FRAME\t<monotonic µs>" (the clock is
 * the system's, so the process that started us can subtract its own
 * start): bench/demo-start.c. One line, once; nothing without the variable. */
static void
first_frame_painted_cb (GdkFrameClock    *clock,
                        FerryApplication *self)
{
  g_print ("FERRY-FIRST-FRAME\t%" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  fflush (stdout);
  g_clear_signal_handler (&self->first_frame_id, self->first_frame_clock);
  g_clear_object (&self->first_frame_clock);
}

static void
report_first_frame (FerryApplication *self,
                    GtkWidget        *window)
{
  GdkFrameClock *clock;

  if (self->first_frame_asked)
    return;
  self->first_frame_asked = TRUE;
  if (g_getenv ("FERRY_REPORT_FIRST_FRAME") == NULL)
    return;
  clock = gtk_widget_get_frame_clock (window);
  if (clock == NULL)
    return;
  self->first_frame_clock = g_object_ref (clock);
  self->first_frame_id = g_signal_connect (clock, "after-paint", G_CALLBACK (first_frame_painted_cb), self);
}

static void
ferry_application_activate (GApplication *application)
{
  FerryApplication *self = FERRY_APPLICATION (application);
  FerryWindow *window = ensure_window (self);

  if (self->demo != NULL)
    ferry_window_set_demo (window, self->demo);

  gtk_window_present (GTK_WINDOW (window));
  report_first_frame (self, GTK_WIDGET (window));
  /* Once the window shows: a migration being defined when an earlier run
   * was killed or quit comes back. */
  if (!self->drafts_looked_up)
    {
      self->drafts_looked_up = TRUE;
      ferry_window_find_recovered_draft (window);
    }
}

/* `ferry FILE.mmp`: a window, and the import dialog of each file (with
 * --demo too: the demo's environments are offered once they connect). */
static void
ferry_application_open (GApplication  *application,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  FerryApplication *self = FERRY_APPLICATION (application);
  FerryWindow *window;

  ferry_application_activate (application);
  window = ensure_window (self);
  for (int i = 0; i < n_files; i++)
    ferry_window_import_file (window, files[i]);
}

static void
ferry_application_shutdown (GApplication *application)
{
  FerryApplication *self = FERRY_APPLICATION (application);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);

  if (self->demo != NULL)
    {
      for_each_window_set_demo (self, NULL);
      ferry_demo_stop (self->demo);
      g_clear_object (&self->demo);
    }

  /* The jobs stop (the servers' work goes on; the next start resumes it). */
  if (self->monitor != NULL)
    g_object_run_dispose (G_OBJECT (self->monitor));

  G_APPLICATION_CLASS (ferry_application_parent_class)->shutdown (application);
}

static void
ferry_application_dispose (GObject *object)
{
  FerryApplication *self = FERRY_APPLICATION (object);

  g_clear_handle_id (&self->sigint_source, g_source_remove);
  g_clear_handle_id (&self->sigterm_source, g_source_remove);
  if (self->first_frame_clock != NULL)
    g_clear_signal_handler (&self->first_frame_id, self->first_frame_clock);
  g_clear_object (&self->first_frame_clock);
  g_clear_object (&self->demo);
  g_clear_object (&self->monitor);
  g_clear_object (&self->environments);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ferry_application_parent_class)->dispose (object);
}

/* GTK 4.8 shows focus rings once a key reaches the window's own handler,
 * which Enter on a button, Ctrl+R or any shortcut never does: a keyboard
 * user who only pressed those would see no ring on what the app focused
 * for them (the first difference, Run, Done). Any key but a modifier
 * alone shows them; the pointer hides them again as GTK does. */
static gboolean
key_shows_focus_cb (GtkEventControllerKey *controller,
                    guint                  keyval,
                    guint                  keycode,
                    GdkModifierType        state,
                    GtkWindow             *window)
{
  switch (keyval)
    {
    case GDK_KEY_Shift_L: case GDK_KEY_Shift_R:
    case GDK_KEY_Control_L: case GDK_KEY_Control_R:
    case GDK_KEY_Alt_L: case GDK_KEY_Alt_R:
    case GDK_KEY_Super_L: case GDK_KEY_Super_R:
    case GDK_KEY_Meta_L: case GDK_KEY_Meta_R:
    case GDK_KEY_ISO_Level3_Shift:
      break;

    default:
      gtk_window_set_focus_visible (window, TRUE);
      break;
    }

  return GDK_EVENT_PROPAGATE;
}

static void
ferry_application_window_added (GtkApplication *application,
                                GtkWindow      *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_shows_focus_cb), window, 0);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);

  GTK_APPLICATION_CLASS (ferry_application_parent_class)->window_added (application, window);
}

static void
ferry_application_class_init (FerryApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);
  GtkApplicationClass *gtk_app_class = GTK_APPLICATION_CLASS (klass);

  object_class->dispose = ferry_application_dispose;

  app_class->handle_local_options = ferry_application_handle_local_options;
  app_class->startup = ferry_application_startup;
  app_class->activate = ferry_application_activate;
  app_class->open = ferry_application_open;
  app_class->shutdown = ferry_application_shutdown;
  gtk_app_class->window_added = ferry_application_window_added;

  g_type_ensure (FERRY_TYPE_WINDOW);
}

static void
ferry_application_init (FerryApplication *self)
{
  static const GOptionEntry entries[] = {
    { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Start two demo servers on this computer and show them"), NULL },
    { "new-migration", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Open the window and start defining a new migration"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
}

/**
 * ferry_application_get_demo:
 *
 * Returns: (transfer none) (nullable): the demo, once it was asked for.
 */
FerryDemo *
ferry_application_get_demo (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  return self->demo;
}

/**
 * ferry_application_get_environments:
 *
 * Returns: (transfer none): the environments, kept in GSettings
 *   "environments" (without the schema installed: in memory only).
 */
FerryEnvironmentList *
ferry_application_get_environments (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  if (self->environments == NULL)
    self->environments = ferry_environment_list_new (ferry_application_get_settings (self));

  return self->environments;
}

/**
 * ferry_application_get_settings:
 *
 * The application's settings, opened once here and handed to the objects
 * that keep something in them (environments, the monitor, windows).
 *
 * Returns: (transfer none) (nullable): NULL when the schema is not
 *   installed (running uninstalled): nothing is remembered then.
 */
GSettings *
ferry_application_get_settings (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  if (!self->settings_looked_up)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = NULL;

      self->settings_looked_up = TRUE;
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
      if (schema != NULL)
        self->settings = g_settings_new_full (schema, NULL, NULL);
      else
        g_debug ("Schema %s is not installed; nothing is remembered", APP_ID);
    }
  return self->settings;
}

/**
 * ferry_application_get_migration_monitor:
 *
 * Returns: (transfer none): the migrations of the connected environments
 *   and the work on them, shared by the windows.
 */
FerryMigrationMonitor *
ferry_application_get_migration_monitor (FerryApplication *self)
{
  g_return_val_if_fail (FERRY_IS_APPLICATION (self), NULL);

  if (self->monitor == NULL)
    {
      self->monitor = ferry_migration_monitor_new (G_LIST_MODEL (ferry_application_get_environments (self)),
                                                 ferry_application_get_settings (self));
      g_signal_connect_object (self->monitor, "job-finished",
                               G_CALLBACK (monitor_job_finished_cb), self, G_CONNECT_SWAPPED);
    }
  return self->monitor;
}

FerryApplication *
ferry_application_new (void)
{
  return g_object_new (FERRY_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", APP_RESOURCE_PATH,
                       NULL);
}
