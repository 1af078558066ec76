/* ferry-migrations-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How the parts fit:
 *
 * - Environments: one EnvState per item of the environments model, with the
 *   connection while the environment is connected (added to the
 *   FerryMigrationList) and the ids read from it.
 *
 * - Listing: GET /api/migrations page by page (1000 records) per
 *   connection; every record goes into a queue that an idle handler feeds
 *   to the FerryMigrationList a few milliseconds at a time, so the first
 *   rows show after the first page and the main loop never stalls on ten
 *   thousand records. At the end of a connection's listing, the ids it knew
 *   but did not list any more are forgotten there.
 *
 * - Everything that changes records (listing, polls, jobs' records, the
 *   actions' answers) ends in queue_changes(): once per main-loop turn the
 *   list is scanned for the migrations in progress ("n-running"), the
 *   filter and the sorters that depend on states are told, jobs are
 *   resumed, the poller is started, the page and the count are updated.
 *
 * - Polling: a timer reads the records of migrations in progress that no
 *   job watches, on the connection that holds the work (the source while
 *   the package is created, the target while importing or undoing): 1 s,
 *   doubling to 10 s while nothing changes.
 *
 * - Jobs: a process-wide registry keeps one job per migration id, so two
 *   windows never drive the same migration twice. A view watches jobs (its
 *   own and handed-over ones): the job's records go into the list, its
 *   progress into the row and the details.
 *
 * - Cells: one small widget class (FerryMigrationCell) for every column;
 *   bound cells follow their migration's notifications, and the view
 *   updates them when environment names or jobs change.
 */

#define G_LOG_DOMAIN "ferry-migrations-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-migrations-view.h"

#define LIST_PAGE_SIZE     1000
#define LIST_PURPOSES      "object_migration,project_merge,migration_from_shared_file_store"
#define FEED_BUDGET_US     4000
#define FEED_BATCH         25
/* Narrower than this, the list shows only what says where a migration is:
 * its name, its import and its progress. */
#define NARROW_WIDTH       720
#define POLL_MIN_MS        1000
#define POLL_MAX_MS        10000
#define FOCUS_REFRESH_US   (G_USEC_PER_SEC * 10)
#define RESUMED_POLL_MIN_MS 1000
#define RESUMED_POLL_MAX_MS 10000

typedef struct _FerryMigrationCell FerryMigrationCell;

/* ------------------------------------------------------------------------ */
/* The job registry (process-wide)                                            */
/* ------------------------------------------------------------------------ */

/* migration id → FerryJob (running), one per id in the process. */
static GHashTable *job_registry;

static FerryJob *
registry_lookup (const char *migration_id)
{
  if (job_registry == NULL || migration_id == NULL)
    return NULL;
  return g_hash_table_lookup (job_registry, migration_id);
}

static void
registry_remove (FerryJob *job)
{
  const char *id = ferry_job_get_migration_id (job);

  if (job_registry != NULL && id != NULL && g_hash_table_lookup (job_registry, id) == job)
    g_hash_table_remove (job_registry, id);
}

/* ------------------------------------------------------------------------ */
/* Migrations this computer drives (process-wide, kept in GSettings)          */
/* ------------------------------------------------------------------------ */

/* Auto-resume drives a migration on (request, approve, import, undo) only
 * when Ferry on this computer started it: someone else's migration that
 * waits for approval is theirs to approve. The ids of migrations started
 * here and not seen to their end are kept in the "unfinished-migrations"
 * key, so a restarted Ferry goes on with them; without the schema (a build
 * run without its settings) they are kept for the process only. Others'
 * migrations in progress are only read again (polled). */
#define OWN_MAX 500

static GHashTable *own_ids;
static GSettings  *own_settings;

static void
own_ensure (void)
{
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) ids = NULL;

  if (own_ids != NULL)
    return;
  own_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  source = g_settings_schema_source_get_default ();
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL || !g_settings_schema_has_key (schema, "unfinished-migrations"))
    return;
  own_settings = g_settings_new_full (schema, NULL, NULL);
  ids = g_settings_get_strv (own_settings, "unfinished-migrations");
  for (guint i = 0; ids[i] != NULL; i++)
    g_hash_table_add (own_ids, g_strdup (ids[i]));
}

static void
own_save (void)
{
  g_autofree const char **ids = NULL;

  if (own_settings == NULL)
    return;
  ids = (const char **) g_hash_table_get_keys_as_array (own_ids, NULL);
  g_settings_set_strv (own_settings, "unfinished-migrations", ids);
}

static gboolean
own_contains (const char *migration_id)
{
  own_ensure ();
  return migration_id != NULL && g_hash_table_contains (own_ids, migration_id);
}

static void
own_add (const char *migration_id)
{
  own_ensure ();
  if (migration_id == NULL || g_hash_table_contains (own_ids, migration_id) ||
      g_hash_table_size (own_ids) >= OWN_MAX)
    return;
  g_hash_table_add (own_ids, g_strdup (migration_id));
  own_save ();
}

static void
own_remove (const char *migration_id)
{
  own_ensure ();
  if (migration_id != NULL && g_hash_table_remove (own_ids, migration_id))
    own_save ();
}

static void
registry_job_finished_cb (FerryJob *job)
{
  /* Cancelled: the server goes on, and so does Ferry after a restart. */
  if (ferry_job_get_state (job) != FERRY_JOB_STATE_CANCELLED)
    own_remove (ferry_job_get_migration_id (job));
  registry_remove (job);
}

/* Files JOB (running, its id known) unless another job drives the id. */
static void
registry_add (FerryJob *job)
{
  const char *id = ferry_job_get_migration_id (job);

  if (id == NULL || ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED ||
      ferry_job_get_state (job) == FERRY_JOB_STATE_FAILED ||
      ferry_job_get_state (job) == FERRY_JOB_STATE_CANCELLED)
    return;
  if (job_registry == NULL)
    job_registry = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (g_hash_table_contains (job_registry, id))
    return;
  g_hash_table_insert (job_registry, g_strdup (id), g_object_ref (job));
  g_signal_connect (job, "finished", G_CALLBACK (registry_job_finished_cb), NULL);
  if (ferry_job_get_kind (job) != FERRY_JOB_KIND_DELETE)
    own_add (id);
}

/* ------------------------------------------------------------------------ */
/* Types                                                                      */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryMigrationsView *view;            /* borrowed: states die with the view */
  FerryEnvironment    *environment;
  gulong               notify_handler;
  FerryConnection     *connection;      /* while connected */
  char                *key;             /* of the environment's base URL */
  GHashTable          *known;           /* ids read from the connection */
  GHashTable          *seen;            /* ids listed by the listing under way */
  GCancellable        *cancellable;     /* the listing */
  guint                generation;      /* of the listing: stale pages are dropped */
  gboolean             listing;
  gboolean             listed;          /* a listing ended (well or not) */
  guint                n_listed;
  gint64               total;
  GError              *error;           /* of the last listing */
} EnvState;

typedef struct
{
  EnvState   *env;
  guint       generation;
  JsonObject *record;                   /* NULL: the end of the listing */
} Pending;

typedef struct
{
  FerryJob *job;
  gboolean  owned;                      /* started here: cancelled in dispose, reported */
  gulong    handlers[4];
  char     *name;                       /* the migration's name at the start, for toasts */
} Watched;

typedef enum
{
  ACTION_REQUEST_IMPORT,
  ACTION_APPROVE,
  ACTION_IMPORT,
  ACTION_UNDO,
  ACTION_DELETE,
  N_ACTIONS
} MigrationAction;

static const char *const action_names[N_ACTIONS] = {
  FERRY_MIGRATION_ACTION_REQUEST_IMPORT,
  FERRY_MIGRATION_ACTION_APPROVE,
  FERRY_MIGRATION_ACTION_IMPORT,
  FERRY_MIGRATION_ACTION_UNDO,
  FERRY_MIGRATION_ACTION_DELETE,
};

struct _FerryMigrationsView
{
  AdwBin                 parent_instance;

  /* template widgets */
  GtkSearchEntry        *search_entry;
  GtkWidget             *refresh_button;
  GtkMenuButton         *export_button;
  GtkDropDown           *status_dropdown;
  GtkDropDown           *purpose_dropdown;
  GtkSpinner            *loading_spinner;
  GtkLabel              *count_label;
  GtkRevealer           *errors_revealer;
  GtkBox                *errors_box;
  AdwFlap               *flap;
  GtkStack              *stack;
  GtkSpinner            *page_spinner;
  AdwStatusPage         *empty_page;
  AdwStatusPage         *error_page;
  GtkScrolledWindow     *scrolled_window;
  GtkColumnView         *column_view;
  gboolean               narrow;           /* the columns of a narrow window */
  guint                  narrow_idle;
  FerryMigrationDetails *details;
  GMenuModel            *row_menu;

  /* owned */
  GCancellable          *cancellable;
  GListModel            *environments;
  gulong                 environments_handler;
  GPtrArray             *envs;              /* EnvState */
  GHashTable            *names;             /* key → environment name */
  GHashTable            *key_cache;         /* environment id → key ("" for none) */
  FerryMigrationList    *list;
  GtkCustomFilter       *filter;
  GtkFilterListModel    *filter_model;
  GtkSortListModel      *sort_model;
  GtkSingleSelection    *selection;
  GtkSorter             *dynamic_sorters[4];
  GtkWidget             *row_popover;
  AdwToastOverlay       *toast_overlay;
  gboolean               auto_resume;

  /* filters */
  FerryMigrationsFilter  status_filter;
  char                  *purpose_filter;
  char                  *search_folded;

  /* feeding */
  GQueue                 pending;           /* Pending */
  guint                  feed_idle;

  /* changes */
  GHashTable            *busy;              /* ids of migrations the servers work on */
  guint                  changes_idle;
  guint                  resort_source;
  gint64                 last_resort_us;
  guint                  n_running;
  gboolean               loading;

  /* polling */
  guint                  poll_source;
  guint                  poll_interval_ms;
  guint                  polls_pending;
  gboolean               poll_changed;

  /* jobs and actions */
  GHashTable            *watched;           /* id → Watched */
  GHashTable            *unnamed;           /* FerryJob → Watched: id not known yet */
  GHashTable            *actions_running;   /* ids with a PATCH under way */
  GHashTable            *last_errors;       /* id → GError */
  GHashTable            *toc_views;         /* id → JsonObject (packageInfo.tocView) */
  GHashTable            *toc_fetching;      /* id → error message or "" while fetching */

  /* cells */
  GHashTable            *cells;             /* FerryMigrationCell set */

  /* the selection */
  FerryMigration        *selected;
  gulong                 selected_handler;

  /* focus */
  GtkWindow             *root_window;
  gulong                 active_handler;
  gint64                 last_refresh_us;
};

G_DEFINE_FINAL_TYPE (FerryMigrationsView, ferry_migrations_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ENVIRONMENTS,
  PROP_N_RUNNING,
  PROP_TOAST_OVERLAY,
  PROP_AUTO_RESUME,
  PROP_LOADING,
  PROP_SELECTED_MIGRATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_TOAST,
  SIGNAL_JOB_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void queue_changes        (FerryMigrationsView *self);
static void update_actions       (FerryMigrationsView *self);
static void update_cells_for     (FerryMigrationsView *self,
                                  FerryMigration      *migration);
static void watch_job            (FerryMigrationsView *self,
                                  FerryJob            *job,
                                  gboolean             owned);
static void env_start_listing    (EnvState            *env);
static void fetch_content        (FerryMigrationsView *self,
                                  FerryMigration      *migration);

/* ------------------------------------------------------------------------ */
/* Small helpers                                                              */
/* ------------------------------------------------------------------------ */

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

static void
toast (FerryMigrationsView *self,
       const char          *message)
{
  if (self->toast_overlay != NULL)
    {
      AdwToast *t = adw_toast_new (message);

      adw_toast_set_timeout (t, 6);
      adw_toast_overlay_add_toast (self->toast_overlay, t);
    }
  g_signal_emit (self, signals[SIGNAL_TOAST], 0, message);
}

static const char *
migration_name (FerryMigration *migration)
{
  const char *name = ferry_migration_get_name (migration);

  return name != NULL && *name != '\0' ? name : ferry_migration_get_id (migration);
}

/* The key of an environment id, cached (NULL for none). */
static const char *
environment_key (FerryMigrationsView *self,
                 const char          *environment_id)
{
  const char *key;

  if (environment_id == NULL || *environment_id == '\0')
    return NULL;
  key = g_hash_table_lookup (self->key_cache, environment_id);
  if (key == NULL)
    {
      char *computed = ferry_migrations_environment_key (environment_id);

      key = computed != NULL ? computed : g_strdup ("");
      g_hash_table_insert (self->key_cache, g_strdup (environment_id), (char *) key);
    }
  return *key != '\0' ? key : NULL;
}

static EnvState *
env_for_id (FerryMigrationsView *self,
            const char          *environment_id)
{
  const char *key = environment_key (self, environment_id);

  if (key == NULL)
    return NULL;
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->key != NULL && g_str_equal (env->key, key))
        return env;
    }
  return NULL;
}

/* The connection to the environment ENVIRONMENT_ID, while connected. */
static FerryConnection *
connection_for_id (FerryMigrationsView *self,
                   const char          *environment_id)
{
  EnvState *env = env_for_id (self, environment_id);

  return env != NULL ? env->connection : NULL;
}

static FerryConnection *
source_connection (FerryMigrationsView *self,
                   FerryMigration      *migration)
{
  return connection_for_id (self, ferry_migration_get_source_environment_id (migration));
}

static FerryConnection *
target_connection (FerryMigrationsView *self,
                   FerryMigration      *migration)
{
  return connection_for_id (self, ferry_migration_get_target_environment_id (migration));
}

static char *
source_name (FerryMigrationsView *self,
             FerryMigration      *migration)
{
  char *name = ferry_migrations_environment_name (self->names,
                                                  ferry_migration_get_source_environment_id (migration),
                                                  ferry_migration_get_source_environment_name (migration));

  return name != NULL ? name : g_strdup (_("the source"));
}

static char *
target_name (FerryMigrationsView *self,
             FerryMigration      *migration)
{
  char *name = ferry_migrations_environment_name (self->names,
                                                  ferry_migration_get_target_environment_id (migration),
                                                  ferry_migration_get_target_environment_name (migration));

  return name != NULL ? name : g_strdup (_("the target"));
}

static FerryJob *
running_job (FerryMigrationsView *self,
             const char          *migration_id)
{
  Watched *watched;

  if (migration_id == NULL)
    return NULL;
  watched = g_hash_table_lookup (self->watched, migration_id);
  if (watched != NULL && ferry_job_get_state (watched->job) == FERRY_JOB_STATE_RUNNING)
    return watched->job;
  return NULL;
}

