/* ferry-migrations-view-columns.c: the Migrations page's columns
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What each column shows of a migration (the cells' texts), their sorters,
 * the filter on states, purpose and name, and where the list is scrolled.
 */

#define G_LOG_DOMAIN "ferry-migrations-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ferry-migrations-view-private.h"

static gboolean
is (const char *status,
    const char *wanted)
{
  return ferry_library_status_is (status, wanted);
}

/* The server works on it, or a job does. */
static gboolean
in_progress (FerryMigrationsView *self,
             FerryMigration      *migration)
{
  return ferry_migration_get_busy (migration) ||
         _ferry_migrations_view_running_job (self, ferry_migration_get_id (migration)) != NULL;
}

/* The progress a row shows (0–1), or -1 when nothing runs; *LABEL gets
 * what is under way (nullable). */
double
_ferry_migrations_view_row_progress (FerryMigrationsView *self,
                                     FerryMigration      *migration,
                                     const char         **label)
{
  FerryJob *job = _ferry_migrations_view_running_job (self, ferry_migration_get_id (migration));

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

char *
_ferry_migrations_view_dup_route_line (FerryMigrationsView *self,
                                       FerryMigration      *migration)
{
  g_autofree char *source = _ferry_migrations_view_dup_source_name (self, migration);
  g_autofree char *target = _ferry_migrations_view_dup_target_name (self, migration);

  return g_strdup_printf ("%s → %s", source, target);
}

char *
_ferry_migrations_view_dup_projects_line (FerryMigration *migration)
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
      return g_strdup (_ferry_migrations_view_migration_name (migration));

    case FERRY_MIGRATIONS_COLUMN_PURPOSE:
      /* The kind: the purpose, with the package type where it says more. */
      return ferry_migration_details_dup_kind (migration);

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE:
      return g_strdup (ferry_migration_details_describe_package_type (ferry_migration_get_package_type (migration)));

    case FERRY_MIGRATIONS_COLUMN_ROUTE:
      {
        g_autofree char *route = _ferry_migrations_view_dup_route_line (self, migration);
        g_autofree char *projects = _ferry_migrations_view_dup_projects_line (migration);

        return g_strdup_printf ("%s\n%s", route, projects);
      }

    case FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS:
      return g_strdup (ferry_migration_details_describe_list_state (migration, NULL, NULL));

    case FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS:
      return g_strdup (ferry_migration_details_describe_import_state (migration, NULL, NULL));

    case FERRY_MIGRATIONS_COLUMN_PROGRESS:
      {
        double progress = _ferry_migrations_view_row_progress (self, migration, NULL);

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

void
_ferry_migrations_view_add_cell (FerryMigrationsView *self,
                                 FerryMigrationCell  *cell)
{
  if (self->cells != NULL)
    g_hash_table_add (self->cells, cell);
}

void
_ferry_migrations_view_remove_cell (FerryMigrationsView *self,
                                    FerryMigrationCell  *cell)
{
  if (self->cells != NULL)
    g_hash_table_remove (self->cells, cell);
}

/* Updates the bound cells of MIGRATION (NULL: every cell). */
void
_ferry_migrations_view_update_cells_for (FerryMigrationsView *self,
                                         FerryMigration      *migration)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->cells);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      FerryMigrationCell *cell = key;

      if (migration == NULL || ferry_migration_cell_get_migration (cell) == migration)
        ferry_migration_cell_update (cell);
    }
}

/* ------------------------------------------------------------------------ */
/* Columns, sorters, filter                                                   */
/* ------------------------------------------------------------------------ */

