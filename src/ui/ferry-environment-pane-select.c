/* ferry-environment-pane-select.c: selecting an object, down its folder chain
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ferry-environment-pane"

#include "config.h"

#include "ferry-environment-pane-private.h"

/* One step of the way down to an object: a folder (by id, or by name when
 * only the path is known) or, last, the object itself. */
typedef struct
{
  char *id;
  char *name;
} Step;

struct _SelectJob
{
  FerryEnvironmentPane *self;       /* borrowed: the pane frees the job */
  GPtrArray            *steps;      /* Step */
  guint                 index;
  GtkTreeListRow       *parent_row; /* NULL: the top level */
  GListModel           *waiting_on;
  gulong                loaded_handler;
};

static void run_select_job (SelectJob *job);

/* --- selecting an object -------------------------------------------------- */

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->id);
  g_free (step->name);
  g_free (step);
}

static void
add_step (GPtrArray  *steps,
          const char *id,
          const char *name)
{
  Step *step = g_new0 (Step, 1);

  step->id = id != NULL ? g_ascii_strup (id, -1) : NULL;
  step->name = g_strdup (name);
  g_ptr_array_insert (steps, 0, step);
}

static void
select_job_free (SelectJob *job)
{
  if (job->waiting_on != NULL)
    g_clear_signal_handler (&job->loaded_handler, job->waiting_on);
  g_clear_object (&job->waiting_on);
  g_clear_object (&job->parent_row);
  g_ptr_array_unref (job->steps);
  g_free (job);
}

static gboolean
is_top_level (FerryEnvironmentPane *self,
              const char           *id)
{
  FerryObjectRow *row = g_hash_table_lookup (self->rows, id);

  return row != NULL && ferry_object_row_get_parent_id (row) == NULL;
}

/* From the rows listed so far: the object and each folder above it. */
static GPtrArray *
steps_from_rows (FerryEnvironmentPane *self,
                 const char           *id)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (step_free);
  FerryObjectRow *row = g_hash_table_lookup (self->rows, id);

  if (row == NULL)
    return NULL;

  add_step (steps, id, NULL);
  for (const char *parent_id = ferry_object_row_get_parent_id (row); parent_id != NULL;
       parent_id = ferry_object_row_get_parent_id (row))
    {
      row = g_hash_table_lookup (self->rows, parent_id);
      if (row == NULL)
        return NULL;
      add_step (steps, parent_id, NULL);
    }
  return g_steal_pointer (&steps);
}

/* From this side's inventory of the comparison: parent ids up to a
 * top-level folder. */
static GPtrArray *
steps_from_inventory (FerryEnvironmentPane *self,
                      const char           *id)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (step_free);
  FerryInventory *inventory = _ferry_environment_pane_this_inventory (self);
  const FerryInventoryItem *item;

  if (inventory == NULL || (item = ferry_inventory_find (inventory, id)) == NULL)
    return NULL;

  add_step (steps, id, NULL);
  for (guint depth = 0; depth < 256; depth++)
    {
      const char *parent_id = item->parent_id;

      if (parent_id == NULL)
        return NULL;
      add_step (steps, parent_id, NULL);
      if (is_top_level (self, parent_id))
        return g_steal_pointer (&steps);
      item = ferry_inventory_find (inventory, parent_id);
      if (item == NULL)
        return NULL;
    }
  return NULL;
}

/* From a folder path ("\Schema Objects\Attributes\Time"): folder names. */
static GPtrArray *
steps_from_path (const char *id,
                 const char *path)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (step_free);
  g_auto(GStrv) names = NULL;
  guint n;

  if (path == NULL)
    return NULL;

  add_step (steps, id, NULL);
  names = g_strsplit (path, "\\", -1);
  n = g_strv_length (names);
  for (guint i = n; i > 0; i--)
    if (*names[i - 1] != '\0')
      add_step (steps, NULL, names[i - 1]);
  return g_steal_pointer (&steps);
}