/* The server works on it, or a job does. */
static gboolean
in_progress (FerryMigrationsView *self,
             FerryMigration      *migration)
{
  return ferry_migration_get_busy (migration) ||
         running_job (self, ferry_migration_get_id (migration)) != NULL;
}

/* The progress a row shows (0–1), or -1 when nothing runs; *LABEL gets
 * what is under way (nullable). */
static double
row_progress (FerryMigrationsView *self,
              FerryMigration      *migration,
              const char         **label)
{
  FerryJob *job = running_job (self, ferry_migration_get_id (migration));

  if (label != NULL)
    *label = NULL;
  if (job != NULL)
    {
      if (label != NULL)
        *label = ferry_job_get_step_label (job);
      return CLAMP (ferry_job_get_progress (job), 0.0, 1.0);
    }
  if (is (ferry_migration_get_package_status (migration), "creating"))
    {
      if (label != NULL)
        *label = _("Creating the package");
      return CLAMP (ferry_migration_get_package_progress (migration) / 100.0, 0.0, 1.0);
    }
  if (is (ferry_migration_get_import_status (migration), "importing"))
    {
      if (label != NULL)
        *label = _("Importing");
      return CLAMP (ferry_migration_get_import_progress (migration) / 100.0, 0.0, 1.0);
    }
  if (is (ferry_migration_get_import_status (migration), "undoing"))
    {
      if (label != NULL)
        *label = _("Undoing");
      return CLAMP (ferry_migration_get_import_progress (migration) / 100.0, 0.0, 1.0);
    }
  return -1.0;
}

/* ------------------------------------------------------------------------ */
/* Cell texts                                                                 */
/* ------------------------------------------------------------------------ */

static char *
route_line (FerryMigrationsView *self,
            FerryMigration      *migration)
{
  g_autofree char *source = source_name (self, migration);
  g_autofree char *target = target_name (self, migration);

  return g_strdup_printf ("%s → %s", source, target);
}

static char *
projects_line (FerryMigration *migration)
{
  const char *source = ferry_migration_get_source_project_name (migration);
  const char *target = ferry_migration_get_target_project_name (migration);

  if (source == NULL || *source == '\0')
    source = ferry_migration_get_source_project_id (migration);
  if (target == NULL || *target == '\0')
    target = ferry_migration_get_target_project_id (migration);

  if ((source == NULL || *source == '\0') && (target == NULL || *target == '\0'))
    return g_strdup (is (ferry_migration_get_package_type (migration), "configuration")
                     ? _("Configuration") : "");
  if (source == NULL || target == NULL || g_strcmp0 (source, target) == 0)
    return g_strdup (source != NULL ? source : target);
  return g_strdup_printf ("%s → %s", source, target);
}

char *
ferry_migrations_view_dup_cell_text (FerryMigrationsView   *self,
                                     FerryMigration        *migration,
                                     FerryMigrationsColumn  column)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);
  g_return_val_if_fail (FERRY_IS_MIGRATION (migration), NULL);

  switch (column)
    {
    case FERRY_MIGRATIONS_COLUMN_NAME:
      return g_strdup (migration_name (migration));

    case FERRY_MIGRATIONS_COLUMN_PURPOSE:
      return g_strdup (ferry_migration_details_describe_purpose (ferry_migration_get_purpose (migration)));

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE:
      return g_strdup (ferry_migration_details_describe_package_type (ferry_migration_get_package_type (migration)));

    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      {
        g_autofree char *route = route_line (self, migration);
        g_autofree char *projects = projects_line (migration);

        return g_strdup_printf ("%s\n%s", route, projects);
      }

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
      return g_strdup (ferry_migration_details_describe_package_state (migration, NULL, NULL));

    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      return g_strdup (ferry_migration_details_describe_import_state (migration, NULL, NULL));

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        double progress = row_progress (self, migration, NULL);

        if (progress < 0.0)
          return g_strdup ("");
        /* Translators: a progress, e.g. "45 %" */
        return g_strdup_printf (_("%.0f %%"), progress * 100.0);
      }

    case FERRY_MIGRATIONS_COLUMN_CREATOR:
      return g_strdup (ferry_migration_get_creator_name (migration) != NULL
                       ? ferry_migration_get_creator_name (migration) : "");

    case FERRY_MIGRATIONS_COLUMN_CREATED:
      {
        char *text = ferry_migration_details_format_date (ferry_migration_get_package_creation_date (migration), FALSE);

        return text != NULL ? text : g_strdup ("");
      }

    case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
      {
        char *text = ferry_migration_details_format_date (ferry_migrations_last_updated (migration), FALSE);

        return text != NULL ? text : g_strdup ("");
      }

    default:
      g_return_val_if_reached (NULL);
    }
}

/* ------------------------------------------------------------------------ */
/* FerryMigrationCell: one cell of any column                                 */
/* ------------------------------------------------------------------------ */

#define FERRY_TYPE_MIGRATION_CELL (ferry_migration_cell_get_type ())
G_DECLARE_FINAL_TYPE (FerryMigrationCell, ferry_migration_cell, FERRY, MIGRATION_CELL, GtkWidget)

struct _FerryMigrationCell
{
  GtkWidget              parent_instance;

  FerryMigrationsView   *view;              /* weak */
  FerryMigrationsColumn  column;
  FerryMigration        *migration;
  gulong                 notify_handler;
  GtkWidget             *image;
  GtkWidget             *text;              /* GtkInscription */
  GtkWidget             *second;            /* GtkInscription: the route's projects */
  GtkWidget             *progress;          /* GtkProgressBar */
};

G_DEFINE_FINAL_TYPE (FerryMigrationCell, ferry_migration_cell, GTK_TYPE_WIDGET)

static void
ferry_migration_cell_update (FerryMigrationCell *self)
{
  static const char *const styles[] = { "success", "warning", "error", "accent", "dim-label", NULL };
  FerryMigrationsView *view = self->view;
  FerryMigration *m = self->migration;

  if (view == NULL || m == NULL)
    {
      gtk_inscription_set_text (GTK_INSCRIPTION (self->text), NULL);
      if (self->second != NULL)
        gtk_inscription_set_text (GTK_INSCRIPTION (self->second), NULL);
      if (self->progress != NULL)
        gtk_widget_set_visible (self->progress, FALSE);
      return;
    }

  switch (self->column)
    {
    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      {
        g_autofree char *route = route_line (view, m);
        g_autofree char *projects = projects_line (m);

        gtk_inscription_set_text (GTK_INSCRIPTION (self->text), route);
        gtk_inscription_set_text (GTK_INSCRIPTION (self->second), projects);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      {
        const char *icon = NULL;
        const char *style = NULL;
        const char *word;

        if (self->column == FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS)
          word = ferry_migration_details_describe_package_state (m, &icon, &style);
        else
          word = ferry_migration_details_describe_import_state (m, &icon, &style);
        if (g_strcmp0 (gtk_image_get_icon_name (GTK_IMAGE (self->image)), icon) != 0)
          gtk_image_set_from_icon_name (GTK_IMAGE (self->image), icon);
        gtk_inscription_set_text (GTK_INSCRIPTION (self->text), word);
        for (guint i = 0; styles[i] != NULL; i++)
          if (g_strcmp0 (styles[i], style) != 0)
            gtk_widget_remove_css_class (GTK_WIDGET (self), styles[i]);
        if (style != NULL)
          gtk_widget_add_css_class (GTK_WIDGET (self), style);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        double progress = row_progress (view, m, NULL);

        gtk_widget_set_visible (self->progress, progress >= 0.0);
        gtk_widget_set_visible (self->text, progress >= 0.0);
        if (progress >= 0.0)
          {
            /* Translators: a progress, e.g. "45 %" */
            g_autofree char *percent = g_strdup_printf (_("%.0f %%"), progress * 100.0);

            gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress), progress);
            gtk_inscription_set_text (GTK_INSCRIPTION (self->text), percent);
          }
        else
          gtk_inscription_set_text (GTK_INSCRIPTION (self->text), NULL);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_NAME:
      {
        g_autofree char *text = ferry_migrations_view_dup_cell_text (view, m, self->column);

        gtk_inscription_set_text (GTK_INSCRIPTION (self->text), text);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PURPOSE:
    case FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE:
    case FERRY_MIGRATIONS_COLUMN_CREATOR:
    case FERRY_MIGRATIONS_COLUMN_CREATED:
    case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
    default:
      {
        g_autofree char *text = ferry_migrations_view_dup_cell_text (view, m, self->column);

        gtk_inscription_set_text (GTK_INSCRIPTION (self->text), text);
      }
      break;
    }
}

/* Tooltips are made when asked for: setting one on every bind costs a
 * round trip to the display server. */
static gboolean
cell_query_tooltip_cb (FerryMigrationCell *self,
                       int                 x,
                       int                 y,
                       gboolean            keyboard,
                       GtkTooltip         *tooltip)
{
  FerryMigrationsView *view = self->view;
  FerryMigration *m = self->migration;
  g_autofree char *text = NULL;

  if (view == NULL || m == NULL)
    return FALSE;

  switch (self->column)
    {
    case FERRY_MIGRATIONS_COLUMN_NAME:
      text = g_strdup_printf ("%s\n%s", migration_name (m), ferry_migration_get_id (m));
      break;

    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      text = ferry_migrations_view_dup_cell_text (view, m, self->column);
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      {
        gboolean package = self->column == FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS;
        const char *word = package ? ferry_migration_details_describe_package_state (m, NULL, NULL)
                                   : ferry_migration_details_describe_import_state (m, NULL, NULL);
        const char *message = package ? ferry_migration_get_package_message (m)
                                      : ferry_migration_get_import_message (m);

        /* Failed rows: the server's message one hover away (and in the
         * details, one click away). */
        if (message != NULL && *message != '\0')
          text = g_strdup_printf ("%s: %s", word, message);
        else
          text = g_strdup (word);
      }
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        const char *label = NULL;

        if (row_progress (view, m, &label) < 0.0 || label == NULL)
          return FALSE;
        text = g_strdup (label);
      }
      break;

    default:
      return FALSE;
    }

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
cell_migration_notify_cb (FerryMigrationCell *self)
{
  ferry_migration_cell_update (self);
}

static void
ferry_migration_cell_set_migration (FerryMigrationCell *self,
                                    FerryMigration     *migration)
{
  if (self->migration == migration)
    return;
  if (self->migration != NULL)
    {
      g_clear_signal_handler (&self->notify_handler, self->migration);
      g_clear_object (&self->migration);
    }
  if (migration != NULL)
    {
      self->migration = g_object_ref (migration);
      self->notify_handler = g_signal_connect_swapped (migration, "notify",
                                                       G_CALLBACK (cell_migration_notify_cb), self);
    }
  ferry_migration_cell_update (self);
}

static GtkWidget *
new_inscription (guint min_chars,
                 guint nat_chars)
{
  GtkWidget *inscription = gtk_inscription_new (NULL);

  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (inscription), GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (inscription), min_chars);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (inscription), nat_chars);
  gtk_widget_set_hexpand (inscription, TRUE);
  gtk_widget_set_valign (inscription, GTK_ALIGN_CENTER);
  return inscription;
}

static GtkWidget *
ferry_migration_cell_new (FerryMigrationsView   *view,
                          FerryMigrationsColumn  column)
{
  FerryMigrationCell *self = g_object_new (FERRY_TYPE_MIGRATION_CELL, NULL);
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  self->column = column;
  g_set_weak_pointer (&self->view, view);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);

  switch (column)
    {
    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
      self->text = new_inscription (8, 24);
      self->second = new_inscription (8, 24);
      gtk_widget_add_css_class (self->second, "caption");
      gtk_widget_add_css_class (self->second, "dim-label");
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      gtk_widget_set_parent (self->second, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      self->image = gtk_image_new ();
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->image),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, "", -1);
      self->text = new_inscription (6, 14);
      gtk_widget_set_parent (self->image, GTK_WIDGET (self));
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      gtk_widget_add_css_class (GTK_WIDGET (self), "migration-state");
      break;

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      self->progress = gtk_progress_bar_new ();
      gtk_widget_set_hexpand (self->progress, TRUE);
      gtk_widget_set_valign (self->progress, GTK_ALIGN_CENTER);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->progress),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
      self->text = new_inscription (5, 5);
      gtk_widget_set_hexpand (self->text, FALSE);
      gtk_widget_add_css_class (self->text, "numeric");
      gtk_widget_set_parent (self->progress, GTK_WIDGET (self));
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_CREATED:
    case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
      self->text = new_inscription (10, 16);
      gtk_widget_add_css_class (self->text, "numeric");
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    case FERRY_MIGRATIONS_COLUMN_NAME:
      self->text = new_inscription (8, 28);
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;

    default:
      self->text = new_inscription (6, 14);
      gtk_widget_set_parent (self->text, GTK_WIDGET (self));
      break;
    }

  if (view != NULL)
    g_hash_table_add (view->cells, self);
  return GTK_WIDGET (self);
}

static void
ferry_migration_cell_dispose (GObject *object)
{
  FerryMigrationCell *self = FERRY_MIGRATION_CELL (object);
  GtkWidget *child;

  if (self->view != NULL && self->view->cells != NULL)
    g_hash_table_remove (self->view->cells, self);
  g_clear_weak_pointer (&self->view);
  ferry_migration_cell_set_migration (self, NULL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ferry_migration_cell_parent_class)->dispose (object);
}

static void
ferry_migration_cell_class_init (FerryMigrationCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migration_cell_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "ferry-migration-cell");
}

static void
ferry_migration_cell_init (FerryMigrationCell *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
}

/* Updates the bound cells of MIGRATION (NULL: every cell). */
static void
update_cells_for (FerryMigrationsView *self,
                  FerryMigration      *migration)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FerryMigrationCell *cell = key;

      if (migration == NULL || cell->migration == migration)
        ferry_migration_cell_update (cell);
    }
}

/* ------------------------------------------------------------------------ */
/* Columns, sorters, filter                                                   */
/* ------------------------------------------------------------------------ */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FerryMigrationsView      *self)
{
  FerryMigrationsColumn column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_list_item_set_child (item, ferry_migration_cell_new (self, column));
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              FerryMigrationsView      *self)
{
  FerryMigrationCell *cell = FERRY_MIGRATION_CELL (gtk_list_item_get_child (item));

  ferry_migration_cell_set_migration (cell, gtk_list_item_get_item (item));
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                FerryMigrationsView      *self)
{
  FerryMigrationCell *cell = FERRY_MIGRATION_CELL (gtk_list_item_get_child (item));

  ferry_migration_cell_set_migration (cell, NULL);
}