/* The column of FACTORY (each column has its own factory in the template). */
static FerryMigrationsColumn
factory_column (FerryMigrationsView *self,
                GtkListItemFactory  *factory)
{
  for (guint i = 0; i < FERRY_MIGRATIONS_N_COLUMNS; i++)
    if (gtk_column_view_column_get_factory (self->columns[i]) == factory)
      return i;
  g_return_val_if_reached (FERRY_MIGRATIONS_COLUMN_NAME);
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               FerryMigrationsView      *self)
{
  FerryMigrationsColumn column = factory_column (self, GTK_LIST_ITEM_FACTORY (factory));

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

/* The sorters' keys: closures in the template, called with the view. */

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
progress_sort_key_cb (FerryMigration *item,
                      gpointer        user_data)
{
  return _ferry_migrations_view_row_progress (user_data, item, NULL);
}

static gint64
date_value (GDateTime *date)
{
  return date != NULL ? g_date_time_to_unix (date) * G_USEC_PER_SEC + g_date_time_get_microsecond (date)
                      : G_MININT64;
}

static gint64
created_sort_key_cb (FerryMigration *item,
                     gpointer        user_data)
{
  return date_value (ferry_migration_get_package_creation_date (item));
}

static gint64
updated_sort_key_cb (FerryMigration *item,
                     gpointer        user_data)
{
  return date_value (ferry_migrations_last_updated (item));
}

static char *
route_sort_key_cb (FerryMigration *item,
                   gpointer        user_data)
{
  g_autofree char *route = _ferry_migrations_view_dup_route_line (user_data, item);
  g_autofree char *projects = _ferry_migrations_view_dup_projects_line (item);

  return g_strdup_printf ("%s %s", route, projects);
}

static char *
purpose_sort_key_cb (FerryMigration *item,
                     gpointer        user_data)
{
  return ferry_migration_details_dup_kind (item);
}

static char *
type_sort_key_cb (FerryMigration *item,
                  gpointer        user_data)
{
  return g_strdup (ferry_migration_details_describe_package_type (ferry_migration_get_package_type (item)));
}

/* The columns are declared in ferry-migrations-view.ui, in the order of
 * FerryMigrationsColumn. */
static const char * const column_ids[FERRY_MIGRATIONS_N_COLUMNS] = {
  [FERRY_MIGRATIONS_COLUMN_NAME] = "name_column",
  [FERRY_MIGRATIONS_COLUMN_PURPOSE] = "purpose_column",
  [FERRY_MIGRATIONS_COLUMN_PACKAGE_TYPE] = "type_column",
  [FERRY_MIGRATIONS_COLUMN_ROUTE] = "route_column",
  [FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS] = "package_column",
  [FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS] = "import_column",
  [FERRY_MIGRATIONS_COLUMN_PROGRESS] = "progress_column",
  [FERRY_MIGRATIONS_COLUMN_CREATOR] = "creator_column",
  [FERRY_MIGRATIONS_COLUMN_CREATED] = "created_column",
  [FERRY_MIGRATIONS_COLUMN_LAST_UPDATED] = "updated_column",
};

/* The columns whose sort keys change while a migration runs. */
static const FerryMigrationsColumn dynamic_columns[] = {
  FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS,
  FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS,
  FERRY_MIGRATIONS_COLUMN_PROGRESS,
  FERRY_MIGRATIONS_COLUMN_LAST_UPDATED,
};

void
_ferry_migrations_view_class_add_columns (GtkWidgetClass *widget_class)
{
  g_type_ensure (FERRY_TYPE_MIGRATION);

  for (guint i = 0; i < G_N_ELEMENTS (column_ids); i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (FerryMigrationsView, columns) +
                                               i * sizeof (GtkColumnViewColumn *));

  gtk_widget_class_bind_template_callback (widget_class, cell_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_unbind_cb);
  gtk_widget_class_bind_template_callback (widget_class, package_rank_cb);
  gtk_widget_class_bind_template_callback (widget_class, import_rank_cb);
  gtk_widget_class_bind_template_callback (widget_class, progress_sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, created_sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, updated_sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, route_sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, purpose_sort_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_sort_key_cb);
}

/* Tells the sorters on states that their keys moved. */
void
_ferry_migrations_view_resort_dynamic (FerryMigrationsView *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (dynamic_columns); i++)
    gtk_sorter_changed (gtk_column_view_column_get_sorter (self->columns[dynamic_columns[i]]),
                        GTK_SORTER_CHANGE_DIFFERENT);
}

