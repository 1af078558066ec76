/* ferry-environment-pane-private.h: the pane's state, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FerryEnvironmentPane is split by concern:
 *   ferry-environment-pane.c         the class, the listings, pages, API
 *   ferry-environment-pane-marks.c   compare marks and the differences filter
 *   ferry-environment-pane-search.c  the server search
 *   ferry-environment-pane-select.c  selecting an object (folder chain)
 * Friend functions start with an underscore and are declared here.
 */

#pragma once

#include "ferry-environment-pane.h"
#include "ferry-object-row.h"

G_BEGIN_DECLS

typedef enum
{
  PHASE_NONE,       /* nothing listed (not connected) */
  PHASE_PROJECTS,   /* listing the projects */
  PHASE_FOLDERS,    /* listing the project's top-level folders */
  PHASE_READY,
  PHASE_FAILED,     /* a listing failed: load_error */
} Phase;

typedef enum
{
  RETRY_CONNECT,
  RETRY_PROJECTS,
  RETRY_FOLDERS,
  RETRY_SEARCH,
} RetryKind;

typedef struct _SelectJob SelectJob;

struct _FerryEnvironmentPane
{
  AdwBin                parent_instance;

  /* template widgets */
  GtkWidget            *header_box;
  GtkWidget            *search_box;
  GtkDropDown          *environment_dropdown;
  GtkWidget            *state_box;
  GtkSpinner           *state_spinner;
  GtkImage             *state_icon;
  GtkLabel             *state_label;
  GtkDropDown          *project_dropdown;
  GtkSearchEntry       *search_entry;
  GtkSpinner           *search_spinner;
  GtkStack             *stack;
  AdwStatusPage        *not_connected_page;
  GtkWidget            *connect_button;
  GtkWidget            *add_another_button;
  GtkWidget            *add_environment_button;
  GtkWidget            *try_demo_button;
  GtkSpinner           *loading_spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  GtkWidget            *retry_button;
  AdwStatusPage        *empty_page;
  AdwStatusPage        *no_results_page;
  GtkScrolledWindow    *scrolled_window;
  GtkColumnView        *column_view;
  GtkColumnViewColumn  *name_column;
  GtkColumnViewColumn  *type_column;
  GtkColumnViewColumn  *status_column;
  GtkColumnViewColumn  *modified_column;
  GtkColumnViewColumn  *version_column;
  GtkColumnViewColumn  *owner_column;
  GtkLabel             *search_note;

  /* owned references */
  FerryPaneSide         side;
  GListModel           *environments;
  GListStore           *lone;            /* the environment, when it is not in "environments" */
  FerryEnvironment     *environment;
  FerryConnection      *connection;      /* what the listings use */
  GListStore           *projects;        /* FerryProject */
  char                 *project_id;
  char                 *project_name;
  char                 *wanted_project_id;
  FerryFolderModel     *top;             /* the project's top level, listed */
  GListStore           *root;            /* FerryObjectRow: top-level folders */
  GtkTreeListModel     *tree_model;
  GListStore           *search_results;  /* FerryObjectRow */
  GtkTreeListModel     *search_model;
  GtkSortListModel     *sort_model;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filter_model;
  GtkMultiSelection    *selection;
  GHashTable           *rows;            /* upper-case id → FerryObjectRow of the tree */
  FerryCompareResult   *compare_result;
  gboolean              differences_only;

  Phase                 phase;
  char                 *load_error;
  RetryKind             retry_kind;
  gboolean              searching;
  gboolean              search_mode;
  char                 *search_error;

  GCancellable         *cancellable;         /* projects of the environment */
  GCancellable         *tree_cancellable;    /* folders of the project */
  GCancellable         *search_cancellable;

  SelectJob            *select_job;
  char                 *pending_select_id;
  int                   pending_select_type;

  guint                 scroll_tick;
  guint                 scroll_position;
  int                   scroll_frames;
  gpointer              focus_item;       /* GtkTreeListRow to focus once scrolled */

  /* showing the first difference (select.c) */
  GListModel           *reveal_waiting_on;  /* a folder being listed */
  gulong                reveal_handler;
  gboolean              reveal_focus;
  char                 *shown_difference;   /* its id, once shown */

  /* the columns that fit (marks.c): a bitmask of COLUMN_*, applied from an idle */
  guint                 columns_shown;
  guint                 columns_wanted;
  guint                 columns_idle;

  guint                 syncing;      /* the pane sets a drop-down itself */
  guint                 selecting;    /* select_object() changes the selection */
};

static inline void
renew_cancellable (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    {
      g_cancellable_cancel (*cancellable);
      g_object_unref (*cancellable);
    }
  *cancellable = g_cancellable_new ();
}

static inline guint
n_items (gpointer model)
{
  return model != NULL ? g_list_model_get_n_items (G_LIST_MODEL (model)) : 0;
}

/* ferry-environment-pane.c */
void            _ferry_environment_pane_update_page          (FerryEnvironmentPane *self);
void            _ferry_environment_pane_notify_selected_ids  (FerryEnvironmentPane *self);

/* ferry-environment-pane-marks.c */
FerryInventory *_ferry_environment_pane_this_inventory       (FerryEnvironmentPane *self);
void            _ferry_environment_pane_apply_mark           (FerryEnvironmentPane *self,
                                                              FerryObjectRow       *row);
/* Which optional columns fit WIDTH: from an allocation (applied after
 * it), or NOW when the Status column comes or goes. */
void            _ferry_environment_pane_fit_columns          (FerryEnvironmentPane *self,
                                                              int                   width,
                                                              gboolean              now);
void            _ferry_environment_pane_clear_columns        (FerryEnvironmentPane *self);
gboolean        _ferry_environment_pane_filter_func          (gpointer              item,
                                                              gpointer              user_data);

/* ferry-environment-pane-search.c */
void            _ferry_environment_pane_start_search         (FerryEnvironmentPane *self);
void            _ferry_environment_pane_leave_search_mode    (FerryEnvironmentPane *self);
void            _ferry_environment_pane_search_changed_cb    (FerryEnvironmentPane *self);
void            _ferry_environment_pane_stop_search_cb       (FerryEnvironmentPane *self);

/* ferry-environment-pane-select.c */
void            _ferry_environment_pane_cancel_select        (FerryEnvironmentPane *self);
void            _ferry_environment_pane_cancel_reveal        (FerryEnvironmentPane *self);

G_END_DECLS