static int
package_rank (FerryMigration *m)
{
  const char *status = ferry_migration_get_package_status (m);
  const char *request = ferry_migration_get_import_request_status (m);

  if (is (status, "create_failed"))
    return 0;
  if (is (status, "creating"))
    return 1;
  if (is (status, "created") && is (request, "requested"))
    return 2;
  if (is (status, "created"))
    return 3;
  if (is (status, "locked"))
    return 4;
  return 5;
}

static int
import_rank (FerryMigration *m)
{
  const char *status = ferry_migration_get_import_status (m);

  if (is (status, "import_failed") || is (status, "undo_failed"))
    return 0;
  if (is (status, "importing") || is (status, "undoing"))
    return 1;
  if (is (status, "imported"))
    return 2;
  if (is (status, "undo_success"))
    return 3;
  return 4;
}

static int
package_rank_cb (FerryMigration *item,
                 gpointer        user_data)
{
  return package_rank (item);
}

static int
import_rank_cb (FerryMigration *item,
                gpointer        user_data)
{
  return import_rank (item);
}

static double
progress_cb (FerryMigration *item,
             gpointer        user_data)
{
  return row_progress (user_data, item, NULL);
}

static gint64
date_value (GDateTime *date)
{
  return date != NULL ? g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date)
                      : G_MININT64;
}

static gint64
created_cb (FerryMigration *item,
            gpointer        user_data)
{
  return date_value (ferry_migration_get_package_creation_date (item));
}

static gint64
updated_cb (FerryMigration *item,
            gpointer        user_data)
{
  return date_value (ferry_migrations_last_updated (item));
}

static char *
route_cb (FerryMigration *item,
          gpointer        user_data)
{
  g_autofree char *route = route_line (user_data, item);
  g_autofree char *projects = projects_line (item);

  return g_strdup_printf ("%s %s", route, projects);
}

static char *
purpose_cb (FerryMigration *item,
            gpointer        user_data)
{
  return g_strdup (ferry_migration_details_describe_purpose (ferry_migration_get_purpose (item)));
}

static char *
type_cb (FerryMigration *item,
         gpointer        user_data)
{
  return g_strdup (ferry_migration_details_describe_package_type (ferry_migration_get_package_type (item)));
}

static GtkSorter *
string_sorter (GtkExpression *expression)
{
  GtkStringSorter *sorter = gtk_string_sorter_new (expression);

  gtk_string_sorter_set_ignore_case (sorter, TRUE);
  return GTK_SORTER (sorter);
}

static GtkSorter *
numeric_sorter (GtkExpression *expression)
{
  return GTK_SORTER (gtk_numeric_sorter_new (expression));
}

static GtkExpression *
closure_expression (GType     type,
                    GCallback callback,
                    gpointer  user_data)
{
  return gtk_cclosure_expression_new (type, NULL, 0, NULL, callback, user_data, NULL);
}

static void
add_columns (FerryMigrationsView *self)
{
  static const struct {
    FerryMigrationsColumn column;
    const char *title;
    int fixed_width;
    gboolean expand;
  } columns[] = {
    { FERRY_MIGRATIONS_COLUMN_NAME, N_("Name"), 220, TRUE },
    { FERRY_MIGRATIONS_COLUMN_PURPOSE, N_("Purpose"), 130, FALSE },
    { FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE, N_("Type"), 80, FALSE },
    { FERRY_MIGRATIONS_COLUMN_ROUTE, N_("Source → Target"), 210, FALSE },
    { FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, N_("Package"), 170, FALSE },
    { FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS, N_("Import"), 140, FALSE },
    { FERRY_MIGRATIONS_COLUMN_PROGRESS, N_("Progress"), 120, FALSE },
    { FERRY_MIGRATIONS_COLUMN_CREATOR, N_("Created By"), 120, FALSE },
    { FERRY_MIGRATIONS_COLUMN_CREATED, N_("Created"), 130, FALSE },
    { FERRY_MIGRATIONS_COLUMN_LAST_UPDATED, N_("Last Updated"), 130, FALSE },
  };
  guint dynamic = 0;

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      g_object_set_data (G_OBJECT (factory), "column", GINT_TO_POINTER (columns[i].column));
      g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), self);
      g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), self);
      g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), self);

      switch (columns[i].column)
        {
        case FERRY_MIGRATIONS_COLUMN_NAME:
          sorter = string_sorter (gtk_property_expression_new (FERRY_TYPE_MIGRATION, NULL, "name"));
          break;
        case FERRY_MIGRATIONS_COLUMN_PURPOSE:
          sorter = string_sorter (closure_expression (G_TYPE_STRING, G_CALLBACK (purpose_cb), self));
          break;
        case FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE:
          sorter = string_sorter (closure_expression (G_TYPE_STRING, G_CALLBACK (type_cb), self));
          break;
        case FERRY_MIGRATIONS_COLUMN_ROUTE:
          sorter = string_sorter (closure_expression (G_TYPE_STRING, G_CALLBACK (route_cb), self));
          break;
        case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
          sorter = numeric_sorter (closure_expression (G_TYPE_INT, G_CALLBACK (package_rank_cb), self));
          self->dynamic_sorters[dynamic++] = sorter;
          break;
        case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
          sorter = numeric_sorter (closure_expression (G_TYPE_INT, G_CALLBACK (import_rank_cb), self));
          self->dynamic_sorters[dynamic++] = sorter;
          break;
        case FERRY_MIGRATIONS_COLUMN_PROGRESS:
          sorter = numeric_sorter (closure_expression (G_TYPE_DOUBLE, G_CALLBACK (progress_cb), self));
          self->dynamic_sorters[dynamic++] = sorter;
          break;
        case FERRY_MIGRATIONS_COLUMN_CREATOR:
          sorter = string_sorter (gtk_property_expression_new (FERRY_TYPE_MIGRATION, NULL, "creator-name"));
          break;
        case FERRY_MIGRATIONS_COLUMN_CREATED:
          sorter = numeric_sorter (closure_expression (G_TYPE_INT64, G_CALLBACK (created_cb), self));
          break;
        case FERRY_MIGRATIONS_COLUMN_LAST_UPDATED:
          sorter = numeric_sorter (closure_expression (G_TYPE_INT64, G_CALLBACK (updated_cb), self));
          self->dynamic_sorters[dynamic++] = sorter;
          break;
        default:
          g_assert_not_reached ();
        }

      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_sorter (column, sorter);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_fixed_width (column, columns[i].fixed_width);
      gtk_column_view_append_column (self->column_view, column);
    }

  g_assert (dynamic == G_N_ELEMENTS (self->dynamic_sorters));
}

static gboolean
matches_status (FerryMigrationsView *self,
                FerryMigration      *m)
{
  const char *package = ferry_migration_get_package_status (m);
  const char *import = ferry_migration_get_import_status (m);
  const char *request = ferry_migration_get_import_request_status (m);

  switch (self->status_filter)
    {
    case FERRY_MIGRATIONS_FILTER_ALL:
      return TRUE;
    case FERRY_MIGRATIONS_FILTER_IN_PROGRESS:
      return in_progress (self, m);
    case FERRY_MIGRATIONS_FILTER_WAITING:
      return is (package, "created") && is (request, "requested") &&
             (import == NULL || is (import, "pending"));
    case FERRY_MIGRATIONS_FILTER_NOT_IMPORTED:
      return (is (package, "created") || is (package, "locked")) &&
             (import == NULL || is (import, "pending"));
    case FERRY_MIGRATIONS_FILTER_IMPORTED:
      return is (import, "imported");
    case FERRY_MIGRATIONS_FILTER_FAILED:
      return is (package, "create_failed") || is (import, "import_failed") || is (import, "undo_failed");
    case FERRY_MIGRATIONS_FILTER_UNDONE:
      return is (import, "undo_success");
    default:
      return TRUE;
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  FerryMigrationsView *self = user_data;
  FerryMigration *m = item;

  if (!matches_status (self, m))
    return FALSE;
  if (self->purpose_filter != NULL && !is (ferry_migration_get_purpose (m), self->purpose_filter))
    return FALSE;
  if (self->search_folded != NULL)
    {
      const char *name = ferry_migration_get_name (m);
      g_autofree char *folded = NULL;

      if (name == NULL)
        return FALSE;
      folded = g_utf8_casefold (name, -1);
      if (strstr (folded, self->search_folded) == NULL)
        return FALSE;
    }
  return TRUE;
}

static gboolean
filters_active (FerryMigrationsView *self)
{
  return self->status_filter != FERRY_MIGRATIONS_FILTER_ALL || self->purpose_filter != NULL ||
         self->search_folded != NULL;
}

/* ------------------------------------------------------------------------ */
/* Page, count, errors                                                        */
/* ------------------------------------------------------------------------ */

/* A connected environment whose first listing has not ended. */
static gboolean
first_listing_under_way (FerryMigrationsView *self)
{
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->connection != NULL && !env->listed)
        return TRUE;
    }
  return FALSE;
}

static void
retry_clicked_cb (GtkButton           *button,
                  FerryMigrationsView *self)
{
  ferry_migrations_view_refresh (self);
}

static void
update_errors (FerryMigrationsView *self)
{
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->errors_box))) != NULL)
    gtk_box_remove (self->errors_box, child);

  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);
      GtkWidget *row;
      GtkWidget *image;
      GtkWidget *label;
      GtkWidget *button;
      g_autofree char *described = NULL;
      g_autofree char *text = NULL;

      if (env->connection == NULL || env->error == NULL)
        continue;

      described = ferry_api_error_describe (env->error);
      text = g_strdup_printf (_("The migrations of %s could not be read: %s"),
                              ferry_environment_get_name (env->environment), described);
      row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      gtk_widget_add_css_class (row, "migrations-error");
      image = gtk_image_new_from_icon_name ("dialog-error-symbolic");
      gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
      label = gtk_label_new (text);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0.0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_set_hexpand (label, TRUE);
      button = gtk_button_new_with_mnemonic (_("_Retry"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_signal_connect_object (button, "clicked", G_CALLBACK (retry_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (row), image);
      gtk_box_append (GTK_BOX (row), label);
      gtk_box_append (GTK_BOX (row), button);
      gtk_box_append (self->errors_box, row);
      any = TRUE;
    }

  /* When every environment failed, the error page says it instead. */
  gtk_revealer_set_reveal_child (self->errors_revealer,
                                 any && g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "error") != 0);
}

static void
update_page (FerryMigrationsView *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  const char *page;

  if (n_all == 0)
    {
      gboolean all_failed = TRUE;
      gboolean any_env = FALSE;

      for (guint i = 0; i < self->envs->len; i++)
        {
          EnvState *env = g_ptr_array_index (self->envs, i);

          if (env->connection == NULL)
            continue;
          any_env = TRUE;
          if (env->error == NULL)
            all_failed = FALSE;
        }

      if (!any_env)
        page = "no-environments";
      else if (first_listing_under_way (self))
        page = "loading";
      else if (all_failed)
        page = "error";
      else
        page = "empty";
    }
  else if (n_shown == 0)
    page = "no-results";
  else
    page = "list";

  if (g_str_equal (page, "error"))
    {
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint i = 0; i < self->envs->len; i++)
        {
          EnvState *env = g_ptr_array_index (self->envs, i);
          g_autofree char *described = NULL;

          if (env->connection == NULL || env->error == NULL)
            continue;
          described = ferry_api_error_describe (env->error);
          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append_printf (text, "%s: %s", ferry_environment_get_name (env->environment), described);
        }
      adw_status_page_set_description (self->error_page, text->str);
    }
  else if (g_str_equal (page, "empty"))
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autofree char *description = NULL;

      for (guint i = 0; i < self->envs->len; i++)
        {
          EnvState *env = g_ptr_array_index (self->envs, i);

          /* One that could not be listed is not known to have none
           * (the banner above says so). */
          if (env->connection != NULL && env->error == NULL)
            g_ptr_array_add (names, (gpointer) ferry_environment_get_name (env->environment));
        }
      if (names->len == 0)
        description = g_strdup (_("Migrations you run from the Compare page show up here, with their progress."));
      else if (names->len == 1)
        description = g_strdup_printf (_("%s has no migrations. Migrations you run from the Compare page show up here, with their progress."),
                                       (char *) g_ptr_array_index (names, 0));
      else
        {
          g_autoptr(GString) list = g_string_new (NULL);

          for (guint i = 0; i + 1 < names->len; i++)
            {
              if (i > 0)
                g_string_append (list, _(", "));
              g_string_append (list, g_ptr_array_index (names, i));
            }
          /* Translators: the end of a list of environment names: "Development and Production" */
          description = g_strdup_printf (_("%s and %s have no migrations. Migrations you run from the Compare page show up here, with their progress."),
                                         list->str, (char *) g_ptr_array_index (names, names->len - 1));
        }
      adw_status_page_set_description (self->empty_page, description);
    }

  if (g_str_equal (page, "loading"))
    gtk_spinner_start (self->page_spinner);
  else
    gtk_spinner_stop (self->page_spinner);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), page) != 0)
    gtk_stack_set_visible_child_name (self->stack, page);
}

static void
update_count (FerryMigrationsView *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  g_autoptr(GString) text = g_string_new (NULL);

  if (n_all == 0)
    g_string_append (text, "");
  else if (filters_active (self))
    g_string_append_printf (text, ngettext ("%u of %u migration", "%u of %u migrations", n_all), n_shown, n_all);
  else
    g_string_append_printf (text, ngettext ("%u migration", "%u migrations", n_all), n_all);

  if (self->n_running > 0)
    g_string_append_printf (text, ngettext (" · %u in progress", " · %u in progress", self->n_running),
                            self->n_running);

  if (self->loading && n_all > 0)
    {
      guint64 listed = 0;
      gint64 total = 0;

      for (guint i = 0; i < self->envs->len; i++)
        {
          EnvState *env = g_ptr_array_index (self->envs, i);

          if (!env->listing)
            continue;
          listed += env->n_listed;
          total += MAX (env->total, 0);
        }
      if (total > 0)
        {
          /* Translators: while the list is read: "· reading 3000 of 10000" */
          g_string_append_printf (text, _(" · reading %u of %u"), (guint) listed, (guint) total);
        }
    }

  gtk_label_set_text (self->count_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->loading_spinner), self->loading);
  if (self->loading)
    gtk_spinner_start (self->loading_spinner);
  else
    gtk_spinner_stop (self->loading_spinner);
}

static void
set_loading (FerryMigrationsView *self)
{
  gboolean loading = FALSE;

  for (guint i = 0; i < self->envs->len; i++)
    if (((EnvState *) g_ptr_array_index (self->envs, i))->listing)
      loading = TRUE;
  if (!loading && !g_queue_is_empty (&self->pending))
    loading = TRUE;

  if (self->loading != loading)
    {
      self->loading = loading;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

/* ------------------------------------------------------------------------ */
/* Records in                                                                 */
/* ------------------------------------------------------------------------ */

/* The state of the environment whose connection is CONNECTION. */
static EnvState *
env_for_connection (FerryMigrationsView *self,
                    FerryConnection     *connection)
{
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->connection == connection)
        return env;
    }
  return NULL;
}