static gboolean
matches_status (FerryMigrationsView *self,
                FerryMigration      *m)
{
  const char *package = ferry_migration_get_package_status (m);
  const char *import = ferry_migration_get_import_status (m);

  switch (self->status_filter)
    {
    case FERRY_MIGRATIONS_FILTER_ALL:
      return TRUE;
    case FERRY_MIGRATIONS_FILTER_IN_PROGRESS:
      return in_progress (self, m);
    case FERRY_MIGRATIONS_FILTER_WAITING:
      return ferry_migration_op_waiting_for_approval (m);
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

gboolean
_ferry_migrations_view_filter_func (gpointer item,
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


/* ------------------------------------------------------------------------ */
/* The columns that fit                                                       */
/* ------------------------------------------------------------------------ */

/* The columns in the order they give way when the list is narrow (the
 * first three always show), with the width their longest usual text
 * needs (the demo's: "Development → Production", "Administrator",
 * "2026-12-07 04:04"). The name takes what is left, on two lines. The
 * package type is in the kind ("Object migration (configuration)"). */
static const struct
{
  FerryMigrationsColumn column;
  int                   width;
} fits[] = {
  { FERRY_MIGRATIONS_COLUMN_NAME,           260 },
  { FERRY_MIGRATIONS_COLUMN_IMPORT_STATUS,  130 },
  { FERRY_MIGRATIONS_COLUMN_PROGRESS,       110 },
  { FERRY_MIGRATIONS_COLUMN_ROUTE,          195 },
  { FERRY_MIGRATIONS_COLUMN_PURPOSE,        130 },
  { FERRY_MIGRATIONS_COLUMN_CREATOR,        115 },
  { FERRY_MIGRATIONS_COLUMN_PACKAGE_STATUS, 130 },
  { FERRY_MIGRATIONS_COLUMN_LAST_UPDATED,   140 },
  { FERRY_MIGRATIONS_COLUMN_CREATED,        140 },
};

#define N_ALWAYS    3
#define NAME_MIN    120

static gboolean
fit_idle_cb (gpointer user_data)
{
  FerryMigrationsView *self = user_data;
  GListModel *columns = gtk_column_view_get_columns (self->column_view);
  guint position = 0;

  self->fit_idle = 0;
  /* In the order of FerryMigrationsColumn. The columns that do not fit
   * leave the view rather than being hidden: GTK 4.8 then snapshots a
   * hidden column's title without allocating it. */
  for (guint i = 0; i < FERRY_MIGRATIONS_N_COLUMNS; i++)
    {
      GtkColumnViewColumn *column = self->columns[i];
      gboolean shown = (self->columns_shown & (1u << i)) != 0;
      gboolean in_view = gtk_column_view_column_get_column_view (column) != NULL;

      if (shown)
        {
          int width = i == FERRY_MIGRATIONS_COLUMN_NAME ? self->name_width : 0;

          for (guint j = 0; width == 0 && j < G_N_ELEMENTS (fits); j++)
            if (fits[j].column == i)
              width = fits[j].width;
          if (gtk_column_view_column_get_fixed_width (column) != width)
            gtk_column_view_column_set_fixed_width (column, width);
          if (!in_view)
            gtk_column_view_insert_column (self->column_view, position, column);
          position++;
        }
      else if (in_view)
        gtk_column_view_remove_column (self->column_view, column);
    }
  g_assert (g_list_model_get_n_items (columns) == position);
  return G_SOURCE_REMOVE;
}

void
_ferry_migrations_view_fit_columns (FerryMigrationsView *self,
                                    int                  width)
{
  guint shown = 0;
  int used = 0;
  int name_width = fits[0].width;

  for (guint i = 0; i < G_N_ELEMENTS (fits); i++)
    {
      if (i >= N_ALWAYS && used + fits[i].width > width)
        break;
      shown |= 1u << fits[i].column;
      used += fits[i].width;
    }
  /* Narrower than the three columns that always show: the name gives way
   * (and ellipsizes). */
  if (used > width)
    name_width = MAX (NAME_MIN, name_width - (used - width));

  if (shown == self->columns_shown && name_width == self->name_width)
    return;
  self->columns_shown = shown;
  self->name_width = name_width;
  /* Not during the allocation; before the next frame. */
  if (self->fit_idle == 0)
    self->fit_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 10, fit_idle_cb, self, NULL);
}

/* ------------------------------------------------------------------------ */
/* Scrolling                                                                  */
/* ------------------------------------------------------------------------ */

/* GTK 4.8's column view has no scrolling API: its rows are a GtkListView
 * child, whose "list.scroll-to-item" action an activation on the column
 * view itself does not reach (actions go to ancestors, not children). */
void
_ferry_migrations_view_scroll_to_row (FerryMigrationsView *self,
                                      guint                position)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      {
        gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
        return;
      }
}

static void
vadjustment_changed_cb (FerryMigrationsView *self,
                        GtkAdjustment       *adjustment)
{
  self->at_top = gtk_adjustment_get_value (adjustment) <= 0.0;
}

/* Rows in at the top while it showed the first: it still does (a list
 * read newest first by pages in flight at once gets rows above the first
 * one shown, and the list was left scrolled half a row down). */
static void
rows_changed_cb (FerryMigrationsView *self,
                 guint                position,
                 guint                removed,
                 guint                added)
{
  if (self->at_top && position == 0 && added > 0)
    _ferry_migrations_view_scroll_to_row (self, 0);
}

void
_ferry_migrations_view_init_scrolling (FerryMigrationsView *self)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  self->at_top = TRUE;
  if (adjustment != NULL)
    g_signal_connect_object (adjustment, "value-changed", G_CALLBACK (vadjustment_changed_cb),
                             self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed", G_CALLBACK (rows_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