static gboolean
step_matches (Step           *step,
              FerryObjectRow *row)
{
  if (step->id != NULL)
    return g_strcmp0 (step->id, ferry_object_row_get_id (row)) == 0;
  return ferry_object_row_is_folder (row) && g_strcmp0 (step->name, ferry_object_row_get_name (row)) == 0;
}

static guint
find_in_view (FerryEnvironmentPane *self,
              gpointer              item)
{
  guint n = n_items (self->filter_model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) candidate = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);

      if (candidate == item)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* GTK 4.8 has no gtk_column_view_scroll_to(), and GtkColumnView does not
 * offer "list.scroll-to-item" itself; the GtkListView inside it does, and
 * it scrolls the column view (they share the adjustments). Rows just added
 * by an expansion have only estimated heights until the next layout, so
 * the pane scrolls again on the next two frames, when they are measured. */
static GtkWidget *
inner_list_view (FerryEnvironmentPane *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      return child;
  return NULL;
}

/* The row widget showing ITEM (a GtkTreeListRow) takes the keyboard focus:
 * the list's cursor moves there, the selection stays. GTK 4.8 has no API
 * for it (gtk_list_view_scroll_to() with GTK_LIST_SCROLL_FOCUS is 4.12):
 * the name cell's GtkTreeExpander knows its row, and the list item widget
 * above it takes the focus. */
static GtkWidget *
find_expander (GtkWidget *widget,
               gpointer   item)
{
  if (GTK_IS_TREE_EXPANDER (widget))
    return gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (widget)) == item ? widget : NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_expander (child, item);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
focus_row (FerryEnvironmentPane *self,
           gpointer              item)
{
  GtkWidget *expander = find_expander (GTK_WIDGET (self->column_view), item);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  for (GtkWidget *widget = expander; widget != NULL && widget != GTK_WIDGET (self->column_view);
       widget = gtk_widget_get_parent (widget))
    if (gtk_widget_get_focusable (widget) && gtk_widget_grab_focus (widget))
      {
        /* Moved for the user: show where (the ring is otherwise only
         * drawn after keyboard use). */
        if (GTK_IS_WINDOW (root))
          gtk_window_set_focus_visible (GTK_WINDOW (root), TRUE);
        return;
      }
  g_debug ("No row widget to focus");
}

static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  FerryEnvironmentPane *self = FERRY_ENVIRONMENT_PANE (user_data);
  GtkWidget *list_view = inner_list_view (self);

  if (list_view != NULL && self->scroll_position != GTK_INVALID_LIST_POSITION &&
      self->scroll_position < n_items (self->filter_model))
    gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", self->scroll_position);

  if (--self->scroll_frames > 0)
    return G_SOURCE_CONTINUE;
  self->scroll_tick = 0;

  if (self->focus_item != NULL)
    {
      g_autoptr(GObject) item = g_steal_pointer (&self->focus_item);

      focus_row (self, item);
    }
  return G_SOURCE_REMOVE;
}

static void
scroll_to_position (FerryEnvironmentPane *self,
                    guint                 position)
{
  GtkWidget *list_view = inner_list_view (self);

  if (list_view == NULL)
    return;
  gtk_widget_activate_action (list_view, "list.scroll-to-item", "u", position);

  self->scroll_position = position;
  self->scroll_frames = 2;
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->column_view), scroll_tick_cb, self, NULL);
}

static gboolean
select_in_view (FerryEnvironmentPane *self,
                gpointer              item)
{
  guint position = find_in_view (self, item);

  if (position == GTK_INVALID_LIST_POSITION)
    return FALSE;

  self->selecting++;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  self->selecting--;
  scroll_to_position (self, position);
  return TRUE;
}

static void
select_job_loaded_cb (SelectJob *job)
{
  g_clear_signal_handler (&job->loaded_handler, job->waiting_on);
  g_clear_object (&job->waiting_on);
  run_select_job (job);
}