static void
remember_toc_view (FerryMigrationsView *self,
                   JsonObject          *record)
{
  const char *id = ferry_library_record_get_string (record, "id");
  JsonNode *package = json_object_get_member (record, "packageInfo");
  JsonNode *toc;

  if (id == NULL || package == NULL || !JSON_NODE_HOLDS_OBJECT (package))
    return;
  toc = json_object_get_member (json_node_get_object (package), "tocView");
  if (toc == NULL || !JSON_NODE_HOLDS_OBJECT (toc))
    return;
  g_hash_table_replace (self->toc_views, g_strdup (id), json_object_ref (json_node_get_object (toc)));
}

/* Keeps the set of migrations the servers work on up to date after a
 * record of MIGRATION_ID changed, so that nothing has to walk ten
 * thousand rows to find them. */
static void
note_record (FerryMigrationsView *self,
             const char          *migration_id)
{
  FerryMigration *m = ferry_migration_list_lookup (self->list, migration_id);

  if (m != NULL && ferry_migration_get_busy (m))
    g_hash_table_add (self->busy, g_strdup (migration_id));
  else
    g_hash_table_remove (self->busy, migration_id);
}

/* A record read from CONNECTION (by a listing, a poll, a job, an action). */
static void
take_record (FerryMigrationsView *self,
             FerryConnection     *connection,
             JsonObject          *record)
{
  EnvState *env = env_for_connection (self, connection);
  const char *id = ferry_library_record_get_string (record, "id");

  if (env == NULL || id == NULL || *id == '\0')
    return;
  g_hash_table_add (env->known, g_strdup (id));
  ferry_migration_list_update_record (self->list, connection, record);
  note_record (self, id);
  remember_toc_view (self, record);
}

static void
forget_record (FerryMigrationsView *self,
               FerryConnection     *connection,
               const char          *migration_id)
{
  EnvState *env = env_for_connection (self, connection);

  if (env == NULL)
    return;
  g_hash_table_remove (env->known, migration_id);
  ferry_migration_list_forget_record (self->list, connection, migration_id);
  note_record (self, migration_id);
}

/* ------------------------------------------------------------------------ */
/* Listing                                                                    */
/* ------------------------------------------------------------------------ */

static void
pending_free (Pending *pending)
{
  g_clear_pointer (&pending->record, json_object_unref);
  g_free (pending);
}

/* Drops the queued records of ENV (all of them, or the stale ones). */
static void
drop_pending (FerryMigrationsView *self,
              EnvState            *env,
              gboolean             stale_only)
{
  GList *l = self->pending.head;

  while (l != NULL)
    {
      GList *next = l->next;
      Pending *pending = l->data;

      if (pending->env == env && (!stale_only || pending->generation != env->generation))
        {
          g_queue_delete_link (&self->pending, l);
          pending_free (pending);
        }
      l = next;
    }
}

static void
finish_listing (FerryMigrationsView *self,
                EnvState            *env)
{
  g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  /* What the server no longer lists is gone there (deleted elsewhere). */
  if (env->error == NULL && env->seen != NULL)
    {
      g_hash_table_iter_init (&iter, env->known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (env->seen, key) && running_job (self, key) == NULL)
          g_ptr_array_add (gone, g_strdup (key));
      for (guint i = 0; i < gone->len; i++)
        forget_record (self, env->connection, g_ptr_array_index (gone, i));
    }

  g_clear_pointer (&env->seen, g_hash_table_unref);
  env->listing = FALSE;
  env->listed = TRUE;
  self->last_refresh_us = g_get_monotonic_time ();
  set_loading (self);
  update_errors (self);
  queue_changes (self);
}

/* Feeds BATCH (records of ENV, in listing order) to the list in one go. */
static void
feed_batch (FerryMigrationsView *self,
            EnvState            *env,
            GPtrArray           *batch)
{
  if (batch->len == 0)
    return;

  ferry_migration_list_update_records (self->list, env->connection,
                                       (JsonObject * const *) batch->pdata, batch->len);
  for (guint i = 0; i < batch->len; i++)
    {
      const char *id = ferry_library_record_get_string (g_ptr_array_index (batch, i), "id");

      if (id != NULL && *id != '\0')
        {
          if (env->seen != NULL)
            g_hash_table_add (env->seen, g_strdup (id));
          g_hash_table_add (env->known, g_strdup (id));
          note_record (self, id);
        }
    }
  env->n_listed += batch->len;
  g_ptr_array_set_size (batch, 0);
}

static gboolean
feed_idle_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;
  gint64 end = g_get_monotonic_time () + FEED_BUDGET_US;
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  EnvState *batch_env = NULL;

  while (!g_queue_is_empty (&self->pending))
    {
      Pending *pending = g_queue_pop_head (&self->pending);
      EnvState *env = pending->env;

      if (pending->generation == env->generation && env->connection != NULL)
        {
          if (batch_env != env)
            {
              if (batch_env != NULL)
                feed_batch (self, batch_env, batch);
              batch_env = env;
            }
          if (pending->record == NULL)
            {
              feed_batch (self, env, batch);
              finish_listing (self, env);
            }
          else
            g_ptr_array_add (batch, json_object_ref (pending->record));
        }
      pending_free (pending);

      /* The new items go in together (one items-changed for the list's
       * models); a batch that makes rows appear costs about a millisecond
       * a row (its cells are made and bound), records further down the
       * list a few microseconds each. */
      if (batch->len >= FEED_BATCH)
        {
          feed_batch (self, batch_env, batch);
          if (g_get_monotonic_time () >= end)
            break;
        }
    }
  if (batch_env != NULL)
    feed_batch (self, batch_env, batch);

  queue_changes (self);
  if (g_queue_is_empty (&self->pending))
    {
      self->feed_idle = 0;
      set_loading (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
ensure_feeding (FerryMigrationsView *self)
{
  /* Below the redraw priority: a frame is drawn between two helpings. */
  if (self->feed_idle == 0)
    self->feed_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, feed_idle_cb, self, NULL);
}

static void
push_pending (FerryMigrationsView *self,
              EnvState            *env,
              JsonObject          *record)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->env = env;
  pending->generation = env->generation;
  pending->record = record != NULL ? json_object_ref (record) : NULL;
  g_queue_push_tail (&self->pending, pending);
  ensure_feeding (self);
}

typedef struct
{
  GCancellable *cancellable;
  EnvState     *env;
  guint         generation;
  gint64        offset;
} PageData;

static void
page_data_free (PageData *data)
{
  g_clear_object (&data->cancellable);
  g_free (data);
}

static void list_page (EnvState *env,
                       gint64    offset);

static void
list_page_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  PageData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ferry_connection_call_finish (FERRY_CONNECTION (object), result, NULL, &error);
  EnvState *env = data->env;
  FerryMigrationsView *self;
  JsonObject *page;
  JsonNode *records;
  guint length = 0;

  /* Cancelled: the environment (or the view) is gone; touch nothing. */
  if (g_cancellable_is_cancelled (data->cancellable) || data->generation != env->generation)
    {
      page_data_free (data);
      return;
    }
  self = env->view;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      if (error == NULL)
        error = g_error_new_literal (FERRY_API_ERROR, FERRY_API_ERROR_INVALID_RESPONSE,
                                     _("The server's list of migrations could not be understood"));
      g_debug ("Listing the migrations of %s failed: %s",
               ferry_environment_get_name (env->environment), error->message);
      g_clear_error (&env->error);
      env->error = g_steal_pointer (&error);
      /* Records queued before the failure still apply; the end marker
       * keeps the ids that were not seen. */
      push_pending (self, env, NULL);
      page_data_free (data);
      return;
    }

  page = json_node_get_object (node);
  records = json_object_get_member (page, "data");
  env->total = (gint64) ferry_library_record_get_number (page, "total", -1);
  if (records != NULL && JSON_NODE_HOLDS_ARRAY (records))
    {
      JsonArray *array = json_node_get_array (records);

      length = json_array_get_length (array);
      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_OBJECT (element))
            push_pending (self, env, json_node_get_object (element));
        }
    }

  data->offset += length;
  if (length == 0 || env->total < 0 || data->offset >= env->total)
    {
      g_clear_error (&env->error);
      push_pending (self, env, NULL);
      page_data_free (data);
      return;
    }

  list_page (env, data->offset);
  page_data_free (data);
}

static void
list_page (EnvState *env,
           gint64    offset)
{
  g_autofree char *purposes = g_uri_escape_string (LIST_PURPOSES, NULL, FALSE);
  g_autofree char *path = NULL;
  PageData *data = g_new0 (PageData, 1);

  data->cancellable = g_object_ref (env->cancellable);
  data->env = env;
  data->generation = env->generation;
  data->offset = offset;
  path = g_strdup_printf ("/api/migrations?packageInfo.purpose=%s&offset=%" G_GINT64_FORMAT "&limit=%d",
                          purposes, offset, LIST_PAGE_SIZE);
  ferry_connection_call_async (env->connection, "GET", path, NULL, NULL, FERRY_REQUEST_NONE,
                               env->cancellable, list_page_cb, data);
}

static void
env_cancel_listing (EnvState *env)
{
  if (env->cancellable != NULL)
    g_cancellable_cancel (env->cancellable);
  g_clear_object (&env->cancellable);
  env->generation++;
  env->listing = FALSE;
  g_clear_pointer (&env->seen, g_hash_table_unref);
  drop_pending (env->view, env, TRUE);
}

static void
env_start_listing (EnvState *env)
{
  if (env->connection == NULL)
    return;

  env_cancel_listing (env);
  env->cancellable = g_cancellable_new ();
  env->listing = TRUE;
  env->n_listed = 0;
  env->total = -1;
  env->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  list_page (env, 0);
  set_loading (env->view);
}

/* ------------------------------------------------------------------------ */
/* Environments                                                               */
/* ------------------------------------------------------------------------ */

static void
rebuild_names (FerryMigrationsView *self)
{
  g_hash_table_remove_all (self->names);
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      g_free (env->key);
      env->key = ferry_migrations_environment_key (ferry_environment_get_base_url (env->environment));
      if (env->key != NULL && !g_hash_table_contains (self->names, env->key))
        g_hash_table_insert (self->names, g_strdup (env->key),
                             g_strdup (ferry_environment_get_name (env->environment)));
    }
}

static void
env_set_connection (EnvState        *env,
                    FerryConnection *connection)
{
  FerryMigrationsView *self = env->view;

  if (env->connection == connection)
    return;

  if (env->connection != NULL)
    {
      g_autoptr(GHashTable) known = g_steal_pointer (&env->known);
      GHashTableIter iter;
      gpointer key;

      env_cancel_listing (env);
      drop_pending (self, env, FALSE);
      ferry_migration_list_remove_connection (self->list, env->connection);
      env->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_iter_init (&iter, known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        note_record (self, key);
      g_clear_error (&env->error);
      g_clear_object (&env->connection);
      env->listed = FALSE;
    }
  if (connection != NULL)
    {
      env->connection = g_object_ref (connection);
      ferry_migration_list_add_connection (self->list, connection);
      env_start_listing (env);
    }

  set_loading (self);
  update_errors (self);
  queue_changes (self);
}

static void
environment_notify_cb (FerryEnvironment *environment,
                       GParamSpec       *pspec,
                       EnvState         *env)
{
  FerryMigrationsView *self = env->view;

  if (g_str_equal (pspec->name, "connection") || g_str_equal (pspec->name, "state"))
    {
      FerryConnection *connection = ferry_environment_get_connection (environment);

      if (connection != NULL && ferry_connection_get_state (connection) != FERRY_CONNECTION_STATE_CONNECTED)
        connection = NULL;
      env_set_connection (env, connection);
    }
  else if (g_str_equal (pspec->name, "name") || g_str_equal (pspec->name, "base-url"))
    {
      rebuild_names (self);
      update_cells_for (self, NULL);
      queue_changes (self);
    }
}

static void
env_state_free (EnvState *env)
{
  FerryMigrationsView *self = env->view;

  g_clear_signal_handler (&env->notify_handler, env->environment);
  env_cancel_listing (env);
  drop_pending (self, env, FALSE);
  if (env->connection != NULL && self->list != NULL)
    {
      GHashTableIter iter;
      gpointer key;

      ferry_migration_list_remove_connection (self->list, env->connection);
      g_hash_table_iter_init (&iter, env->known);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        note_record (self, key);
    }
  g_clear_object (&env->connection);
  g_clear_object (&env->environment);
  g_clear_pointer (&env->key, g_free);
  g_clear_pointer (&env->known, g_hash_table_unref);
  g_clear_pointer (&env->seen, g_hash_table_unref);
  g_clear_error (&env->error);
  g_free (env);
}

static void
sync_environments (FerryMigrationsView *self)
{
  g_autoptr(GPtrArray) old = g_steal_pointer (&self->envs);
  guint n = self->environments != NULL ? g_list_model_get_n_items (self->environments) : 0;

  self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) env_state_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryEnvironment) environment = g_list_model_get_item (self->environments, i);
      EnvState *env = NULL;

      if (!FERRY_IS_ENVIRONMENT (environment))
        continue;

      for (guint j = 0; j < old->len; j++)
        {
          EnvState *candidate = g_ptr_array_index (old, j);

          if (candidate->environment == environment)
            {
              env = g_ptr_array_steal_index (old, j);
              break;
            }
        }

      if (env == NULL)
        {
          env = g_new0 (EnvState, 1);
          env->view = self;
          env->environment = g_object_ref (environment);
          env->known = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          env->notify_handler = g_signal_connect (environment, "notify",
                                                  G_CALLBACK (environment_notify_cb), env);
        }
      g_ptr_array_add (self->envs, env);
    }

  /* Those gone drop their records now (env_state_free). */
  g_clear_pointer (&old, g_ptr_array_unref);

  rebuild_names (self);
  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);
      FerryConnection *connection = ferry_environment_get_connection (env->environment);

      if (connection != NULL && ferry_connection_get_state (connection) != FERRY_CONNECTION_STATE_CONNECTED)
        connection = NULL;
      env_set_connection (env, connection);
    }

  update_cells_for (self, NULL);
  set_loading (self);
  update_errors (self);
  queue_changes (self);
}

static void
environments_changed_cb (GListModel          *model,
                         guint                position,
                         guint                removed,
                         guint                added,
                         FerryMigrationsView *self)
{
  sync_environments (self);
}

/* ------------------------------------------------------------------------ */
/* Polling                                                                    */
/* ------------------------------------------------------------------------ */

static void poll_tick (FerryMigrationsView *self);