static void
run_select_job (SelectJob *job)
{
  FerryEnvironmentPane *self = job->self;

  while (TRUE)
    {
      GListModel *children;
      Step *step = g_ptr_array_index (job->steps, job->index);
      g_autoptr(GtkTreeListRow) tree_row = NULL;
      guint n, i;

      children = job->parent_row != NULL ? gtk_tree_list_row_get_children (job->parent_row)
                                         : G_LIST_MODEL (self->root);
      if (children == NULL)
        break;

      if (FERRY_IS_FOLDER_MODEL (children))
        {
          FerryFolderModel *folder = FERRY_FOLDER_MODEL (children);

          g_list_model_get_n_items (children);   /* starts the listing */
          if (ferry_folder_model_get_loading (folder))
            {
              job->waiting_on = g_object_ref (children);
              job->loaded_handler = g_signal_connect_swapped (children, "notify::loading",
                                                              G_CALLBACK (select_job_loaded_cb), job);
              return;
            }
          if (!ferry_folder_model_get_loaded (folder))
            break;
        }

      n = g_list_model_get_n_items (children);
      for (i = 0; i < n; i++)
        {
          g_autoptr(FerryObjectRow) row = g_list_model_get_item (children, i);

          if (step_matches (step, row))
            break;
        }
      if (i == n)
        break;

      tree_row = job->parent_row != NULL ? gtk_tree_list_row_get_child_row (job->parent_row, i)
                                         : gtk_tree_list_model_get_child_row (self->tree_model, i);
      if (tree_row == NULL)
        break;

      if (job->index + 1 == job->steps->len)
        {
          select_in_view (self, tree_row);
          break;
        }

      gtk_tree_list_row_set_expanded (tree_row, TRUE);
      g_set_object (&job->parent_row, tree_row);
      job->index++;
    }

  if (self->select_job == job)
    self->select_job = NULL;
  select_job_free (job);
}

static void
start_select_job (FerryEnvironmentPane *self,
                  GPtrArray            *steps)
{
  SelectJob *job = g_new0 (SelectJob, 1);

  job->self = self;
  job->steps = steps;
  self->select_job = job;
  run_select_job (job);
}

static void
object_found_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(FerryEnvironmentPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(FerryObjectInfo) info = NULL;
  GPtrArray *steps;

  info = ferry_discovery_get_object_finish (FERRY_CONNECTION (source), result, &error);
  if (info == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Object not found here: %s", error->message);
      return;
    }

  steps = steps_from_path (ferry_object_info_get_id (info), ferry_object_info_get_path (info));
  if (steps != NULL)
    start_select_job (self, steps);
}

/* --- the first difference ------------------------------------------------ */

static void run_reveal (FerryEnvironmentPane *self);

void
_ferry_environment_pane_cancel_reveal (FerryEnvironmentPane *self)
{
  if (self->reveal_waiting_on != NULL)
    g_clear_signal_handler (&self->reveal_handler, self->reveal_waiting_on);
  g_clear_object (&self->reveal_waiting_on);
}

static void
reveal_loaded_cb (FerryEnvironmentPane *self)
{
  _ferry_environment_pane_cancel_reveal (self);
  run_reveal (self);
}

static gboolean
row_differs (FerryObjectRow *row)
{
  int state = ferry_object_row_get_diff_state (row);

  return state >= 0 && state != FERRY_DIFF_STATE_IDENTICAL;
}

/* Down the rows as the view shows them: a folder with differences below
 * is opened (and waited for while it is listed), the first row that
 * differs itself is the one. */
static void
run_reveal (FerryEnvironmentPane *self)
{
  guint n = n_items (self->filter_model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkTreeListRow) tree_row = g_list_model_get_item (G_LIST_MODEL (self->filter_model), i);
      g_autoptr(FerryObjectRow) row = gtk_tree_list_row_get_item (tree_row);

      if (ferry_object_row_is_folder (row) && ferry_object_row_get_differences_below (row))
        {
          GListModel *children;

          if (gtk_tree_list_row_get_expanded (tree_row))
            continue;   /* its rows follow */

          gtk_tree_list_row_set_expanded (tree_row, TRUE);
          children = gtk_tree_list_row_get_children (tree_row);
          if (children != NULL && FERRY_IS_FOLDER_MODEL (children))
            {
              g_list_model_get_n_items (children);   /* starts the listing */
              if (ferry_folder_model_get_loading (FERRY_FOLDER_MODEL (children)))
                {
                  self->reveal_waiting_on = g_object_ref (children);
                  self->reveal_handler = g_signal_connect_swapped (children, "notify::loading",
                                                                   G_CALLBACK (reveal_loaded_cb), self);
                  return;
                }
            }
          /* Listed already: look again, its rows are in the view now. */
          run_reveal (self);
          return;
        }

      if (row_differs (row))
        {
          g_free (self->shown_difference);
          self->shown_difference = g_strdup (ferry_object_row_get_id (row));
          if (self->reveal_focus)
            g_set_object (&self->focus_item, G_OBJECT (tree_row));
          scroll_to_position (self, i);
          return;
        }
    }
}

void
ferry_environment_pane_show_first_difference (FerryEnvironmentPane *self,
                                              gboolean              grab_focus)
{
  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  _ferry_environment_pane_cancel_reveal (self);
  g_clear_pointer (&self->shown_difference, g_free);
  g_clear_object (&self->focus_item);
  if (self->compare_result == NULL || self->search_mode || self->phase != PHASE_READY)
    return;

  self->reveal_focus = grab_focus;
  run_reveal (self);
}

const char *
ferry_environment_pane_get_shown_difference (FerryEnvironmentPane *self)
{
  g_return_val_if_fail (FERRY_IS_ENVIRONMENT_PANE (self), NULL);

  return self->shown_difference;
}

void
_ferry_environment_pane_cancel_select (FerryEnvironmentPane *self)
{
  g_clear_pointer (&self->select_job, select_job_free);
  g_clear_pointer (&self->pending_select_id, g_free);
}

void
ferry_environment_pane_select_object (FerryEnvironmentPane *self,
                                      const char           *object_id)
{
  ferry_environment_pane_select_object_full (self, object_id, 0);
}

void
ferry_environment_pane_select_object_full (FerryEnvironmentPane *self,
                                           const char           *object_id,
                                           int                   type)
{
  g_autofree char *id = NULL;
  GPtrArray *steps;

  g_return_if_fail (FERRY_IS_ENVIRONMENT_PANE (self));

  _ferry_environment_pane_cancel_select (self);
  if (object_id == NULL)
    return;
  id = g_ascii_strup (object_id, -1);

  /* Searching: select it among the results when it is one. */
  if (self->search_mode)
    {
      for (guint i = 0; i < n_items (self->search_results); i++)
        {
          g_autoptr(FerryObjectRow) row = g_list_model_get_item (G_LIST_MODEL (self->search_results), i);

          if (g_strcmp0 (ferry_object_row_get_id (row), id) == 0)
            {
              g_autoptr(GtkTreeListRow) tree_row = gtk_tree_list_model_get_child_row (self->search_model, i);

              select_in_view (self, tree_row);
              return;
            }
        }
      return;
    }

  /* Until the top-level folders are there, only remember it. */
  if (self->phase != PHASE_READY)
    {
      if (self->environment != NULL)
        {
          self->pending_select_id = g_steal_pointer (&id);
          self->pending_select_type = type;
        }
      return;
    }

  steps = steps_from_rows (self, id);
  if (steps == NULL)
    steps = steps_from_inventory (self, id);
  if (steps != NULL)
    {
      start_select_job (self, steps);
      return;
    }

  /* Ask the server where it is (needs the type). */
  if (type > 0 && self->connection != NULL && self->project_id != NULL)
    ferry_discovery_get_object_async (self->connection, self->project_id, id, type,
                                      self->tree_cancellable, object_found_cb, g_object_ref (self));
}