typedef struct
{
  FerryMigrationsView *view;
  GCancellable        *cancellable;
  FerryConnection     *connection;
  char                *id;
} PollData;

static void
poll_data_free (PollData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_object (&data->connection);
  g_free (data->id);
  g_free (data);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;

  self->poll_source = 0;
  poll_tick (self);
  return G_SOURCE_REMOVE;
}

static void
poll_schedule (FerryMigrationsView *self,
               guint                interval_ms)
{
  g_clear_handle_id (&self->poll_source, g_source_remove);
  self->poll_interval_ms = interval_ms;
  self->poll_source = g_timeout_add (interval_ms, poll_timeout_cb, self);
}

/* A state that tells whether a poll saw a change. */
static char *
state_of (FerryMigration *m)
{
  if (m == NULL)
    return NULL;
  return g_strdup_printf ("%s|%s|%s|%s|%.1f|%.1f",
                          ferry_migration_get_package_status (m),
                          ferry_migration_get_import_status (m),
                          ferry_migration_get_import_request_status (m),
                          ferry_migration_get_undo_request_status (m),
                          ferry_migration_get_package_progress (m),
                          ferry_migration_get_import_progress (m));
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  PollData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  FerryMigrationsView *self = data->view;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      poll_data_free (data);
      return;
    }

  before = state_of (ferry_migration_list_lookup (self->list, data->id));
  if (record != NULL)
    take_record (self, data->connection, record);
  else if (g_error_matches (error, FERRY_API_ERROR, FERRY_API_ERROR_NOT_FOUND))
    forget_record (self, data->connection, data->id);
  else
    g_debug ("Reading the migration %s failed: %s", data->id, error->message);
  after = state_of (ferry_migration_list_lookup (self->list, data->id));
  if (g_strcmp0 (before, after) != 0)
    self->poll_changed = TRUE;

  if (--self->polls_pending == 0)
    {
      guint next = self->poll_changed ? POLL_MIN_MS : MIN (self->poll_interval_ms * 2, POLL_MAX_MS);

      poll_schedule (self, next);
    }
  queue_changes (self);
  poll_data_free (data);
}

/* Migrations in progress that no job watches, and where to read them. */
static void
poll_tick (FerryMigrationsView *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint started = 0;

  if (self->polls_pending > 0)
    return;

  self->poll_changed = FALSE;
  g_hash_table_iter_init (&iter, self->busy);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));

  for (guint i = 0; i < ids->len; i++)
    {
      FerryMigration *m = ferry_migration_list_lookup (self->list, g_ptr_array_index (ids, i));
      FerryConnection *connection;
      PollData *data;

      if (m == NULL || !ferry_migration_get_busy (m) || running_job (self, ferry_migration_get_id (m)) != NULL)
        continue;

      if (is (ferry_migration_get_package_status (m), "creating"))
        connection = source_connection (self, m);
      else
        connection = target_connection (self, m);
      if (connection == NULL)
        continue;

      data = g_new0 (PollData, 1);
      data->view = self;
      data->cancellable = g_object_ref (self->cancellable);
      data->connection = g_object_ref (connection);
      data->id = g_strdup (ferry_migration_get_id (m));
      ferry_library_get_migration_async (connection, data->id, FERRY_SHOW_CONTENT_DEFAULT,
                                         self->cancellable, poll_cb, data);
      started++;
    }

  self->polls_pending = started;
  if (started == 0)
    self->poll_interval_ms = 0;   /* idle: the next busy migration starts it again */
}

/* ------------------------------------------------------------------------ */
/* Changes                                                                    */
/* ------------------------------------------------------------------------ */

/* Nothing is left for Ferry to drive: imported, failed, undone, refused. */
static gboolean
migration_at_end (FerryMigration *m)
{
  static const char * const ends[] = {
    "imported", "import_failed", "undo_success", "undo_failed",
  };
  const char *import_status = ferry_migration_get_import_status (m);

  if (is (ferry_migration_get_package_status (m), "create_failed") ||
      is (ferry_migration_get_import_request_status (m), "rejected"))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    if (is (import_status, ends[i]))
      return TRUE;
  return FALSE;
}

static void
resume_migration (FerryMigrationsView *self,
                  FerryMigration      *m)
{
  const char *id = ferry_migration_get_id (m);
  FerryConnection *source = source_connection (self, m);
  FerryConnection *target = target_connection (self, m);
  g_autoptr(FerryJob) job = NULL;

  if (is (ferry_migration_get_import_status (m), "undoing"))
    {
      if (target == NULL)
        return;
      job = ferry_job_new_undo (target, id, ferry_migration_get_target_project_id (m));
    }
  else
    {
      if (source == NULL || target == NULL)
        return;
      job = ferry_job_resume_migration (source, target, id);
    }

  g_debug ("Resuming the migration %s", id);
  ferry_job_set_poll_interval (job, RESUMED_POLL_MIN_MS, RESUMED_POLL_MAX_MS);
  watch_job (self, job, TRUE);
  ferry_job_run_async (job, self->cancellable, NULL, NULL);
}

/* States move: the status filter and the sorters on states (when they are
 * the column sorted by) are told, at most once a second, as re-sorting ten
 * thousand rows is not free. */
static void
resort (FerryMigrationsView *self)
{
  self->last_resort_us = g_get_monotonic_time ();
  if (self->status_filter != FERRY_MIGRATIONS_FILTER_ALL)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  for (guint i = 0; i < G_N_ELEMENTS (self->dynamic_sorters); i++)
    gtk_sorter_changed (self->dynamic_sorters[i], GTK_SORTER_CHANGE_DIFFERENT);
}

static gboolean
resort_timeout_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;

  self->resort_source = 0;
  resort (self);
  return G_SOURCE_REMOVE;
}

static void
queue_resort (FerryMigrationsView *self)
{
  gint64 since = g_get_monotonic_time () - self->last_resort_us;

  if (self->resort_source != 0)
    return;
  if (since >= G_USEC_PER_SEC)
    resort (self);
  else
    self->resort_source = g_timeout_add ((G_USEC_PER_SEC - since) / 1000 + 1, resort_timeout_cb, self);
}

static gboolean
changes_idle_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;
  gboolean can_resume = self->auto_resume && !first_listing_under_way (self);
  gboolean needs_poll = FALSE;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;
  guint running = 0;

  self->changes_idle = 0;

  /* Jobs elsewhere in the process (another window's, an editor's) on
   * migrations listed here, whatever their state: show their progress. */
  if (job_registry != NULL)
    {
      g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func (g_object_unref);
      gpointer value;

      /* watch_job() may file jobs: iterate over a copy. */
      g_hash_table_iter_init (&iter, job_registry);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        g_ptr_array_add (jobs, g_object_ref (value));
      for (guint i = 0; i < jobs->len; i++)
        {
          FerryJob *job = g_ptr_array_index (jobs, i);
          const char *id = ferry_job_get_migration_id (job);

          if (running_job (self, id) == NULL && ferry_migration_list_lookup (self->list, id) != NULL)
            watch_job (self, job, FALSE);
        }
    }

  g_hash_table_iter_init (&iter, self->busy);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      FerryMigration *m = ferry_migration_list_lookup (self->list, id);

      if (m == NULL || !ferry_migration_get_busy (m))
        {
          g_hash_table_remove (self->busy, id);
          continue;
        }
      running++;
      if (running_job (self, id) != NULL)
        continue;

      /* A job elsewhere in the process drives it: show that one. */
      if (registry_lookup (id) != NULL)
        {
          watch_job (self, registry_lookup (id), FALSE);
          continue;
        }
      if (can_resume && own_contains (id))
        resume_migration (self, m);
      if (running_job (self, id) == NULL)
        needs_poll = TRUE;
    }

  /* Migrations started here that wait for the next step (a request, an
   * approval, the import): go on with them; those at their end are done. */
  if (can_resume)
    {
      g_autofree const char **own = NULL;

      own_ensure ();
      own = (const char **) g_hash_table_get_keys_as_array (own_ids, NULL);
      for (guint i = 0; own[i] != NULL; i++)
        {
          FerryMigration *m = ferry_migration_list_lookup (self->list, own[i]);

          if (m == NULL || ferry_migration_get_busy (m) || running_job (self, own[i]) != NULL ||
              registry_lookup (own[i]) != NULL)
            continue;
          if (migration_at_end (m))
            own_remove (own[i]);
          else
            resume_migration (self, m);
        }
    }

  /* Jobs on migrations the servers are not (or not yet) busy with: a
   * request, an approval, the start of an import. */
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (self->busy, key) && running_job (self, key) != NULL &&
        ferry_migration_list_lookup (self->list, key) != NULL)
      running++;

  if (self->n_running != running)
    {
      self->n_running = running;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_RUNNING]);
    }

  queue_resort (self);

  if (needs_poll && self->poll_source == 0 && self->polls_pending == 0)
    poll_schedule (self, POLL_MIN_MS);

  update_page (self);
  update_count (self);
  update_errors (self);
  update_actions (self);
  return G_SOURCE_REMOVE;
}

static void
queue_changes (FerryMigrationsView *self)
{
  if (self->changes_idle == 0 && self->cancellable != NULL && !g_cancellable_is_cancelled (self->cancellable))
    self->changes_idle = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, changes_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------------ */
/* Jobs                                                                       */
/* ------------------------------------------------------------------------ */

static void
watched_free (Watched *watched)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched->handlers); i++)
    g_clear_signal_handler (&watched->handlers[i], watched->job);
  g_clear_object (&watched->job);
  g_free (watched->name);
  g_free (watched);
}

static FerryMigration *
job_migration (FerryMigrationsView *self,
               FerryJob            *job)
{
  const char *id = ferry_job_get_migration_id (job);

  return id != NULL ? ferry_migration_list_lookup (self->list, id) : NULL;
}

static void
job_record_cb (FerryJob            *job,
               FerryConnection     *connection,
               JsonObject          *record,
               FerryMigrationsView *self)
{
  take_record (self, connection, record);
  queue_changes (self);
}

static void
job_progress_cb (FerryJob            *job,
                 GParamSpec          *pspec,
                 FerryMigrationsView *self)
{
  FerryMigration *m = job_migration (self, job);

  if (m != NULL)
    update_cells_for (self, m);
  if (m != NULL && m == self->selected)
    update_actions (self);
}

static void
report_job (FerryMigrationsView *self,
            FerryJob            *job,
            const char          *name)
{
  FerryJobState state = ferry_job_get_state (job);
  FerryMigration *m = job_migration (self, job);
  g_autofree char *where = NULL;
  g_autofree char *message = NULL;

  if (state == FERRY_JOB_STATE_CANCELLED)
    return;
  if (name == NULL)
    name = m != NULL ? migration_name (m) : ferry_job_get_migration_id (job);
  if (m != NULL)
    where = target_name (self, m);

  if (state == FERRY_JOB_STATE_SUCCEEDED)
    {
      switch (ferry_job_get_kind (job))
        {
        case FERRY_JOB_KIND_UNDO:
          message = g_strdup_printf (_("“%s” was undone in %s"), name, where != NULL ? where : _("the target"));
          break;
        case FERRY_JOB_KIND_DELETE:
          message = g_strdup_printf (_("“%s” was deleted"), name);
          break;
        default:
          message = g_strdup_printf (_("“%s” was imported into %s"), name, where != NULL ? where : _("the target"));
          break;
        }
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (ferry_job_get_error (job));

      switch (ferry_job_get_kind (job))
        {
        case FERRY_JOB_KIND_UNDO:
          message = g_strdup_printf (_("Could not undo “%s”: %s"), name, described);
          break;
        case FERRY_JOB_KIND_DELETE:
          message = g_strdup_printf (_("Could not delete “%s”: %s"), name, described);
          break;
        default:
          message = g_strdup_printf (_("“%s” failed: %s"), name, described);
          break;
        }
    }
  toast (self, message);
}

static void
job_finished_cb (FerryJob            *job,
                 FerryMigrationsView *self)
{
  const char *id = ferry_job_get_migration_id (job);
  Watched *watched = id != NULL ? g_hash_table_lookup (self->watched, id) : NULL;
  FerryMigration *m;

  if (watched == NULL || watched->job != job)
    {
      /* Ended before its id was known (the creation failed). */
      if (g_hash_table_contains (self->unnamed, job))
        {
          Watched *unnamed = g_hash_table_lookup (self->unnamed, job);

          if (unnamed->owned)
            report_job (self, job, unnamed->name);
          g_hash_table_remove (self->unnamed, job);
        }
      return;
    }

  if (ferry_job_get_state (job) == FERRY_JOB_STATE_FAILED)
    g_hash_table_replace (self->last_errors, g_strdup (id), g_error_copy (ferry_job_get_error (job)));
  else if (ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED)
    g_hash_table_remove (self->last_errors, id);

  /* A deletion: the records are gone on both sides. */
  if (ferry_job_get_kind (job) == FERRY_JOB_KIND_DELETE && ferry_job_get_state (job) == FERRY_JOB_STATE_SUCCEEDED)
    {
      if (ferry_job_get_source (job) != NULL)
        forget_record (self, ferry_job_get_source (job), id);
      if (ferry_job_get_target (job) != NULL)
        forget_record (self, ferry_job_get_target (job), id);
    }

  if (watched->owned)
    report_job (self, job, watched->name);

  m = ferry_migration_list_lookup (self->list, id);
  g_object_ref (job);
  g_hash_table_remove (self->watched, id);
  if (m != NULL)
    update_cells_for (self, m);
  if (m != NULL && m == self->selected)
    {
      ferry_migration_details_set_job (self->details, NULL);
      ferry_migration_details_set_last_error (self->details, g_hash_table_lookup (self->last_errors, id));
    }
  queue_changes (self);
  g_signal_emit (self, signals[SIGNAL_JOB_FINISHED], 0, job);
  g_object_unref (job);
}

/* The job's migration id became known: file it. */
static void
job_id_cb (FerryJob            *job,
           GParamSpec          *pspec,
           FerryMigrationsView *self)
{
  const char *id = ferry_job_get_migration_id (job);
  gpointer key;
  gpointer value;

  if (id == NULL || !g_hash_table_steal_extended (self->unnamed, job, &key, &value))
    return;
  g_object_unref (key);
  registry_add (job);
  g_hash_table_replace (self->watched, g_strdup (id), value);
  queue_changes (self);
}

static void
watch_job (FerryMigrationsView *self,
           FerryJob            *job,
           gboolean             owned)
{
  const char *id = ferry_job_get_migration_id (job);
  Watched *watched;
  FerryMigration *m;

  if (ferry_job_get_state (job) != FERRY_JOB_STATE_READY && ferry_job_get_state (job) != FERRY_JOB_STATE_RUNNING)
    return;
  if (id != NULL)
    {
      Watched *known = g_hash_table_lookup (self->watched, id);

      if (known != NULL && known->job == job)
        return;
    }
  else if (g_hash_table_contains (self->unnamed, job))
    return;

  watched = g_new0 (Watched, 1);
  watched->job = g_object_ref (job);
  watched->owned = owned;
  m = job_migration (self, job);
  if (m == NULL && ferry_job_get_migration (job) != NULL)
    m = ferry_job_get_migration (job);
  if (m != NULL && ferry_migration_get_name (m) != NULL)
    watched->name = g_strdup (ferry_migration_get_name (m));

  watched->handlers[0] = g_signal_connect (job, "record-received", G_CALLBACK (job_record_cb), self);
  watched->handlers[1] = g_signal_connect (job, "notify::progress", G_CALLBACK (job_progress_cb), self);
  watched->handlers[2] = g_signal_connect (job, "notify::step", G_CALLBACK (job_progress_cb), self);
  watched->handlers[3] = g_signal_connect (job, "finished", G_CALLBACK (job_finished_cb), self);

  if (id != NULL)
    {
      registry_add (job);
      g_hash_table_replace (self->watched, g_strdup (id), watched);
    }
  else
    {
      /* The id comes with the first answer (a new migration). */
      g_hash_table_insert (self->unnamed, g_object_ref (job), watched);
      g_signal_connect_object (job, "notify::migration-id", G_CALLBACK (job_id_cb), self, 0);
    }

  /* What the job knows already. */
  if (ferry_job_get_migration (job) != NULL && id != NULL)
    {
      FerryConnection *source = ferry_job_get_source (job);
      FerryConnection *target = ferry_job_get_target (job);
      g_autoptr(JsonObject) source_record = ferry_migration_dup_record (ferry_job_get_migration (job), FALSE);
      g_autoptr(JsonObject) target_record = ferry_migration_dup_record (ferry_job_get_migration (job), TRUE);

      if (source != NULL && source_record != NULL)
        take_record (self, source, source_record);
      if (target != NULL && target_record != NULL)
        take_record (self, target, target_record);
    }

  m = job_migration (self, job);
  if (m != NULL)
    update_cells_for (self, m);
  if (m != NULL && m == self->selected)
    ferry_migration_details_set_job (self->details, job);
  queue_changes (self);
}

/* Starts JOB, run by the view for MIGRATION. */
static void
run_job (FerryMigrationsView *self,
         FerryMigration      *migration,
         FerryJob            *job)
{
  g_hash_table_remove (self->last_errors, ferry_migration_get_id (migration));
  watch_job (self, job, TRUE);
  ferry_job_run_async (job, self->cancellable, NULL, NULL);
  if (migration == self->selected)
    {
      ferry_migration_details_set_last_error (self->details, NULL);
      ferry_migration_details_set_job (self->details, job);
    }
  update_actions (self);
}

/* ------------------------------------------------------------------------ */
/* Actions                                                                    */
/* ------------------------------------------------------------------------ */

static char *
not_connected (FerryMigrationsView *self,
               const char          *name,
               const char          *doing)
{
  /* Translators: "Connect “Production” to undo this migration" */
  return g_strdup_printf (_("Connect “%s” to %s"), name, doing);
}

/* Whether ACTION applies to M now; *REASON gets what it does, or why not. */
static gboolean
action_state (FerryMigrationsView *self,
              FerryMigration      *m,
              MigrationAction      action,
              char               **reason)
{
  const char *id = ferry_migration_get_id (m);
  const char *package = ferry_migration_get_package_status (m);
  const char *request = ferry_migration_get_import_request_status (m);
  const char *import = ferry_migration_get_import_status (m);
  FerryConnection *source = source_connection (self, m);
  FerryConnection *target = target_connection (self, m);
  g_autofree char *src = source_name (self, m);
  g_autofree char *tgt = target_name (self, m);
  FerryJob *job = running_job (self, id);
  gboolean approved = is (package, "locked") || is (request, "approved");
  gboolean import_begun = import != NULL && !is (import, "pending");

  *reason = NULL;

  if (job != NULL)
    {
      *reason = g_strdup_printf (_("Wait until the current step has finished: %s"), ferry_job_get_step_label (job));
      return FALSE;
    }
  if (g_hash_table_contains (self->actions_running, id))
    {
      *reason = g_strdup (_("Wait until the server has answered"));
      return FALSE;
    }

  switch (action)
    {
    case ACTION_REQUEST_IMPORT:
      if (is (package, "creating"))
        *reason = g_strdup (_("The package is still being created"));
      else if (is (package, "create_failed"))
        *reason = g_strdup (_("The package could not be created"));
      else if (approved || import_begun)
        *reason = g_strdup (_("The import was approved already"));
      else if (is (request, "requested"))
        *reason = g_strdup (_("The import has been requested already"));
      else if (!is (package, "created"))
        *reason = g_strdup (_("The package is not ready"));
      else if (source == NULL)
        *reason = not_connected (self, src, _("request the import"));
      else
        {
          *reason = g_strdup_printf (_("Ask for this package to be imported into %s"), tgt);
          return TRUE;
        }
      return FALSE;

    case ACTION_APPROVE:
      if (is (package, "creating"))
        *reason = g_strdup (_("The package is still being created"));
      else if (is (package, "create_failed"))
        *reason = g_strdup (_("The package could not be created"));
      else if (approved || import_begun)
        *reason = g_strdup (_("The import was approved already"));
      else if (!is (request, "requested"))
        *reason = g_strdup (_("Request the import first"));
      else if (source == NULL)
        *reason = not_connected (self, src, _("approve the import"));
      else
        {
          *reason = g_strdup_printf (_("Approve the import into %s"), tgt);
          return TRUE;
        }
      return FALSE;

    case ACTION_IMPORT:
      if (is (import, "importing"))
        *reason = g_strdup (_("The import is under way"));
      else if (import_begun && !is (import, "import_failed"))
        *reason = g_strdup (_("The package was imported already"));
      else if (!approved)
        *reason = g_strdup (_("The import has not been approved yet"));
      else if (source == NULL)
        *reason = not_connected (self, src, _("import this package"));
      else if (target == NULL)
        *reason = not_connected (self, tgt, _("import this package"));
      else
        {
          if (is (import, "import_failed"))
            *reason = g_strdup_printf (_("Import the package into %s again"), tgt);
          else
            *reason = g_strdup_printf (_("Import the package into %s"), tgt);
          return TRUE;
        }
      return FALSE;

    case ACTION_UNDO:
      if (is (import, "undo_success"))
        *reason = g_strdup (_("Undo is not available: the migration was undone already"));
      else if (is (import, "undoing"))
        *reason = g_strdup (_("The undo is under way"));
      else if (!is (import, "imported") && !is (import, "undo_failed"))
        *reason = g_strdup (_("Undo is not available: the migration is not imported"));
      else if (!ferry_migration_get_has_undo_package (m))
        {
          JsonObject *toc = g_hash_table_lookup (self->toc_views, id);

          if (toc != NULL && ferry_migration_details_uses_keep_both (toc))
            *reason = g_strdup (_("Undo is not available: keep_both was used in this migration's rules"));
          else
            *reason = g_strdup (_("Undo is not available: no undo package"));
        }
      else if (target == NULL)
        *reason = not_connected (self, tgt, _("undo this migration"));
      else
        {
          *reason = g_strdup_printf (_("Give the objects in %s back their state before this migration"), tgt);
          return TRUE;
        }
      return FALSE;

    case ACTION_DELETE:
      if (ferry_migration_get_busy (m))
        *reason = g_strdup (_("Wait until the server has finished this migration's work"));
      else if (source == NULL && target == NULL)
        {
          *reason = g_strdup_printf (_("Connect “%s” or “%s” to delete this migration"), src, tgt);
        }
      else
        {
          if (source != NULL && target != NULL && source != target)
            *reason = g_strdup_printf (_("Delete this migration from %s and %s"), src, tgt);
          else
            *reason = g_strdup_printf (_("Delete this migration from %s"), source != NULL ? src : tgt);
          return TRUE;
        }
      return FALSE;

    default:
      g_assert_not_reached ();
    }
}

static void
update_actions (FerryMigrationsView *self)
{
  FerryMigration *m = self->selected;
  g_autofree char *note = NULL;

  for (guint i = 0; i < N_ACTIONS; i++)
    {
      g_autofree char *reason = NULL;
      gboolean enabled = m != NULL && action_state (self, m, i, &reason);

      gtk_widget_action_set_enabled (GTK_WIDGET (self), action_names[i], enabled);
      ferry_migration_details_set_action_tooltip (self->details, action_names[i], reason);
      /* An imported migration that cannot be undone says why in words
       * too, not only in a tooltip. */
      if (i == ACTION_UNDO && !enabled && m != NULL &&
          is (ferry_migration_get_import_status (m), "imported") &&
          running_job (self, ferry_migration_get_id (m)) == NULL)
        note = g_steal_pointer (&reason);
    }
  ferry_migration_details_set_note (self->details, note);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "migration.copy-id", m != NULL);
}

/* The selected migration, if ACTION applies to it now (else a toast says
 * why). */
static FerryMigration *
action_target (FerryMigrationsView *self,
               MigrationAction      action)
{
  g_autofree char *reason = NULL;

  if (self->selected == NULL)
    return NULL;
  if (!action_state (self, self->selected, action, &reason))
    {
      if (reason != NULL)
        toast (self, reason);
      return NULL;
    }
  return self->selected;
}

typedef struct
{
  FerryMigrationsView *view;
  GCancellable        *cancellable;
  FerryConnection     *connection;
  char                *id;
  char                *name;
  FerryRequestStatus   status;
} PatchData;

static void
patch_data_free (PatchData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_object (&data->connection);
  g_free (data->id);
  g_free (data->name);
  g_free (data);
}

static void
patch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  PatchData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  FerryMigrationsView *self = data->view;
  FerryMigration *m;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      patch_data_free (data);
      return;
    }

  g_hash_table_remove (self->actions_running, data->id);
  if (record != NULL)
    {
      take_record (self, data->connection, record);
      g_hash_table_remove (self->last_errors, data->id);
      toast (self, data->status == FERRY_REQUEST_STATUS_APPROVED
                   ? _("The import was approved")
                   : _("The import was requested"));
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (error);
      g_autofree char *message = g_strdup_printf (data->status == FERRY_REQUEST_STATUS_APPROVED
                                                  ? _("Could not approve “%s”: %s")
                                                  : _("Could not request the import of “%s”: %s"),
                                                  data->name, described);

      g_hash_table_replace (self->last_errors, g_strdup (data->id), g_error_copy (error));
      toast (self, message);
    }

  m = ferry_migration_list_lookup (self->list, data->id);
  if (m != NULL && m == self->selected)
    ferry_migration_details_set_last_error (self->details, g_hash_table_lookup (self->last_errors, data->id));
  queue_changes (self);
  update_actions (self);
  patch_data_free (data);
}

static void
set_import_request (FerryMigrationsView *self,
                    MigrationAction      action,
                    FerryRequestStatus   status)
{
  FerryMigration *m = action_target (self, action);
  PatchData *data;

  if (m == NULL)
    return;

  data = g_new0 (PatchData, 1);
  data->view = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->connection = g_object_ref (source_connection (self, m));
  data->id = g_strdup (ferry_migration_get_id (m));
  data->name = g_strdup (migration_name (m));
  data->status = status;
  g_hash_table_add (self->actions_running, g_strdup (data->id));
  ferry_library_set_import_request_async (data->connection, data->id, status, self->cancellable,
                                          patch_cb, data);
  update_actions (self);
}

static void
request_import_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  set_import_request (FERRY_MIGRATIONS_VIEW (widget), ACTION_REQUEST_IMPORT, FERRY_REQUEST_STATUS_REQUESTED);
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  set_import_request (FERRY_MIGRATIONS_VIEW (widget), ACTION_APPROVE, FERRY_REQUEST_STATUS_APPROVED);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = action_target (self, ACTION_IMPORT);
  g_autoptr(FerryJob) job = NULL;

  if (m == NULL)
    return;
  job = ferry_job_resume_migration (source_connection (self, m), target_connection (self, m),
                                    ferry_migration_get_id (m));
  run_job (self, m, job);
}

/* --- Confirmations ------------------------------------------------------------ */

typedef struct
{
  FerryMigrationsView *view;
  MigrationAction      action;
  char                *id;
} Confirm;

static void
confirm_free (gpointer data)
{
  Confirm *confirm = data;

  g_clear_weak_pointer (&confirm->view);
  g_free (confirm->id);
  g_free (confirm);
}

static void
confirm_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Confirm          *confirm)
{
  FerryMigrationsView *self = confirm->view;
  FerryMigration *m;
  g_autofree char *reason = NULL;
  g_autoptr(FerryJob) job = NULL;

  if (self == NULL || g_str_equal (response, "cancel"))
    return;
  m = ferry_migration_list_lookup (self->list, confirm->id);
  if (m == NULL)
    return;
  /* The state may have moved while the dialog was open. */
  if (!action_state (self, m, confirm->action, &reason))
    {
      if (reason != NULL)
        toast (self, reason);
      return;
    }

  if (confirm->action == ACTION_UNDO)
    job = ferry_job_new_undo (target_connection (self, m), confirm->id,
                              ferry_migration_get_target_project_id (m));
  else
    job = ferry_job_new_delete (source_connection (self, m), target_connection (self, m), confirm->id);
  run_job (self, m, job);
}

static void
ask (FerryMigrationsView *self,
     FerryMigration      *m,
     MigrationAction      action,
     const char          *heading,
     const char          *body,
     const char          *response_id,
     const char          *response_label)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  Confirm *confirm = g_new0 (Confirm, 1);

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, heading, body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    response_id, response_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), response_id,
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);

  g_set_weak_pointer (&confirm->view, self);
  confirm->action = action;
  confirm->id = g_strdup (ferry_migration_get_id (m));
  g_signal_connect_data (dialog, "response", G_CALLBACK (confirm_response_cb), confirm,
                         (GClosureNotify) (void (*) (void)) confirm_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = action_target (self, ACTION_UNDO);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  g_autofree char *where = NULL;

  if (m == NULL)
    return;
  where = target_name (self, m);
  heading = g_strdup_printf (_("Undo “%s” in %s?"), migration_name (m), where);
  body = g_strdup_printf (_("Objects replaced by this migration get their previous versions back and objects it created are removed. "
                            "Only %s changes; the migration’s record stays, marked as undone."),
                          where);
  ask (self, m, ACTION_UNDO, heading, body, "undo", _("_Undo"));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryMigration *m = action_target (self, ACTION_DELETE);
  FerryConnection *source;
  FerryConnection *target;
  g_autofree char *src = NULL;
  g_autofree char *tgt = NULL;
  g_autofree char *heading = NULL;
  g_autofree char *where = NULL;
  g_autofree char *body = NULL;
  const char *undo_note;

  if (m == NULL)
    return;
  source = source_connection (self, m);
  target = target_connection (self, m);
  src = source_name (self, m);
  tgt = target_name (self, m);

  if (source != NULL && target != NULL && source != target)
    where = g_strdup_printf (_("from %s and %s"), src, tgt);
  else if (source != NULL && target == NULL && ferry_migration_get_has_target_record (m))
    where = g_strdup_printf (_("from %s only (%s is not connected: its record stays)"), src, tgt);
  else if (source == NULL && target != NULL && ferry_migration_get_has_source_record (m))
    where = g_strdup_printf (_("from %s only (%s is not connected: its record stays)"), tgt, src);
  else
    where = g_strdup_printf (_("from %s"), source != NULL ? src : tgt);

  undo_note = ferry_migration_get_has_undo_package (m) && is (ferry_migration_get_import_status (m), "imported")
              ? _(" It can then no longer be undone.")
              : "";
  heading = g_strdup_printf (_("Delete “%s”?"), migration_name (m));
  /* Translators: the first %s is "from Development and Production" */
  body = g_strdup_printf (_("The migration's records and packages are deleted %s. The objects it imported stay as they are.%s"),
                          where, undo_note);
  ask (self, m, ACTION_DELETE, heading, body, "delete", _("_Delete"));
}

static void
copy_id_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  if (self->selected == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ferry_migration_get_id (self->selected));
  toast (self, _("The migration's id was copied"));
}

static void
copied_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  toast (FERRY_MIGRATIONS_VIEW (widget), _("Copied"));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ferry_migrations_view_refresh (FERRY_MIGRATIONS_VIEW (widget));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
clear_filters_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  ferry_migrations_view_set_search_text (self, NULL);
  ferry_migrations_view_set_status_filter (self, FERRY_MIGRATIONS_FILTER_ALL);
  ferry_migrations_view_set_purpose_filter (self, NULL);
}

static void
close_details_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ferry_migrations_view_select (FERRY_MIGRATIONS_VIEW (widget), NULL);
}

static void
context_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  graphene_point_t point;

  if (self->selected == NULL)
    return;
  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), widget,
                                 &GRAPHENE_POINT_INIT (gtk_widget_get_width (GTK_WIDGET (self->column_view)) / 3.0f, 24.0f),
                                 &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

/* --- Export -------------------------------------------------------------------- */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  gssize n = ferry_migrations_view_export_finish (self, result, &error);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;

  if (n < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      message = g_strdup_printf (_("Could not export to %s: %s"), name, error->message);
    }
  else
    message = g_strdup_printf (ngettext ("%zd migration exported to %s", "%zd migrations exported to %s", n), n, name);
  toast (self, message);
}

static void
export_chooser_response_cb (GtkNativeDialog     *chooser,
                            int                  response,
                            FerryMigrationsView *self)
{
  FerryExportFormat format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        ferry_migrations_view_export_async (self, format, file, self->cancellable,
                                            export_done_cb, g_object_ref (file));
    }
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  FerryExportFormat format = g_strcmp0 (g_variant_get_string (parameter, NULL), "json") == 0
                             ? FERRY_EXPORT_FORMAT_JSON : FERRY_EXPORT_FORMAT_CSV;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = g_strdup_printf ("migrations.%s", ferry_export_format_get_extension (format));

  chooser = gtk_file_chooser_native_new (format == FERRY_EXPORT_FORMAT_JSON ? _("Export as JSON")
                                                                             : _("Export as CSV"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), _("_Cancel"));
  gtk_file_filter_set_name (filter, format == FERRY_EXPORT_FORMAT_JSON ? _("JSON files") : _("CSV files"));
  gtk_file_filter_add_mime_type (filter, ferry_export_format_get_content_type (format));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data (G_OBJECT (chooser), "format", GINT_TO_POINTER (format));
  g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* ------------------------------------------------------------------------ */
/* Selection and details                                                      */
/* ------------------------------------------------------------------------ */

typedef struct
{
  FerryMigrationsView *view;
  GCancellable        *cancellable;
  FerryConnection     *connection;
  char                *id;
} ContentData;

static void
content_data_free (ContentData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_object (&data->connection);
  g_free (data->id);
  g_free (data);
}

static void
show_content (FerryMigrationsView *self)
{
  const char *id;
  const char *fetching;

  if (self->selected == NULL)
    return;
  id = ferry_migration_get_id (self->selected);
  fetching = g_hash_table_lookup (self->toc_fetching, id);
  ferry_migration_details_set_content (self->details, g_hash_table_lookup (self->toc_views, id),
                                       fetching != NULL && *fetching == '\0',
                                       fetching != NULL && *fetching != '\0' ? fetching : NULL);
}

static void
content_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ContentData *data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) record = ferry_library_finish_object (result, &error);
  FerryMigrationsView *self = data->view;

  if (g_cancellable_is_cancelled (data->cancellable))
    {
      content_data_free (data);
      return;
    }

  if (record != NULL)
    {
      g_hash_table_remove (self->toc_fetching, data->id);
      take_record (self, data->connection, record);
      if (!g_hash_table_contains (self->toc_views, data->id))
        g_hash_table_replace (self->toc_views, g_strdup (data->id), json_object_new ());
    }
  else
    {
      g_autofree char *described = ferry_api_error_describe (error);
      g_autofree char *message = g_strdup_printf (_("The settings could not be read: %s"), described);

      g_hash_table_replace (self->toc_fetching, g_strdup (data->id), g_steal_pointer (&message));
    }

  show_content (self);
  update_actions (self);
  queue_changes (self);
  content_data_free (data);
}

static void
fetch_content (FerryMigrationsView *self,
               FerryMigration      *migration)
{
  const char *id = ferry_migration_get_id (migration);
  FerryConnection *connection;
  ContentData *data;

  if (g_hash_table_contains (self->toc_views, id) || g_hash_table_contains (self->toc_fetching, id))
    return;

  connection = source_connection (self, migration);
  if (connection == NULL || !ferry_migration_get_has_source_record (migration))
    connection = target_connection (self, migration);
  if (connection == NULL)
    return;

  data = g_new0 (ContentData, 1);
  data->view = self;
  data->cancellable = g_object_ref (self->cancellable);
  data->connection = g_object_ref (connection);
  data->id = g_strdup (id);
  g_hash_table_replace (self->toc_fetching, g_strdup (id), g_strdup (""));
  ferry_library_get_migration_async (connection, id, FERRY_SHOW_CONTENT_ALL, self->cancellable,
                                     content_cb, data);
}

static void
selected_notify_cb (FerryMigrationsView *self)
{
  g_autofree char *src = source_name (self, self->selected);
  g_autofree char *tgt = target_name (self, self->selected);

  ferry_migration_details_set_environment_names (self->details, src, tgt);
  update_actions (self);
}

static void
selection_changed_cb (FerryMigrationsView *self)
{
  FerryMigration *m = gtk_single_selection_get_selected_item (self->selection);

  if (m == self->selected)
    return;

  if (self->selected != NULL)
    {
      g_clear_signal_handler (&self->selected_handler, self->selected);
      g_clear_object (&self->selected);
    }
  if (m != NULL)
    {
      self->selected = g_object_ref (m);
      self->selected_handler = g_signal_connect_swapped (m, "notify", G_CALLBACK (selected_notify_cb), self);
    }

  ferry_migration_details_set_migration (self->details, m);
  if (m != NULL)
    {
      const char *id = ferry_migration_get_id (m);

      selected_notify_cb (self);
      ferry_migration_details_set_job (self->details, running_job (self, id));
      ferry_migration_details_set_last_error (self->details, g_hash_table_lookup (self->last_errors, id));
      fetch_content (self, m);
      show_content (self);
    }
  adw_flap_set_reveal_flap (self->flap, m != NULL);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_MIGRATION]);
}

static void
flap_revealed_cb (FerryMigrationsView *self)
{
  /* Closed by the user (a folded flap: Escape, a click beside it). */
  if (!adw_flap_get_reveal_flap (self->flap) && self->selected != NULL)
    ferry_migrations_view_select (self, NULL);
}

static void
shown_changed_cb (FerryMigrationsView *self)
{
  update_page (self);
  update_count (self);
}

/* Right click (or long press) on a row: select it, show the menu there. */
static void
row_menu_at (FerryMigrationsView *self,
             double               x,
             double               y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *cell = picked != NULL ? gtk_widget_get_ancestor (picked, FERRY_TYPE_MIGRATION_CELL) : NULL;
  FerryMigration *m;
  graphene_point_t point;

  if (cell == NULL && picked != NULL && FERRY_IS_MIGRATION_CELL (picked))
    cell = picked;
  if (cell == NULL)
    return;
  m = FERRY_MIGRATION_CELL (cell)->migration;
  if (m == NULL || !ferry_migrations_view_select (self, ferry_migration_get_id (m)))
    return;

  if (!gtk_widget_compute_point (GTK_WIDGET (self->column_view), GTK_WIDGET (self),
                                 &GRAPHENE_POINT_INIT (x, y), &point))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->row_popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->row_popover));
}

static void
secondary_click_cb (GtkGestureClick     *gesture,
                    int                  n_press,
                    double               x,
                    double               y,
                    FerryMigrationsView *self)
{
  row_menu_at (self, x, y);
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
long_press_cb (GtkGestureLongPress *gesture,
               double               x,
               double               y,
               FerryMigrationsView *self)
{
  row_menu_at (self, x, y);
}

/* ------------------------------------------------------------------------ */
/* Filters from the widgets                                                   */
/* ------------------------------------------------------------------------ */

static const char *const purpose_choices[] = {
  NULL, "object_migration", "project_merge", "migration_from_shared_file_store",
};

static void
search_changed_cb (FerryMigrationsView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  g_clear_pointer (&self->search_folded, g_free);
  if (*stripped != '\0')
    self->search_folded = g_utf8_casefold (stripped, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

static void
status_dropdown_cb (FerryMigrationsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected > FERRY_MIGRATIONS_FILTER_UNDONE)
    selected = FERRY_MIGRATIONS_FILTER_ALL;
  if (self->status_filter == (FerryMigrationsFilter) selected)
    return;
  self->status_filter = selected;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

static void
purpose_dropdown_cb (FerryMigrationsView *self)
{
  guint selected = gtk_drop_down_get_selected (self->purpose_dropdown);
  const char *purpose = selected < G_N_ELEMENTS (purpose_choices) ? purpose_choices[selected] : NULL;

  if (g_strcmp0 (purpose, self->purpose_filter) == 0)
    return;
  g_free (self->purpose_filter);
  self->purpose_filter = g_strdup (purpose);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  shown_changed_cb (self);
}

/* A drop-down factory whose labels ellipsize, so the filters fit a narrow
 * window. */
static void
dropdown_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_width_chars (GTK_LABEL (label), 6);
  gtk_list_item_set_child (item, label);
}

static void
dropdown_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (string));
}

static void
dropdown_list_setup_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_list_item_set_child (item, label);
}

static void
set_dropdown_factories (GtkDropDown *dropdown)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkListItemFactory *list_factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (dropdown_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
  g_signal_connect (list_factory, "setup", G_CALLBACK (dropdown_list_setup_cb), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (dropdown_bind_cb), NULL);
  gtk_drop_down_set_factory (dropdown, factory);
  gtk_drop_down_set_list_factory (dropdown, list_factory);
  g_object_unref (factory);
  g_object_unref (list_factory);
}

/* ------------------------------------------------------------------------ */
/* Focus                                                                      */
/* ------------------------------------------------------------------------ */

static void
window_active_cb (GtkWindow           *window,
                  GParamSpec          *pspec,
                  FerryMigrationsView *self)
{
  if (!gtk_window_is_active (window))
    return;
  /* Coming back to the window: read again, unless that was just done. */
  if (self->last_refresh_us != 0 &&
      g_get_monotonic_time () - self->last_refresh_us < FOCUS_REFRESH_US)
    return;
  ferry_migrations_view_refresh (self);
}

static void
ferry_migrations_view_root (GtkWidget *widget)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (ferry_migrations_view_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    {
      g_set_weak_pointer (&self->root_window, GTK_WINDOW (root));
      self->active_handler = g_signal_connect (root, "notify::is-active", G_CALLBACK (window_active_cb), self);
    }
}

static void
ferry_migrations_view_unroot (GtkWidget *widget)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);

  if (self->root_window != NULL)
    g_clear_signal_handler (&self->active_handler, self->root_window);
  g_clear_weak_pointer (&self->root_window);

  GTK_WIDGET_CLASS (ferry_migrations_view_parent_class)->unroot (widget);
}

/* ------------------------------------------------------------------------ */
/* GObject                                                                    */
/* ------------------------------------------------------------------------ */

static void
ferry_migrations_view_dispose (GObject *object)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);
  GHashTableIter iter;
  gpointer value;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  g_clear_handle_id (&self->feed_idle, g_source_remove);
  g_clear_handle_id (&self->narrow_idle, g_source_remove);
  g_clear_handle_id (&self->changes_idle, g_source_remove);
  g_clear_handle_id (&self->resort_source, g_source_remove);
  g_clear_handle_id (&self->poll_source, g_source_remove);

  /* Jobs the view runs stop (the servers' work goes on; another view, or
   * this one after a restart, picks it up); watched ones are let go. */
  for (guint pass = 0; pass < 2; pass++)
    {
      GHashTable *table = pass == 0 ? self->watched : self->unnamed;

      if (table == NULL)
        continue;
      g_hash_table_iter_init (&iter, table);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          Watched *watched = value;

          for (guint i = 0; i < G_N_ELEMENTS (watched->handlers); i++)
            g_clear_signal_handler (&watched->handlers[i], watched->job);
          if (watched->owned)
            ferry_job_cancel (watched->job);
        }
      g_hash_table_remove_all (table);
    }

  /* No more updates from the models while everything goes. */
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);

  if (self->environments != NULL)
    g_clear_signal_handler (&self->environments_handler, self->environments);
  g_clear_object (&self->environments);
  if (self->envs != NULL)
    {
      /* Freeing a state removes its records: nothing may walk a half-freed
       * array meanwhile. */
      g_autoptr(GPtrArray) envs = g_steal_pointer (&self->envs);

      self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) env_state_free);
      g_clear_pointer (&envs, g_ptr_array_unref);
    }
  g_queue_clear_full (&self->pending, (GDestroyNotify) pending_free);

  if (self->selected != NULL)
    g_clear_signal_handler (&self->selected_handler, self->selected);
  g_clear_object (&self->selected);

  if (self->row_popover != NULL)
    gtk_widget_unparent (self->row_popover);
  self->row_popover = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), FERRY_TYPE_MIGRATIONS_VIEW);

  g_clear_object (&self->selection);
  g_clear_object (&self->sort_model);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_weak_pointer (&self->toast_overlay);

  G_OBJECT_CLASS (ferry_migrations_view_parent_class)->dispose (object);
}

static void
ferry_migrations_view_finalize (GObject *object)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->envs, g_ptr_array_unref);
  g_clear_pointer (&self->names, g_hash_table_unref);
  g_clear_pointer (&self->key_cache, g_hash_table_unref);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_clear_pointer (&self->unnamed, g_hash_table_unref);
  g_clear_pointer (&self->actions_running, g_hash_table_unref);
  g_clear_pointer (&self->last_errors, g_hash_table_unref);
  g_clear_pointer (&self->toc_views, g_hash_table_unref);
  g_clear_pointer (&self->toc_fetching, g_hash_table_unref);
  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->busy, g_hash_table_unref);
  g_clear_pointer (&self->purpose_filter, g_free);
  g_clear_pointer (&self->search_folded, g_free);

  G_OBJECT_CLASS (ferry_migrations_view_parent_class)->finalize (object);
}

static void
ferry_migrations_view_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      g_value_set_object (value, self->environments);
      break;
    case PROP_N_RUNNING:
      g_value_set_uint (value, self->n_running);
      break;
    case PROP_TOAST_OVERLAY:
      g_value_set_object (value, self->toast_overlay);
      break;
    case PROP_AUTO_RESUME:
      g_value_set_boolean (value, self->auto_resume);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_SELECTED_MIGRATION:
      g_value_set_object (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ferry_migrations_view_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_ENVIRONMENTS:
      ferry_migrations_view_set_environments (self, g_value_get_object (value));
      break;
    case PROP_TOAST_OVERLAY:
      ferry_migrations_view_set_toast_overlay (self, g_value_get_object (value));
      break;
    case PROP_AUTO_RESUME:
      ferry_migrations_view_set_auto_resume (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------------------ */
/* Narrow                                                                     */
/* ------------------------------------------------------------------------ */

static gboolean
apply_narrow_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);

  self->narrow_idle = 0;
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      gboolean kept = i == FERRY_MIGRATIONS_COLUMN_NAME || i == FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS ||
                      i == FERRY_MIGRATIONS_COLUMN_PROGRESS;

      gtk_column_view_column_set_visible (column, kept || !self->narrow);
      if (i == FERRY_MIGRATIONS_COLUMN_NAME)
        gtk_column_view_column_set_fixed_width (column, self->narrow ? 130 : 220);
      else if (i == FERRY_MIGRATIONS_COLUMN_PROGRESS)
        gtk_column_view_column_set_fixed_width (column, self->narrow ? 100 : 120);
      else if (i == FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS)
        gtk_column_view_column_set_fixed_width (column, self->narrow ? 120 : 140);
    }
  return G_SOURCE_REMOVE;
}

/* Measured and allocated here, not by AdwBin's layout manager: the width
 * decides which columns show. */
static void
ferry_migrations_view_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_measure (child, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static GtkSizeRequestMode
ferry_migrations_view_get_request_mode (GtkWidget *widget)
{
  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  return child != NULL ? gtk_widget_get_request_mode (child) : GTK_SIZE_REQUEST_CONSTANT_SIZE;
}

static void
ferry_migrations_view_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  FerryMigrationsView *self = FERRY_MIGRATIONS_VIEW (widget);
  gboolean narrow = width < NARROW_WIDTH;

  GtkWidget *child = adw_bin_get_child (ADW_BIN (widget));

  if (child != NULL)
    gtk_widget_allocate (child, width, height, baseline, NULL);

  /* GTK 4.8 has no breakpoints: switch after this allocation, not during it. */
  if (narrow != self->narrow && self->column_view != NULL)
    {
      self->narrow = narrow;
      if (self->narrow_idle == 0)
        self->narrow_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, apply_narrow_cb, self, NULL);
    }
}

static void
ferry_migrations_view_class_init (FerryMigrationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ferry_migrations_view_dispose;
  object_class->finalize = ferry_migrations_view_finalize;
  object_class->get_property = ferry_migrations_view_get_property;
  object_class->set_property = ferry_migrations_view_set_property;
  widget_class->root = ferry_migrations_view_root;
  widget_class->measure = ferry_migrations_view_measure;
  widget_class->get_request_mode = ferry_migrations_view_get_request_mode;
  widget_class->size_allocate = ferry_migrations_view_size_allocate;
  widget_class->unroot = ferry_migrations_view_unroot;

  properties[PROP_ENVIRONMENTS] =
    g_param_spec_object ("environments", NULL, NULL,
                         G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_RUNNING] =
    g_param_spec_uint ("n-running", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOAST_OVERLAY] =
    g_param_spec_object ("toast-overlay", NULL, NULL,
                         ADW_TYPE_TOAST_OVERLAY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUTO_RESUME] =
    g_param_spec_boolean ("auto-resume", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_MIGRATION] =
    g_param_spec_object ("selected-migration", NULL, NULL,
                         FERRY_TYPE_MIGRATION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * FerryMigrationsView::toast:
   * @message: a sentence: a result or an error
   */
  signals[SIGNAL_TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * FerryMigrationsView::job-finished:
   * @job: a job the view ran or watched, at its end (any state)
   *
   * E.g. for the window to compare again after an import or an undo.
   */
  signals[SIGNAL_JOB_FINISHED] =
    g_signal_new ("job-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, FERRY_TYPE_JOB);

  g_type_ensure (FERRY_TYPE_MIGRATION);
  g_type_ensure (FERRY_TYPE_MIGRATION_DETAILS);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/ferryapp/Ferry/ferry-migrations-view.ui");
  gtk_widget_class_set_css_name (widget_class, "ferry-migrations-view");

  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, export_button);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, purpose_dropdown);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, count_label);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, errors_revealer);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, errors_box);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, flap);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, stack);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, page_spinner);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, empty_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, error_page);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, scrolled_window);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, column_view);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, details);
  gtk_widget_class_bind_template_child (widget_class, FerryMigrationsView, row_menu);

  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_REQUEST_IMPORT, NULL, request_import_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_APPROVE, NULL, approve_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_IMPORT, NULL, import_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_UNDO, NULL, undo_action);
  gtk_widget_class_install_action (widget_class, FERRY_MIGRATION_ACTION_DELETE, NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "migration.copy-id", NULL, copy_id_action);
  gtk_widget_class_install_action (widget_class, "migrations.copied", NULL, copied_action);
  gtk_widget_class_install_action (widget_class, "migrations.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "migrations.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "migrations.export", "s", export_action);
  gtk_widget_class_install_action (widget_class, "migrations.clear-filters", NULL, clear_filters_action);
  gtk_widget_class_install_action (widget_class, "migrations.close-details", NULL, close_details_action);
  gtk_widget_class_install_action (widget_class, "migrations.context-menu", NULL, context_menu_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "migrations.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "migrations.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "migrations.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, FERRY_MIGRATION_ACTION_DELETE, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "migrations.context-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "migrations.context-menu", NULL);
}

static void
ferry_migrations_view_init (FerryMigrationsView *self)
{
  GtkGesture *gesture;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* No layout manager: see ferry_migrations_view_size_allocate(). */
  gtk_widget_set_layout_manager (GTK_WIDGET (self), NULL);

  self->cancellable = g_cancellable_new ();
  self->auto_resume = TRUE;
  self->envs = g_ptr_array_new_with_free_func ((GDestroyNotify) env_state_free);
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->key_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) watched_free);
  self->unnamed = g_hash_table_new_full (NULL, NULL, g_object_unref, (GDestroyNotify) watched_free);
  self->actions_running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_error_free);
  self->toc_views = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->toc_fetching = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cells = g_hash_table_new (NULL, NULL);
  self->busy = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->pending);

  /* Factories before the model (a GTK 4.8 column view leaves the first
   * rows of a column added later empty). */
  add_columns (self);

  self->list = ferry_migration_list_new ();
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  self->sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                              g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sort_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  /* The page and the count follow once per main-loop turn: records come
   * in by the thousand. */
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (queue_changes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "items-changed",
                           G_CALLBACK (queue_changes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->flap, "notify::reveal-flap",
                           G_CALLBACK (flap_revealed_cb), self, G_CONNECT_SWAPPED);

  set_dropdown_factories (self->status_dropdown);
  set_dropdown_factories (self->purpose_dropdown);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_dropdown, "notify::selected",
                           G_CALLBACK (status_dropdown_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purpose_dropdown, "notify::selected",
                           G_CALLBACK (purpose_dropdown_cb), self, G_CONNECT_SWAPPED);

  self->row_popover = gtk_popover_menu_new_from_model (self->row_menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->row_popover), FALSE);
  gtk_widget_set_halign (self->row_popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->row_popover, GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (secondary_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));
  gesture = gtk_gesture_long_press_new ();
  gtk_gesture_single_set_touch_only (GTK_GESTURE_SINGLE (gesture), TRUE);
  g_signal_connect (gesture, "pressed", G_CALLBACK (long_press_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  update_actions (self);
  update_page (self);
  update_count (self);
}

/* ------------------------------------------------------------------------ */
/* Public API                                                                 */
/* ------------------------------------------------------------------------ */

GtkWidget *
ferry_migrations_view_new (void)
{
  return g_object_new (FERRY_TYPE_MIGRATIONS_VIEW, NULL);
}

GListModel *
ferry_migrations_view_get_environments (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->environments;
}

void
ferry_migrations_view_set_environments (FerryMigrationsView *self,
                                        GListModel          *environments)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (environments == NULL || G_IS_LIST_MODEL (environments));

  if (self->environments == environments)
    return;

  if (self->environments != NULL)
    g_clear_signal_handler (&self->environments_handler, self->environments);
  g_set_object (&self->environments, environments);
  if (environments != NULL)
    self->environments_handler = g_signal_connect (environments, "items-changed",
                                                   G_CALLBACK (environments_changed_cb), self);
  sync_environments (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENVIRONMENTS]);
}

guint
ferry_migrations_view_get_n_running (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), 0);

  return self->n_running;
}

void
ferry_migrations_view_watch_job (FerryMigrationsView *self,
                                 FerryJob            *job)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (FERRY_IS_JOB (job));

  watch_job (self, job, FALSE);
}

/**
 * ferry_migrations_view_take_over:
 * @migration_id: a migration of the connected environments
 *
 * Counts MIGRATION_ID as started from this computer, so that auto-resume
 * drives it on to its end (request, approval, import) like Ferry's own.
 */
void
ferry_migrations_view_take_over (FerryMigrationsView *self,
                                 const char          *migration_id)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (migration_id != NULL);

  own_add (migration_id);
  queue_changes (self);
}

FerryJob *
ferry_migrations_view_get_job (FerryMigrationsView *self,
                               const char          *migration_id)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);
  g_return_val_if_fail (migration_id != NULL, NULL);

  return running_job (self, migration_id);
}

void
ferry_migrations_view_refresh (FerryMigrationsView *self)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  for (guint i = 0; i < self->envs->len; i++)
    {
      EnvState *env = g_ptr_array_index (self->envs, i);

      if (env->connection != NULL && !env->listing)
        env_start_listing (env);
    }
  self->last_refresh_us = g_get_monotonic_time ();
  /* A fresh look at the migrations in progress too. */
  if (self->polls_pending == 0)
    g_clear_handle_id (&self->poll_source, g_source_remove);
  update_count (self);
  queue_changes (self);
}

AdwToastOverlay *
ferry_migrations_view_get_toast_overlay (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->toast_overlay;
}

void
ferry_migrations_view_set_toast_overlay (FerryMigrationsView *self,
                                         AdwToastOverlay     *overlay)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (overlay == NULL || ADW_IS_TOAST_OVERLAY (overlay));

  if (self->toast_overlay == overlay)
    return;
  g_set_weak_pointer (&self->toast_overlay, overlay);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOAST_OVERLAY]);
}

gboolean
ferry_migrations_view_get_auto_resume (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  return self->auto_resume;
}

void
ferry_migrations_view_set_auto_resume (FerryMigrationsView *self,
                                       gboolean             auto_resume)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  auto_resume = !!auto_resume;
  if (self->auto_resume == auto_resume)
    return;
  self->auto_resume = auto_resume;
  queue_changes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTO_RESUME]);
}

gboolean
ferry_migrations_view_get_loading (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  return self->loading;
}

FerryMigrationList *
ferry_migrations_view_get_migrations (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->list;
}

GListModel *
ferry_migrations_view_get_shown (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

FerryMigration *
ferry_migrations_view_get_selected (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->selected;
}

gboolean
ferry_migrations_view_select (FerryMigrationsView *self,
                              const char          *migration_id)
{
  GListModel *shown;
  guint n;

  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), FALSE);

  if (migration_id == NULL)
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      return TRUE;
    }

  shown = G_LIST_MODEL (self->selection);
  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(FerryMigration) m = g_list_model_get_item (shown, i);

      if (g_strcmp0 (ferry_migration_get_id (m), migration_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }
    }
  return FALSE;
}

void
ferry_migrations_view_set_status_filter (FerryMigrationsView   *self,
                                         FerryMigrationsFilter  filter)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (filter <= FERRY_MIGRATIONS_FILTER_UNDONE);

  gtk_drop_down_set_selected (self->status_dropdown, filter);
}

void
ferry_migrations_view_set_purpose_filter (FerryMigrationsView *self,
                                          const char          *purpose)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  for (guint i = 0; i < G_N_ELEMENTS (purpose_choices); i++)
    if (g_strcmp0 (purpose_choices[i], purpose) == 0)
      {
        gtk_drop_down_set_selected (self->purpose_dropdown, i);
        return;
      }
  g_return_if_reached ();
}

void
ferry_migrations_view_set_search_text (FerryMigrationsView *self,
                                       const char          *text)
{
  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Apply now rather than after the entry's search delay. */
  search_changed_cb (self);
}

GHashTable *
ferry_migrations_view_get_environment_names (FerryMigrationsView *self)
{
  g_return_val_if_fail (FERRY_IS_MIGRATIONS_VIEW (self), NULL);

  return self->names;
}

static void
view_export_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  gssize n = ferry_migrations_export_to_file_finish (result, &error);

  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

void
ferry_migrations_view_export_async (FerryMigrationsView *self,
                                    FerryExportFormat    format,
                                    GFile               *file,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (FERRY_IS_MIGRATIONS_VIEW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ferry_migrations_view_export_async);
  ferry_migrations_export_to_file_async (G_LIST_MODEL (self->selection), format, self->names, file,
                                         cancellable, view_export_cb, task);
}

gssize
ferry_migrations_view_export_finish (FerryMigrationsView *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}
